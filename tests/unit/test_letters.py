"""PDF letters: tagged PDF/UA, the Code's contents (6.9, 6.19, 2.1-2.5), large print, fonts."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from portal import create_app
from portal.config import Settings
from portal.domain import ombudsman
from portal.services.correspondence import letters
from portal.services.correspondence.letters import render_pdf

ROOT = Path(__file__).resolve().parents[2]
FONTS_BUILT = any(letters.FONT_DIR.glob("atkinson-hyperlegible-*.woff"))
needs_fonts = pytest.mark.skipif(
    not FONTS_BUILT, reason="Atkinson Hyperlegible not built: run sh scripts/build-assets.sh"
)
SETTINGS = Settings(env="test", secret_key="t", database_url="sqlite://")
FOOTER = re.compile(r"Our reference: \S+ Page \d+ of \d+")


# --- contexts -----------------------------------------------------------------------------


def response_context(**changes) -> dict:
    context = {
        "landlord": SETTINGS,
        "ombudsman": ombudsman,
        "recipient": {
            "name": "Ann Advocate",
            "address_lines": ["Citizens Advice Riverside", "12 High Street", "London", "E2 2BB"],
        },
        "on_behalf_of": "Jo Resident",
        "reference": "CMP-2026-000123",
        "issued_on": date(2026, 5, 21),
        "received_on": date(2026, 5, 7),
        "stage": 1,
        "stage_name": "Stage 1 response",
        "issues": [
            {
                "summary": "Repair to the bathroom leak took too long",
                "definition": "You told us the leak reported on 2 March 2026 was not fixed "
                "until 28 April 2026.",
                "decision": "upheld",
                "decision_label": "Upheld",
                "reasons": "We missed two appointments and did not tell you why.\n\n"
                "The repair took 41 working days, far longer than our target of 20.",
            },
            {
                "summary": "Staff were rude on the phone",
                "definition": "You told us an adviser was rude to you on 10 April 2026.",
                "decision": "not_upheld",
                "decision_label": "Not upheld",
                "reasons": "We listened to the recording: the adviser was polite.",
            },
        ],
        "apology": "We are sorry that the leak took so long to fix.",
        "explanation": "The contractor had no roofer available for the first two visits.",
        "compensation": "£150.00",
        "actions": [
            {
                "description": "Pay compensation into your rent account",
                "owner": "Income team",
                "due_on": date(2026, 6, 4),
            },
            {
                "description": "Redecorate the bathroom ceiling",
                "owner": "Repairs team",
                "due_on": date(2026, 6, 18),
            },
            {
                "description": "Check the roof above your flat",
                "owner": "Acme Roofing",
                "due_on": date(2026, 6, 25),
            },
        ],
        "learning": "Missed roofing appointments are now rebooked within 2 working days.",
        "next_steps": {
            "can_escalate": True,
            "escalate_to": "stage 2",
            "escalate_by": date(2026, 6, 4),
            "escalate_by_explained": "That is 10 working days after the date of this letter.",
            "reasons_required": False,
            "how": "Phone us, email us or use the portal, quoting your reference.",
            "final": False,
            "building_safety_regulator": False,
        },
        "signed_by": {"name": "Priya Shah", "role": "Complaints Officer"},
    }
    context.update(changes)
    return context


def final_next_steps(**changes) -> dict:
    steps = {
        "can_escalate": False,
        "escalate_to": None,
        "escalate_by": None,
        "escalate_by_explained": None,
        "reasons_required": False,
        "how": "",
        "final": True,
        "building_safety_regulator": False,
    }
    steps.update(changes)
    return steps


def refusal_context(**changes) -> dict:
    context = {
        "landlord": SETTINGS,
        "ombudsman": ombudsman,
        "recipient": {"name": "Jo Resident", "address_lines": ["Flat 4", "20 River Road"]},
        "on_behalf_of": None,
        "reference": "CMP-2026-000124",
        "issued_on": date(2026, 5, 21),
        "received_on": date(2026, 5, 14),
        "reasons": [
            {
                "title": "Legal proceedings have started",
                "explanation": "You have filed a claim at court about the same repair.",
                "signpost": "The court will decide this; your solicitor can advise you.",
                "cite": "Complaint Handling Code 2.3",
            },
            {
                "title": "Made more than 12 months after the issue",
                "explanation": "The issue happened in January 2024.",
                "signpost": "If there were good reasons you could not complain sooner, tell us.",
                "cite": "Complaint Handling Code 2.3",
            },
        ],
        "detail": "The claim form was issued at the county court on 3 April 2026.",
        "signed_by": {"name": "Priya Shah", "role": "Complaints Officer"},
    }
    context.update(changes)
    return context


# --- helpers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app():
    return create_app(SETTINGS)


@pytest.fixture(scope="module")
def render(app):
    def render(template: str, context: dict, *, large_print: bool = False) -> bytes:
        with app.app_context():
            return render_pdf(f"documents/{template}.html", context, large_print=large_print)

    return render


@pytest.fixture(scope="module")
def response_pdf(render) -> bytes:
    return render("response", response_context())


@pytest.fixture(scope="module")
def response_large_pdf(render) -> bytes:
    return render("response", response_context(), large_print=True)


@pytest.fixture(scope="module")
def refusal_pdf(render) -> bytes:
    return render("refusal", refusal_context())


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    """All the text, footers removed and whitespace collapsed to single spaces."""
    pages = [page.extract_text() for page in reader(pdf).pages]
    joined = " ".join(FOOTER.sub(" ", page) for page in pages)
    return " ".join(joined.split())


def flat(value: str) -> str:
    return " ".join(value.split())


def structure_types(pdf: bytes) -> Counter:
    root = reader(pdf).trailer["/Root"]["/StructTreeRoot"]
    seen: Counter = Counter()
    stack = [root]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                seen[str(node["/S"])] += 1
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, list) else [kids])
        elif isinstance(node, list):
            stack.extend(node)
    return seen


def body_font_size_pt(pdf: bytes) -> float:
    """The most used font size in the content streams, in points (WeasyPrint draws in
    CSS px under a 0.75 scale, so `N Tf` is N px)."""
    sizes: Counter = Counter()
    for page in reader(pdf).pages:
        data = page.get_contents().get_data().decode("latin-1")
        sizes.update(float(size) for size in re.findall(r"([\d.]+) Tf", data))
    return round(sizes.most_common(1)[0][0] * 0.75, 1)


def font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                names.add(str(descriptor["/FontName"]))
            names.add(str(font["/BaseFont"]))
    return names


# --- the PDF itself -----------------------------------------------------------------------


def test_response_is_a_pdf(response_pdf):
    assert response_pdf.startswith(b"%PDF-")


def test_response_is_a_tagged_pdf_in_british_english_with_title_and_author(response_pdf):
    pdf = reader(response_pdf)
    catalog = pdf.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert pdf.metadata.title == "Stage 1 response to your complaint, CMP-2026-000123: " + (
        SETTINGS.landlord_name
    )
    assert pdf.metadata.author == SETTINGS.landlord_name


def test_structure_tree_has_headings_tables_and_lists(response_pdf):
    kinds = structure_types(response_pdf)
    assert kinds["/H1"] == 1
    assert kinds["/H2"] >= 5
    assert kinds["/H3"] >= 2
    assert kinds["/Table"] == 2  # decisions, actions
    assert kinds["/TH"] >= 5 and kinds["/TD"] >= 10
    assert kinds["/L"] >= 1  # the Ombudsman's contact details


def test_page_numbers_are_page_x_of_y(response_pdf):
    pages = [page.extract_text() for page in reader(response_pdf).pages]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Our reference: CMP-2026-000123" in page


# --- response contents (Code 6.9, 6.19) ---------------------------------------------------


def test_response_states_the_stage_reference_and_dates(response_pdf):
    words = text(response_pdf)
    assert "Stage 1 response to your complaint" in words
    assert "our stage 1 response" in words
    assert "CMP-2026-000123" in words
    assert "Thursday 21 May 2026" in words  # issued
    assert "Thursday 7 May 2026" in words  # received


def test_letterhead_and_recipient_are_on_page_one(response_pdf):
    first = flat(reader(response_pdf).pages[0].extract_text())
    for part in (SETTINGS.landlord_name, "1 Example Street", "E1 1AA",
                 SETTINGS.landlord_phone, SETTINGS.landlord_email,
                 "Ann Advocate", "12 High Street", "E2 2BB",
                 "Written to Ann Advocate on behalf of Jo Resident."):
        assert part in first, part
    assert "Dear Ann Advocate," in first


def test_each_issue_has_its_definition_decision_and_reasons(response_pdf):
    words = text(response_pdf)
    for issue in response_context()["issues"]:
        assert issue["summary"] in words
        assert flat(issue["definition"]) in words
        assert issue["decision_label"] in words
        for paragraph in issue["reasons"].split("\n\n"):
            assert flat(paragraph) in words
    assert "2. Staff were rude on the phone Not upheld" in words  # the decisions table


def test_remedy_lists_apology_explanation_compensation_and_actions(response_pdf):
    words = text(response_pdf)
    context = response_context()
    assert context["apology"] in words
    assert context["explanation"] in words
    assert "We are offering you £150.00 in compensation." in words
    for action, due in zip(context["actions"], ("Thursday 4 June 2026", "Thursday 18 June 2026",
                                                "Thursday 25 June 2026"), strict=True):
        assert action["description"] in words
        assert action["owner"] in words
        assert due in words
    assert context["learning"] in words


def test_next_steps_give_the_escalation_route_and_date_in_words(response_pdf):
    words = text(response_pdf)
    assert "ask for your complaint to go to stage 2" in words
    assert "Please ask by Thursday 4 June 2026." in words
    assert "That is 10 working days after the date of this letter." in words
    assert "You do not have to give a reason." in words
    assert "Phone us, email us or use the portal" in words
    assert "final response to your complaint" not in words


def test_ombudsman_details_are_always_given(response_pdf, refusal_pdf):
    for pdf in (response_pdf, refusal_pdf):
        words = text(pdf)
        for detail in (ombudsman.PHONE, ombudsman.EMAIL, ombudsman.WEBSITE, ombudsman.POST):
            assert detail in words
        assert "0300 111 3000" in words
    assert flat(ombudsman.ROUTE) in text(response_pdf)


def test_reasons_required_are_asked_for(render):
    steps = dict(response_context()["next_steps"], reasons_required=True, escalate_to="the Panel")
    words = text(render("response", response_context(next_steps=steps)))
    assert "go to the Panel" in words
    assert "please tell us why you are still unhappy" in words
    assert "You do not have to give a reason" not in words


def test_final_response_says_so_and_points_to_the_ombudsman_now(render):
    context = response_context(stage=2, stage_name="Stage 2 response", actions=[],
                               next_steps=final_next_steps(building_safety_regulator=True))
    words = text(render("response", context))
    assert "Stage 2 response to your complaint" in words
    assert "This is our final response to your complaint." in words
    assert "you can take your complaint to the Housing Ombudsman now" in words
    assert "Please ask by" not in words
    assert flat(ombudsman.BUILDING_SAFETY_REGULATOR) in words


def test_panel_response(render):
    context = response_context(stage=3, stage_name="Panel response",
                               next_steps=final_next_steps())
    words = text(render("response", context))
    assert "Panel response to your complaint" in words
    assert "This letter is the Panel's response to it." in words


def test_missing_optional_fields_never_print_none(render):
    context = response_context(
        on_behalf_of=None, apology=None, explanation=None, compensation=None, actions=[],
        learning=None,
        next_steps=dict(response_context()["next_steps"], escalate_by=None,
                        escalate_by_explained=None, escalate_to=None, how=""),
    )
    words = text(render("response", context))
    assert "None" not in words
    assert "on behalf of" not in words
    assert "compensation" not in words.lower()
    assert "What we will do, and by when" not in words
    assert "What we have learned" not in words
    assert "We are not offering a remedy for this complaint" in words
    assert "There is no fixed deadline" in words

    refusal = text(render("refusal", refusal_context(detail="")))
    assert "None" not in refusal
    assert "More about our decision" not in refusal


def test_user_text_is_escaped_not_markup(render):
    issue = dict(response_context()["issues"][0],
                 summary='Leak <img src="file:///etc/passwd"> & <b>bold</b>')
    words = text(render("response", response_context(issues=[issue])))
    assert 'Leak <img src="file:///etc/passwd"> & <b>bold</b>' in words


# --- refusal (Code 2.1-2.5) ---------------------------------------------------------------


def test_refusal_gives_each_reason_signpost_detail_and_the_right_to_the_ombudsman(refusal_pdf):
    pdf = reader(refusal_pdf)
    assert pdf.trailer["/Root"]["/Lang"] == "en-GB"
    assert pdf.metadata.title.startswith("Our decision not to accept your complaint")
    words = text(refusal_pdf)
    assert "we have decided not to accept it as a complaint" in words
    for reason in refusal_context()["reasons"]:
        assert reason["title"] in words
        assert reason["explanation"] in words
        assert reason["signpost"] in words
        assert reason["cite"] in words
    assert refusal_context()["detail"] in words
    assert "right to ask the Housing Ombudsman to look at our decision" in words
    assert "CMP-2026-000124" in words
    assert "None" not in words


# --- large print (SPEC §6) ----------------------------------------------------------------


def test_normal_print_body_is_11_to_12_point(response_pdf):
    assert 11 <= body_font_size_pt(response_pdf) <= 12


def test_large_print_body_is_at_least_16_point_and_runs_longer(response_pdf,
                                                               response_large_pdf):
    assert body_font_size_pt(response_large_pdf) >= 16
    assert len(reader(response_large_pdf).pages) > len(reader(response_pdf).pages)
    words = text(response_large_pdf)
    assert "Please ask by Thursday 4 June 2026." in words
    assert "Redecorate the bathroom ceiling" in words
    assert "Thursday 18 June 2026" in words


def test_large_print_refusal(render):
    pdf = render("refusal", refusal_context(), large_print=True)
    assert body_font_size_pt(pdf) >= 16
    assert "Legal proceedings have started" in text(pdf)


# --- fonts, colour, safety ----------------------------------------------------------------


@needs_fonts
def test_atkinson_hyperlegible_is_embedded(response_pdf):
    names = font_names(response_pdf)
    # Atkinson for the words; its figures from "Portal Digits" (tests/unit/test_letter_figures.py).
    assert names and all("Atkinson" in name or "Portal-Digits" in name for name in names), names
    assert any("Atkinson" in name and "Bold" in name for name in names)


def test_missing_font_files_fall_back_to_dejavu(app, monkeypatch, tmp_path):
    monkeypatch.setattr(letters, "FONT_DIR", tmp_path / "no-fonts")
    monkeypatch.setattr(letters, "_font_config", None)  # a fresh one, without Atkinson
    with app.app_context():
        pdf = render_pdf("documents/refusal.html", refusal_context())
    assert pdf.startswith(b"%PDF-")
    names = font_names(pdf)
    assert names and all("DejaVu" in name for name in names), names
    assert "Legal proceedings have started" in text(pdf)


def test_brand_colour_draws_the_accent_bar(render):
    landlord = SETTINGS.with_(brand_colour="#d4351c", landlord_name="Castle Housing")
    pdf = render("refusal", refusal_context(landlord=landlord))
    first_page = reader(pdf).pages[0].get_contents().get_data().decode("latin-1")
    assert "0.831373 0.207843 0.109804 rg" in first_page
    assert reader(pdf).metadata.author == "Castle Housing"


def test_brand_colour_must_be_a_hex_colour():
    assert letters.safe_colour("#1d70b8") == "#1d70b8"
    assert letters.safe_colour("#abc") == "#abc"
    for bad in ("red", "#12345g", "#000; } body { display: none", "", None):
        assert letters.safe_colour(bad) == letters.DEFAULT_BRAND_COLOUR


def test_paragraphs_split_at_blank_lines():
    assert letters.paragraphs(None) == []
    assert letters.paragraphs("  ") == []
    assert letters.paragraphs("One.\r\n\r\nTwo\nlines.\n \nThree.") == [
        "One.", "Two\nlines.", "Three."]


def test_fetcher_serves_only_the_letter_fonts(app):
    with app.app_context():  # first render makes the fetcher
        render_pdf("documents/refusal.html", refusal_context())
    fetch = letters._url_fetcher()
    with pytest.raises(ValueError):
        fetch("file:///etc/hostname")
    with pytest.raises(ValueError):
        fetch("https://example.org/font.woff")
    with pytest.raises(ValueError):
        fetch((letters.FONT_DIR / ".." / "app.css").resolve().as_uri())
    if FONTS_BUILT:
        font = next(letters.FONT_DIR.glob("*.woff"))
        assert fetch(font.as_uri()).read()[:4] == b"wOFF"


def test_importing_letters_does_not_import_weasyprint():
    code = "import sys, portal.services.correspondence.letters; print('weasyprint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "False"
