"""Service requests (Complaint Handling Code 1.4-1.6; IVH 004 §4.1 "We will recognise the
difference between a service request and a complaint"; ISHA 001 §2.3 "everyday general
enquiries and service requests" are not complaints): staff deal with a complaint form as
a service request with the reason; the resident's letter says they can still complain;
service requests are counted apart; a later complaint links to one; a resident who says
at screening they have not reported it before chooses, in plain words."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Complaint, Document, Event, OutboxMessage, ServiceRequest
from portal.services.records import casework
from portal.services.stage1 import service_requests
from tests.integration.test_staff_support import (
    act,
    complaint,
    get,
    no_csrf,
    sign_in,
    staff_and_complaint,
)
from tests.integration.test_stage2_support import pdf_text
from tests.support.factories import make_complaint, make_resident, make_staff
from tests.support.web import get as web_get
from tests.support.web import post
from tests.support.web import sign_in as resident_sign_in


def test_a_complaint_dealt_with_as_a_service_request(app, client):
    email, ref = staff_and_complaint(no_csrf(app), "customer_services")
    sign_in(client, email)
    url = f"/staff/complaints/{ref}/service-request"
    assert url in get(client, f"/staff/complaints/{ref}")
    # The reason is required; what was typed comes back.
    response = act(client, url, {"summary": "Fix the leaking gutter", "reason": ""},
                   status=400)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and 'href="#reason"' in html
    assert "Fix the leaking gutter" in html
    act(client, url, {"summary": "Fix the leaking gutter at 1 Example Street",
                      "reason": "The leak has not been reported before; a roofer is booked."})
    today = casework.today()
    with app.app_context():
        found = complaint(ref)
        assert (found.status, found.closed_reason, found.closed_on) == (
            "not_accepted", "service_request", today)
        request = db.session.scalar(select(ServiceRequest))
        assert request.reference == f"SR-{today.year}-000001"
        assert request.from_complaint_id == found.id
        assert "roofer" in request.reason
        [event] = [e for e in found.events if e.kind == "dealt_with_as_service_request"]
        assert not event.internal and request.reference in event.summary
        # The letter: what we will put right, why, and that they can still complain.
        letter = db.session.scalar(select(Document).where(
            Document.complaint_id == found.id, Document.kind == "service_request_letter"))
        text = pdf_text(letter.file.data)
        assert "We are dealing with this as a service request" in text
        assert request.reference in text and "Fix the leaking gutter" in text
        assert "a roofer is booked" in text
        assert "If you are unhappy with how we handle this service request, you can still " \
               "make a complaint" in text
        assert "Housing Ombudsman" in text
        [mail] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "service_request")).all()
        assert mail.to == found.resident.email and "you can still make a complaint" in mail.text
        # Counted apart from complaints.
        assert db.session.scalar(select(func.count()).select_from(ServiceRequest)) == 1
    listed = get(client, "/staff/service-requests")
    assert "Service requests: 1" in listed and request.reference in listed
    assert f"Recorded in {today.year}: 1" in listed
    # Only once, and only before it is accepted.
    response = act(client, url, {"summary": "x", "reason": "y"}, status=400)
    assert "You cannot do this now" in response.get_data(as_text=True)
    # The resident sees it in their timeline and downloads the letter.
    with app.app_context():
        found = complaint(ref)
        resident_email, letter_id = found.resident.email, letter.id
    resident = app.test_client()
    resident_sign_in(resident, resident_email)
    mine = web_get(resident, f"/complaints/{ref}").get_data(as_text=True)
    assert "Dealt with as a service request" in mine
    download = f"/complaints/{ref}/documents/{letter_id}"
    assert download in mine
    assert resident.get(download).data[:4] == b"%PDF"


def test_a_later_complaint_links_to_the_service_request_it_follows(app, client):
    email, first = staff_and_complaint(no_csrf(app), "complaints_manager")
    sign_in(client, email)
    act(client, f"/staff/complaints/{first}/service-request",
        {"summary": "Fix the gutter", "reason": "Not reported before"})
    with app.app_context():
        resident = complaint(first).resident
        later = make_complaint(resident).reference
        other = make_complaint().reference  # another resident: nothing to link to
        request = db.session.scalar(select(ServiceRequest))
        request_id, request_ref = request.id, request.reference
    url = f"/staff/complaints/{later}/follows-service-request"
    page = get(client, url)
    assert request_ref in page
    response = act(client, url, {}, status=400)
    assert "Select the service request this complaint follows" in response.get_data(
        as_text=True)
    act(client, url, {"service_request": str(request_id)})
    with app.app_context():
        found = complaint(later)
        assert found.service_request_id == request_id
        assert any(e.kind == "service_request_linked" for e in found.events)
    assert f"follows service request <strong>{request_ref}</strong>" in get(
        client, f"/staff/complaints/{later}")
    # Another resident's complaint cannot be linked to it, even by a made-up request.
    assert "The resident has no service requests" in get(
        client, f"/staff/complaints/{other}/follows-service-request")
    act(client, f"/staff/complaints/{other}/follows-service-request",
        {"service_request": str(request_id)}, status=400)
    with app.app_context():
        assert complaint(other).service_request_id is None


def test_who_may_deal_with_one(app, client):
    email, ref = staff_and_complaint(no_csrf(app), "reviewer")
    sign_in(client, email)
    for url in (f"/staff/complaints/{ref}/service-request",
                f"/staff/complaints/{ref}/follows-service-request"):
        assert client.get(url).status_code == 403
        assert client.post(url, data={"summary": "x", "reason": "y"}).status_code == 403
    with app.app_context():
        assert complaint(ref).status == "received"
        assert db.session.scalar(select(func.count()).select_from(ServiceRequest)) == 0
        manager = make_staff("administrator")
        try:
            service_requests.treat_as_service_request(
                manager, complaint(ref), version=1, seen=0, summary="x", reason="y")
        except casework.NotAllowed:
            pass
        else:
            raise AssertionError("an administrator may not")


def test_a_resident_reporting_something_for_the_first_time_chooses(app, client):
    with app.app_context():
        make_resident(email="first@example.org")
        staff = make_staff("customer_services")
        staff_email = staff.email
    resident_sign_in(client, "first@example.org")
    response = post(client, "/complaints/new", from_url="/complaints", status=303)
    url = response.headers["Location"]
    base = url.rsplit("/", 1)[0]
    post(client, url, {"category": "repairs", "health": "no"}, status=303)
    post(client, f"{base}/issues/0", {"summary": "Gutter leaking", "details": "Since Monday",
                                      "outcome_wanted": "Fix it"}, status=303)
    post(client, f"{base}/issues", {"another": "no"}, status=303)
    post(client, f"{base}/questions", {"screening": ["not_reported"]}, status=303)
    post(client, f"{base}/contact", {"contact_method": "email"}, status=303)
    post(client, f"{base}/adjustments", {}, status=303)
    page = web_get(client, f"{base}/check").get_data(as_text=True)
    assert "You have not reported this to us before. How do you want us to deal with it?" \
        in page
    assert "Put it right first, as a request" in page
    assert "you can still complain" in page
    # Sent without choosing: the page again, with an error summary; nothing sent.
    response = post(client, f"{base}/check", status=400)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and 'href="#deal_with"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0
    response = post(client, f"{base}/check", {"deal_with": "request"}, status=303)
    with app.app_context():
        found = db.session.scalar(select(Complaint))
        assert "asked_for_service_request" in found.screening
        assert service_requests.asked_for_one(found)
        reference = found.reference
        assert db.session.scalar(select(func.count()).select_from(Event).where(
            Event.complaint_id == found.id)) >= 1
    client.post("/sign-out")
    staff_client = app.test_client()
    sign_in(staff_client, staff_email)
    page = get(staff_client, f"/staff/complaints/{reference}")
    assert "asked us to deal with it as a request first" in page


def test_the_choice_counts_only_while_they_say_it_was_not_reported(app):
    from portal.services.intake import drafts, submission
    from tests.support.factories import ISSUES

    with app.test_request_context():
        resident = make_resident(email="changed@example.org")
        found = {}
        for screening in (["not_reported"], ["none"]):
            draft = drafts.new_draft(resident)
            drafts.save_answers(draft, category="repairs", contact_method="email",
                                adjustments=[], screening=screening, deal_with="request")
            drafts.save_issue(draft, None, ISSUES[0])
            found[screening[0]] = submission.submit(draft, resident).screening
        assert "asked_for_service_request" in found["not_reported"]
        assert "asked_for_service_request" not in found["none"]
