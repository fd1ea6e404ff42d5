"""The staff queue: filtered, searched, sorted by the next due date, paged and counted
in the database, on the stored next due date (records.due_index), so a page costs the
same few statements whether there are a hundred complaints or a hundred thousand.

Search takes the shape of what was typed: a reference goes to the unique index (a
partial one is a prefix of it); a postcode or the start of one to the stored postcode
key; anything else to the start of the resident's name or surname. Each is a range
on an index, never a scan of every complaint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import aliased

from portal.data.accounts import name_keys, postcode_key
from portal.data.db import db
from portal.data.models import Complaint, User
from portal.domain import lifecycle
from portal.domain.deadlines import LABELS
from portal.services.records.casework import CLOSED_STATUSES, require_allowed, today
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
}
STAGE2 = tuple(sorted(lifecycle.REVIEW))
OPEN = tuple(sorted(lifecycle.OPEN))
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


def search_condition(q: str) -> ColumnElement[bool] | None:
    """What to look for, by the shape of what was typed. None: nothing typed."""
    q = " ".join(q.split())
    if not q:
        return None
    upper = q.upper()
    if REFERENCE.match(upper):
        if re.fullmatch(r"CMP-\d{4}-\d{6}", upper):
            return Complaint.reference == upper
        return _starts_with(Complaint.reference, upper)
    key = postcode_key(q)
    if key and POSTCODE.match(key):
        return _starts_with(User.postcode_key, key)
    whole, _last = name_keys(q)
    return or_(_starts_with(User.name_key, whole), _starts_with(User.surname_key, whole))


def _tab_condition(tab: str, actor: User, on: date) -> ColumnElement[bool]:
    if tab == "closed":
        return Complaint.status.in_(CLOSED_STATUSES)
    if tab == "new":
        condition = Complaint.status == "received"
    elif tab == "stage1":
        condition = Complaint.status.in_(("stage1", "stage1_responded"))
    elif tab == "stage2":
        condition = Complaint.status.in_(STAGE2)
    else:
        condition = Complaint.status.in_(OPEN)
    if tab == "mine":
        condition = and_(condition, or_(Complaint.handler_id == actor.id,
                                        Complaint.reviewer_id == actor.id))
    elif tab == "due_today":
        condition = and_(condition, Complaint.next_due_on == on)
    elif tab == "overdue":
        condition = and_(condition, Complaint.next_due_on < on)
    # A complaint joined into a communal one is handled there.
    return and_(condition, Complaint.joined_into_id.is_(None))


def _filtered(columns, tab: str, actor: User, on: date, q: str):
    query = select(*columns).select_from(Complaint)
    searched = search_condition(q)
    if searched is not None:
        query = query.join(User, Complaint.resident_id == User.id).where(searched)
    return query.where(_tab_condition(tab, actor, on))


def counts(actor: User, q: str = "", on: date | None = None) -> dict[str, int]:
    """How many complaints each tab holds (with the same search), one count per tab."""
    on = on or today()
    return {tab: db.session.scalar(_filtered([func.count()], tab, actor, on, q)) or 0
            for tab in TABS}


def queue(actor: User, *, tab: str = "open", q: str = "", page: int = 1,
          on: date | None = None) -> QueuePage:
    """One page of the queue: filtered, searched and sorted by the next due date (the
    soonest first, nothing due last), or for closed complaints the latest closed first."""
    require_allowed(actor, "view_queue")
    on = on or today()
    tab = tab if tab in TABS else "open"
    q = (q or "").strip()[:100]
    total = db.session.scalar(_filtered([func.count()], tab, actor, on, q)) or 0
    page, pages = clamp(page, total, PER_PAGE)
    offset = (page - 1) * PER_PAGE
    resident, handler = aliased(User), aliased(User)
    columns = [Complaint.reference, Complaint.status, Complaint.next_due_on,
               Complaint.next_due_key, Complaint.closed_on, Complaint.petition_id,
               resident.name.label("resident_name"), resident.postcode.label("postcode"),
               handler.name.label("handler_name")]

    def page_of(condition, order, skip: int, take: int):
        query = (_filtered(columns, tab, actor, on, q).where(condition)
                 .join(resident, Complaint.resident_id == resident.id)
                 .outerjoin(handler, Complaint.handler_id == handler.id)
                 .order_by(*order).offset(skip).limit(take))
        return db.session.execute(query).all()

    if tab == "closed":
        found = page_of(True, (Complaint.closed_on.desc().nulls_last(),
                               Complaint.reference.desc()), offset, PER_PAGE)
    else:
        # Those with a due date, soonest first, on the index; then those with nothing due.
        dated = (0 if tab in ("due_today", "overdue")
                 else db.session.scalar(_filtered([func.count()], tab, actor, on, q)
                                        .where(Complaint.next_due_on.is_(None))) or 0)
        with_due = total - dated
        found = []
        if offset < with_due or not dated:  # (one query even for an empty page)
            found = page_of(Complaint.next_due_on.is_not(None),
                            (Complaint.next_due_on, Complaint.reference), offset, PER_PAGE)
        if len(found) < PER_PAGE and dated:
            found += page_of(Complaint.next_due_on.is_(None), (Complaint.reference,),
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
        due_state=state, closed_on=r.closed_on, group=r.petition_id is not None)
