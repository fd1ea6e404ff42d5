"""The staff queue: filtered, searched, sorted by the next due date, paged and counted
in the database, on the stored next due date (records.due_index), so a page costs the
same few statements whether there are a hundred complaints or a hundred thousand.

A complaint flagged as a safeguarding concern leaves the usual tabs for the safeguarding
tab (only for roles with "view_safeguarding"), except "Assigned to me" and "Closed".
A usual tab's count is its count as before, on the same index, less the flagged ones
among them, read from the safeguarding partial index: one statement, two index reads.
Every other tab the person may see is counted in the same statement, each only as far
as TAB_COUNT_CAP (a short range of its own index), so a tab with more shows "100+". A
search for a resident (a name, a postcode, a reference) finds few complaints: every tab
is then counted in one pass over them (queue_sql.counts_in_one_pass).

Search takes the shape of what was typed: a reference goes to the unique index (a
partial one is a prefix of it); a postcode or the start of one to the stored postcode
key; anything else to the start of the resident's name or surname. Each is a range
on an index, never a scan of every complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.data.db import db
from portal.data.models import User
from portal.domain import lifecycle
from portal.domain.deadlines import LABELS
from portal.services.records import confidence
from portal.services.records.casework import (
    allowed,
    require_allowed,
    today,
)
from portal.services.records.paging import PER_PAGE, asked, clamp
from portal.services.records.policy import current_calendar
from portal.services.stage1 import queue_sql as statements
from portal.services.stage1.queue_search import search_for
from portal.services.stage1.queue_sql import TAB_COUNT_CAP

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
CLOSED_PAGES_AHEAD = 10
DUE_LABELS = {**LABELS, "agreed_contact": "Agreed contact",
              "councillor_reply": "Reply to the enquiry"}


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
    subject: str | None = None  # the first issue's summary, in the resident's words
    category: str | None = None
    days_overdue: int = 0  # working days past the next due date
    health_risk: bool = False  # the resident said someone's health or safety is affected
    safeguarding: bool = False  # flagged as a safeguarding concern


@dataclass(frozen=True)
class TabCount:
    number: int
    more: bool = False  # counted only as far as `number`: there are more than number - 1


@dataclass(frozen=True)
class QueuePage:
    tab: str
    q: str
    rows: list[QueueRow]
    page: int
    pages: int
    total: int
    handler: int | None = None  # the handler filter (a staff id), if any
    category: str | None = None  # the category filter, if any
    counts: dict[str, TabCount] | None = None  # each tab's count, the current one exact
    more: bool = False  # closed: counted only as far as `total`; there are more

    @property
    def filters(self) -> dict:
        """The search and filters, for links to other tabs and pages (None: left out)."""
        return {"q": self.q or None, "handler": self.handler, "category": self.category}




def tabs_for(actor: User) -> dict[str, str]:
    """The tabs this person's role shows: the safeguarding one only for those who work
    on safeguarding concerns."""
    if allowed(actor, "view_safeguarding"):
        return TABS
    return {key: label for key, label in TABS.items() if key != "safeguarding"}


def queue(actor: User, *, tab: str = "open", q: str = "", page: int = 1,
          on: date | None = None, handler: int | None = None,
          category: str | None = None) -> QueuePage:
    """One page of the queue: filtered, searched and sorted by the next due date (the
    soonest first, nothing due last), or for closed complaints the latest closed first.
    `handler` (a staff id) and `category` narrow it; anything else given is ignored."""
    require_allowed(actor, "view_queue")
    on = on or today()
    tab = tab if tab in tabs_for(actor) else "open"
    q = (q or "").strip()[:100]
    category = category if category in lifecycle.CATEGORIES else None
    handler = handler if isinstance(handler, int) and handler > 0 else None
    filters = (handler is not None, category is not None)
    sees_confidential = confidence.team_may_see(actor)
    search = search_for(q, sees_confidential)
    values = {**search.values, "on": on, "actor": actor.id, "handler": handler,
              "category": category}

    def page_of(dated: bool | None, skip: int, take: int):
        return db.session.execute(statements.page(tab, search.shape, dated, filters),
                                  {**values, "skip": skip, "take": take}).all()

    others, cap = tuple(key for key in tabs_for(actor) if key != tab), TAB_COUNT_CAP
    counting = (statements.counts_in_one_pass if search.shape in statements.FEW
                else statements.counts)
    # Closed complaints are counted to CLOSED_PAGES_AHEAD pages past the one asked for:
    # their exact count read every one of them on each view (82,863: ~9 ms of SQLite),
    # and grows for ever.
    reach = (asked(page) + CLOSED_PAGES_AHEAD) * PER_PAGE + 1
    counted = db.session.execute(counting(tab, search.shape, filters, others),
                                 {**values, "cap": cap, "reach": reach}).one()
    with_due, undated = counted[0], counted[1]
    total = with_due + undated
    more = tab == "closed" and search.shape not in statements.FEW and total >= reach
    counts = {key: TabCount(n, n >= cap)
              for key, n in zip(others, counted[2:], strict=True)}
    counts[tab] = TabCount(total, more)
    page, pages = clamp(page, total, PER_PAGE)
    offset = (page - 1) * PER_PAGE
    if tab == "closed":
        found = page_of(True, offset, PER_PAGE)
    else:
        # Those with a due date, soonest first, on the index; then those with nothing due.
        found = []
        if offset < with_due or not undated:  # (one query even for an empty page)
            found = page_of(True if tab not in ("due_today", "overdue") else None,
                            offset, PER_PAGE)
        if len(found) < PER_PAGE and undated:
            found += page_of(False, max(0, offset - with_due), PER_PAGE - len(found))
    calendar = current_calendar()
    return QueuePage(tab, q, [_row(r, on, calendar, actor.id, sees_confidential)
                              for r in found], page, pages, total, handler, category,
                     {key: counts[key] for key in tabs_for(actor)}, more)


def due_label(key: str | None) -> str:
    """The words for a stored next due key (`agreed_contact:phone` names its method)."""
    kind, _, method = (key or "").partition(":")
    if kind == "agreed_contact" and method:
        return f"Agreed contact ({method})"
    return DUE_LABELS.get(kind, "Next due")


def _row(r, on: date, calendar, actor_id: int, sees_confidential: bool) -> QueueRow:
    due = (QueueDue(r.next_due_key, due_label(r.next_due_key), r.next_due_on)
           if r.next_due_on is not None and r.status in lifecycle.OPEN else None)
    state = None
    if due is not None:
        state = ("overdue" if on > due.effective_on
                 else "due_today" if on == due.effective_on else "pending")
    # Made in confidence: the name and postcode only for those who may see them.
    withheld = (r.in_confidence and r.identity_disclosed_on is None and not sees_confidential
                and r.received_by_id != actor_id)
    return QueueRow(
        reference=r.reference,
        resident=confidence.WITHHELD_NAME if withheld else r.resident_name,
        postcode=None if withheld else r.postcode,
        status=r.status, status_words=lifecycle.staff_words(r.status), handler=r.handler_name,
        due=due,
        due_state=state, closed_on=r.closed_on, group=r.petition_id is not None,
        subject=r.subject, category=lifecycle.CATEGORIES.get(r.category, r.category),
        health_risk=bool(r.health_risk), safeguarding=r.safeguarding_on is not None,
        days_overdue=(calendar.working_days_between(due.effective_on, on)
                      if state == "overdue" else 0))
