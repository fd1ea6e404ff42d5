"""A new resident registers and sends a two-issue complaint with a photo, in a
real browser, once with JavaScript and once without; axe-core checks every page.
Then (issue 15) the resident's list of complaints on a 320 px phone, and the dashboard
of an adviser acting for them, with no sideways scrolling."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine, text

from tests.browser.axe_check import Checked
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _verification_link(database_url: str, email: str) -> str:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        body = connection.execute(
            text("SELECT text FROM outbox_messages WHERE \"to\" = :to AND kind = 'verify_email' "
                 "ORDER BY id DESC"), {"to": email}).scalar()
    engine.dispose()
    return re.search(r"http://127\.0\.0\.1:5000(/\S+)", body).group(1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_register_and_send_a_two_issue_complaint(browser: Browser, live_server, tmp_path: Path,
                                                 javascript: bool):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    aux = None
    if not javascript:
        aux = browser.new_context(base_url=live_server.url).new_page()
    a11y = Checked(page, aux)
    email = f"journey-{'js' if javascript else 'nojs'}@example.org"

    page.goto("/")
    a11y.check()
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    a11y.check()
    # The representative's questions show only for "Someone else" (all show without
    # JavaScript: the server asks for them only with that choice).
    organisation = page.get_by_label("Your organisation (optional)")
    if javascript:
        expect(organisation).to_be_hidden()
    else:
        expect(organisation).to_be_visible()
    page.get_by_label("Someone else: I act for residents").check()
    expect(organisation).to_be_visible()
    a11y.check()
    page.get_by_label("Myself: I am a resident").check()
    if javascript:
        expect(organisation).to_be_hidden()
    page.get_by_label("Full name").fill("Robin Resident")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill("a long passphrase")
    page.get_by_label("Confirm your password").fill("a long passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    a11y.check()

    # Following the emailed link confirms the address and signs in.
    page.goto(_verification_link(live_server.settings.database_url, email))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your complaints")
    a11y.check()

    page.get_by_role("button", name="Make a complaint").click()
    # Continuing without an answer shows the error summary.
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select what your complaint is about")
    a11y.check()
    page.get_by_label("Repairs").check()
    page.get_by_role("radio", name="No", exact=True).check()  # health or safety affected?
    page.get_by_role("button", name="Continue").click()

    if javascript:
        # Inline validation: a date that does not exist is flagged when the field is left,
        # before the form is sent.
        page.locator("#happened_on-day").fill("31")
        page.locator("#happened_on-month").fill("2")
        page.locator("#happened_on-year").fill("2026")
        page.get_by_label("What would you like us to do to put it right?").focus()
        expect(page.locator("#happened_on-group .govuk-error-message")).to_contain_text(
            "The date it happened must be a real date")
        expect(page.locator(".govuk-error-summary")).to_have_count(0)
        a11y.check()

    for summary, details, outcome in [
        ("Damp in the bedroom", "Black mould since September.", "Treat the damp."),
        ("Missed appointment", "Nobody came on 3 October.", "An apology."),
    ]:
        a11y.check()
        page.get_by_label("Sum up this issue in a few words").fill(summary)
        page.get_by_label("What happened?").fill(details)
        page.locator("#happened_on-day").fill("1")
        page.locator("#happened_on-month").fill("10")
        page.locator("#happened_on-year").fill("2026")
        page.get_by_label("What would you like us to do to put it right?").fill(outcome)
        page.get_by_role("button", name="Continue").click()
        a11y.check()
        answer = "Yes" if summary == "Damp in the bedroom" else "No"
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Continue").click()

    a11y.check()
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Continue").click()
    a11y.check()
    # The phone number shows for a call or a text, the address for a letter.
    phone = page.get_by_label("Phone number")
    if javascript:
        expect(phone).to_be_hidden()
        page.get_by_label("Phone call").check()
        expect(phone).to_be_visible()
        expect(page.get_by_label("Postcode")).to_be_hidden()
        a11y.check()
    else:
        expect(phone).to_be_visible()
    page.get_by_label("Email", exact=True).check()
    if javascript:
        expect(phone).to_be_hidden()
    page.get_by_role("button", name="Continue").click()
    a11y.check()
    page.get_by_label("Large print").check()
    page.get_by_role("button", name="Continue").click()
    a11y.check()
    page.get_by_role("button", name="Continue").click()
    a11y.check()
    photo = tmp_path / "mould.png"
    photo.write_bytes(PNG)
    page.get_by_label("Upload a file").set_input_files(str(photo))
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator("main")).to_contain_text("mould.png")
    a11y.check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your complaint")
    for text_shown in ("Damp in the bedroom", "Missed appointment", "mould.png", "Large print"):
        expect(page.locator("main")).to_contain_text(text_shown)
    a11y.check()
    page.get_by_role("button", name="Send complaint").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint sent")
    reference = re.search(r"CMP-\d{4}-\d{6}", page.locator(".govuk-panel").inner_text()).group(0)
    a11y.check()
    page.get_by_role("link", name="Follow your complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {reference}")
    expect(page.locator("main")).to_contain_text("Received: we are checking it")
    page.get_by_text("How we worked this out").first.click()
    expect(page.locator("main")).to_contain_text("That day itself does not count")
    a11y.check()

    # On a 320 px phone: a card per complaint, nothing to scroll sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/complaints")
    card = page.locator(".govuk-summary-card").filter(has_text=reference)
    expect(card.get_by_role("link", name="Damp in the bedroom (and 1 more)")).to_be_visible()
    expect(card).to_contain_text("We will confirm we have your complaint by")
    _fits(page, 320)
    a11y.check()
    assert len(a11y.seen) >= 15
    context.close()

    # An adviser acting for them sees the complaint, with the resident's name, at 320 px.
    adviser = _adviser_for(live_server, email)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript,
                                  viewport={"width": 320, "height": 640})
    page = context.new_page()
    a11y = Checked(page, aux)
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(adviser)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People you act for")
    card = page.locator(".govuk-summary-card").filter(has_text=reference)
    expect(card).to_contain_text("Robin Resident: Damp in the bedroom (and 1 more)")
    expect(card).to_contain_text("We will confirm we have Robin Resident's complaint by")
    expect(card).to_contain_text("Robin Resident is waiting on the landlord")
    _fits(page, 320)
    a11y.check()
    context.close()
    if aux is not None:
        aux.context.close()


def _fits(page: Page, width: int) -> None:
    """Nothing on the page is wider than the screen (WCAG 1.4.10 reflow)."""
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide at {width} px"


def _adviser_for(live_server, resident_email: str) -> str:
    """An adviser with verified authority for all the resident's complaints."""
    from datetime import UTC, datetime

    from portal import create_app
    from portal.data.db import db
    from portal.data.models import User
    from tests.support import bulk
    from tests.support.factories import make_resident

    email = resident_email.replace("journey-", "adviser-")
    app = create_app(live_server.settings)
    with app.app_context():
        resident = db.session.scalar(db.select(User).where(User.email == resident_email))
        adviser = make_resident("Sam Adviser", email=email)
        adviser.kind = "representative"
        db.session.commit()
        bulk.authorities(adviser.id, [datetime.now(UTC)], status="verified", scope="all",
                         resident_id=resident.id, name="Robin Resident")
        db.session.remove()
    return email
