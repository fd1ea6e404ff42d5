"""The deadline read model (services.records.due_index): the stored next due date of
every complaint equals what the deadline engine works out from scratch, after every
change, after a closure day, and after `flask deadlines rebuild`; `verify` finds a
difference when there is one."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import update

from portal.data.db import db
from portal.data.models import Complaint, User
from portal.services.records import casework, due_index
from portal.services.records import deadlines as due_dates
from portal.services.records.closures import add_closure, remove_closure
from portal.services.responses import respond as responses
from portal.services.review import request as review
from portal.services.stage1 import actions as stage1
from portal.services.stage1 import resident as resident_actions
from tests.support.factories import make_complaint, make_resident, make_staff

START = date(2026, 11, 2)  # Christmas 2026 and New Year fall inside the runs below


def _stored(reference: str) -> tuple[date | None, str | None]:
    db.session.expire_all()
    found = db.session.query(Complaint).filter_by(reference=reference).one()
    return found.next_due_on, found.next_due_key


def _worked_out(reference: str) -> tuple[date | None, str | None]:
    found = db.session.query(Complaint).filter_by(reference=reference).one()
    value = due_index.computed(found)
    return value.on, value.key


def _step(rng: random.Random, complaint: Complaint, handler: User, on: date) -> str | None:
    """One random change staff or the resident could make now, through the services."""
    seen = {"version": complaint.version, "seen": casework.last_event_id(complaint)}
    status = complaint.status
    choices = []
    if status == "received":
        choices += ["acknowledge"]
    if status == "stage1":
        choices += ["contact", "agree", "agree", "extend", "respond"]
    if status == "stage1_responded":
        choices += ["review", "close"]
    if not choices:
        return None
    choice = "withdraw" if status != "stage1_responded" and rng.random() < 0.05 \
        else rng.choice(choices)
    if choice == "acknowledge":
        stage1.acknowledge(handler, complaint, **seen, handler_id=handler.id, on=on,
                           definitions={i.id: f"Understood: {i.summary}" for i in complaint.issues})
    elif choice == "withdraw":
        resident_actions.withdraw(complaint, complaint.resident, "Sorted out")
    elif choice == "contact":
        stage1.log_contact(handler, complaint, **seen, method="phone", notes="Spoke to them",
                           shared=True, next_on=None, next_method=None, on=on)
    elif choice == "agree":
        stage1.log_contact(handler, complaint, **seen, method=None, notes="", shared=False,
                           next_on=on + timedelta(days=rng.randint(1, 20)),
                           next_method=rng.choice(["phone", "visit"]), on=on)
    elif choice == "extend":
        _current, latest = due_dates.extension_window(complaint, 1)
        if latest is None or (complaint.stage1_extended_to is not None):
            return None
        try:
            stage1.extend(handler, complaint, **seen, new_on=latest, reason="Waiting for a report")
        except casework.CaseworkError:
            return None
    elif choice == "respond":
        responses.respond(handler, complaint, **seen, on=on, draft=responses.ResponseDraft(
            decisions=[responses.IssueDecision(i.id, "upheld", "We got this wrong.")
                       for i in complaint.issues]))
    elif choice == "review":
        try:
            review.request_review(complaint, complaint.resident, review.ReviewRequest(
                reasons="Not fixed", outcome="Fix it"), on)
        except review.ReviewError:
            return None
    elif choice == "close":
        stage1.close(handler, complaint, **seen, reason="Done")
    return choice


def test_random_changes_keep_the_stored_next_due_date_equal_to_the_engine(app):
    """A property test with a fixed seed: every change, for several complaints, and after
    each the stored next due date is the one worked out from scratch."""
    rng = random.Random(20261201)
    with app.test_request_context():
        handler = make_staff("complaints_manager", name="Hal Handler")
        residents = [make_resident(f"Resident {n}") for n in range(4)]
        references = [make_complaint(rng.choice(residents),
                                     received=START + timedelta(days=rng.randint(0, 30))).reference
                      for _ in range(8)]
        steps = 0
        for round_number in range(10):
            on = START + timedelta(days=35 + 3 * round_number)
            for reference in references:
                complaint = db.session.query(Complaint).filter_by(reference=reference).one()
                if _step(rng, complaint, db.session.get(User, handler.id), on):
                    steps += 1
                assert _stored(reference) == _worked_out(reference), (reference, round_number)
        assert steps >= 20  # the run did change things
        assert due_index.verify() == []


def test_a_closure_day_moves_every_running_complaint_and_removing_it_moves_them_back(app):
    with app.test_request_context():
        first = make_complaint(received=date(2026, 3, 2)).reference   # acknowledge by 9 Mar
        second = make_complaint(received=date(2026, 3, 3)).reference  # acknowledge by 10 Mar
        closed = make_complaint(received=date(2026, 3, 2))
        resident_actions.withdraw(closed, closed.resident, None)
        before = {r: _stored(r) for r in (first, second)}
        assert before[first] == (date(2026, 3, 9), "acknowledge")
        add_closure(date(2026, 3, 9), "Office move")
        assert _stored(first) == (date(2026, 3, 10), "acknowledge")
        assert _stored(second) == (date(2026, 3, 11), "acknowledge")
        assert _stored(closed.reference) == (None, None)
        remove_closure(date(2026, 3, 9))
        assert {r: _stored(r) for r in (first, second)} == before


def test_verify_reports_a_tampered_row_and_rebuild_puts_it_right(app, cli):
    with app.test_request_context():
        reference = make_complaint(received=date(2026, 3, 2)).reference
        assert cli.invoke(args=["deadlines", "verify"]).exit_code == 0
        db.session.execute(update(Complaint).values(next_due_on=date(2030, 1, 1)))
        db.session.commit()
        [difference] = due_index.verify()
        assert difference.reference == reference
        result = cli.invoke(args=["deadlines", "verify"])
        assert result.exit_code == 1 and reference in result.output
        result = cli.invoke(args=["deadlines", "rebuild"])
        assert result.exit_code == 0 and "1 changed" in result.output
        assert cli.invoke(args=["deadlines", "verify"]).exit_code == 0
        assert _stored(reference) == (date(2026, 3, 9), "acknowledge")


def test_an_optimistic_lock_version_does_not_move_for_the_read_model(app):
    """Storing the next due date is a plain UPDATE: staff holding a form do not see a
    conflict that nobody made."""
    with app.test_request_context():
        complaint = make_complaint(received=date(2026, 3, 2))
        version = complaint.version
        db.session.execute(update(Complaint).values(next_due_on=None))
        db.session.commit()
        due_index.rebuild()
        db.session.expire_all()
        again = db.session.get(Complaint, complaint.id)
        assert again.version == version and again.next_due_on == date(2026, 3, 9)


def test_a_new_holidays_release_found_at_start_up_rewrites_the_running_complaints(app):
    """A release of the `holidays` package that moves a bank holiday cannot be installed
    in a test: the mark of the bank holidays the dates were worked out with is set to an
    older release's, and a running complaint's stored date to what it gave."""
    from portal import follow_calendar_at_start
    from portal.data.models import CalendarMark

    with app.test_request_context():
        reference = make_complaint(received=date(2026, 3, 2)).reference  # acknowledge by 9 Mar
        due_index.rebuild()  # notes the calendar, as `make db` does
        [mark] = db.session.query(CalendarMark).all()
        assert mark.name == "bank_holidays:ENG" and len(mark.value) == 64
        unchanged = due_index.follow_calendar()
        assert (unchanged.changed, unchanged.rewritten) == (False, False)

        # As an older release left them: another fingerprint, and a date one day out.
        mark.value = "0" * 64
        db.session.execute(update(Complaint).values(next_due_on=date(2026, 3, 10)))
        db.session.commit()
    follow_calendar_at_start(app)  # what wsgi.py does when an app server starts
    with app.test_request_context():
        assert _stored(reference) == (date(2026, 3, 9), "acknowledge")
        assert due_index.verify() == []
        assert db.session.get(CalendarMark, "bank_holidays:ENG").value != "0" * 64
        # The next server to start finds the calendar already followed, and does nothing.
        db.session.execute(update(Complaint).values(next_due_on=date(2026, 3, 10)))
        db.session.commit()
        again = due_index.follow_calendar()
        assert (again.changed, again.rewritten) == (False, False)
        assert _stored(reference) == (date(2026, 3, 10), "acknowledge")


def test_start_up_before_the_database_exists_is_not_an_error(tmp_path):
    from portal import create_app, follow_calendar_at_start
    from tests.conftest import make_settings

    app = create_app(make_settings(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite'}"))
    follow_calendar_at_start(app)  # logs that there is nothing to follow yet
