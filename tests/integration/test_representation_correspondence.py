"""Correspondence goes where the authority says (SPEC §1): the resident, the
representative or both, and only while the authority covers the complaint; letters to a
representative are written "on behalf of" the resident. A communal complaint answers
each resident (seed 001 §2.3, §5)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, Response
from portal.services.accounts import access
from portal.services.correspondence import recipients
from portal.services.records import casework
from portal.services.representation import casework as staff_representation
from portal.services.stage1 import queue as stage1_queue
from tests.integration.test_representation_support import (
    mail,
    make_representative,
    on_behalf,
    pdf_text,
    respond_to,
    verify,
)
from tests.support.factories import make_complaint, make_resident, make_staff
from tests.support.web import get, sign_in


@pytest.mark.parametrize("correspondence_to, resident_told, rep_told", [
    ("both", True, True), ("representative", False, True), ("resident", True, False)])
def test_emails_and_letters_go_where_the_authority_says(app, correspondence_to,
                                                        resident_told, rep_told):
    with app.test_request_context():
        make_resident("Jo Resident", email="jo@example.org", address="Flat 2, 10 Mill Lane",
                      postcode="E1 1AA")
        rep = make_representative("Alex Advocate", email="alex@advice.example.org")
        rep.address, rep.postcode = "Advice Centre, 1 High Street", "N1 1AA"
        made = on_behalf(rep, resident_email="jo@example.org",
                         correspondence_to=correspondence_to)
        verify(made)
        response = respond_to(made)
        assert bool(mail("jo@example.org", "responded")) is resident_told
        assert bool(mail("alex@advice.example.org", "responded")) is rep_told
        text = pdf_text(response.document.file.data)
        if rep_told:
            assert "Dear Alex Advocate," in text and "Citizens Advice" in text
            assert "Written to Alex Advocate on behalf of Jo Resident" in text
            assert "Advice Centre" in text
        else:
            assert "on behalf of" not in text and "Dear Jo Resident" in text


def test_nothing_goes_to_a_representative_until_authority_is_verified(app):
    with app.test_request_context():
        make_resident("Jo Resident", email="jo@example.org")
        rep = make_representative(email="alex@advice.example.org")
        made = on_behalf(rep, resident_email="jo@example.org",
                         correspondence_to="representative")
        people = recipients.recipients(made)
        assert [(p.name, p.role) for p in people] == [("Jo Resident", "resident")]
        assert recipients.letter_addressee(made)["on_behalf_of"] is None
        respond_to(made)
        assert mail("jo@example.org", "acknowledged") and mail("jo@example.org", "responded")
        assert not mail("alex@advice.example.org", "acknowledged")
        assert not mail("alex@advice.example.org", "responded")


def test_a_resident_with_no_email_is_written_to_by_post_only(app):
    with app.test_request_context():
        rep = make_representative(email="alex@advice.example.org")
        made = on_behalf(rep, correspondence_to="resident")
        verify(made)
        [person] = recipients.recipients(made)
        assert person.email is None and person.address_lines[-1] == "E1 1AA"
        before = len(mail(made.resident.email))
        respond_to(made)
        assert len(mail(made.resident.email)) == before == 0


def test_joined_complaints_are_handled_together_and_each_resident_answered(app, client):
    with app.test_request_context():
        residents = [make_resident(name, email=f"{name.split()[0].lower()}@example.org")
                     for name in ("Ann Able", "Ben Baker", "Cat Cole")]
        first, second, third = (make_complaint(r) for r in residents)
        manager = make_staff("complaints_manager", email="manager@example.org")
        refs = staff_representation.join(manager, first, version=first.version,
                                         seen=casework.last_event_id(first),
                                         references=[second.reference, third.reference])
        assert refs == [second.reference, third.reference]
        assert mail("ben@example.org", "complaint_joined")
        # Handled in one place: the joined ones leave the queue.
        queue = stage1_queue.queue(manager, tab="open")
        assert [r.reference for r in queue.rows] == [first.reference]
        response = respond_to(first, manager)
        for who in ("ann", "ben", "cat"):
            assert mail(f"{who}@example.org", "responded"), who
        [ben] = mail("ben@example.org", "responded")
        assert second.reference in ben.text and f"/complaints/{second.reference}" in ben.text
        text = pdf_text(response.document.file.data)
        assert "Residents who made this communal complaint" in text
        assert "Ann Able" not in text  # one resident's name is not sent to the others
        document_id = response.document_id
        second_ref, first_ref = second.reference, first.reference
    sign_in(client, "ben@example.org")
    page = get(client, f"/complaints/{second_ref}").get_data(as_text=True)
    assert "Handled together with others" in page and "stage-1-response" in page
    # Ben's own complaint stopped at "received" when it was joined: he is shown where the
    # communal complaint has got to (answered at stage 1), not a stale "received".
    status = page.split('id="status"', 1)[1].split("</dl>", 1)[0]
    assert "We have sent our stage 1 response" in status
    dashboard = get(client, "/complaints").get_data(as_text=True)
    assert "Handled together with others" in dashboard
    letter = client.get(f"/complaints/{second_ref}/communal-letters/{document_id}")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF-")
    get(client, f"/complaints/{first_ref}", status=404)  # never the communal case itself
    assert client.get(f"/complaints/{first_ref}/documents/{document_id}").status_code == 404
    staff = app.test_client()
    sign_in(staff, "manager@example.org")
    page = get(staff, f"/staff/complaints/{second_ref}").get_data(as_text=True)
    assert "Joined into communal complaint" in page
    page = get(staff, f"/staff/complaints/{first_ref}").get_data(as_text=True)
    assert "Ben Baker" in page


def test_joining_through_the_staff_page(app, client):
    with app.test_request_context():
        first = make_complaint(make_resident("Ann Able"))
        second = make_complaint(make_resident("Ben Baker"))
        make_staff("customer_services", email="cs@example.org")
        make_staff("case_handler", email="handler@example.org")
        refs = first.reference, second.reference
    sign_in(client, "handler@example.org")
    get(client, f"/staff/complaints/{refs[0]}/join", status=403)  # not a handler's call
    client = app.test_client()
    sign_in(client, "cs@example.org")
    from tests.integration.test_staff_support import act

    url = f"/staff/complaints/{refs[0]}/join"
    page = get(client, f"{url}?q=Ben").get_data(as_text=True)
    assert refs[1] in page
    none = act(client, url, {}, status=400).get_data(as_text=True)
    assert "Select at least one complaint" in none
    act(client, url, {"references": refs[1]})
    with app.app_context():
        joined = db.session.scalar(select(Complaint).where(Complaint.reference == refs[1]))
        assert joined.joined_into_id is not None
        assert [c.reference for c in access.joined_complaints(
            db.session.get(Complaint, joined.joined_into_id))] == [refs[1]]
        assert db.session.scalar(select(Response)) is None
