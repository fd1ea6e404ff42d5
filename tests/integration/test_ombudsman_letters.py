"""The resident is written to when the Housing Ombudsman's determination is recorded, and
a determination recorded wrongly is corrected by an event and a new letter, never by
changing the first (IVH 004 §7.2; issue 16 §5). Letters go through the immutable-PDF path
(stored once, read back with pypdf) and correspondence.tell (the channel each chose)."""

from __future__ import annotations

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Document, Event, OutboxMessage
from portal.services.records import casework
from tests.integration.test_representation_support import pdf_text
from tests.integration.test_staff_support import (
    act,
    complaint,
    date_fields,
    get,
    no_csrf,
    sign_in,
    staff_and_complaint,
)


def _determined(app, client):
    email, ref = staff_and_complaint(no_csrf(app), "complaints_manager")
    sign_in(client, email)
    today = casework.today()
    base = f"/staff/complaints/{ref}/ombudsman"
    act(client, base, {**date_fields("started_on", today), "ombudsman_reference": "HOS-123"})
    act(client, f"{base}/determination", {
        **date_fields("determined_on", today), "findings": ["maladministration"],
        "summary": "Delays in repairing the damp."})
    return ref, base


def test_the_resident_is_sent_a_letter_when_the_determination_is_recorded(app, client):
    ref, _base = _determined(app, client)
    with app.app_context():
        found = complaint(ref)
        [event] = db.session.scalars(select(Event).where(
            Event.complaint_id == found.id, Event.kind == "ombudsman_determined")).all()
        document = db.session.get(Document, event.payload["document_id"])
        assert document.kind == "ombudsman_letter"
        text = pdf_text(document.file.data)
        assert "Maladministration" in text and "Delays in repairing the damp." in text
        assert "HOS-123" in text and found.resident.name in text
        [mail] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "ombudsman_determined")).all()
        assert mail.to == found.resident.email
        assert f"/complaints/{ref}/documents/{document.id}" in mail.text
        resident_email = found.resident.email
    # The resident downloads exactly the stored letter.
    client.get("/sign-out")
    resident = app.test_client()
    sign_in(resident, resident_email)
    response = resident.get(f"/complaints/{ref}/documents/{document.id}")
    assert response.status_code == 200 and response.headers["ETag"] == document.file.sha256


def test_a_determination_is_corrected_by_an_event_and_a_new_letter(app, client):
    ref, base = _determined(app, client)
    url = f"{base}/determination/correct"
    page = get(client, f"/staff/complaints/{ref}")
    assert f'href="{url}"' in page
    page = get(client, url)
    assert "Delays in repairing the damp." in page  # what is recorded, to correct
    today = casework.today()
    # No reason: the form again, with the error summary, nothing typed lost.
    response = act(client, url, {**date_fields("determined_on", today),
                                 "findings": ["severe_maladministration"],
                                 "summary": "Severe delays.", "reason": " "}, status=400)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and 'href="#reason"' in html and "Severe delays." in html
    # Nothing changed: refused.
    response = act(client, url, {**date_fields("determined_on", today),
                                 "findings": ["maladministration"],
                                 "summary": "Delays in repairing the damp.",
                                 "reason": "Typo"}, status=400)
    assert "Nothing has changed" in response.get_data(as_text=True)
    act(client, url, {**date_fields("determined_on", today),
                      "findings": ["severe_maladministration"],
                      "summary": "Severe delays in repairing the damp.",
                      "reason": "We recorded the finding as maladministration; it was severe."})
    with app.app_context():
        found = complaint(ref)
        events = {e.kind: e for e in db.session.scalars(select(Event).where(
            Event.complaint_id == found.id))}
        first, fix = events["ombudsman_determined"], events["ombudsman_determination_corrected"]
        # The first event is as it was; the correction keeps what it said before.
        assert first.payload["findings"] == ["maladministration"]
        assert fix.payload["before"]["findings"] == ["maladministration"]
        assert fix.payload["findings"] == ["severe_maladministration"]
        assert "it was severe" in fix.payload["reason"]
        old = db.session.get(Document, first.payload["document_id"])
        new = db.session.get(Document, fix.payload["document_id"])
        assert old.id != new.id and "Severe" not in pdf_text(old.file.data)
        text = pdf_text(new.file.data)
        assert "correction" in text and "Severe maladministration" in text
        assert "it was severe" in text
        mails = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "ombudsman_determined").order_by(OutboxMessage.id)).all()
        assert len(mails) == 2 and "corrected" in mails[1].text
    page = get(client, f"/staff/complaints/{ref}")
    assert "Severe maladministration" in page


def test_no_determination_nothing_to_correct(app, client):
    email, ref = staff_and_complaint(no_csrf(app), "complaints_manager")
    sign_in(client, email)
    url = f"/staff/complaints/{ref}/ombudsman/determination/correct"
    assert "nothing to correct" in get(client, url)
    response = act(client, url, {**date_fields("determined_on", casework.today()),
                                 "findings": ["maladministration"], "summary": "x",
                                 "reason": "y"}, status=400)
    assert "no determination to correct" in response.get_data(as_text=True)
