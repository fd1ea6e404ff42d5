"""Stage 2 in a real browser, axe-core on every page visited (zero violations):

- IDS (seeds/002_e4b1920b3e2bdc2b.txt §6.1, "ask within 21 working days"): the stage 1
  response is sent on Friday 1 May 2026, so the last day is Wednesday 3 June 2026 (Tue 5
  May is the 1st WD, Mon 4 and Mon 25 May are bank holidays). A resident asks on that
  21st working day and succeeds; on the 22nd (Thursday 4 June) the request goes in,
  flagged late. "Today" is set through portal.services.records.clock, which the live server
  (a thread of this process) reads.
- The Code (the default profile, SPEC §4, 6.12): a request with no reasons succeeds; a
  reviewer acknowledges it and sends the stage 2 response; the resident downloads the
  letter and the Ombudsman pack.
- The Code, resolved at first contact (SPEC §2; seeds/000_e9fd0cc2b6916637.txt §3 steps 3
  and 7; Code 5.2-5.3, 6.10): staff record the resident's agreement (who, how, when); the
  resident gets the written confirmation, a stage 1 response, then asks for a review and
  it goes in.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from datetime import date

import flask_migrate
import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from werkzeug.serving import make_server

from portal import create_app
from portal.config import Settings
from portal.data.db import db
from portal.services.records import clock
from portal.services.responses import respond as responses
from portal.services.stage1 import actions as stage1
from tests.browser import axe_check
from tests.support.factories import (
    PASSWORD,
    TEST_PASSWORD_HASH,
    make_complaint,
    make_resident,
    make_staff,
)

pytestmark = pytest.mark.browser

SENT = date(2026, 5, 1)
LAST_DAY, NEXT_DAY = date(2026, 6, 3), date(2026, 6, 4)


class Checked(axe_check.Checked):
    """axe-core on every page the journey lands on; console errors and failed loads."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(m.text)
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.on("response", lambda r: self.problems.append(f"HTTP {r.status} {r.url}")
                if r.status >= 400 else None)


def _serve(settings: Settings):
    app = create_app(settings)
    with app.app_context():
        flask_migrate.upgrade()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def ids_server(built_assets, tmp_path_factory):
    """A live server on the IDS profile (the shared one uses the default, the Code)."""
    folder = tmp_path_factory.mktemp("ids-live")
    settings = Settings(env="test", secret_key="test", profile="ids",
                        database_url=f"sqlite:///{folder / 'ids.sqlite'}",
                        password_hash=TEST_PASSWORD_HASH)
    server, thread = _serve(settings)
    yield f"http://127.0.0.1:{server.server_port}", settings
    server.shutdown()
    thread.join(timeout=5)


def _responded(settings: Settings, resident, handler, sent: date | None = None) -> str:
    """A complaint acknowledged and answered at stage 1 (through the services)."""
    found = make_complaint(resident, received=date(2026, 4, 20) if sent else None)
    stage1.acknowledge(handler, found, version=found.version, seen=0,
                         definitions={i.id: f"{i.summary}: our understanding."
                                      for i in found.issues},
                         handler_id=handler.id, on=date(2026, 4, 20) if sent else None)
    responses.respond(handler, found, version=found.version, seen=0, on=sent,
                     draft=responses.ResponseDraft(decisions=[
                         responses.IssueDecision(i.id, "upheld", "We got this wrong.")
                         for i in found.issues]))
    return found.reference


def _sign_in(page: Page, a11y: Checked, email: str) -> None:
    page.goto("/sign-in")
    a11y.check()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_ids_in_time_on_the_21st_working_day_and_flagged_late_on_the_22nd(
        browser: Browser, ids_server, monkeypatch):
    url, settings = ids_server
    data = create_app(settings)
    with data.test_request_context():
        handler = make_staff("case_handler", name="Hana Handler")
        resident = make_resident("Ida Resident", address="2 Canal Row", postcode="N1 9AA")
        in_time = _responded(settings, resident, handler, SENT)
        late = _responded(settings, resident, handler, SENT)
        email = resident.email
        db.session.remove()
    page = browser.new_context(base_url=url).new_page()
    a11y = Checked(page)
    main = page.locator("main")

    monkeypatch.setattr(clock, "today", lambda: LAST_DAY)
    _sign_in(page, a11y, email)
    page.goto(f"/complaints/{in_time}")
    expect(main).to_contain_text("Today is the last day to ask: Wednesday 3 June")
    page.get_by_text("How we worked this out: the last day to ask").click()
    expect(main).to_contain_text("21 working days after the stage 1 response was sent")
    a11y.check()
    page.get_by_role("button", name="Ask for a review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for a review of your complaint")
    a11y.check()
    page.get_by_label("Why are you unhappy with our response?").fill("The mould is back.")
    # 002 §6.1: "why you remain dissatisfied and what remedy you are seeking": both.
    page.get_by_label(re.compile(r"^What remedy do you want")).fill("A damp survey.")
    page.get_by_role("button", name="Send my request").click()
    expect(main).to_contain_text("Your request for a review has been sent. We will acknowledge")
    expect(main).to_contain_text("You asked for a review (stage 2)")
    a11y.check()

    monkeypatch.setattr(clock, "today", lambda: NEXT_DAY)
    page.goto(f"/complaints/{late}")
    expect(main).to_contain_text("The last day to ask for a review was Wednesday 3 June 2026")
    a11y.check()
    page.get_by_role("button", name="Ask for a review").click()
    expect(main).to_contain_text("The last day to ask was Wednesday 3 June 2026. You can still")
    a11y.check()
    # IDS needs reasons (6.1): without them, the error summary, nothing sent.
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Tell us why you are unhappy with our response")
    expect(page).to_have_title(re.compile(r"^Error: "))
    a11y.check()
    a11y.problems.clear()  # the 400 (and the console's note of it) is that error page
    page.get_by_label("Why are you asking now? (optional)").fill("I was in hospital.")
    page.get_by_label("Why are you unhappy with our response?").fill("The mould is back.")
    page.get_by_label(re.compile(r"^What remedy do you want")).fill("A damp survey.")
    page.get_by_role("button", name="Send my request").click()
    expect(main).to_contain_text("It came after the last day to ask, so we will decide")
    a11y.check()

    with data.app_context():
        from portal.data.models import Complaint

        flags = {c.reference: (c.status, c.stage2_late, c.stage2_requested_on)
                 for c in db.session.scalars(db.select(Complaint))}
        db.session.remove()
        db.engine.dispose()
    assert flags[in_time] == ("stage2_requested", False, LAST_DAY)
    assert flags[late] == ("stage2_requested", True, NEXT_DAY)
    assert len(a11y.seen) == 8 and a11y.problems == []
    page.context.close()


def test_code_request_without_reasons_then_the_reviewer_responds_and_the_resident_downloads(
        browser: Browser, live_server):
    data = create_app(live_server.settings)
    with data.test_request_context():
        handler = make_staff("case_handler", name="Cal Handler")
        reviewer = make_staff("reviewer", name="Rae Reviewer")
        resident = make_resident("Cody Resident", address="7 Quay Street", postcode="E2 8AA")
        reference = _responded(live_server.settings, resident, handler)
        resident_email, reviewer_email = resident.email, reviewer.email
        db.session.remove()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    a11y = Checked(page)
    main = page.locator("main")

    # The Code 6.12: no reasons needed, and none given.
    _sign_in(page, a11y, resident_email)
    page.goto(f"/complaints/{reference}")
    expect(main).to_contain_text("Our policy does not set a deadline")
    expect(main).to_contain_text("You do not have to give a reason")
    a11y.check()
    page.get_by_role("button", name="Ask for a review").click()
    a11y.check()
    page.get_by_role("button", name="Send my request").click()
    expect(main).to_contain_text("Your request for a review has been sent")
    a11y.check()
    context.clear_cookies()

    # The reviewer (not involved at stage 1) acknowledges it and sends the response.
    _sign_in(page, a11y, reviewer_email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints queue")
    a11y.check()
    page.goto(f"/staff/complaints/{reference}")
    expect(main).to_contain_text("Review (stage 2)")
    a11y.check()
    page.get_by_role("link", name="Acknowledge the review and assign a reviewer").click()
    a11y.check()
    expect(page.get_by_label("Rae Reviewer, Stage 2 reviewer")).to_be_checked()
    page.get_by_role("button", name="Acknowledge and email the resident").click()
    expect(main).to_contain_text("Review acknowledged and reviewer assigned")
    a11y.check()
    page.get_by_role("link", name="Write the stage 2 response").click()
    a11y.check()
    for number, decision in ((1, "Upheld"), (2, "Not upheld")):
        page.get_by_role("group", name=f"Decision on issue {number}").get_by_label(
            decision, exact=True).check()
        page.get_by_label(f"Reasons for the decision on issue {number}").fill(
            f"The review found this about issue {number}.")
    page.get_by_role("button", name="Send the stage 2 response").click()
    expect(main).to_contain_text("Stage 2 response sent")
    a11y.check()
    context.clear_cookies()

    # The resident reads what happens now, and downloads the letter and the pack.
    _sign_in(page, a11y, resident_email)
    page.goto(f"/complaints/{reference}")
    expect(main).to_contain_text("Our complaints process has finished")
    expect(main).to_contain_text("0300 111 3000")
    a11y.check()
    letter_link = page.locator("a[href*='/documents/']:not([href$='/letter'])").filter(
        has_text=re.compile(r"^Our stage 2 response")).first
    letter = page.request.get(letter_link.get_attribute("href"))
    assert letter.ok and letter.body().startswith(b"%PDF-")
    words = " ".join(" ".join(p.extract_text() for p in PdfReader(
        io.BytesIO(letter.body())).pages).split())
    assert "Stage 2 response to your complaint" in words
    assert "This is our final response to your complaint." in words
    pack = page.request.get(page.get_by_role("link", name="Download everything (ZIP file)")
                            .get_attribute("href"))
    assert pack.ok and pack.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(pack.body())).namelist()
    assert "chronology.pdf" in names
    assert any(n.endswith("stage-2-response.pdf") for n in names)
    assert any(n.endswith("stage-1-response.pdf") for n in names)
    assert len(a11y.seen) == 13 and a11y.problems == []
    context.close()


def test_code_resolved_at_first_contact_with_agreement_then_the_resident_asks_for_a_review(
        browser: Browser, live_server):
    data = create_app(live_server.settings)
    with data.test_request_context():
        services = make_staff("customer_services", name="Cass Services")
        resident = make_resident("Fran Resident", address="9 Dock Street", postcode="E1 8AA")
        reference = make_complaint(resident).reference
        resident_email, staff_email = resident.email, services.email
        db.session.remove()
    today = clock.today()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    a11y = Checked(page)
    main = page.locator("main")

    # Staff put it right while the resident was on the phone, and record their agreement.
    _sign_in(page, a11y, staff_email)
    page.goto(f"/staff/complaints/{reference}")
    a11y.check()
    page.get_by_role("link", name="Resolve at first contact").click()
    a11y.check()
    page.get_by_label("What was done to resolve it").fill(
        "Booked the damp treatment for Monday and apologised.")
    page.get_by_role("button", name="Send the confirmation and close").click()
    # Nothing about the agreement yet: the form comes back, keeping what was typed.
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Without their agreement it stays a stage 1 complaint")
    expect(page.get_by_label("What was done to resolve it")).to_have_value(
        "Booked the damp treatment for Monday and apologised.")
    a11y.check()
    assert len(a11y.problems) <= 2 and all("400" in p for p in a11y.problems)
    a11y.problems.clear()  # the 400 of the form shown again, expected
    page.get_by_label("Who agreed").fill("Fran Resident")
    page.get_by_role("group", name="How did they agree?").get_by_label("Phone call").check()
    when = page.get_by_role("group", name="When did they agree?")
    when.get_by_label("Day").fill(str(today.day))
    when.get_by_label("Month").fill(str(today.month))
    when.get_by_label("Year").fill(str(today.year))
    page.get_by_label("The resident agreed that this resolves their complaint").check()
    page.get_by_role("button", name="Send the confirmation and close").click()
    expect(main).to_contain_text("resolved at first contact with the resident's agreement")
    a11y.check()
    context.clear_cookies()

    # The resident reads the confirmation (their stage 1 response) and asks for a review.
    _sign_in(page, a11y, resident_email)
    page.goto(f"/complaints/{reference}")
    expect(main).to_contain_text("If you are unhappy with our response")
    a11y.check()
    link = page.locator("a[href*='/documents/']:not([href$='/letter'])").filter(
        has_text=re.compile(r"^Our letter confirming your complaint is resolved")).first
    letter = page.request.get(link.get_attribute("href"))
    assert letter.ok and letter.body().startswith(b"%PDF-")
    words = " ".join(" ".join(p.extract_text() for p in PdfReader(
        io.BytesIO(letter.body())).pages).split())
    assert "Stage 1 response: your complaint resolved at first contact" in words
    assert "Fran Resident agreed that this resolves the complaint (phone call" in words
    assert "you can ask for your complaint to go to stage 2" in words
    page.get_by_role("button", name="Ask for a review").click()
    a11y.check()
    page.get_by_label("Why are you unhappy with our response? (optional)").fill(
        "The damp came back a week later.")
    page.get_by_role("button", name="Send my request").click()
    expect(main).to_contain_text("Your request for a review has been sent")
    a11y.check()
    assert a11y.problems == []
    context.close()
