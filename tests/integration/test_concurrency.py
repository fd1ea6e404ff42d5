"""Many residents sending their complaints at the same moment: every submission
succeeds and every complaint gets its own reference, on SQLite (a file database,
several connections and several processes) and on PostgreSQL."""

from __future__ import annotations

import copy
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Complaint, Counter, Draft, User
from portal.services.intake import drafts as intake
from portal.services.intake.submission import submit
from tests.support.factories import ISSUES, make_resident

THREADS = 20
PER_THREAD = 10
RESIDENTS = 10
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def _drafts(count: int) -> list[tuple[int, int]]:
    """`count` complete drafts shared among RESIDENTS residents: (draft id, user id)."""
    residents = [make_resident(name=f"Resident {n}") for n in range(RESIDENTS)]
    first = intake.new_draft(residents[0])
    intake.save_answers(first, category="repairs", contact_method="email",
                        contact_times="Mornings", adjustments=[], screening=[])
    for issue in ISSUES:
        intake.save_issue(first, None, issue)
    drafts = [first] + [
        Draft(user_id=residents[n % RESIDENTS].id, answers=copy.deepcopy(first.answers))
        for n in range(1, count)
    ]
    db.session.add_all(drafts)
    db.session.commit()
    return [(draft.id, draft.user_id) for draft in drafts]


def _send(app, chunk: list[tuple[int, int]]) -> tuple[list[str], list[BaseException]]:
    references: list[str] = []
    errors: list[BaseException] = []
    with app.app_context():
        try:
            for draft_id, user_id in chunk:
                try:
                    draft = db.session.get(Draft, draft_id)
                    user = db.session.get(User, user_id)
                    references.append(submit(draft, user, now=NOW).reference)
                except Exception as error:  # noqa: BLE001 (reported by the test)
                    errors.append(error)
        finally:
            db.session.remove()
    return references, errors


def _check(app, references: list[str], errors: list[BaseException], total: int) -> None:
    assert errors == [], f"{len(errors)} submissions failed, e.g. {errors[:3]!r}"
    assert len(references) == total
    assert sorted(references) == [f"CMP-2026-{n:06d}" for n in range(1, total + 1)]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == total
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
        assert db.session.get(Counter, "complaint-2026").value == total


def test_200_simultaneous_submissions_make_200_complaints_with_unique_references(app):
    total = THREADS * PER_THREAD
    with app.app_context():
        assert db.engine.url.database not in (None, "", ":memory:")
        jobs = _drafts(total)
        db.session.remove()
    references: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def resident_sends(chunk: list[tuple[int, int]]) -> None:
        start.wait(timeout=30)
        sent, failed = _send(app, chunk)
        references.extend(sent)
        errors.extend(failed)

    threads = [threading.Thread(target=resident_sends, args=(jobs[n::THREADS],))
               for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    _check(app, references, errors, total)


_APP = None  # the app a forked worker process uses


def _send_in_process(chunk: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
    sent, failed = _send(_APP, chunk)
    return sent, [repr(error) for error in failed]


def test_four_app_processes_at_once_share_one_sequence(app):
    """As under gunicorn -w 4: separate processes, each with its own connections."""
    global _APP
    processes, total = 4, 100
    with app.app_context():
        jobs = _drafts(total)
        db.session.remove()
        db.engine.dispose()  # no connection crosses the fork
    _APP = app
    try:
        chunks = [jobs[n::processes] for n in range(processes)]
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processes, mp_context=fork) as pool:
            results = list(pool.map(_send_in_process, chunks))
    finally:
        _APP = None
    references = [reference for sent, _ in results for reference in sent]
    errors = [error for _, failed in results for error in failed]
    _check(app, references, errors, total)


def test_the_same_draft_sent_twice_at_once_makes_one_complaint(app):
    """A double click on "Send complaint": two requests send the same draft at the same
    moment. One makes the complaint; the other is told which one it became."""
    from portal.services.intake.submission import AlreadySent

    with app.app_context():
        [(draft_id, user_id)] = _drafts(1)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def send():
        with app.app_context():
            try:
                draft = db.session.get(Draft, draft_id)
                user = db.session.get(User, user_id)
                _ = draft.answers  # loaded before either request sends it
                start.wait(timeout=10)
                outcomes.append(submit(draft, user, now=NOW).reference)
            except AlreadySent as sent:
                outcomes.append(sent)
            except Exception as error:  # noqa: BLE001 (reported by the test)
                outcomes.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    made = [o for o in outcomes if isinstance(o, str)]
    told = [o for o in outcomes if isinstance(o, AlreadySent)]
    assert len(made) == 1 and len(told) == 1, outcomes
    assert told[0].reference == made[0]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == 1
