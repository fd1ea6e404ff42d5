"""A complaint received by phone, by letter or in person, logged by staff for the resident
(issue 16 §2, last item; Code 3.1 "however made"): their account, or a new one without an
email address; the complaint goes through the usual intake and the resident is told
through the channel they chose."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Complaint, ContactTask, Event, OutboxMessage, User
from portal.services.correspondence.recipients import real_email
from tests.integration.test_staff_support import get, no_csrf, sign_in
from tests.support.factories import make_resident, make_staff

URL = "/staff/complaints/new"
COMPLAINT = {"category": "repairs", "summary": "Front door will not lock",
             "details": "The lock broke on Monday and nobody has come.",
             "outcome_wanted": "Fix the lock today."}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_phone_complaint_for_a_resident_without_an_account(app, client):
    with no_csrf(app).app_context():
        email = make_staff("customer_services", name="Cat Services").email
    sign_in(client, email)
    assert "How did the complaint reach us?" in get(client, URL)
    # A resident without an account cannot be emailed: the page names what to fix and
    # keeps everything typed.
    data = {"channel": "phone", "has_account": "no", "resident_name": "Nell Noemail",
            "resident_address": "4 Mill Lane\nLeeds", "resident_postcode": "ls1 4ab",
            "contact_method": "email", **COMPLAINT}
    response = client.post(URL, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in html
    assert 'href="#contact_method"' in html and "no email address" in html
    assert "Nell Noemail" in html and "The lock broke on Monday" in html
    with app.app_context():
        assert _count(Complaint) == 0 and _count(User) == 1  # nothing made
    response = client.post(URL, data={**data, "contact_method": "letter"})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    with app.app_context():
        found = db.session.scalar(select(Complaint))
        resident = found.resident
        assert resident.name == "Nell Noemail" and real_email(resident.email) is None
        assert resident.postcode == "LS1 4AB" and resident.kind == "resident"
        assert found.status == "received" and found.contact_method == "letter"
        assert found.issues[0].summary == "Front door will not lock"
        [event] = db.session.scalars(select(Event).where(
            Event.complaint_id == found.id, Event.kind == "complaint_submitted")).all()
        assert event.summary.startswith("Complaint received by phone, logged by staff")
        assert event.actor.name == "Cat Services" and event.payload["channel"] == "phone"
        # Told by post: a letter on the work list, no email.
        [task] = db.session.scalars(select(ContactTask).where(
            ContactTask.complaint_id == found.id)).all()
        assert task.method == "letter" and "4 Mill Lane" in task.address
        assert found.reference in task.text
        assert _count(OutboxMessage) == 0
        reference = found.reference
    assert reference in response.headers["Location"]
    page = get(client, f"/staff/complaints/{reference}")
    assert "Complaint received by phone, logged by staff" in page


def test_a_letter_for_a_resident_with_an_account(app, client):
    with no_csrf(app).app_context():
        email = make_staff("case_handler").email
        make_resident("Ada Account", email="ada@example.org", address="1 High St",
                      postcode="E1 1AA")
    sign_in(client, email)
    data = {"channel": "letter", "has_account": "yes", "resident_email": "nobody@example.org",
            "contact_method": "email", **COMPLAINT}
    response = client.post(URL, data=data)
    assert response.status_code == 400
    assert "No resident has an account with that email address" in response.get_data(
        as_text=True)
    response = client.post(URL, data={**data, "resident_email": "ADA@example.org"})
    assert response.status_code == 303
    with app.app_context():
        found = db.session.scalar(select(Complaint))
        assert found.resident.email == "ada@example.org"
        assert found.submitted_by_id == found.resident_id
        [mail] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "complaint_received")).all()
        assert mail.to == "ada@example.org" and found.reference in mail.text
        assert _count(User) == 2  # no new account


def test_staff_accounts_cannot_be_chosen_and_roles_are_checked(app, client):
    with no_csrf(app).app_context():
        reviewer = make_staff("reviewer").email
        manager = make_staff("complaints_manager", email="boss@example.org").email
    sign_in(client, reviewer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={"channel": "phone", **COMPLAINT}).status_code == 403
    other = app.test_client()
    sign_in(other, manager)
    response = other.post(URL, data={"channel": "in_person", "has_account": "yes",
                                     "resident_email": "boss@example.org",
                                     "contact_method": "email", **COMPLAINT})
    assert response.status_code == 400  # a staff account is never a resident
    with app.app_context():
        assert _count(Complaint) == 0
