"""The staff queue: filtered, searched, sorted by the next due date, paged and counted
in the database, on the stored next due date (records.due_index), so a page costs the
same few statements whether there are a hundred complaints or a hundred thousand.

A complaint flagged as a safeguarding concern leaves the usual tabs for the safeguarding
tab (only for roles with "view_safeguarding"), except "Assigned to me" and "Closed".
A usual tab's count is its count as before, on the same index, less the flagged ones
among them, read from the safeguarding partial index: one statement, two index reads.

Search takes the shape of what was typed: a reference goes to the unique index (a
partial one is a prefix of it); a postcode or the start of one to the stored postcode
key; anything else to the start of the resident's name or surname. Each is a range
on an index, never a scan of every complaint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import aliased

from portal.data.accounts import name_keys, postcode_key
from portal.data.db import db
from portal.data.models import Complaint, User
from portal.domain import lifecycle
from portal.domain.deadlines import LABELS
from portal.services.records.casework import (
    CLOSED_STATUSES,
    allowed,
    require_allowed,
    today,
)
from portal.services.records.paging import PER_PAGE, clamp

TABS = {
    "open": "All open",
    "new": "New",
    "due_today": "Due today",
    "overdue": "Overdue",
    "mine": "Assigned to me",
    "stage1": "Stage 1",
    "stage2": "Stage 2",
    "closed": "Closed",
    "safeguarding": "Safeguarding",
}
# The tabs a flagged complaint leaves (it stays in "mine" and, once closed, "closed").
WITHOUT_FLAGGED = frozenset({"open", "new", "due_today", "overdue", "stage1", "stage2"})
STAGE2 = tuple(sorted(lifecycle.REVIEW))
OPEN = tuple(sorted(lifecycle.OPEN))
ALL_STATUSES = frozenset(lifecycle.STATUSES)
DUE_LABELS = {**LABELS, "agreed_contact": "Agreed contact",
              "councillor_reply": "Reply to the enquiry"}
REFERENCE = re.compile(r"^(CMP|CMP-\d{1,4}|CMP-\d{4}-\d{0,6})$", re.IGNORECASE)
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?(\d[A-Z]{0,2})?$")
HIGHEST = "\U0010ffff"  # sorts after every character: `key >= q and key < q + HIGHEST`


@dataclass(frozen=True)
class QueueDue:
    key: str
    label: str
    due_on: date  # the stored next due date: an extended response's is the extended one

    @property
    def effective_on(self) -> date:
        return self.due_on


@dataclass(frozen=True)
class QueueRow:
    reference: str
    resident: str
    postcode: str | None
    status: str
    status_words: str
    handler: str | None
    due: QueueDue | None
    due_state: str | None
    closed_on: date | None
    group: bool = False  # a group complaint: a petition, its lead named as the resident
    safeguarding: bool = False  # flagged as a safeguarding concern


@dataclass(frozen=True)
class QueuePage:
    tab: str
    q: str
    rows: list[QueueRow]
    page: int
    pages: int
    total: int


def _starts_with(column, prefix: str) -> ColumnElement[bool]:
    """An index range for `column` starting with `prefix` (LIKE would not use the index
    on every database)."""
    return and_(column >= prefix, column < prefix + HIGHEST)


# Made once: an alias built per request costs more than the queries it names.
RESIDENT = aliased(User, name="resident")
HANDLER = aliased(User, name="handler")
SEARCH_RESIDENTS = 1000  # residents a name or postcode search looks at, at most


def _resident_search(q: str) -> ColumnElement[bool] | None:
    """Residents whose postcode or name (or surname) starts with what was typed."""
    key = postcode_key(q)
    if key and POSTCODE.match(key):
        return _starts_with(User.postcode_key, key)
    whole, _last = name_keys(q)
    return or_(_starts_with(User.name_key, whole), _starts_with(User.surname_key, whole))


def search_condition(q: str) -> ColumnElement[bool] | None:
    """What to look for, by the shape of what was typed, as a condition on complaints.
    None: nothing typed. A name or postcode becomes the matching residents' ids, found
    first on the users' indexes (at most SEARCH_RESIDENTS of them)."""
    q = " ".join(q.split())
    if not q:
        return None
    upper = q.upper()
    if REFERENCE.match(upper):
        if re.fullmatch(r"CMP-\d{4}-\d{6}", upper):
            return Complaint.reference == upper
        return _starts_with(Complaint.reference, upper)
    residents = list(db.session.scalars(
        select(User.id).where(_resident_search(q)).order_by(User.id).limit(SEARCH_RESIDENTS)))
    return Complaint.resident_id.in_(residents) if residents else false()


def _status(statuses, searching: bool) -> ColumnElement[bool]:
    """`status IN (...)`; when a search is narrowing the rows, written as NOT IN the other
    statuses, which no index serves, so the database starts from the search's index."""
    statuses = set(statuses)
    if not searching:
        return Complaint.status.in_(sorted(statuses))
    return Complaint.status.not_in(sorted(ALL_STATUSES - statuses))


def _plain(column):
    """The column's value in an expression no index serves (COALESCE(x, x) is x), for a
    condition that must not lead the database away from a narrower index."""
    return func.coalesce(column, column)


def _tab_condition(tab: str, actor: User, on: date, searching: bool,
                   dated: bool | None = None, for_page: bool = False) -> ColumnElement[bool]:
    """Which complaints a tab holds. The stored next due date is kept only for complaints
    in the queue (open, not joined into a communal one: records.due_index), so the tabs
    that sort by it need no other condition and read its index in order. When a search
    (or "mine") narrows the rows, the other conditions are written so that no index
    serves them, and the database starts from the narrow one."""
    # A page of a stage tab reads the next-due index in order and checks the status of
    # each row, rather than sorting every complaint at that stage.
    narrow = searching or tab == "mine" or (for_page and tab in ("new", "stage1", "stage2"))
    due = _plain(Complaint.next_due_on) if searching else Complaint.next_due_on
    if tab == "closed":
        if dated is None:
            return _status(CLOSED_STATUSES, searching)  # the count, on the status index
        # The page: every closed complaint has the day it closed, and that index, read
        # backwards, gives them in order (the status as NOT IN, which no index serves).
        return and_(Complaint.closed_on.is_not(None), _status(CLOSED_STATUSES, True))
    if tab == "due_today":
        return due == on
    if tab == "overdue":
        return due < on
    if tab == "open" and dated:
        return due.is_not(None)
    if tab == "safeguarding":  # on its partial index, in next due date order
        condition = and_(_status(OPEN, True), Complaint.safeguarding_on.is_not(None))
    elif tab == "new":
        condition = _status({"received"}, narrow)
    elif tab == "stage1":
        condition = _status({"stage1", "stage1_responded"}, narrow)
    elif tab == "stage2":
        condition = _status(STAGE2, narrow)
    else:
        condition = _status(OPEN, narrow)
    if tab == "mine":  # each branch on its own index, (handler or reviewer, next due date)
        mine = [Complaint.handler_id == actor.id, Complaint.reviewer_id == actor.id]
        if dated is not None:
            mine = [and_(who, due.is_not(None) if dated else due.is_(None)) for who in mine]
        condition = and_(condition, or_(*mine))
    if dated is not None and tab != "mine":
        condition = and_(condition, due.is_not(None) if dated else due.is_(None))
    # A complaint joined into a communal one is handled there.
    return and_(condition, Complaint.joined_into_id.is_(None))


def _filtered(columns, tab: str, actor: User, on: date, searched, dated: bool | None = None,
              for_page: bool = False):
    query = select(*columns).select_from(Complaint)
    if searched is not None:
        query = query.where(searched)
    return query.where(_tab_condition(tab, actor, on, searched is not None, dated, for_page))


def _count(tab: str, actor: User, on: date, searched, dated: bool | None = None) -> int:
    counted = _filtered([func.count()], tab, actor, on, searched, dated)
    if tab not in WITHOUT_FLAGGED:
        return db.session.scalar(counted) or 0
    # Less the flagged ones: every other condition written so that no index serves it,
    # so the database reads only the safeguarding partial index.
    flagged = select(func.count()).select_from(Complaint).where(
        Complaint.safeguarding_on.is_not(None),
        _tab_condition(tab, actor, on, True, dated))
    if searched is not None:
        flagged = flagged.where(searched)
    return db.session.scalar(
        select(counted.scalar_subquery() - flagged.scalar_subquery())) or 0


def tabs_for(actor: User) -> dict[str, str]:
    """The tabs this person's role shows: the safeguarding one only for those who work
    on safeguarding concerns."""
    if allowed(actor, "view_safeguarding"):
        return TABS
    return {key: label for key, label in TABS.items() if key != "safeguarding"}


def queue(actor: User, *, tab: str = "open", q: str = "", page: int = 1,
          on: date | None = None) -> QueuePage:
    """One page of the queue: filtered, searched and sorted by the next due date (the
    soonest first, nothing due last), or for closed complaints the latest closed first."""
    require_allowed(actor, "view_queue")
    on = on or today()
    tab = tab if tab in tabs_for(actor) else "open"
    q = (q or "").strip()[:100]
    searched = search_condition(q)
    resident, handler = RESIDENT, HANDLER
    columns = [Complaint.reference, Complaint.status, Complaint.next_due_on,
               Complaint.next_due_key, Complaint.closed_on, Complaint.petition_id,
               Complaint.safeguarding_on,
               resident.name.label("resident_name"), resident.postcode.label("postcode"),
               handler.name.label("handler_name")]

    def page_of(dated: bool | None, order, skip: int, take: int):
        query = (_filtered(columns, tab, actor, on, searched, dated, for_page=dated is True)
                 .join(resident, Complaint.resident_id == resident.id)
                 .outerjoin(handler, Complaint.handler_id == handler.id)
                 .order_by(*order).offset(skip).limit(take))
        if tab in WITHOUT_FLAGGED:  # checked on each row read, in the index's order
            query = query.where(Complaint.safeguarding_on.is_(None))
        return db.session.execute(query).all()

    if tab == "closed":
        total = _count(tab, actor, on, searched)
        page, pages = clamp(page, total, PER_PAGE)
        # Closed complaints all have the date they closed: its index, read backwards.
        found = page_of(True, (Complaint.closed_on.desc(), Complaint.reference.desc()),
                        (page - 1) * PER_PAGE, PER_PAGE)
        return QueuePage(tab, q, [_row(r, on) for r in found], page, pages, total)
    # Those with a due date, soonest first, on the index; then those with nothing due.
    if tab in ("due_today", "overdue"):
        with_due, undated = _count(tab, actor, on, searched), 0
    else:
        with_due = _count(tab, actor, on, searched, dated=True)
        undated = _count(tab, actor, on, searched, dated=False)
    total = with_due + undated
    page, pages = clamp(page, total, PER_PAGE)
    offset = (page - 1) * PER_PAGE
    found = []
    if offset < with_due or not undated:  # (one query even for an empty page)
        found = page_of(True if tab not in ("due_today", "overdue") else None,
                        (Complaint.next_due_on, Complaint.reference), offset, PER_PAGE)
    if len(found) < PER_PAGE and undated:
        found += page_of(False, (Complaint.reference,),
                         max(0, offset - with_due), PER_PAGE - len(found))
    return QueuePage(tab, q, [_row(r, on) for r in found], page, pages, total)


def due_label(key: str | None) -> str:
    """The words for a stored next due key (`agreed_contact:phone` names its method)."""
    kind, _, method = (key or "").partition(":")
    if kind == "agreed_contact" and method:
        return f"Agreed contact ({method})"
    return DUE_LABELS.get(kind, "Next due")


def _row(r, on: date) -> QueueRow:
    due = (QueueDue(r.next_due_key, due_label(r.next_due_key), r.next_due_on)
           if r.next_due_on is not None and r.status in lifecycle.OPEN else None)
    state = None
    if due is not None:
        state = ("overdue" if on > due.effective_on
                 else "due_today" if on == due.effective_on else "pending")
    return QueueRow(
        reference=r.reference, resident=r.resident_name, postcode=r.postcode,
        status=r.status, status_words=lifecycle.staff_words(r.status), handler=r.handler_name,
        due=due,
        due_state=state, closed_on=r.closed_on, group=r.petition_id is not None,
        safeguarding=r.safeguarding_on is not None)
