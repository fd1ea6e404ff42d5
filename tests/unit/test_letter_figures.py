"""Letters print money and phone numbers with a plain zero, and keep the Housing
Ombudsman's section on one page (issue 15, item 13).

Atkinson Hyperlegible slashes its zero and has no feature to turn it off (checked: its
GSUB has only ccmp, frac, pnum and tnum, and Next and Mono slash theirs too), so figures
come from "Portal Digits" (static/fonts/, made from Public Sans by
scripts/build_digits_font.py), listed first in the letters' fonts."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from portal.domain import ombudsman
from portal.services.correspondence import letters
from tests.unit.test_letters import (  # noqa: F401
    FOOTER,
    app,  # noqa: F401 (the module's app, used by render)
    needs_fonts,
    render,
    response_context,
)

FACES = [(400, "normal"), (400, "italic"), (700, "normal"), (700, "italic")]


def _contours(font: TTFont, glyph: str) -> int:
    pen = RecordingPen()
    font.getGlyphSet()[glyph].draw(pen)
    return sum(1 for op, _ in pen.value if op == "closePath")


@pytest.mark.parametrize(("weight", "style"), FACES)
def test_the_figures_font_has_a_plain_zero_and_nothing_but_figures(weight, style):
    font = TTFont(letters.DIGITS_DIR / f"portal-digits-{weight}-{style}.woff")
    cmap = font.getBestCmap()
    assert set(cmap) == {*range(0x30, 0x3A), 0x20, 0xA0}  # figures and spaces, no letters
    assert font["name"].getDebugName(1) == "Portal Digits"
    # A plain zero is an outline and one counter; a slashed one has its counter cut in
    # two by the slash (three contours), as Atkinson Hyperlegible's is.
    assert _contours(font, cmap[0x30]) == 2
    assert _contours(font, cmap[0x38]) == 3  # (an 8 has two counters: the count works)


@needs_fonts
def test_atkinson_hyperlegible_itself_slashes_its_zero():
    font = TTFont(letters.FONT_DIR / "atkinson-hyperlegible-latin-400-normal.woff")
    assert _contours(font, font.getBestCmap()[0x30]) == 3
    features = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
    assert "zero" not in features and not any(f.startswith("ss") for f in features)


def test_the_licence_travels_with_the_figures_font():
    licence = (letters.DIGITS_DIR / "OFL-portal-digits.txt").read_text(encoding="utf-8")
    assert "Modified Version of Public Sans" in licence
    assert "SIL Open Font License, Version 1.1" in licence


def _runs(pdf: bytes) -> list[tuple[str, str]]:
    """(font name, text) of every run of text drawn, in order."""
    runs = []

    def visit(text, _cm, _tm, font, _size):
        if font and text.strip("\x00 \n"):
            runs.append((str(font.get("/BaseFont")), text))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return runs


@needs_fonts
def test_every_figure_in_a_letter_is_drawn_in_the_plain_zero_font(render):  # noqa: F811
    pdf = render("response", response_context())
    runs = _runs(pdf)
    figures = [text for font, text in runs if font.endswith("Portal-Digits")]
    words = [text for font, text in runs if "Atkinson" in font]
    assert figures and words
    # Every run in the figures font is figures (its text comes out with NULs between).
    assert all(re.fullmatch(r"[\d\s\x00]+", text) for text in figures), figures
    # Nothing in Atkinson Hyperlegible is a figure: the phone numbers, the money, the
    # dates and the reference all take their figures from the plain-zero font.
    assert not [text for text in words if re.search(r"\d", text)]
    assert "0300 111 3000" in " ".join(PdfReader(io.BytesIO(pdf)).pages[-1].extract_text()
                                       .split())  # still reads as the number


@needs_fonts
@pytest.mark.parametrize("extra", range(0, 13, 2))
def test_the_ombudsman_heading_stays_with_its_details_in_large_print(render, extra):  # noqa: F811
    """Whatever comes before it, the section starts a page rather than leave its
    heading (or part of it) behind: learning of 0-12 paragraphs moves it down the page."""
    learning = "\n\n".join(f"Lesson {n}: we now check every damp report within a day."
                           for n in range(extra))
    pdf = render("response", response_context(learning=learning), large_print=True)
    pages = [" ".join(FOOTER.sub(" ", p.extract_text()).split())
             for p in PdfReader(io.BytesIO(pdf)).pages]
    [page] = [i for i, text in enumerate(pages) if "free, independent and impartial" in text]
    assert "The Housing Ombudsman " + ombudsman.ROUTE[:30] in pages[page]  # the heading
    assert ombudsman.POST.split(",")[0] in pages[page]  # and the list's last item
    assert not pages[page - 1].endswith("The Housing Ombudsman")
