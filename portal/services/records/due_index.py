"""The deadline read model: each complaint's next due date and what it is, kept on the
complaint row (`next_due_on`, `next_due_key`) so lists sort, page and count in the
database (STYLE.md habit 13).

What people see is still worked out by the engine on each request (records.deadlines);
this is a copy kept for ordering and counting, written in the same transaction as every
change that can move it:

- any flush that adds or changes a complaint, a contact or an agreed contact date marks
  the complaint (`_mark`); before the transaction commits, each marked complaint's next
  due date is worked out again (`next_owed`) and written with one UPDATE when it moved
  (a plain UPDATE, so the complaint's optimistic-locking version does not move);
- a closure day added or removed rewrites every running complaint (`rebuild`), in the
  same transaction as the closure day;
- a new release of the `holidays` package that moves a bank holiday is noticed when the
  portal starts (`follow_calendar`: the fingerprint of the nation's bank holidays is
  kept in `calendar_marks`) and every running complaint is rewritten, once, by whichever
  app server takes the mark first, in the same transaction as the new mark;
- `flask deadlines rebuild` rewrites every complaint (after a migration, a bulk import
  or a restore) and `flask deadlines verify` recomputes every open complaint from
  scratch and reports any that differ.

The next due date does not depend on today: it is the earliest deadline not yet met, or
the earliest agreed contact date still owed (not kept, and no contact since), whichever
comes first. Whether it is overdue or due today is a comparison the query makes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, attributes, selectinload

from portal.data.db import db
from portal.data.models import AgreedContact, CalendarMark, Complaint, ContactLog
from portal.domain import lifecycle
from portal.services.records import deadlines, report_index
from portal.services.records.timeline import owed_contact_rows

_KEY = "portal.due_touched"
BATCH = 500


@dataclass(frozen=True)
class NextDue:
    on: date | None
    key: str | None


def owed_contact(complaint: Complaint, on: date = date.max) -> deadlines.Due | None:
    """The earliest agreed contact date still owed: to come, due today, or missed with
    no contact made since (a missed promise stays overdue until someone gets in touch).
    Whether a date is owed does not depend on `on` (contacts are never in the future);
    `on` is kept for the explanation's sake."""
    owed = owed_contact_rows(complaint, on)
    if not owed:
        return None
    row = owed[0]
    return deadlines.Due(f"agreed_contact:{row.method}", f"Agreed contact ({row.method})",
                         row.due_on, None,
                         [f"{row.agreed_by or 'The case handler'} agreed to contact the "
                          f"resident by {row.method} on this date."])


def next_owed(complaint: Complaint, on: date = date.max) -> deadlines.Due | None:
    """What is owed next on an open complaint: a deadline or an agreed contact date."""
    if complaint.status not in lifecycle.OPEN:
        return None
    found = [d for d in (deadlines.next_due(complaint), owed_contact(complaint, on)) if d]
    return min(found, key=lambda d: d.effective_on, default=None)


def computed(complaint: Complaint) -> NextDue:
    """The next due date the queue sorts by. Only complaints in the queue have one: a
    complaint joined into a communal one is handled there, and has none of its own."""
    if complaint.joined_into_id is not None:
        return NextDue(None, None)
    due = next_owed(complaint)
    return NextDue(due.effective_on, due.key) if due else NextDue(None, None)


def stored(complaint: Complaint) -> NextDue:
    return NextDue(complaint.next_due_on, complaint.next_due_key)


def _write(session: Session, complaint: Complaint, value: NextDue) -> bool:
    if stored(complaint) == value:
        return False
    session.execute(update(Complaint).where(Complaint.id == complaint.id)
                    .values(next_due_on=value.on, next_due_key=value.key)
                    .execution_options(synchronize_session=False))
    attributes.set_committed_value(complaint, "next_due_on", value.on)
    attributes.set_committed_value(complaint, "next_due_key", value.key)
    return True


def refresh(complaint: Complaint, session: Session | None = None) -> bool:
    """Work out one complaint's next due date again and store it if it moved."""
    session = session or db.session
    session.expire(complaint, ["contacts", "agreed_contacts"])
    report_index.write(session, complaint)
    return _write(session, complaint, computed(complaint))


# -- kept in step with every change --------------------------------------------------------


def mark(complaint: Complaint) -> None:
    """Ask for this complaint's next due date to be worked out before the commit
    (services.records.events.record calls this for every event)."""
    session = db.session()
    session.info.setdefault(_KEY, set()).add(complaint)


@event.listens_for(Session, "after_flush")
def _mark(session: Session, _context) -> None:
    touched = session.info.setdefault(_KEY, set())
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Complaint):
            touched.add(obj)
        elif isinstance(obj, ContactLog | AgreedContact) and obj.complaint_id is not None:
            touched.add(obj.complaint_id)


@event.listens_for(Session, "before_commit")
def _refresh_marked(session: Session) -> None:
    if not session.info.get(_KEY):
        return
    session.flush()
    touched = session.info.pop(_KEY, set())
    for item in touched:
        complaint = session.get(Complaint, item) if isinstance(item, int) else item
        if complaint is None or complaint not in session or complaint in session.deleted:
            continue
        refresh(complaint, session)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    """A transaction that ended without committing (rolled back) forgets its marks; a
    savepoint's end does not touch the enclosing transaction's."""
    if transaction.parent is None and not transaction.nested:
        session.info.pop(_KEY, None)


# -- the whole table -------------------------------------------------------------------------


def _batches(ids: list[int]) -> Iterator[list[Complaint]]:
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        yield list(db.session.scalars(
            select(Complaint).where(Complaint.id.in_(chunk))
            .options(selectinload(Complaint.contacts),
                     selectinload(Complaint.agreed_contacts)
                     .selectinload(AgreedContact.agreed_by))
            .execution_options(populate_existing=True)))


def _ids(running_only: bool) -> list[int]:
    query = select(Complaint.id).order_by(Complaint.id)
    if running_only:
        query = query.where((Complaint.status.in_(lifecycle.OPEN))
                            | Complaint.next_due_on.is_not(None))
    return list(db.session.scalars(query))


def rewrite(running_only: bool = True) -> int:
    """Rewrite the next due date of every complaint (or every running one, and any that
    still has one stored), inside the caller's transaction. Returns how many moved."""
    moved = 0
    for batch in _batches(_ids(running_only)):
        for complaint in batch:
            report_index.write(db.session, complaint)
            moved += _write(db.session, complaint, computed(complaint))
        db.session.flush()
    return moved


def rebuild(running_only: bool = False) -> int:
    """`flask deadlines rebuild`: rewrite the read model in one transaction (and note the
    bank holidays it was worked out with)."""
    try:
        moved = rewrite(running_only)
        _set_mark(*_calendar_mark())
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return moved


# -- a new release of the holidays package ------------------------------------------------


def _calendar_mark() -> tuple[str, str]:
    from portal.services.records.policy import current_calendar

    calendar = current_calendar()
    return f"bank_holidays:{calendar.nation}", calendar.bank_holiday_fingerprint()


def _set_mark(name: str, value: str) -> None:
    mark = db.session.get(CalendarMark, name)
    if mark is None:
        db.session.add(CalendarMark(name=name, value=value))
    else:
        mark.value = value
    db.session.flush()


@dataclass(frozen=True)
class CalendarFollowed:
    changed: bool  # the bank holidays differ from those noted (False: none were noted)
    rewritten: bool  # this server rewrote the running complaints
    moved: int  # complaints whose next due date moved


def follow_calendar() -> CalendarFollowed:
    """At start-up: if the `holidays` package now gives this nation different bank
    holidays from those the stored dates were worked out with (or none were noted),
    rewrite every running complaint, in one transaction with the new mark. Safe on
    several app servers starting at once: the mark is taken by a compare-and-set (an
    UPDATE from the old value, or an INSERT on its unique name), and only the server that
    took it rewrites; the others wait for its commit, then find nothing to do."""
    name, value = _calendar_mark()
    try:
        stored = db.session.scalar(select(CalendarMark.value).where(CalendarMark.name == name))
        if stored == value:
            db.session.rollback()
            return CalendarFollowed(changed=False, rewritten=False, moved=0)
        if stored is None:
            db.session.add(CalendarMark(name=name, value=value))
            db.session.flush()  # a second server starting at once fails here, and stops
        elif not db.session.execute(
                update(CalendarMark)
                .where(CalendarMark.name == name, CalendarMark.value == stored)
                .values(value=value).execution_options(synchronize_session=False)).rowcount:
            db.session.rollback()
            return CalendarFollowed(changed=True, rewritten=False, moved=0)
        moved = rewrite(running_only=True)
        db.session.commit()
        return CalendarFollowed(changed=stored is not None, rewritten=True, moved=moved)
    except BaseException:
        db.session.rollback()
        raise


@dataclass(frozen=True)
class Difference:
    reference: str
    stored: NextDue
    computed: NextDue


def verify() -> list[Difference]:
    """`flask deadlines verify`: every open complaint (and any with a stored date)
    worked out from scratch and compared with what is stored. Changes nothing."""
    differences = []
    ids = _ids(running_only=True)
    for batch in _batches(ids):
        for complaint in batch:
            now = computed(complaint)
            if stored(complaint) != now:
                differences.append(Difference(complaint.reference, stored(complaint), now))
    db.session.rollback()
    return differences
