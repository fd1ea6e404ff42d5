"""A new resident registers and sends a two-issue complaint with a photo, in a
real browser, once with JavaScript and once without; axe-core checks every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Checked:
    """Runs axe on every page the journey lands on. axe is JavaScript: for a
    journey with JavaScript off, the page's DOM exactly as the browser built it
    is copied into a second page that may run scripts, and checked there."""

    def __init__(self, page: Page, aux: Page | None = None) -> None:
        self.page = page
        self.aux = aux
        self.axe = Axe()
        self.seen: list[str] = []

    def check(self) -> None:
        self.page.wait_for_load_state("load")
        target = self.page
        if self.aux is not None:
            self.aux.goto("/")  # same origin, so the page's CSS and scripts load
            self.aux.set_content(self.page.content())
            target = self.aux
        results = self.axe.run(target, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"
        self.seen.append(self.page.url)


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
    page.get_by_role("link", name="Create an account").first.click()
    a11y.check()
    page.get_by_label("Full name").fill("Robin Resident")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill("a long passphrase")
    page.get_by_label("Confirm your password").fill("a long passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    a11y.check()

    page.goto(_verification_link(live_server.settings.database_url, email))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("a long passphrase")
    page.get_by_role("button", name="Sign in").click()
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
    page.get_by_label("Email").check()
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
    assert len(a11y.seen) >= 15
    context.close()
