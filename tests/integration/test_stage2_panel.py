"""The IDS Panel (seeds/002_e4b1920b3e2bdc2b.txt §6.3-6.4), through the pages: offered
after the stage 2 response, asked for with what the resident wants and the remedy,
a meeting within 1 calendar month with a Corporate Management Team member not involved
before and Tenant Forum members, and a response due 10 working days after the meeting.

Dates by hand: the Panel is asked for on Friday 22 May 2026; 1 calendar month later is
Monday 22 June 2026 (the last day to meet). It meets on Monday 15 June; 10 WD after:
16, 17, 18, 19 (4), 22-26 (9), Mon 29 June (10) -> Monday 29 June 2026. The Panel's
response on Friday 26 June 2026 is final: the Ombudsman until Saturday 26 June 2027.
"""

from __future__ import annotations

from datetime import date
from html import unescape

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Response
from portal.services.records import clock
from tests.integration.test_staff_support import act, date_fields, get, no_csrf, sign_in
from tests.integration.test_stage2_support import (  # noqa: F401 (a fixture)
    acknowledge_stage2,
    app_for_fixture,
    ask,
    complaint,
    kinds,
    mail,
    pdf_text,
    respond_stage2,
    responded,
)
from tests.support.factories import make_staff

RECEIVED, SENT, ASKED = date(2026, 4, 20), date(2026, 5, 1), date(2026, 5, 6)


def _today(monkeypatch, day):
    monkeypatch.setattr(clock, "today", lambda: day)


def test_the_panel_from_request_to_response(app_for, monkeypatch):
    app = no_csrf(app_for("ids"))
    c = responded(app, received=RECEIVED, sent=SENT)
    ask(app, c, ASKED)
    acknowledge_stage2(app, c, date(2026, 5, 7))
    respond_stage2(app, c, date(2026, 5, 20))
    with app.app_context():
        letter = db.session.scalar(select(Response).where(Response.stage == 2))
        words = pdf_text(letter.document.file.data)
        assert "ask for your complaint to go to a Panel (the last stage of our process)" in words
        assert "This is our final response" not in words
        senior = make_staff("complaints_manager", name="Cora Senior").id

    # The resident asks for the Panel: what they want and the remedy are required (6.3).
    _today(monkeypatch, date(2026, 5, 22))
    resident = app.test_client()
    sign_in(resident, c.resident_email)
    page = unescape(get(resident, f"/complaints/{c.reference}"))
    assert "Ask for a Panel" in page and "Going to the Housing Ombudsman" not in page
    url = f"/complaints/{c.reference}/ask-for-a-panel"
    errors = act(resident, url, {}, status=400).get_data(as_text=True)
    assert "Tell us why you do not accept the outcome of the review" in errors
    act(resident, url, {"reasons": "The fan is still broken.",
                        "outcome": "Replace the fan and pay for the redecoration."})
    with app.app_context():
        found = complaint(c.reference)
        assert (found.status, found.stage, found.panel_requested_on) == ("panel", 3,
                                                                         date(2026, 5, 22))
        assert kinds(c.reference)[-1] == "panel_requested"
        [message] = mail(c.reference, "panel_requested")
        assert "Monday 22 June 2026" in message.text

    staff = app.test_client()
    sign_in(staff, c.reviewer_email)
    _today(monkeypatch, date(2026, 5, 26))
    case_page = unescape(get(staff, f"/staff/complaints/{c.reference}"))
    assert "Must meet by Monday 22 June 2026" in case_page
    assert "1 calendar month after the Panel was asked for" in case_page
    url = f"/staff/complaints/{c.reference}/panel-meeting"
    form = get(staff, url)
    # Nobody who has touched the complaint can sit on the Panel.
    assert "Cora Senior, " in form
    for involved in ("Rita Reviewer, ", "Mo Manager, ", "Hal Handler, "):
        assert involved not in form
    good = {"member": str(senior), "forum_members": "Tess Tenant\nFrank Forum", "held": "no"}
    too_late = act(staff, url, {**good, **date_fields("meeting_on", date(2026, 6, 23))},
                   status=400)
    assert "on or before Monday 22 June 2026" in unescape(too_late.get_data(as_text=True))
    involved = act(staff, url, {**good, "member": str(c.handler_id),
                                **date_fields("meeting_on", date(2026, 6, 15))}, status=400)
    assert "has not been involved" in involved.get_data(as_text=True)
    act(staff, url, {**good, **date_fields("meeting_on", date(2026, 6, 15))})
    with app.app_context():
        found = complaint(c.reference)
        assert found.panel_meeting_on == date(2026, 6, 15) and found.panel_met_on is None
        assert found.panel_members == ["Cora Senior (Corporate Management Team)",
                                       "Tess Tenant (Tenant Forum)", "Frank Forum (Tenant Forum)"]
        assert len(mail(c.reference, "panel_arranged")) == 1

    _today(monkeypatch, date(2026, 6, 15))
    act(staff, url, {**good, "held": "yes", **date_fields("meeting_on", date(2026, 6, 15))})
    case_page = unescape(get(staff, f"/staff/complaints/{c.reference}"))
    assert "Panel response" in case_page and "Monday 29 June 2026" in case_page

    _today(monkeypatch, date(2026, 6, 26))
    url = f"/staff/complaints/{c.reference}/panel-response"
    assert "Write the Panel response" in get(staff, url)
    act(staff, url, {"issues-0-decision": "upheld", "issues-0-reasons": "The fan failed.",
                     "issues-1-decision": "not_upheld", "issues-1-reasons": "Rebooked."})
    with app.app_context():
        found = complaint(c.reference)
        assert (found.status, found.panel_sent_on) == ("panel_responded", date(2026, 6, 26))
        assert [i.stage2_decision for i in found.issues] == ["partially_upheld"] * 2
        panel = db.session.scalar(select(Response).where(Response.stage == 3))
        assert [i["decision"] for i in panel.content["issues"]] == ["upheld", "not_upheld"]
        words = pdf_text(panel.document.file.data)
        assert "Panel response to your complaint" in words
        assert "This letter is the Panel's response to it." in words
        assert "This is our final response to your complaint." in words
        assert kinds(c.reference)[-1] == "panel_responded"
    page = unescape(get(resident, f"/complaints/{c.reference}"))
    assert "Our final response was the Panel's response, on Friday 26 June 2026" in page
    assert "until Saturday 26 June 2027" in page
    case_page = unescape(get(staff, f"/staff/complaints/{c.reference}"))
    assert "The Panel's decisions" in case_page and "The fan failed." in case_page


def test_the_panel_meeting_cannot_be_before_the_request(app_for, monkeypatch):
    app = no_csrf(app_for("ids"))
    c = responded(app, received=RECEIVED, sent=SENT)
    ask(app, c, ASKED)
    acknowledge_stage2(app, c, date(2026, 5, 7))
    respond_stage2(app, c, date(2026, 5, 20))
    _today(monkeypatch, date(2026, 5, 22))
    resident = app.test_client()
    sign_in(resident, c.resident_email)
    act(resident, f"/complaints/{c.reference}/ask-for-a-panel",
        {"reasons": "No.", "outcome": "A new fan."})
    with app.app_context():
        senior = make_staff("complaints_manager", name="Cora Senior").id
    staff = app.test_client()
    sign_in(staff, c.reviewer_email)
    response = act(staff, f"/staff/complaints/{c.reference}/panel-meeting",
                   {"member": str(senior), "forum_members": "Tess", "held": "yes",
                    **date_fields("meeting_on", date(2026, 5, 21))}, status=400)
    assert "on or after the day the Panel was asked for" in response.get_data(as_text=True)
