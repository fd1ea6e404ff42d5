"""Representatives and petitions in a real browser; axe-core checks every page visited.

1. An advocate sends a complaint for a resident with a signed letter of authority; staff
   verify the letter; the advocate can then see the case.
2. A lead petitioner gathers five household signatures through the shared link (the
   household count updates by itself) and submits; the final response then reaches
   every member, who downloads it from their own link.

Set PORTAL_SCREENSHOTS=/some/folder to keep a screenshot of every page checked.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from portal import create_app
from portal.data.db import db
from portal.data.models import Complaint, OutboxMessage
from tests.browser.axe_check import Checked
from tests.support.factories import PASSWORD, make_resident, make_staff

pytestmark = pytest.mark.browser

LETTER = b"%PDF-1.4\n% A letter of authority, signed by the resident.\n%%EOF\n"
def _known(problems) -> None:
    """Leave out requests the browser abandons when the page moves on."""
    problems.failed = [f for f in problems.failed if "net::ERR_ABORTED" not in f]


def _between_polls(page: Page) -> None:
    """The lead's page asks for the household count every 5 seconds (htmx): wait for one
    answer, so axe runs on a page that is not changing under it. While the count is the
    same the answer is 204 No Content and nothing is swapped (so nothing settles)."""
    page.evaluate("() => new Promise(done => {"
                  " document.body.addEventListener('htmx:afterSettle', () => done(), {once: true});"
                  " document.body.addEventListener('htmx:afterRequest', event => {"
                  "  if (event.detail.xhr && event.detail.xhr.status === 204) done(); });"
                  " })")


def _sign_in(page: Page, a11y: Checked, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)
    a11y.check()


def _people(live_server, make):
    data = create_app(live_server.settings)
    with data.test_request_context():
        found = make()
        db.session.remove()
    return data, found


def test_an_advocate_sends_for_a_resident_staff_verify_then_the_advocate_sees_the_case(
        browser: Browser, live_server, problems, page: Page, tmp_path):
    def make():
        from tests.integration.test_representation_support import make_representative

        rep = make_representative("Alex Advocate", email="alex.browser@advice.example.org")
        staff = make_staff("customer_services", name="Cas Services",
                           email="cs.browser@example.org")
        return rep.email, staff.email

    _data, (rep_email, staff_email) = _people(live_server, make)
    a11y = Checked(page, name="advocate")
    main = page.locator("main")
    _sign_in(page, a11y, rep_email)
    expect(page.get_by_role("heading", level=1)).to_have_text("People you act for")
    page.get_by_role("link", name="Make a complaint for someone else").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a complaint for someone else")
    a11y.check()
    page.get_by_label("Their full name").fill("Jo Browser")
    page.get_by_label("Their address").fill("Flat 2, 10 Mill Lane\nLondon")
    page.get_by_label("Their postcode").fill("e1 1aa")
    page.get_by_label("Advocate from an organisation").check()
    page.get_by_label("Your organisation (optional)").fill("Citizens Advice Camden")
    page.get_by_label("A signed letter of authority, uploaded").check()
    letter = tmp_path / "authority.pdf"
    letter.write_bytes(LETTER)
    page.get_by_label("Upload the signed letter of authority").set_input_files(str(letter))
    page.get_by_label("This complaint only").check()
    page.get_by_label("Both of us").check()
    page.get_by_role("button", name="Continue").click()

    # The resident's own complaint form, one question at a time.
    expect(page.get_by_role("heading", level=1)).to_contain_text("What is your complaint about")
    a11y.check()
    page.get_by_label("Repairs").check()
    page.get_by_role("radio", name="No", exact=True).check()  # health or safety affected?
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about the problem")
    a11y.check()
    page.get_by_label("Sum up this issue in a few words").fill("Damp in the bedroom")
    page.get_by_label("What happened?").fill("Black mould since September.")
    page.get_by_label("What would you like us to do to put it right?").fill("Treat the damp.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Email").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # adjustments
    page.get_by_role("button", name="Continue").click()  # anything else
    expect(main).to_contain_text("authority.pdf")  # the letter goes with it
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your complaint")
    a11y.check()
    page.get_by_role("button", name="Send complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint sent")
    reference = re.search(r"CMP-\d{4}-\d{6}", page.locator(".govuk-panel").inner_text()).group(0)
    a11y.check()
    page.get_by_role("link", name="Where the complaint and your authority stand").click()
    expect(main).to_contain_text("we are checking your authority")
    expect(main).not_to_contain_text("Damp in the bedroom")
    a11y.check()

    staff = browser.new_context(base_url=live_server.url).new_page()
    checked = Checked(staff, name="staff")
    _sign_in(staff, checked, staff_email)
    staff.get_by_role("link", name="Authority to check").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Authority to check")
    checked.check()
    staff.get_by_role("link", name="Alex Advocate").click()
    expect(staff.locator("main")).to_contain_text("Open the signed letter")
    checked.check()
    staff.get_by_role("button", name="Verify: they can act for the resident").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Authority verified")
    checked.check()
    staff.context.close()

    page.reload()
    expect(main).to_contain_text("Verified")
    a11y.check()
    page.get_by_role("link", name="See the complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {reference}")
    expect(main).to_contain_text("Damp in the bedroom")
    expect(main).to_contain_text("Your authority to act")
    a11y.check()
    # A request the browser gives up when the page moves on (a field's check still in
    # flight when Continue is pressed, the favicon of a page already left) is "aborted".
    _known(problems)
    problems.assert_none()


def test_a_petition_gathers_five_households_and_the_final_response_reaches_every_member(
        browser: Browser, live_server, problems, page: Page):
    def make():
        lead = make_resident("Lee Lead", email="lee.browser@example.org")
        return lead.email

    data, lead_email = _people(live_server, make)
    a11y = Checked(page, name="lead")
    main = page.locator("main")
    _sign_in(page, a11y, lead_email)
    page.get_by_role("link", name="Petitions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your petitions")
    a11y.check()
    page.get_by_role("link", name="Start a petition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a petition")
    a11y.check()
    page.get_by_label("What is the petition about?").fill("Repair the lifts at Rose Court")
    page.get_by_label("What are the issues that led to it?").fill("Both lifts broken since May.")
    page.get_by_label("What do you want us to do?").fill("Repair both lifts in four weeks.")
    page.get_by_label("Covering summary of the key points").fill("We need working lifts.")
    page.get_by_label("Your address").fill("6 Rose Road\nLondon")
    page.get_by_label("Your postcode").fill("E1 1AA")
    page.get_by_role("button", name="Create the petition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Repair the lifts at Rose Court")
    # The shared server runs the Code profile: 2 households or more (SPEC §5).
    expect(main).to_contain_text("0 of 2 households")
    _between_polls(page)
    a11y.check()
    # A new petition asks the lead to sign first; the link is there as text to select,
    # with a Copy link button once JavaScript runs (issue 15, item 8).
    expect(main).to_contain_text("Sign your petition yourself first")
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    expect(page.get_by_role("button", name="Submit the petition")).to_have_count(0)
    share = page.locator("#share-link").inner_text().strip()
    share = re.sub(r"^https?://[^/]+", "", share)

    signers = [("Ann Able", "Flat 1, 12 High Street", "sw1a1aa", "ann.browser@example.org"),
               ("Ben Baker", "Flat 2, 12 High Street", "SW1A 1AA", "ben.browser@example.org"),
               ("Cat Cole", "3 Rose Road", "E1 1AA", None),
               ("Dan Dale", "4 Rose Road", "e11aa", "dan.browser@example.org"),
               ("Eve East", "5 Rose Road", "E1 1AA", "eve.browser@example.org")]
    context = browser.new_context(base_url=live_server.url)  # signers need no account
    signer = context.new_page()
    signed = Checked(signer, name="signer")
    own_links = {}
    for number, (name, line1, postcode, email) in enumerate(signers):
        signer.goto(share)
        if number == 0:
            expect(signer.get_by_role("heading", level=1)).to_contain_text("Sign the petition")
            signed.check()
            # A postcode that is not a real UK postcode is refused, clearly.
            signer.get_by_label("Full name", exact=True).fill(name)
            signer.get_by_label("Address line 1").fill(line1)
            signer.get_by_label("Town or city").fill("London")
            signer.get_by_label("Postcode").fill("ZZ99 9ZZ")
            signer.get_by_label("I confirm the declaration").check()
            signer.get_by_role("button", name="Sign the petition").click()
            expect(signer.locator(".govuk-error-summary")).to_contain_text(
                "Enter a real UK postcode")
            signed.check()
        signer.get_by_label("Full name", exact=True).fill(name)
        signer.get_by_label("Address line 1").fill(line1)
        signer.get_by_label("Town or city").fill("London")
        signer.get_by_label("Postcode").fill(postcode)
        if email:
            signer.get_by_label("Email address (optional)").fill(email)
        signer.get_by_label("I confirm the declaration").check()
        signer.get_by_role("button", name="Sign the petition").click()
        expect(signer.get_by_role("heading", level=1)).to_have_text("Your signature")
        for other, *_ in signers:
            if other != name:
                expect(signer.locator("main")).not_to_contain_text(other)
        own_links[name] = signer.url
        if number == 0:
            signed.check()

    # The lead's page counts the households by itself (htmx), no reload.
    expect(main).to_contain_text("5 households (2 needed)", timeout=12_000)
    expect(main).to_contain_text("Enough households to submit")
    # The button came with the count, out of band, without a reload.
    expect(page.get_by_role("button", name="Submit the petition")).to_be_visible()
    _between_polls(page)
    a11y.check()
    page.get_by_role("button", name="Submit the petition").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been submitted")
    reference = re.search(r"CMP-\d{4}-\d{6}", page.locator("h1").inner_text()).group(0)
    expect(main).to_contain_text("Your petition")
    a11y.check()

    # Staff send the final response (through the services: the staff pages have their own
    # browser journey); every member with an email is told and can download it.
    with data.test_request_context():
        from tests.integration.test_representation_support import respond_to

        complaint = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        respond_to(complaint)
        told = set(db.session.scalars(select(OutboxMessage.to).where(
            OutboxMessage.kind == "petition_member_letter",
            OutboxMessage.complaint_id == complaint.id)))
        db.session.remove()
    assert told == {email for *_rest, email in signers if email}
    for name in ("Ann Able", "Cat Cole"):  # Cat gave no email: her own link still works
        signer.goto(own_links[name])
        expect(signer.locator("main")).to_contain_text("Our letters about the petition")
        with signer.expect_download() as download:
            signer.get_by_role("link", name=re.compile(r"stage-1-response\.pdf")).click()
        assert download.value.suggested_filename.endswith("stage-1-response.pdf")
    signed.check()
    context.close()
    _known(problems)
    problems.assert_none()
