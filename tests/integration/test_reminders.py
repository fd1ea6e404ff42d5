"""Scheduled notices (portal.services.correspondence.reminders,
`flask notifications remind|digest`) on a
fixed "today" across the Christmas 2026 bank-holiday weekend, and the notice a member
of staff gets when a complaint is assigned to them.

Dates by hand (England): Friday 25 December 2026 is Christmas Day; Boxing Day falls on
Saturday 26, so its substitute bank holiday is Monday 28 December. Thursday 24 is a
working day and the next working day after it is Tuesday 29 December.

- Agreed contacts: the run on Thursday 24 reminds for every date after it up to and
  including Tuesday 29 (25, 26, 27, 28, 29); Wednesday 23's run covers only Thursday 24;
  runs on 25, 26, 27 and 28 do nothing (not working days).
- The review window (IVH, seeds/004 §5.1: 10 working days after the stage 1 response).
  Sent on Tuesday 15 December 2026: 16 (1), 17 (2), 18 (3), 21 (4), 22 (5), 23 (6),
  24 (7), [25, 26, 27, 28], 29 (8), 30 (9), 31 (10) -> Thursday 31 December 2026.
  Working days left after Thursday 24: 29, 30, 31 = 3, so it is reminded on the 24th;
  after Wednesday 23: 24, 29, 30, 31 = 4, so not then. Counted in calendar days the
  24th is 7 days before the end, not 3.
- Digest: a complaint acknowledged on Tuesday 1 December 2026 (the Code, 6.5: 10 WD)
  had its stage 1 response due on Tuesday 15 December: overdue on Thursday 24.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Action, Complaint, ContactLog, OutboxMessage, SentNotice, User
from portal.services.correspondence import digest as staff_digest_job
from portal.services.correspondence import reminders
from portal.services.correspondence.sending import send_due
from portal.services.records import clock
from portal.services.records import deadlines as due_dates
from portal.services.records.policy import current_calendar
from portal.services.review import casework as review_casework
from portal.services.stage1 import actions as stage1
from tests.integration.test_stage2_support import (  # noqa: F401 (fixtures)
    acknowledge_stage2,
    app_for_fixture,
    ask,
    quick_letters,
    responded,
    user,
)
from tests.support.factories import make_complaint, make_resident, make_staff

WED_23, THU_24, FRI_25 = date(2026, 12, 23), date(2026, 12, 24), date(2026, 12, 25)
SAT_26, SUN_27, MON_28 = date(2026, 12, 26), date(2026, 12, 27), date(2026, 12, 28)
TUE_29, WED_30, THU_31 = date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)
ACKED = date(2026, 12, 1)
STAGE1_SENT = date(2026, 12, 15)


def _on(monkeypatch, day: date) -> None:
    monkeypatch.setattr(clock, "today", lambda: day)


def _acknowledged(received: date = ACKED, *, handler: User | None = None,
                  manager: User | None = None, contact_method: str = "email",
                  name: str = "Jo Resident") -> Complaint:
    """A complaint acknowledged on `received` by a complaints manager, with a handler."""
    handler = handler or make_staff("case_handler", name="Hal Handler")
    manager = manager or make_staff("complaints_manager", name="Mo Manager")
    complaint = make_complaint(make_resident(name), received=received,
                               contact_method=contact_method)
    stage1.acknowledge(manager, complaint, version=complaint.version, seen=0,
                         definitions={i.id: f"{i.summary}: understood." for i in complaint.issues},
                         handler_id=handler.id, on=received)
    return complaint


def _agree(complaint: Complaint, due_on: date, method: str = "phone") -> None:
    """The handler agrees the next contact date (the call that agreed it is not logged)."""
    stage1.log_contact(complaint.handler, complaint, version=complaint.version, seen=0,
                         method=None, notes="", shared=False, next_on=due_on,
                         next_method=method, on=ACKED)


def _mail(kind: str, to: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.kind == kind)
    if to is not None:
        query = query.where(OutboxMessage.to == to)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def test_the_christmas_calendar_is_as_the_docstring_says(app):
    with app.app_context():
        calendar = current_calendar()
        assert [calendar.is_working_day(d) for d in (THU_24, FRI_25, SAT_26, SUN_27, MON_28,
                                                     TUE_29)] == [True] + [False] * 4 + [True]
        assert calendar.add_working_days(THU_24, 1) == TUE_29
        assert calendar.add_working_days(STAGE1_SENT, 10) == THU_31


# -- the day before an agreed contact ----------------------------------------------------------


def test_agreed_contacts_are_reminded_on_the_working_day_before_across_the_holiday(
        app, monkeypatch):
    with app.app_context():
        on_tuesday = _acknowledged(name="Tess Tuesday")
        _agree(on_tuesday, TUE_29)
        on_saturday = _acknowledged(name="Sam Saturday")
        _agree(on_saturday, SAT_26, "visit")
        on_wednesday = _acknowledged(name="Wyn Wednesday")
        _agree(on_wednesday, WED_30)
        refs = {c.reference: c.resident.email for c in (on_tuesday, on_saturday, on_wednesday)}
        tue, sat, wed = list(refs)

        _on(monkeypatch, WED_23)
        assert reminders.remind_agreed_contacts() == []  # only Thursday 24 is covered
        _on(monkeypatch, THU_24)
        assert sorted(reminders.remind_agreed_contacts()) == sorted([tue, sat])
        assert reminders.remind_agreed_contacts() == []  # run again: nothing twice
        for day in (FRI_25, SAT_26, SUN_27, MON_28):
            _on(monkeypatch, day)
            assert reminders.remind_agreed_contacts() == [], day
        _on(monkeypatch, TUE_29)
        assert reminders.remind_agreed_contacts() == [wed]

        messages = _mail("contact_reminder")
        assert sorted(m.to for m in messages) == sorted(refs.values())
        [to_tuesday] = _mail("contact_reminder", refs[tue])
        assert to_tuesday.subject == reminders.CONTACT_SUBJECT
        assert "Dear Tess Tuesday" in to_tuesday.text
        assert "Tuesday 29 December 2026" in to_tuesday.text
        assert "we will phone you" in to_tuesday.text and "Hal Handler" in to_tuesday.text
        assert f"http://127.0.0.1:5000/complaints/{tue}" in to_tuesday.text
        assert "Tuesday 29 December 2026" in to_tuesday.html
        [to_saturday] = _mail("contact_reminder", refs[sat])
        assert "Saturday 26 December 2026" in to_saturday.text
        assert "we will visit you at home" in to_saturday.text
        assert db.session.scalar(select(func.count()).select_from(SentNotice)) == 3


def test_no_reminder_for_a_closed_complaint_a_kept_date_or_someone_not_on_email(
        app, monkeypatch):
    with app.app_context():
        withdrawn = _acknowledged()
        _agree(withdrawn, TUE_29)
        withdrawn.status = "withdrawn"
        db.session.commit()
        kept = _acknowledged()
        _agree(kept, TUE_29)
        db.session.add(ContactLog(complaint_id=kept.id, method="phone", notes="Called early.",
                                  by_id=kept.handler_id,
                                  happened_at=datetime.now(UTC) + timedelta(minutes=1)))
        db.session.commit()
        by_phone = _acknowledged(contact_method="phone")
        _agree(by_phone, TUE_29)
        _on(monkeypatch, THU_24)
        assert reminders.remind_agreed_contacts() == []
        assert _mail("contact_reminder") == []
        # A reminder is email only: no letter or call is put on the work list for it.
        from portal.data.models import ContactTask

        assert db.session.scalars(select(ContactTask).where(
            ContactTask.kind == "contact_reminder")).all() == []


def test_two_runs_at_once_on_postgresql_remind_once(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("concurrent transactions need PostgreSQL; SQLite runs one job at a time")
        handler = make_staff("case_handler", name="Hal Handler")
        manager = make_staff("complaints_manager", name="Mo Manager")
        for _ in range(8):
            _agree(_acknowledged(handler=handler, manager=manager), TUE_29)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                results.append(reminders.remind_agreed_contacts(THU_24))
            except Exception as error:  # noqa: BLE001 (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(results) == 2
    assert sum(len(r) for r in results) == 8
    with app.app_context():
        messages = _mail("contact_reminder")
        assert len(messages) == 8 and len({m.to for m in messages}) == 8
        assert db.session.scalar(select(func.count()).select_from(SentNotice)) == 8


# -- the time to ask for a review is ending --------------------------------------------------


def _ivh_case(app_for, received: date = ACKED, sent: date = STAGE1_SENT):
    app = app_for("ivh")
    case = responded(app, received=received, sent=sent)
    return app, case


def test_review_window_reminded_when_3_working_days_are_left_across_the_holiday(
        app_for, quick_letters, monkeypatch):  # noqa: F811 (fixture)
    app, case = _ivh_case(app_for)
    with app.app_context():
        found = db.session.scalar(select(Complaint).where(Complaint.reference == case.reference))
        closes, window = due_dates.stage2_window(found, THU_24)
        assert closes.due_on == THU_31 and window.working_days_left == 3
        db.session.rollback()

        _on(monkeypatch, WED_23)
        assert reminders.remind_stage2_window() == []  # 4 working days left
        _on(monkeypatch, THU_24)
        assert reminders.remind_stage2_window() == [case.reference]
        assert reminders.remind_stage2_window() == []
        for day in (FRI_25, MON_28):
            _on(monkeypatch, day)
            assert reminders.remind_stage2_window() == []
        _on(monkeypatch, TUE_29)
        assert reminders.remind_stage2_window() == []  # once per complaint

        [message] = _mail("stage2_window_closing")
        assert message.to == case.resident_email
        assert message.subject == reminders.WINDOW_SUBJECT
        assert "Thursday 31 December 2026" in message.text
        assert "(3 working days from today)" in message.text
        assert f"/complaints/{case.reference}/ask-for-a-review" in message.text
        settings = app.config["PORTAL"]
        assert settings.landlord_phone in message.text and settings.landlord_email in message.text
        assert "Thursday 31 December 2026" in message.html


def test_a_missed_run_still_reminds_but_not_once_the_window_has_closed(
        app_for, quick_letters, monkeypatch):  # noqa: F811 (fixture)
    app, case = _ivh_case(app_for)
    with app.app_context():
        _on(monkeypatch, date(2027, 1, 4))  # the window ended on Thursday 31 December
        assert reminders.remind_stage2_window() == []
        _on(monkeypatch, TUE_29)  # the run on Thursday 24 did not happen
        assert reminders.remind_stage2_window() == [case.reference]
        [message] = _mail("stage2_window_closing")
        assert "(2 working days from today)" in message.text


def test_no_review_window_reminder_once_a_review_is_asked_for_or_without_a_window(
        app_for, quick_letters, monkeypatch):  # noqa: F811 (fixture)
    app, asked = _ivh_case(app_for)
    ask(app, asked, date(2026, 12, 22))
    code = app_for("hos-code-2024")  # the Code sets no window (6.12)
    responded(code, received=ACKED, sent=STAGE1_SENT)
    with app.app_context():
        for day in (THU_24, TUE_29, WED_30, THU_31):
            _on(monkeypatch, day)
            assert reminders.remind_stage2_window() == []
        assert _mail("stage2_window_closing") == []


# -- the staff digest ---------------------------------------------------------------------------


def test_digest_lists_each_persons_overdue_and_due_today_work_once(app, monkeypatch):
    with app.app_context():
        manager = make_staff("complaints_manager", name="Mo Manager")
        busy = make_staff("case_handler", name="Bea Busy")
        idle = make_staff("case_handler", name="Ida Idle")
        make_staff("customer_services", name="Cy Services")
        late = _acknowledged(ACKED, handler=busy, manager=manager)  # response due 15 Dec
        _agree(late, THU_24)
        db.session.add(Action(complaint_id=late.id, description="Replace the extractor fan",
                              owner="Repairs team", due_on=THU_24))
        db.session.commit()
        _acknowledged(date(2026, 12, 22), handler=idle, manager=manager)  # due in January
        waiting = make_complaint(received=date(2026, 12, 10))  # acknowledge by 17 December
        late_ref, waiting_ref = late.reference, waiting.reference

        _on(monkeypatch, FRI_25)
        assert staff_digest_job.staff_digest() == []  # not a working day
        _on(monkeypatch, THU_24)
        assert sorted(staff_digest_job.staff_digest()) == sorted([busy.email, manager.email])
        assert staff_digest_job.staff_digest() == []  # run again: nothing twice

        [digest] = _mail("staff_digest", busy.email)
        assert digest.subject == "Your complaints: what is due today"
        text = digest.text
        assert "Overdue (1)" in text and "Due today (2)" in text
        overdue, today = text.split("Due today")
        assert f"{late_ref}: Stage 1 response, was due Tuesday 15 December 2026" in overdue
        assert f"{late_ref}: Agreed contact (phone call), due Thursday 24 December 2026" in today
        assert "Replace the extractor fan (Repairs team)" in today
        assert f"http://127.0.0.1:5000/staff/complaints/{late_ref}" in text
        assert f'href="http://127.0.0.1:5000/staff/complaints/{late_ref}"' in digest.html
        assert "Jo Resident" not in text  # no personal detail needed
        [for_manager] = _mail("staff_digest", manager.email)
        assert "Not yet assigned to anyone (1)" in for_manager.text
        assert f"{waiting_ref}: Acknowledge the complaint" in for_manager.text
        assert _mail("staff_digest", idle.email) == []

        _on(monkeypatch, TUE_29)  # a new day: a new digest; the missed contact stays on it
        assert busy.email in staff_digest_job.staff_digest()
        latest = _mail("staff_digest", busy.email)[-1]
        assert "Agreed contact (phone call): missed, no contact made since" in latest.text


# -- assigned to you -------------------------------------------------------------------------------


def test_digest_lists_letters_and_calls_still_to_make_on_the_work_list(app, monkeypatch):
    """A call for a resident who asked to be phoned is due the working day after it was
    put on the work list; left undone, it is on the handler's digest until it is made."""
    from portal.data.models import ContactTask

    with app.app_context():
        handler = make_staff("case_handler", name="Bea Busy")
        called = _acknowledged(ACKED, handler=handler, contact_method="phone")
        [task] = db.session.scalars(select(ContactTask).where(
            ContactTask.complaint_id == called.id))
        task.created_at = datetime(2026, 12, 22, 10, 0, tzinfo=UTC)  # Tue 22: due Wed 23
        db.session.commit()
        task_id, reference = task.id, called.reference

        _on(monkeypatch, date(2026, 12, 22))
        staff_digest_job.staff_digest()
        [before] = _mail("staff_digest", handler.email)  # the stage 1 response is overdue
        assert "Call to make" not in before.text  # the call is not due yet
        _on(monkeypatch, date(2026, 12, 23))
        assert handler.email in staff_digest_job.staff_digest()
        [_before, digest] = _mail("staff_digest", handler.email)
        today = digest.text.split("Due today", 1)[1]
        assert f"{reference}: Call to make: We have acknowledged your complaint" in today
        assert f"http://127.0.0.1:5000/staff/contact-tasks/{task_id}" in digest.text

        task = db.session.get(ContactTask, task_id)
        task.done_at = datetime(2026, 12, 23, 11, 0, tzinfo=UTC)
        db.session.commit()
        _on(monkeypatch, THU_24)
        staff_digest_job.staff_digest()
        [*_earlier, last] = _mail("staff_digest", handler.email)
        assert last.id > digest.id and "Call to make" not in last.text


def test_assignment_notice_goes_to_the_assignee_never_to_someone_who_assigned_themselves(app):
    with app.app_context():
        manager = make_staff("complaints_manager", name="Mo Manager")
        handler = make_staff("case_handler", name="Hal Handler")
        other = make_staff("case_handler", name="Oli Other")
        assigned = _acknowledged(ACKED, handler=handler, manager=manager)
        [notice] = _mail("assigned_to_you")
        assert notice.to == handler.email
        assert notice.subject == "A complaint has been assigned to you"
        assert "Mo Manager has made you the case handler" in notice.text
        assert "Stage 1 response by Tuesday 15 December 2026" in notice.text
        assert f"http://127.0.0.1:5000/staff/complaints/{assigned.reference}" in notice.text
        assert "Jo Resident" not in notice.subject

        own = make_complaint(received=ACKED)
        stage1.acknowledge(handler, own, version=own.version, seen=0,
                             definitions={i.id: "Understood." for i in own.issues},
                             handler_id=handler.id, on=ACKED)
        assert len(_mail("assigned_to_you")) == 1  # took it themselves: no notice

        stage1.change_handler(manager, assigned, version=assigned.version, seen=0,
                                handler_id=other.id, reason="Hal is on leave.")
        [changed] = _mail("assigned_to_you", other.email)
        assert "Why: Hal is on leave." in changed.text


def test_reviewer_is_told_when_assigned_by_someone_else_not_when_they_take_it(
        app_for, quick_letters):  # noqa: F811 (fixture)
    app = app_for("hos-code-2024")
    first = responded(app, received=ACKED, sent=STAGE1_SENT)
    ask(app, first, date(2026, 12, 16))
    acknowledge_stage2(app, first, date(2026, 12, 17))
    with app.app_context():
        [notice] = _mail("assigned_to_you", first.reviewer_email)
        assert "the reviewer (stage 2)" in notice.text and first.reference in notice.text
        assert "Stage 2 response by" in notice.text
    second = responded(app, received=ACKED, sent=STAGE1_SENT)
    ask(app, second, date(2026, 12, 16))
    with app.test_request_context():
        reviewer = user(second.reviewer_email)
        found = db.session.scalar(select(Complaint).where(Complaint.reference == second.reference))
        review_casework.acknowledge_stage2(reviewer, found, version=found.version, seen=0,
                                    definitions={i.id: "Stage 2." for i in found.issues},
                                    reviewer_id=reviewer.id, on=date(2026, 12, 17))
        assert _mail("assigned_to_you", second.reviewer_email) == []


# -- the commands ---------------------------------------------------------------------------------


def test_cli_commands_remind_and_digest_and_are_safe_to_run_again(app, cli):
    with app.app_context():
        complaint = _acknowledged()
        _agree(complaint, TUE_29)
        reference = complaint.reference
    result = cli.invoke(args=["notifications", "remind", "--today", "2026-12-24"])
    assert result.exit_code == 0, result.output
    assert f"{reference}: reminded of the agreed contact date" in result.output
    assert "1 agreed contact reminder(s), 0 review window reminder(s)." in result.output
    again = cli.invoke(args=["notifications", "remind", "--today", "2026-12-24"])
    assert "0 agreed contact reminder(s), 0 review window reminder(s)." in again.output
    holiday = cli.invoke(args=["notifications", "digest", "--today", "2026-12-25"])
    assert "0 digest(s) queued." in holiday.output
    digest = cli.invoke(args=["notifications", "digest", "--today", "2026-12-24"])
    assert digest.exit_code == 0, digest.output
    assert "1 digest(s) queued." in digest.output
    assert "0 digest(s) queued." in cli.invoke(
        args=["notifications", "digest", "--today", "2026-12-24"]).output
    with app.app_context():
        assert len(_mail("contact_reminder")) == 1 and len(_mail("staff_digest")) == 1


# -- delivered -----------------------------------------------------------------------------------


def test_reminder_and_digest_are_delivered_over_smtp_with_no_personal_subject(
        mail_app, smtp, monkeypatch):
    with mail_app.app_context():
        complaint = _acknowledged(name="Tess Tuesday")
        _agree(complaint, TUE_29)
        resident, handler = complaint.resident.email, complaint.handler.email
        reference = complaint.reference
        send_due()  # the acknowledgement and the assignment notice
        smtp.recorder.messages.clear()
        _on(monkeypatch, THU_24)
        assert reminders.remind_agreed_contacts() == [reference]
        assert staff_digest_job.staff_digest() == [handler]
        assert send_due().sent == 2
        assert reminders.remind_agreed_contacts() == [] and staff_digest_job.staff_digest() == []
        assert send_due().sent == 0
    by_to = {m["To"]: m for m in smtp.messages}
    assert set(by_to) == {resident, handler} and len(smtp.messages) == 2
    assert by_to[resident]["Subject"] == reminders.CONTACT_SUBJECT
    assert by_to[handler]["Subject"] == staff_digest_job.DIGEST_SUBJECT
    for message in smtp.messages:
        assert "Tess" not in message["Subject"] and reference not in message["Subject"]
    text = by_to[resident].get_body(preferencelist=("plain",)).get_content()
    assert "Tuesday 29 December 2026" in text and "Dear Tess Tuesday" in text
    digest = by_to[handler].get_body(preferencelist=("plain",)).get_content()
    assert reference in digest and "Stage 1 response" in digest


def test_digest_tells_the_owner_of_an_email_the_sender_gave_up_on(app, monkeypatch):
    """The sender gives up loudly (services.notifications): the person who owns the
    complaint hears of it the next morning, once, and administrators of one with none."""
    with app.app_context():
        admin = make_staff("administrator", name="Ade Admin")
        handler = make_staff("case_handler", name="Bea Busy")
        complaint = _acknowledged(date(2026, 12, 21), handler=handler)  # nothing else due
        [told] = _mail("acknowledged")
        told.gave_up_at = datetime(2026, 12, 22, 15, 0, tzinfo=UTC)
        told.attempts, told.last_error = 8, "550 mailbox unavailable"
        db.session.add(OutboxMessage(to="someone@example.org", kind="reset_password",
                                     subject="Reset your password", text="-", html="-",
                                     attempts=8,
                                     gave_up_at=datetime(2026, 12, 22, 16, 0, tzinfo=UTC)))
        db.session.commit()
        reference = complaint.reference

        _on(monkeypatch, date(2026, 12, 23))
        assert sorted(staff_digest_job.staff_digest()) == sorted([handler.email, admin.email])
        [digest] = _mail("staff_digest", handler.email)
        assert (f"{reference}: Email not delivered (We have acknowledged your complaint): "
                "tell them another way") in digest.text
        [for_admin] = _mail("staff_digest", admin.email)
        assert "Email not delivered (Reset your password)" in for_admin.text
        assert reference not in for_admin.text
        _on(monkeypatch, THU_24)  # a day later it is not news
        assert staff_digest_job.staff_digest() == []


def test_a_representative_is_reminded_in_words_that_fit_them(app, monkeypatch):
    from tests.integration.test_representation_support import (
        make_representative,
        on_behalf,
        verify,
    )

    with app.test_request_context():
        make_resident("Jo Resident", email="jo@example.org")
        rep = make_representative("Alex Advocate", email="alex@advice.example.org")
        made = on_behalf(rep, resident_email="jo@example.org", correspondence_to="both")
        verify(made)
        handler = make_staff("case_handler", name="Hal Handler")
        manager = make_staff("complaints_manager", name="Mo Manager")
        stage1.acknowledge(manager, made, version=made.version, seen=0,
                             definitions={i.id: i.summary for i in made.issues},
                             handler_id=handler.id, on=ACKED)
        _agree(made, TUE_29, method="visit")
        _on(monkeypatch, THU_24)
        assert reminders.remind_agreed_contacts() == [made.reference]
        [to_rep] = _mail("contact_reminder", "alex@advice.example.org")
        assert (f"about the complaint {made.reference} you are dealing with for Jo Resident"
                in to_rep.text)
        assert "we will visit you at home" not in to_rep.text and "How: Home visit" in to_rep.text
        [to_jo] = _mail("contact_reminder", "jo@example.org")
        assert "your complaint" in to_jo.text and "we will visit you at home" in to_jo.text
