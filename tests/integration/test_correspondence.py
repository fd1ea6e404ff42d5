"""Each person is told through the channel they chose (seed 001 §2.1: "preferred method
of contact"; seed 000 §1-7): an email, or, for a letter, a phone call or a text, a task on
the staff work list with the same words (and the letter to print, in large print where
asked). Every kind of message reaches the right people through a real SMTP server."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import ContactTask, OutboxMessage
from portal.services.actions import tracking
from portal.services.correspondence.sending import send_due
from portal.services.records import casework
from portal.services.records import deadlines as due_dates
from portal.services.responses import respond as responses
from portal.services.stage1 import actions as stage1
from tests.integration.test_representation_support import (
    mail,
    make_representative,
    on_behalf,
    respond_to,
    submitted_petition,
    verify,
)
from tests.integration.test_stage2_support import app_for_fixture  # noqa: F401 (fixture)
from tests.support.factories import make_complaint, make_resident, make_staff


def tasks(complaint, kind: str | None = None) -> list[ContactTask]:
    query = select(ContactTask).where(ContactTask.complaint_id == complaint.id)
    if kind:
        query = query.where(ContactTask.kind == kind)
    return list(db.session.scalars(query.order_by(ContactTask.id)))


def close(complaint, staff=None) -> None:
    staff = staff or make_staff("complaints_manager")
    stage1.close(staff, complaint, version=complaint.version,
                   seen=casework.last_event_id(complaint),
                   reason="We repaired the window and paid compensation.")


@pytest.mark.parametrize("method", ["letter", "phone", "text"])
def test_a_resident_who_chose_letter_phone_or_text_gets_a_task_not_an_email(app, method):
    with app.test_request_context():
        resident = make_resident("Pat Post", email="pat@example.org", phone="07700 900123",
                                 address="3 Mill Lane", postcode="E1 1AA")
        complaint = make_complaint(resident, contact_method=method,
                                   adjustments=("large_print",) if method == "letter" else ())
        respond_to(complaint)
        # The submission receipt goes to whoever typed it in online; nothing after it.
        assert {m.kind for m in mail("pat@example.org")} == {"complaint_received"}
        [acknowledged] = tasks(complaint, "acknowledged")
        [responded] = tasks(complaint, "responded")
        for task in (acknowledged, responded):
            assert task.method == method and task.done_at is None
            assert task.recipient_name == "Pat Post"
            assert complaint.reference in task.text and task.text.startswith("Dear Pat Post")
        assert "acknowledged" in acknowledged.subject.lower()
        assert responded.document_id is not None  # the formal letter itself
        if method == "letter":
            assert acknowledged.address.splitlines() == ["3 Mill Lane", "E1 1AA"]
            assert acknowledged.large_print and responded.large_print_document_id is not None
        else:
            assert acknowledged.phone == "07700 900123"
            assert acknowledged.contact_times == "Mornings"
            assert not acknowledged.large_print and responded.large_print_document_id is None


def test_a_resident_who_gave_no_email_is_written_to_by_post(app):
    with app.test_request_context():
        rep = make_representative(email="alex@advice.example.org")
        made = on_behalf(rep, correspondence_to="resident")  # no resident email given
        verify(made)
        respond_to(made)
        found = tasks(made)
        assert [t.kind for t in found] == ["acting_for_you", "acknowledged", "responded"]
        assert {t.method for t in found} == {"letter"}
        assert found[0].address.splitlines()[-1] == "E1 1AA"


def test_representative_is_emailed_while_the_resident_who_chose_letters_gets_a_letter(app):
    with app.test_request_context():
        make_resident("Jo Resident", email="jo@example.org", address="Flat 2, 10 Mill Lane",
                      postcode="E1 1AA")
        rep = make_representative("Alex Advocate", email="alex@advice.example.org")
        made = on_behalf(rep, resident_email="jo@example.org", correspondence_to="both")
        made.contact_method = "letter"
        db.session.commit()
        verify(made)
        respond_to(made)
        assert [m.kind for m in mail("alex@advice.example.org", "responded")] == ["responded"]
        assert not mail("jo@example.org", "responded")
        [task] = tasks(made, "responded")
        assert task.recipient_name == "Jo Resident" and task.method == "letter"


def test_the_closure_email_asks_the_resident_how_we_did(app):
    with app.test_request_context():
        make_resident("Jo Resident", email="jo@example.org")
        rep = make_representative("Alex Advocate", email="alex@advice.example.org")
        made = on_behalf(rep, resident_email="jo@example.org", correspondence_to="both")
        verify(made)
        respond_to(made)
        close(made)
        [to_resident] = mail("jo@example.org", "closed")
        [to_rep] = mail("alex@advice.example.org", "closed")
        survey = f"/complaints/{made.reference}/how-did-we-do"
        assert survey in to_resident.text and survey in to_resident.html
        # The survey is the resident's to answer: the representative is asked to reply.
        assert survey not in to_rep.text and "Reply to this email" in to_rep.text


# -- through a real SMTP server -----------------------------------------------------------


def delivered(smtp) -> dict[str, set[str]]:
    """Subject -> the addresses it reached."""
    found: dict[str, set[str]] = {}
    for message in smtp.messages:
        found.setdefault(message["Subject"], set()).add(message["To"])
    return found


def test_every_stage_1_message_reaches_the_resident_and_the_representative(mail_app, smtp):
    with mail_app.test_request_context():
        make_resident("Jo Resident", email="jo@example.org")
        rep = make_representative("Alex Advocate", email="alex@advice.example.org")
        made = on_behalf(rep, resident_email="jo@example.org", correspondence_to="both")
        verify(made)
        manager = make_staff("complaints_manager", name="Morgan Manager")
        other = make_staff("case_handler", name="Harper Handler")
        stage1.acknowledge(manager, made, version=made.version,
                             seen=casework.last_event_id(made),
                             definitions={i.id: f"Our understanding: {i.summary}"
                                          for i in made.issues}, handler_id=manager.id)
        stage1.change_handler(manager, made, version=made.version,
                                seen=casework.last_event_id(made), handler_id=other.id,
                                reason="Morgan is on leave")
        _current, latest = due_dates.extension_window(made, 1)
        stage1.extend(manager, made, version=made.version, seen=casework.last_event_id(made),
                        new_on=latest, reason="We are waiting for a surveyor's report")
        responses.respond(manager, made, version=made.version,
                         seen=casework.last_event_id(made),
                         draft=responses.ResponseDraft(decisions=[
                             responses.IssueDecision(i.id, "upheld", "We got this wrong.")
                             for i in made.issues]))
        close(made, manager)
        reference = made.reference
        assert send_due().sent == db.session.query(OutboxMessage).count()
    got = delivered(smtp)
    for subject in ("We have acknowledged your complaint",
                    "Your complaint has a new case handler",
                    "We need more time to respond to your complaint",
                    "Our response to your complaint",
                    "Your complaint is closed"):
        assert got[subject] == {"jo@example.org"}, subject
        # The adviser is not told it is their complaint (issue 15, 7b).
        theirs = (subject.replace("your complaint", "the complaint you are helping with")
                  .replace("Your complaint", "The complaint you are helping with"))
        assert got[theirs] == {"alex@advice.example.org"}, theirs
    for message in smtp.messages:
        if message["To"] != "alex@advice.example.org" or "complaint" not in message["Subject"]:
            continue
        for kind in ("plain", "html"):
            body = message.get_body(preferencelist=(kind,)).get_content()
            assert "your complaint" not in body.lower(), (message["Subject"], body)
            assert "Jo Resident" in body, (message["Subject"], kind)
    for message in smtp.messages:  # no name, address or reference in any subject
        assert "Jo" not in message["Subject"] and reference not in message["Subject"]
        assert message.get_body(preferencelist=("plain",)) is not None
        assert message.get_body(preferencelist=("html",)) is not None


def test_a_petition_response_reaches_the_lead_and_every_member_with_an_email(mail_app, smtp):
    with mail_app.test_request_context():
        petition, complaint = submitted_petition()
        members = {s.email for s in petition.signatures if s.email}
        respond_to(complaint)
        send_due()
    got = delivered(smtp)
    assert got["Our response to your complaint"] == {"lee@example.org"}
    assert got["A letter about the petition you signed"] == members - {"lee@example.org"}
    assert len(members) >= 4


def test_staff_see_that_a_resident_has_no_email_not_a_placeholder(app, client):
    from tests.support.web import get, sign_in

    with app.test_request_context():
        rep = make_representative(email="alex@advice.example.org")
        made = on_behalf(rep, correspondence_to="resident")
        staff = make_staff("complaints_manager")
        reference, email = made.reference, staff.email
    sign_in(client, email)
    page = get(client, f"/staff/complaints/{reference}").get_data(as_text=True)
    assert "None given: write by post" in page and "no-email.invalid" not in page


def test_every_stage_2_message_reaches_the_right_people(app_for, smtp):
    """IVH (seed 004: a 10 working day window for a review). The resident hears of each
    step; the reviewer is told the complaint is theirs; the case handler who took it
    themselves at stage 1 is not told so."""
    from datetime import date

    from portal.data.models import Action
    from tests.integration.test_stage2_support import (
        acknowledge_stage2,
        ask,
        complaint,
        respond_stage2,
        responded,
        user,
    )

    app = app_for("ivh", smtp_host="127.0.0.1", smtp_port=smtp.port,
                  mail_from="complaints@riverside.example")
    case = responded(app, received=date(2026, 3, 2), sent=date(2026, 3, 9))
    assert ask(app, case, date(2026, 3, 10)) is False  # asked in time: not late
    acknowledge_stage2(app, case, date(2026, 3, 11))
    respond_stage2(app, case, date(2026, 3, 20))
    with app.test_request_context():
        found = complaint(case.reference)
        action = db.session.scalar(select(Action).where(Action.complaint_id == found.id)
                                   .order_by(Action.id.desc()))
        tracking.complete_action(user(case.manager_email), action, version=found.version,
                                 seen=casework.last_event_id(found), done_on=date(2026, 3, 25),
                                 note="Damp treated", on=date(2026, 3, 25))
        assert send_due().gave_up == 0
    got = delivered(smtp)
    resident = {case.resident_email}
    for subject in ("We have received your complaint", "We have acknowledged your complaint",
                    "Our response to your complaint", "We have your request for a review",
                    "Our stage 2 response to your complaint",
                    "We have acknowledged your request for a review",
                    "An action on your complaint is done"):
        assert got.get(subject) == resident, subject
    assert got["A complaint has been assigned to you"] == {case.reviewer_email}


def test_a_resident_with_no_email_is_told_by_letter_that_someone_complained_for_them(app):
    """Someone claiming to act for a resident must not go unseen by the resident: one
    with no email gets a letter saying so, and how to say no (SPEC §1)."""
    with app.test_request_context():
        rep = make_representative("Alex Advocate", email="alex@advice.example.org")
        made = on_behalf(rep, correspondence_to="resident")  # no resident email given
        [task] = tasks(made, "acting_for_you")
        assert task.method == "letter" and task.recipient_name == "Jo Resident"
        assert task.address.splitlines()[-1] == "E1 1AA"
        assert "Alex Advocate (Citizens Advice) has made a complaint for you" in task.text
        assert "If you did not ask them to act for you" in task.text
        assert "0300 123 4567" in task.text and "sign in" not in task.text.lower()
