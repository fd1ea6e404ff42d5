"""A case handler takes a two-issue complaint through stage 1 in a real browser, then the
resident reads and downloads the response; axe-core checks every page on the way."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from portal import create_app
from portal.data.db import db
from portal.domain import ombudsman
from portal.services.records import casework
from portal.services.stage1 import actions as stage1
from tests.browser.axe_check import Checked
from tests.support.factories import PASSWORD, make_complaint, make_resident, make_staff

pytestmark = pytest.mark.browser

def _fill_date(page: Page, name: str, value) -> None:
    page.locator(f"#{name}-day").fill(str(value.day))
    page.locator(f"#{name}-month").fill(str(value.month))
    page.locator(f"#{name}-year").fill(str(value.year))


def _reflows_at_320(page: Page, table: str | None) -> None:
    """WCAG 1.4.10 Reflow: at 320 CSS px the page does not scroll sideways; the wide
    table, if any, scrolls inside its own region, which is named and can take keyboard
    focus."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        wide, seen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert wide <= seen, f"{page.url} is {wide} CSS px wide in a {seen} px window"
        if table is None:
            return
        region = page.get_by_role("region", name=table)
        expect(region.locator("table")).to_have_count(1)
        expect(region).to_have_attribute("tabindex", "0")
    finally:
        page.set_viewport_size(size)


def _sign_in(page: Page, a11y: Checked, email: str) -> None:
    page.goto("/sign-in")
    a11y.check()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_handler_takes_a_complaint_through_stage_1_and_the_resident_downloads_it(
        page: Page, live_server, problems, tmp_path):
    # The live server's database, through a second app object on the same SQLite file.
    data = create_app(live_server.settings)
    with data.app_context():
        handler = make_staff("case_handler", name="Hana Handler")
        resident = make_resident("Jo Journey", address="4 Mill Lane, London", postcode="E1 6AN")
        complaint = make_complaint(resident)
        reference, handler_email, resident_email = (complaint.reference, handler.email,
                                                    resident.email)
        # Someone who asked for letters in large print: acknowledging it makes a task.
        by_post = make_complaint(make_resident("Pat Post", address="3 Mill Lane",
                                               postcode="E1 1AA"),
                                 contact_method="letter", adjustments=("large_print",))
        stage1.acknowledge(handler, by_post, version=by_post.version,
                             seen=casework.last_event_id(by_post), handler_id=handler.id,
                             definitions={i.id: i.summary for i in by_post.issues})
        today = casework.today()
        db.session.remove()
    a11y = Checked(page)
    main = page.locator("main")

    _sign_in(page, a11y, handler_email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints queue")
    a11y.check()
    _reflows_at_320(page, "All open complaints, the soonest due first")

    # The work list: the letter to post to the resident who asked for large print.
    # (other journeys share this database: their letters may be on the list too)
    page.get_by_role("link", name=re.compile(r"^Letters and calls to make \(\d+\)$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letters and calls to make")
    a11y.check()
    page.locator("tr", has_text="Pat Post").get_by_role(
        "link", name=re.compile("We have acknowledged your complaint")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Post a letter to Pat Post")
    expect(main).to_contain_text("Download the large print letter to print (PDF)")
    a11y.check()
    page.get_by_role("link", name="Complaints queue").first.click()

    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {reference}")
    a11y.check()

    # Acknowledge: our understanding of each issue; the handler is themselves.
    page.get_by_role("link", name="Accept and acknowledge").click()
    a11y.check()
    page.get_by_label("Our understanding of issue 1").fill(
        "Damp in your bedroom has not been fixed. You want it fixed and an apology.")
    page.get_by_label("Our understanding of issue 2").fill(
        "A repair appointment was missed. You want to be paid for your day off work.")
    expect(page.get_by_label("Hana Handler")).to_be_checked()
    page.get_by_role("button", name="Acknowledge and email the resident").click()
    expect(main).to_contain_text("Complaint acknowledged")
    expect(main).to_contain_text("Stage 1: investigating")
    a11y.check()

    # A phone call, and the next contact date agreed.
    next_contact = today + timedelta(days=3)
    page.get_by_role("link", name="Log a contact or agree a contact date").click()
    a11y.check()
    page.get_by_role("group", name="How did the contact happen?").get_by_label(
        "Phone call").check()
    page.get_by_label("What was said or done").fill(
        "Called Jo. A damp surveyor will visit next week.")
    page.get_by_label("Yes, the resident can see it").check()
    _fill_date(page, "next_on", next_contact)
    page.get_by_role("group", name="How will you get in touch?").get_by_label(
        "Phone call").check()
    page.get_by_role("button", name="Save").click()
    expect(main).to_contain_text("Contact recorded")
    expect(main).to_contain_text("Called Jo. A damp surveyor will visit next week.")
    a11y.check()

    # Extend stage 1 to the latest date the policy allows, with a reason.
    with data.app_context():
        _current, latest = stage1.extension_window(
            db.session.query(type(complaint)).filter_by(reference=reference).one())
        db.session.remove()
    page.get_by_role("link", name="Extend the stage 1 response date").click()
    a11y.check()
    _fill_date(page, "new_on", latest)
    page.get_by_label("Reason for the extension").fill(
        "We are waiting for the damp surveyor's report.")
    page.get_by_role("button", name="Extend and tell the resident").click()
    expect(main).to_contain_text("Stage 1 response date extended")
    a11y.check()

    # The stage 1 response: a decision on each issue, an action and £50.
    page.get_by_role("link", name="Write the stage 1 response").click()
    a11y.check()
    page.get_by_role("group", name="Decision on issue 1").get_by_label(
        "Upheld", exact=True).check()
    page.get_by_label("Reasons for the decision on issue 1").fill(
        "The damp was reported in March and nobody visited.")
    page.get_by_role("group", name="Decision on issue 2").get_by_label(
        "Not upheld", exact=True).check()
    page.get_by_label("Reasons for the decision on issue 2").fill(
        "Our records show you rearranged the appointment the day before.")
    page.get_by_label("Compensation (optional)").fill("50")
    page.get_by_label("What will be done").fill("Treat the damp and repaint the wall")
    page.get_by_label("Who will do it").fill("Repairs team")
    _fill_date(page, "actions-0-due_on", today + timedelta(days=14))
    # Enter in a field previews the letter, never "Add another action" nor Send (a
    # hidden Preview is the form's first submit button): with a reason left out, the
    # form comes back naming it, everything else kept, and no new action row.
    page.get_by_label("Reasons for the decision on issue 2").fill("")
    page.get_by_label("Who will do it").press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("issue 2")
    expect(page.get_by_label("What will be done")).to_have_count(1)
    expect(page.get_by_label("Who will do it")).to_have_value("Repairs team")
    a11y.check()
    # The 400 of that error page (and the console's note of it) is expected; nothing else.
    assert [p for p in problems.all() if "/stage-1-response" not in p] == []
    problems.console.clear()
    problems.failed.clear()
    page.get_by_label("Reasons for the decision on issue 2").fill(
        "Our records show you rearranged the appointment the day before.")
    # Saved as a draft, opened again with everything typed, previewed, then sent
    # (issue 15, item 9); the page says how Jo will be told (item 11).
    expect(main).to_contain_text("When you send it: Jo Journey will be emailed a link to it.")
    page.get_by_role("button", name="Save and come back later").click()
    expect(main).to_contain_text("Your draft of the stage 1 response is saved")
    page.get_by_role("link", name="Write the stage 1 response").click()
    expect(main).to_contain_text("This is the draft saved on")
    expect(page.get_by_label("Reasons for the decision on issue 2")).to_have_value(
        "Our records show you rearranged the appointment the day before.")
    expect(page.get_by_role("group", name="Decision on issue 2").get_by_label(
        "Not upheld", exact=True)).to_be_checked()
    a11y.check()
    page.get_by_role("button", name="Preview the letter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the stage 1 response before you send it")
    expect(page.get_by_role("img", name=re.compile("^Page 1 of "))).to_be_visible()
    a11y.check()
    _reflows_at_320(page, None)
    page.get_by_role("button", name="Send the stage 1 response and email it").click()
    expect(main).to_contain_text("Stage 1 response sent")
    expect(main).to_contain_text("Stage 1 responded")
    a11y.check()
    page.get_by_role("button", name="Sign out").click()
    a11y.check()

    # The resident sees the response on their complaint page and downloads the letter.
    _sign_in(page, a11y, resident_email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your complaints")
    a11y.check()
    _reflows_at_320(page, None)  # a card per complaint, no table (issue 15)
    page.locator(".govuk-summary-card").filter(has_text=reference).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {reference}")
    expect(main).to_contain_text("We have sent our stage 1 response")
    expect(main).to_contain_text("Upheld: The damp was reported in March")
    expect(main).to_contain_text("Not upheld: Our records show")
    a11y.check()
    problems.assert_none()
    # The page opens with the response (issue 15, item 3), read from its banner.
    banner = page.locator("#response-banner")
    expect(banner).to_contain_text("We have sent our response")
    with page.expect_download() as download_info:
        banner.get_by_role("link", name=re.compile(r"^Read it \(PDF, \d+ KB\)$")).click()
    path = tmp_path / "response.pdf"
    download_info.value.save_as(path)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "Upheld" in text and "Not upheld" in text
    assert ombudsman.PHONE in text  # 0300 111 3000
    assert "£50.00" in text and "Treat the damp and repaint the wall" in text
    # Its web version (item 4): the same letter, checked like every page.
    banner.get_by_role("link", name=re.compile("read it on a web page")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stage 1 response to your complaint")
    expect(page.locator("#letter")).to_contain_text("Treat the damp and repaint the wall")
    a11y.check()
    assert len(a11y.seen) == 21  # the draft opened again, the preview, the letter's web
    # page, the form shown again after Enter
    # Chromium reports a download as an aborted navigation; anything else is a problem.
    assert [f for f in problems.all() if "/documents/" not in f
            or "ERR_ABORTED" not in f] == []
