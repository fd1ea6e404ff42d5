"""How the large-print letters fill their pages (issue 15, item 13).

Each text run's position is read from the PDF (pypdf's text visitor: WeasyPrint draws
in CSS pixels from the top of the page, scaled by 0.75), and a page's fill is how far
down its text area the lowest line of text is, the footer left out.

- Page 1 is never half empty: it holds the start of the letter's body and is filled at
  least three quarters of the way down (every letter, stage 1 and 2 responses, the
  acknowledgement, a refusal and a closure, in large print).
- The sign-off never has a page of its own: the Housing Ombudsman's section, kept on
  one page whole, used to take most of a large-print page with its contacts stacked,
  so "Yours sincerely" went over alone."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from portal.services.correspondence.worklist import Block
from tests.unit.test_letters import (  # noqa: F401
    SETTINGS,
    app,  # noqa: F401 (the module's app, used by render)
    final_next_steps,
    refusal_context,
    render,
    response_context,
)

MM = 72 / 25.4
TOP, BOTTOM = 20 * MM, 26 * MM  # the large-print page margins (letter.css)


def _pages(pdf: bytes) -> list[tuple[float, str]]:
    """Each page's fill (0 to 1) and its body text (the footer left out)."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        runs: list[tuple[float, str]] = []

        def seen(text, cm, tm, _font, _size, runs=runs):
            if text.strip():
                runs.append((tm[5] * abs(cm[3]), text))

        page.extract_text(visitor_text=seen)
        body = [(y, text) for y, text in runs if y < height - BOTTOM]
        lowest = max(y for y, _ in body)
        found.append(((lowest - TOP) / (height - BOTTOM - TOP),
                      " ".join(" ".join(text for _, text in body).split())))
    return found


def _acknowledgement() -> dict:
    return {**response_context(), "subject": "We have acknowledged your complaint",
            "blocks": [
                Block("paragraph", ("We have acknowledged your complaint. The reference is "
                                    "CMP-2026-000123.",)),
                Block("paragraph", ("Your case handler is Hana Hussain. They will be your "
                                    "point of contact while we look into your complaint.",)),
                Block("paragraph", ("This is our understanding of your complaint:",)),
                Block("list", ("Repair to the bathroom leak took too long: you told us the "
                               "leak reported on 2 March 2026 was not fixed until 28 April.",
                               "Staff were rude on the phone: you told us an adviser was "
                               "rude to you on 10 April 2026.")),
                Block("heading", ("What happens next",)),
                Block("list", ("We will send you our stage 1 response by Thursday 4 June "
                               "2026. If we need more time, we will tell you why and give "
                               "you a new date.",)),
            ]}


def _closure() -> dict:
    return refusal_context(
        reason={"title": "You asked us to stop while your claim is at court",
                "explanation": "You told us on 12 May 2026 that you have started a claim at "
                               "the county court about the same repair.",
                "signpost": "Your solicitor can advise you. When the claim is finished, you "
                            "can ask us to carry on.",
                "cite": "Complaint Handling Code 2.2"},
        detail="On 12 May 2026 you phoned us and said that your solicitor had filed a claim.")


LETTERS = {
    "stage 1 response": ("response", response_context, "Thank you for your complaint"),
    "stage 1 response to the resident": (
        "response", lambda: response_context(
            on_behalf_of=None, recipient={"name": "Priya Shah", "address_lines": [
                "27 Orchard Road", "London", "E2 7GL"]}), "Thank you for your complaint"),
    "stage 2 response": ("response", lambda: response_context(
        stage=2, stage_name="Stage 2 response", next_steps=final_next_steps(),
        received_on=date(2026, 5, 7)), "Thank you for your complaint"),
    "acknowledgement": ("notice", _acknowledgement, "We have acknowledged your complaint. "),
    "refusal": ("refusal", refusal_context, "Thank you for contacting us"),
    "closure": ("closure", _closure, "Thank you for your complaint"),
}


@pytest.mark.parametrize("name", LETTERS)
def test_the_large_print_letter_fills_its_first_page_and_never_signs_off_alone(
        render, name):  # noqa: F811
    template, context, opening = LETTERS[name]
    pages = _pages(render(template, context(), large_print=True))
    fill, words = pages[0]
    assert opening in words  # the body starts on page 1 ...
    assert fill >= 0.75, f"page 1 of the {name} is {fill:.0%} full"  # ... and fills it
    [(_, last)] = [page for page in pages if "Yours sincerely" in page[1]]
    assert last.index("Yours sincerely") > 0, f"the {name}'s sign-off is on a page alone"
