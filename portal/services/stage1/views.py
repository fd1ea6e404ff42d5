"""What staff see: the queue and the complaint page (reads only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from portal.data.db import db
from portal.data.models import (
    Action,
    AgreedContact,
    Complaint,
    ContactLog,
    Event,
    Response,
    User,
)
from portal.domain import lifecycle
from portal.services.records import deadlines
from portal.services.records.casework import (
    CLOSED_STATUSES,
    allowed,
    last_event_id,
    like_escape,
    require_allowed,
    today,
)
from portal.services.records.policy import profiles
from portal.services.records.timeline import AgreedRow, agreed_contact_rows, owed_contact_rows

# -- the queue ----------------------------------------------------------------------------

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
PER_PAGE = 25
STAGE2 = tuple(sorted(lifecycle.REVIEW))


@dataclass(frozen=True)
class QueueRow:
    reference: str
    resident: str
    postcode: str | None
    status: str
    status_words: str
    handler: str | None
    due: deadlines.Due | None
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


def queue(actor: User, *, tab: str = "open", q: str = "", page: int = 1,
          on: date | None = None) -> QueuePage:
    """Complaints for the queue: filtered, searched, sorted by next due date, one page."""
    require_allowed(actor, "view_queue")
    on = on or today()
    tab = tab if tab in TABS else "open"
    q = (q or "").strip()[:100]
    query = (select(Complaint).join(User, Complaint.resident_id == User.id)
             .options(selectinload(Complaint.resident), selectinload(Complaint.handler),
                      selectinload(Complaint.contacts),
                      selectinload(Complaint.agreed_contacts)
                      .selectinload(AgreedContact.agreed_by)))
    if tab == "closed":
        query = query.where(Complaint.status.in_(CLOSED_STATUSES))
    elif tab == "new":
        query = query.where(Complaint.status == "received")
    elif tab == "stage1":
        query = query.where(Complaint.status.in_(("stage1", "stage1_responded")))
    elif tab == "stage2":
        query = query.where(Complaint.status.in_(STAGE2))
    else:
        query = query.where(Complaint.status.in_(lifecycle.OPEN))
    if tab == "mine":
        query = query.where(or_(Complaint.handler_id == actor.id,
                                Complaint.reviewer_id == actor.id))
    if tab != "closed":  # a complaint joined into a communal one is handled there
        query = query.where(Complaint.joined_into_id.is_(None))
    if q:
        like = f"%{like_escape(q.lower())}%"
        postcode = "%" + like_escape(q.replace(" ", "").upper()) + "%"
        query = query.where(or_(
            func.lower(Complaint.reference).like(like, escape="\\"),
            func.lower(User.name).like(like, escape="\\"),
            func.replace(func.upper(User.postcode), " ", "").like(postcode, escape="\\"),
        ))
    rows = [_row(c, on) for c in db.session.scalars(query)]
    if tab in ("due_today", "overdue"):
        rows = [r for r in rows if r.due_state == tab]
    if tab == "closed":
        rows.sort(key=lambda r: (r.closed_on or date.min, r.reference), reverse=True)
    else:
        rows.sort(key=lambda r: (r.due is None, r.due.effective_on if r.due else date.max,
                                 r.reference))
    total = len(rows)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    return QueuePage(tab, q, rows[(page - 1) * PER_PAGE: page * PER_PAGE], page, pages, total)


def owed_contact(complaint: Complaint, on: date) -> deadlines.Due | None:
    """The earliest agreed contact date still owed: to come, due today, or missed with
    no contact made since (a missed promise stays overdue until someone gets in touch)."""
    owed = owed_contact_rows(complaint, on)
    if not owed:
        return None
    row = owed[0]
    return deadlines.Due("agreed_contact", f"Agreed contact ({row.method})", row.due_on, None,
                         [f"{row.agreed_by or 'The case handler'} agreed to contact the "
                          f"resident by {row.method} on this date."])


def next_owed(complaint: Complaint, on: date) -> deadlines.Due | None:
    """What is owed next on an open complaint: a deadline or an agreed contact date."""
    if complaint.status not in lifecycle.OPEN:
        return None
    found = [d for d in (deadlines.next_due(complaint), owed_contact(complaint, on)) if d]
    return min(found, key=lambda d: d.effective_on, default=None)


def _row(complaint: Complaint, on: date) -> QueueRow:
    due = next_owed(complaint, on)
    return QueueRow(
        reference=complaint.reference, resident=complaint.resident.name,
        postcode=complaint.resident.postcode, status=complaint.status,
        status_words=lifecycle.staff_words(complaint.status),
        handler=complaint.handler.name if complaint.handler else None,
        due=due, due_state=due.state(on) if due else None, closed_on=complaint.closed_on,
        group=complaint.petition_id is not None,
    )


# -- the complaint page ---------------------------------------------------------------------


@dataclass(frozen=True)
class CaseView:
    complaint: Complaint
    today: date
    status_words: str
    deadlines: list[deadlines.Due]
    agreed: list[AgreedRow]
    contacts: list[ContactLog]
    events: list[Event]
    responses: list[Response]
    actions: list[Action]
    can_do: list[str]
    last_event_id: int
    profile_name: str
    extension_limit: date | None = None
    notes: dict = field(default_factory=dict)


def agreed_contacts(complaint: Complaint, on: date) -> list[AgreedRow]:
    return agreed_contact_rows(complaint, on)


ACTIONS = ("acknowledge", "refuse", "resolve_first_contact", "reassign", "log_contact",
           "extend", "respond", "close")


def available(actor: User, complaint: Complaint) -> list[str]:
    """The actions this actor may take on this complaint now, in page order."""
    found = []
    for action in ACTIONS:
        if not allowed(actor, action):
            continue
        if action == "reassign":
            ok = complaint.status in lifecycle.OPEN and complaint.handler_id is not None
        elif action == "close":
            ok = complaint.status in lifecycle.RESPONDED
        else:
            ok = lifecycle.can_move(action, complaint.status)
        if ok:
            found.append(action)
    return found


def case_view(actor: User, complaint: Complaint, on: date | None = None) -> CaseView:
    require_allowed(actor, "view_complaint")
    on = on or today()
    return CaseView(
        complaint=complaint,
        today=on,
        status_words=lifecycle.staff_words(complaint.status),
        deadlines=deadlines.complaint_deadlines(complaint),
        agreed=agreed_contacts(complaint, on),
        contacts=list(complaint.contacts),
        events=list(db.session.scalars(
            select(Event).where(Event.complaint_id == complaint.id)
            .options(selectinload(Event.actor)).order_by(Event.id)
        )),
        responses=list(db.session.scalars(
            select(Response).where(Response.complaint_id == complaint.id).order_by(Response.id)
        )),
        actions=list(db.session.scalars(
            select(Action).where(Action.complaint_id == complaint.id).order_by(Action.due_on)
        )),
        can_do=available(actor, complaint),
        last_event_id=last_event_id(complaint),
        profile_name=profiles()[complaint.profile].name,
        extension_limit=(deadlines.max_extension(complaint, 1)
                         if complaint.status == "stage1" else None),
    )


def suggested_definition(issue) -> str:
    """A first draft of our understanding of an issue, for staff to rewrite (Code 5.6)."""
    return (f"{issue.summary.rstrip('.')}.\n\n"
            f"The outcome you are looking for: {issue.outcome_wanted.strip()}")


def exclusions_for(complaint: Complaint):
    return profiles()[complaint.profile].exclusions
