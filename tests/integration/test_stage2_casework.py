"""Staff at stage 2, through the pages: acknowledging with our understanding restated,
the engine's stage 2 dates, extending within the profile's limit, the stage 2 response
(the stage 1 code path: decisions per issue, one immutable PDF, the Code 6.19 contents),
declining, deciding on a late request, and passing back to the case handler (ISHA 2.9).

Dates by hand (WD = working day, the start day never counts; bank holidays in England:
Monday 4 May and Monday 25 May 2026). The review is asked for on Wednesday 6 May 2026.
- The Code (SPEC §4): acknowledge 5 WD after the request (6.11): 7, 8, 11, 12, 13 ->
  Wednesday 13 May. Acknowledged on Thursday 7 May, the response is due 20 WD later
  (6.14): 8 (1), 11-15 (6), 18-22 (11), [25], 26-29 (15), 1-5 Jun (20) -> Friday 5 June;
  the longest extension is 20 WD more (6.15-6.16): 8-12 (5), 15-19 (10), 22-26 (15),
  29 Jun-3 Jul (20) -> Friday 3 July 2026.
- IVH (seeds/004 §5.1, Stage 2): response 20 WD after escalation: 7 (1), 8 (2), 11-15 (7),
  18-22 (12), [25], 26-29 (16), 1-4 Jun (20) -> Thursday 4 June; extension "will not
  exceed the further 10 working days": 5 (1), 8-12 (6), 15-18 (10) -> Thursday 18 June.
"""

from __future__ import annotations

import hashlib
from datetime import date
from html import unescape

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Response
from portal.domain import ombudsman
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
    user,
)

RECEIVED, SENT, ASKED = date(2026, 4, 20), date(2026, 5, 1), date(2026, 5, 6)
ACKED = date(2026, 5, 7)


def _setup(app_for, profile, monkeypatch, today=ACKED, **kwargs):
    app = no_csrf(app_for(profile))
    case = responded(app, received=RECEIVED, sent=SENT, **kwargs)
    ask(app, case, ASKED)
    monkeypatch.setattr(clock, "today", lambda: today)
    return app, case


def test_acknowledge_restates_each_issue_assigns_the_reviewer_and_sets_the_dates(
        app_for, monkeypatch):
    app, c = _setup(app_for, "hos-code-2024", monkeypatch)
    client = app.test_client()
    sign_in(client, c.manager_email)
    page = unescape(get(client, f"/staff/complaints/{c.reference}"))
    assert "Review (stage 2)" in page and "Acknowledge the review and assign a reviewer" in page
    assert "Acknowledge the stage 2 request" in page and "Wednesday 13 May 2026" in page
    url = f"/staff/complaints/{c.reference}/stage-2-acknowledge"
    form = unescape(get(client, url))
    assert "Damp in the bedroom not fixed: our understanding." in form  # the stage 1 one
    act(client, url, {"definitions-0": "Damp: still there after the repair.",
                      "definitions-1": "Missed appointment: compensation.",
                      "reviewer": str(c.reviewer_id)})
    with app.app_context():
        found = complaint(c.reference)
        assert (found.status, found.reviewer_id, found.stage2_acknowledged_on) == (
            "stage2", c.reviewer_id, ACKED)
        assert found.issues[0].stage2_definition == "Damp: still there after the repair."
        assert found.issues[0].definition == "Damp in the bedroom not fixed: our understanding."
        [message] = mail(c.reference, "stage2_acknowledged")
        assert "Rita Reviewer is reviewing it" in message.text
        assert "by Friday 5 June 2026" in message.text
        assert "Damp: still there after the repair." in message.text
    page = unescape(get(client, f"/staff/complaints/{c.reference}"))
    assert "Stage 2 response" in page and "Friday 5 June 2026" in page
    assert "Latest extension" in page and "Friday 3 July 2026" in page


def test_extension_within_the_profiles_stage2_limit(app_for, monkeypatch):
    app, c = _setup(app_for, "ivh", monkeypatch)
    acknowledge_stage2(app, c, ACKED)
    client = app.test_client()
    sign_in(client, c.reviewer_email)
    url = f"/staff/complaints/{c.reference}/stage-2-extend"
    html = unescape(get(client, url))
    assert "Thursday 4 June 2026" in html and "Thursday 18 June 2026" in html
    too_late = act(client, url, {**date_fields("new_on", date(2026, 6, 19)),
                                 "reason": "Waiting for a survey."}, status=400)
    assert "on or before Thursday 18 June 2026" in unescape(too_late.get_data(as_text=True))
    act(client, url, {**date_fields("new_on", date(2026, 6, 18)),
                      "reason": "Waiting for a survey."})
    with app.app_context():
        assert complaint(c.reference).stage2_extended_to == date(2026, 6, 18)
        [message] = mail(c.reference, "stage2_extended")
        assert "Thursday 18 June 2026" in message.text and "Waiting for a survey." in message.text
        assert ombudsman.PHONE in message.text
        assert "stage2_extended" in kinds(c.reference)


def test_stage2_response_is_one_immutable_pdf_with_the_ombudsman_route(app_for, monkeypatch):
    app, c = _setup(app_for, "hos-code-2024", monkeypatch, adjustments=["large_print"])
    acknowledge_stage2(app, c, ACKED)
    client = app.test_client()
    sign_in(client, c.reviewer_email)
    url = f"/staff/complaints/{c.reference}/stage-2-response"
    form = unescape(get(client, url))
    assert "Write the stage 2 response" in form and "Stage 2: Damp in the bedroom" in form
    act(client, url, {
        "issues-0-decision": "upheld", "issues-0-reasons": "The repair did not work.",
        "issues-1-decision": "not_upheld", "issues-1-reasons": "The visit was rebooked.",
        "apology": "We are sorry the damp came back.", "compensation": "75",
        "actions-0-description": "Replace the extractor fan",
        "actions-0-owner": "Repairs team", **date_fields("actions-0-due_on", date(2026, 7, 1))})
    with app.app_context():
        found = complaint(c.reference)
        assert (found.status, found.stage2_sent_on) == ("stage2_responded", ACKED)
        assert [i.stage2_decision for i in found.issues] == ["upheld", "not_upheld"]
        assert [i.decision for i in found.issues] == ["upheld", "upheld"]  # stage 1 kept
        response = db.session.scalar(select(Response).where(Response.stage == 2))
        assert response.kind == "response" and response.large_print_document_id
        stored = response.document.file
        assert stored.sha256 == hashlib.sha256(stored.data).hexdigest()
        words = pdf_text(stored.data)
        for expected in ("Stage 2 response to your complaint", "Stage 2: Damp in the bedroom",
                         "The repair did not work.", "Replace the extractor fan", "£75.00",
                         "This is our final response to your complaint.",
                         " ".join(ombudsman.ROUTE.split()), ombudsman.PHONE):
            assert expected in words, expected
        assert "Please ask by" not in words
        [message] = mail(c.reference, "review_responded")
        assert f"/documents/{response.document_id}" in message.text
        assert "This is our final response" in message.text
        assert kinds(c.reference)[-1] == "stage2_responded"
        document_id, expected_bytes = response.document_id, stored.data
    resident = app.test_client()
    sign_in(resident, c.resident_email)
    assert resident.get(f"/complaints/{c.reference}/documents/{document_id}").data == \
        expected_bytes
    page = unescape(get(resident, f"/complaints/{c.reference}"))
    assert "Going to the Housing Ombudsman" in page
    assert "Our final response was our stage 2 response, on Thursday 7 May 2026" in page
    assert "until Friday 7 May 2027" in page and ombudsman.PHONE in page
    assert "Replace the extractor fan" in page and "Not done yet" in page
    assert "Ask for a Panel" not in page  # the Code never has a third stage (5.3)
    assert resident.get(f"/complaints/{c.reference}/ask-for-a-panel").status_code == 303


def test_decline_sends_the_reasons_and_the_ombudsman_route(app_for, monkeypatch):
    app, c = _setup(app_for, "isha", monkeypatch)
    client = app.test_client()
    sign_in(client, c.reviewer_email)
    url = f"/staff/complaints/{c.reference}/decline-review"
    html = unescape(get(client, url))
    # The profile's reasons, with their source (ISHA 001 §2.8 points back to §2.3).
    assert "Refusal to engage in a reasonable manner" in html
    assert "ISHA Group Complaints Policy, 2.3, 4" in html
    missing = act(client, url, {"detail": "x"}, status=400).get_data(as_text=True)
    assert "Select at least one reason" in missing
    act(client, url, {"reasons": ["unreasonable_behaviour"],
                      "detail": "The same points as before."})
    with app.app_context():
        found = complaint(c.reference)
        assert (found.status, found.closed_reason, found.stage2_declined_on) == (
            "closed", "stage2_declined", ACKED)
        decline = db.session.scalar(select(Response).where(Response.kind == "decline"))
        words = pdf_text(decline.document.file.data)
        assert "Our decision on your request for a review" in words
        assert "The same points as before." in words
        assert "Refusal to engage in a reasonable manner" in words
        assert "This is our final response to your complaint." in words
        assert "Friday 7 May 2027" in words and ombudsman.PHONE in words
        assert kinds(c.reference)[-1] == "stage2_declined"
        assert len(mail(c.reference, "stage2_declined")) == 1
    resident = app.test_client()
    sign_in(resident, c.resident_email)
    page = unescape(get(resident, f"/complaints/{c.reference}"))
    assert "our decision not to review your complaint" in page
    assert "until Friday 7 May 2027" in page


def test_a_late_request_is_decided_accept_then_acknowledge(app_for, monkeypatch):
    app = no_csrf(app_for("ids"))
    c = responded(app, received=RECEIVED, sent=SENT)
    ask(app, c, date(2026, 6, 4), late_reason="I was in hospital.")  # the 22nd WD
    monkeypatch.setattr(clock, "today", lambda: date(2026, 6, 5))
    client = app.test_client()
    sign_in(client, c.manager_email)
    page = unescape(get(client, f"/staff/complaints/{c.reference}"))
    assert "Needs a decision" in page and "I was in hospital." in page
    assert "Acknowledge the review" not in page
    with app.test_request_context():
        from portal.services.records import casework
        from portal.services.review import casework as review_casework

        found = complaint(c.reference)
        try:
            review_casework.acknowledge_stage2(user(c.manager_email), found, version=found.version,
                                        seen=0, definitions={}, reviewer_id=c.reviewer_id)
        except casework.CaseworkError as error:
            assert "late" in str(error)
        else:
            raise AssertionError("acknowledged a late request nobody had decided on")
    url = f"/staff/complaints/{c.reference}/late-request"
    html = unescape(get(client, url))
    assert "Wednesday 3 June 2026" in html and "Thursday 4 June 2026" in html
    act(client, url, {"decision": "accept", "detail": "A good reason."})
    with app.app_context():
        assert complaint(c.reference).stage2_late_decision == "accepted"
        assert "stage2_late_request_accepted" in kinds(c.reference)
    acknowledge_stage2(app, c, date(2026, 6, 5))
    with app.app_context():
        assert complaint(c.reference).status == "stage2"


def test_a_late_request_declined_gets_a_letter(app_for, monkeypatch):
    app = no_csrf(app_for("ivh"))
    c = responded(app, received=RECEIVED, sent=SENT)
    ask(app, c, date(2026, 6, 1), late_reason="")
    monkeypatch.setattr(clock, "today", lambda: date(2026, 6, 2))
    client = app.test_client()
    sign_in(client, c.reviewer_email)
    url = f"/staff/complaints/{c.reference}/late-request"
    missing = act(client, url, {"decision": "decline"}, status=400).get_data(as_text=True)
    assert "Explain the decision" in missing
    act(client, url, {"decision": "decline", "detail": "No reason was given for the delay."})
    with app.app_context():
        found = complaint(c.reference)
        assert (found.status, found.stage2_late_decision) == ("closed", "declined")
        assert kinds(c.reference)[-2:] == ["stage2_late_request_declined", "stage2_declined"]
        decline = db.session.scalar(select(Response).where(Response.kind == "decline"))
        words = pdf_text(decline.document.file.data)
        assert "You asked after the time limit" in words
        assert "The last day to ask for a review was Monday 18 May 2026" in words


def test_pass_back_to_the_handler_then_close(app_for, monkeypatch):
    app, c = _setup(app_for, "isha", monkeypatch)
    acknowledge_stage2(app, c, ACKED)
    respond_stage2(app, c, date(2026, 5, 20))
    client = app.test_client()
    sign_in(client, c.reviewer_email)
    act(client, f"/staff/complaints/{c.reference}/pass-back",
        {"note": "Arrange the extractor fan with the resident."})
    with app.app_context():
        found = complaint(c.reference)
        assert found.status == "passed_back"
        assert kinds(c.reference)[-1] == "stage2_passed_back"
        assert len(mail(c.reference, "passed_back")) == 1
    resident = app.test_client()
    sign_in(resident, c.resident_email)
    page = unescape(get(resident, f"/complaints/{c.reference}"))
    assert "Passed back to Hal Handler, your case handler" in page
    assert "I am satisfied: close my complaint" in page
    handler = app.test_client()
    sign_in(handler, c.handler_email)
    act(handler, f"/staff/complaints/{c.reference}/close", {"reason": "Fan fitted."})
    with app.app_context():
        assert complaint(c.reference).status == "closed"
