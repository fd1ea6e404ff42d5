"""Complaints made in confidence (issue 16 §2; southern-2022 "Anonymous complaints": "If a
customer makes a complaint in confidence, their identity will only be known to the person
who received the complaint and to a member of the Resolution team"; its profile has
who.anonymous = "in_confidence"). The complaints team has "see_confidential_identity";
the officer who logged it sees it too; a case handler never does, in any page, list,
search, document or work-list task, until the resident gives permission (an event).
Profiles that do not offer it (the Code's) refuse or ignore the flag, saying so."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal import create_app
from portal.data.db import db
from portal.data.models import Complaint, ContactTask, Event, OutboxMessage
from portal.services.intake import drafts, submission
from portal.services.records import confidence
from portal.services.records.documents import Checked, add_document
from tests.conftest import make_settings
from tests.integration.test_staff_support import (
    acknowledge,
    act,
    complaint,
    get,
    no_csrf,
    sign_in,
)
from tests.support.factories import ISSUES, make_resident, make_staff

NAME, POSTCODE, STREET, PHONE = "Morwenna Quillfeather", "E1 7QQ", "9 Hidden Row", "07700900982"
EMAIL = "morwenna@example.org"
SECRETS = (NAME, "Quillfeather", POSTCODE, STREET, PHONE, EMAIL)


@pytest.fixture
def southern(tmp_path, database_url):
    app = create_app(make_settings(tmp_path, database_url, profile="southern-2022"))
    yield no_csrf(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _in_confidence_complaint(contact_method: str = "letter") -> tuple[str, int]:
    """Inside an app context: a complaint made in confidence, with a document the resident
    uploaded; (reference, document id)."""
    resident = make_resident(NAME, email=EMAIL, postcode=POSTCODE, address=STREET,
                             phone=PHONE)
    draft = drafts.new_draft(resident)
    drafts.save_answers(draft, category="repairs", contact_method=contact_method,
                        contact_phone=PHONE, contact_times="Mornings", adjustments=[],
                        screening=[], in_confidence=True)
    for issue in ISSUES:
        drafts.save_issue(draft, None, issue)
    found = submission.submit(draft, resident)
    document = add_document(kind="evidence", uploaded_by_id=resident.id, complaint_id=found.id,
                            checked=Checked(f"{NAME}.txt", "text/plain", b"From " + NAME.encode()))
    db.session.commit()
    return found.reference, document.id


def _no_secret(html: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in html, (where, secret)


def _signed_in(app, email: str):
    client = app.test_client()
    sign_in(client, email)
    return client


def test_a_case_handler_never_sees_who_made_it_and_the_complaints_team_does(southern):
    app = southern
    with app.app_context():
        manager = make_staff("complaints_manager", name="Mia Manager")
        handler = make_staff("case_handler", name="Hal Handler")
        reviewer = make_staff("reviewer", name="Rey Reviewer")
        reference, document_id = _in_confidence_complaint()
        found = complaint(reference)
        assert found.in_confidence and confidence.withheld(found)
        assert found.received_by_id is None  # made online: the complaints team received it
        [made] = db.session.scalars(select(Event).where(
            Event.complaint_id == found.id, Event.kind == "made_in_confidence")).all()
        assert not made.internal  # the resident sees it in their timeline
        ids = manager.email, handler.email, reviewer.email, handler.id
    manager_email, handler_email, reviewer_email, handler_id = ids

    boss = _signed_in(app, manager_email)
    acknowledge(boss, reference, handler_id)  # the acknowledgement letter: a work-list task
    page = get(boss, f"/staff/complaints/{reference}")
    for secret in (NAME, POSTCODE, STREET, PHONE, EMAIL):
        assert secret in page
    assert "Made in confidence" in page and f"/staff/complaints/{reference}/disclose" in page
    assert NAME in get(boss, f"/staff?q={POSTCODE}")
    assert NAME in get(boss, "/staff?q=Quillfeather")
    assert boss.get(f"/staff/complaints/{reference}/documents/{document_id}").status_code == 200
    assert NAME in get(boss, "/staff/contact-tasks")
    with app.app_context():
        task_id = db.session.scalar(select(ContactTask.id).where(
            ContactTask.complaint_id == complaint(reference).id))
        # The resident still gets their own letters and emails, like anyone else.
        task = db.session.get(ContactTask, task_id)
        assert task.recipient_name == NAME and task.method == "letter"

    for email in (handler_email, reviewer_email):
        them = _signed_in(app, email)
        page = get(them, f"/staff/complaints/{reference}")
        _no_secret(page, "complaint page")
        assert "Name withheld (in confidence)" in page and "Who made it is withheld" in page
        assert "the resident (in confidence)" in page  # the timeline's actor
        assert f"/staff/complaints/{reference}/documents/{document_id}" not in page
        assert "A document withheld" in page
        assert them.get(f"/staff/complaints/{reference}/documents/{document_id}"
                        ).status_code == 404
        # The queue: the row is there, without the name or postcode.
        queue = get(them, "/staff")
        assert reference in queue
        _no_secret(queue, "queue")
        # A search by name or postcode does not find it; by reference it does (no name).
        for q in ("Quillfeather", "Morwenna", POSTCODE, "E1 7"):
            assert reference not in get(them, f"/staff?q={q}"), q
        by_reference = get(them, f"/staff?q={reference}")
        assert reference in by_reference
        _no_secret(by_reference, "search by reference")
        # The work list: the task (name, address) is not shown to them at all.
        tasks = get(them, "/staff/contact-tasks")
        _no_secret(tasks, "work list")
        assert them.get(f"/staff/contact-tasks/{task_id}").status_code == 404
        assert them.get(f"/staff/contact-tasks/{task_id}/letter.pdf").status_code == 404
        # Action pages show the name in their caption: withheld there too.
        _no_secret(get(them, f"/staff/complaints/{reference}/log-contact"), "log contact")
        # Only the officer who received it and the complaints team record permission.
        assert them.get(f"/staff/complaints/{reference}/disclose").status_code == 403

    # The handler's emails about it (assigned to them) carry no identity either.
    with app.app_context():
        for mail in db.session.scalars(select(OutboxMessage).where(
                OutboxMessage.to == handler_email)):
            _no_secret(mail.subject + mail.text + (mail.html or ""), "email to the handler")


def test_the_resident_gives_permission_and_then_the_handler_sees_who_made_it(southern):
    app = southern
    with app.app_context():
        manager = make_staff("complaints_manager")
        handler = make_staff("case_handler")
        reference, _ = _in_confidence_complaint(contact_method="email")
        emails = manager.email, handler.email, handler.id
    manager_email, handler_email, handler_id = emails
    acknowledge(_signed_in(app, manager_email), reference, handler_id)
    handler_client = _signed_in(app, handler_email)
    _no_secret(get(handler_client, f"/staff/complaints/{reference}"), "before")

    resident = _signed_in(app, EMAIL)
    page = get(resident, f"/complaints/{reference}")
    assert "Made in confidence" in page and "Let the people handling my complaint" in page
    assert resident.post(f"/complaints/{reference}/disclose").status_code == 303
    page = get(resident, f"/complaints/{reference}")
    assert "Let the people handling my complaint" not in page
    assert "gave permission" in page
    with app.app_context():
        found = complaint(reference)
        assert found.identity_disclosed_on is not None and not confidence.withheld(found)
        [event] = db.session.scalars(select(Event).where(
            Event.complaint_id == found.id, Event.kind == "identity_disclosed")).all()
        assert event.payload["by"] == "resident" and not event.internal
    # Once only: a second go says so.
    resident.post(f"/complaints/{reference}/disclose")
    assert "not being kept in confidence" in get(resident, f"/complaints/{reference}")

    page = get(handler_client, f"/staff/complaints/{reference}")
    assert NAME in page and POSTCODE in page and EMAIL in page
    assert reference in get(handler_client, "/staff?q=Quillfeather")
    assert handler_client.get(f"/staff/complaints/{reference}/disclose").status_code == 404


def test_staff_record_permission_on_the_residents_say_so(southern):
    app = southern
    with app.app_context():
        manager = make_staff("complaints_manager")
        handler = make_staff("case_handler")
        reference, _ = _in_confidence_complaint(contact_method="email")
        emails = manager.email, handler.email
    boss = _signed_in(app, emails[0])
    url = f"/staff/complaints/{reference}/disclose"
    response = act(boss, url, {"how": "  "}, status=400)
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and 'href="#how"' in html
    act(boss, url, {"how": "By phone on Monday: happy for the repairs team to know."})
    with app.app_context():
        found = complaint(reference)
        assert found.identity_disclosed_on is not None
        [event] = db.session.scalars(select(Event).where(
            Event.complaint_id == found.id, Event.kind == "identity_disclosed")).all()
        assert event.payload["by"] == "staff" and "By phone" in event.payload["text"]
    assert NAME in get(_signed_in(app, emails[1]), f"/staff/complaints/{reference}")


def test_the_officer_who_logged_it_sees_who_made_it_and_no_other_officer_does(southern):
    app = southern
    with app.app_context():
        officer = make_staff("customer_services", name="Olu Officer")
        other = make_staff("customer_services", name="Oti Other")
        emails = officer.email, other.email
    officer_client = _signed_in(app, emails[0])
    page = get(officer_client, "/staff/complaints/new")
    assert 'name="in_confidence"' in page
    response = officer_client.post("/staff/complaints/new", data={
        "channel": "phone", "has_account": "no", "resident_name": NAME,
        "resident_address": STREET, "resident_postcode": POSTCODE, "category": "repairs",
        "summary": "Leak under the sink", "details": "Since June.",
        "outcome_wanted": "Fix it.", "contact_method": "phone", "contact_phone": PHONE,
        "in_confidence": "y"})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    reference = re.search(r"(CMP-\d{4}-\d{6})", response.headers["Location"]).group(1)
    with app.app_context():
        found = complaint(reference)
        assert found.in_confidence and found.received_by_id is not None
    page = get(officer_client, f"/staff/complaints/{reference}")
    assert NAME in page and PHONE in page
    assert reference in get(officer_client, "/staff?q=Quillfeather")
    other_client = _signed_in(app, emails[1])
    _no_secret(get(other_client, f"/staff/complaints/{reference}"), "another officer")
    assert reference not in get(other_client, "/staff?q=Quillfeather")
    # The call to make is on the receiving officer's work list only.
    assert NAME in get(officer_client, "/staff/contact-tasks")
    _no_secret(get(other_client, "/staff/contact-tasks"), "another officer's work list")
    # The header's count of letters and calls counts it for the officer alone.
    waiting = [int(re.search(r"Letters and calls to make \((\d+)\)", get(c, "/staff")).group(1))
               for c in (officer_client, other_client)]
    assert waiting[0] == waiting[1] + 1, waiting


def test_the_resident_is_offered_it_in_plain_words_where_the_policy_allows(southern):
    app = southern
    with app.app_context():
        resident = make_resident(NAME, email=EMAIL, postcode=POSTCODE, address=STREET)
        draft_id = drafts.new_draft(resident).id
    client = _signed_in(app, EMAIL)
    page = get(client, f"/complaints/new/{draft_id}/contact")
    assert "Make this complaint in confidence" in page
    assert "only the person who receives your complaint and our complaints team" in page
    client.post(f"/complaints/new/{draft_id}/contact", data={
        "contact_method": "email", "in_confidence": "y"})
    with app.app_context():
        from portal.data.models import Draft

        assert db.session.get(Draft, draft_id).answers["in_confidence"] is True


def test_a_policy_without_it_does_not_offer_it_and_ignores_the_flag(app, client):
    """The Code's profile (hos-code-2024: who.anonymous = "not_stated") offers no
    in-confidence complaints: not on the resident's form, not on the staff form; a POST
    with the flag anyway is ignored (resident) or refused (staff), with a message."""
    no_csrf(app)
    with app.app_context():
        resident = make_resident(NAME, email=EMAIL)
        draft_id = drafts.new_draft(resident).id
        officer = make_staff("customer_services")
        officer_email = officer.email
    sign_in(client, EMAIL)
    page = get(client, f"/complaints/new/{draft_id}/contact")
    assert "in confidence" not in page
    response = client.post(f"/complaints/new/{draft_id}/contact", data={
        "contact_method": "email", "in_confidence": "y"}, follow_redirects=True)
    assert "does not offer complaints in confidence" in response.get_data(as_text=True)
    with app.app_context():
        from portal.data.models import Draft

        assert db.session.get(Draft, draft_id).answers["in_confidence"] is False
    client.get("/sign-out")
    staff = app.test_client()
    sign_in(staff, officer_email)
    page = get(staff, "/staff/complaints/new")
    assert 'name="in_confidence"' not in page
    response = staff.post("/staff/complaints/new", data={
        "channel": "phone", "has_account": "no", "resident_name": "Ann Other",
        "resident_address": "1 Road", "resident_postcode": "E1 1AA", "category": "repairs",
        "summary": "Leak", "details": "Since June.", "outcome_wanted": "Fix it.",
        "contact_method": "phone", "contact_phone": PHONE, "in_confidence": "y"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "does not offer complaints in confidence" in html
    assert "Ann Other" in html  # nothing typed is lost
    with app.app_context():
        assert db.session.scalar(select(Complaint.id)) is None


def test_a_restriction_on_the_resident_does_not_lead_a_handler_to_their_name(southern):
    """The restriction banner still warns the handler, but without the link to the
    restriction's page (which names the person)."""
    app = southern
    with app.app_context():
        from portal.data.models import Restriction
        from portal.services.records import casework

        manager = make_staff("complaints_manager")
        handler = make_staff("case_handler")
        reference, _ = _in_confidence_complaint(contact_method="email")
        found = complaint(reference)
        db.session.add(Restriction(
            person_id=found.resident_id, from_complaint_id=found.id, profile=found.profile,
            kind="written_only", behaviour="Abusive calls", detail="Write to us only.",
            starts_on=casework.today(), review_on=casework.today(), status="active",
            proposed_by_id=manager.id))
        db.session.commit()
        emails = manager.email, handler.email
    boss = _signed_in(app, emails[0])
    assert "RST-" in get(boss, f"/staff/complaints/{reference}")
    them = _signed_in(app, emails[1])
    for url in (f"/staff/complaints/{reference}", f"/staff/complaints/{reference}/log-contact"):
        page = get(them, url)
        assert "Write to us only." in page and "RST-" not in page, url
        _no_secret(page, url)


def test_words_recorded_on_the_complaint_do_not_name_them_to_a_handler(southern):
    """A call logged as "Tried to phone <name>", or contact notes with their number, are
    shown to a case handler with those details taken out."""
    app = southern
    with app.app_context():
        from portal.data.models import ContactLog
        from portal.services.records import events
        from portal.services.records.clock import now as clock_now

        manager = make_staff("complaints_manager")
        handler = make_staff("case_handler")
        reference, _ = _in_confidence_complaint(contact_method="phone")
        found = complaint(reference)
        events.record(found, "contact_attempted", f"Tried to phone {NAME}: no answer",
                      manager, internal=True, text=f"Left a message on {PHONE}")
        db.session.add(ContactLog(complaint_id=found.id, method="phone", shared=False,
                                  notes=f"Spoke to {NAME} at {STREET}, {POSTCODE}",
                                  by_id=manager.id, happened_at=clock_now()))
        db.session.commit()
        emails = manager.email, handler.email
    page = get(_signed_in(app, emails[1]), f"/staff/complaints/{reference}")
    _no_secret(page, "timeline and contact log")
    assert "Tried to phone [withheld]: no answer" in page
    page = get(_signed_in(app, emails[0]), f"/staff/complaints/{reference}")
    assert f"Tried to phone {NAME}" in page and f"Spoke to {NAME}" in page


def test_the_complaint_is_counted_in_the_export_without_who_made_it(southern):
    """Counted and reported like any other (the CSV has the complaint), and the export
    never carries a resident's identity."""
    app = southern
    with app.app_context():
        manager = make_staff("complaints_manager")
        reference, _ = _in_confidence_complaint(contact_method="email")
        email = manager.email
    response = _signed_in(app, email).get("/staff/reports/complaints.csv")
    assert response.status_code == 200
    csv = response.get_data(as_text=True)
    assert reference in csv
    _no_secret(csv, "export")


def test_an_authority_for_it_is_checked_only_by_those_who_may_see_who_made_it(southern):
    """A representative's letter of authority names the resident: for a complaint made in
    confidence, a case handler sees it withheld and cannot decide it; the complaints team
    can."""
    from tests.integration.test_representation_support import (
        authority_of,
        make_representative,
        on_behalf,
    )

    app = southern
    with app.app_context():
        manager = make_staff("complaints_manager")
        handler = make_staff("case_handler")
        found = on_behalf(make_representative(), resident_name=NAME)
        found.in_confidence = True  # (the representative ticked it for the resident)
        db.session.commit()
        authority_id = authority_of(found).id
        emails = manager.email, handler.email
    url = f"/staff/authorities/{authority_id}"
    them = _signed_in(app, emails[1])
    page = get(them, url)
    assert NAME not in page and "made in confidence" in page
    assert f'action="{url}/verify"' not in page
    assert them.post(f"{url}/verify", data={"scope": "complaint"}).status_code == 403
    assert them.post(f"{url}/revoke", data={"revoke-reason": "x"}).status_code == 403
    with app.app_context():
        assert authority_of(complaint_by_id(found.id)).status == "pending"
    # nor in the list of authorities to check
    listed = get(them, "/staff/authorities")
    assert f'href="{url}"' in listed
    assert NAME not in listed and "Name withheld (in confidence)" in listed
    team = _signed_in(app, emails[0])
    page = get(team, url)
    assert NAME in page and f'action="{url}/verify"' in page
    assert NAME in get(team, "/staff/authorities")


def complaint_by_id(complaint_id: int) -> Complaint:
    return db.session.get(Complaint, complaint_id)
