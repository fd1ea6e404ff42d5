"""The staff daily digest: for each member of staff, what is overdue and due today on
their complaints, agreed contacts due or missed, promised actions, letters and calls on
the work list, and emails the sender gave up on; managers also get what is not yet
assigned. Given once per person per working day (reminders.give_once), safe to run again
and on several servers at once (`flask notifications digest`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.data.db import db
from portal.data.models import (
    Action,
    AgreedContact,
    Complaint,
    ContactTask,
    OutboxMessage,
    Restriction,
    SentNotice,
    User,
)
from portal.domain import lifecycle
from portal.domain.calendar import london_date
from portal.domain.deadlines import action_state
from portal.services.correspondence.outbox import external_url, queue_email
from portal.services.correspondence.recipients import is_contactable
from portal.services.correspondence.reminders import (
    give_once,
    previous_working_day,
    working_day,
)
from portal.services.correspondence.worklist import due_on as worklist_due_on
from portal.services.records import clock, deadlines
from portal.services.records.timeline import owed_contact_rows

DIGEST_SUBJECT = "Your complaints: what is due today"
WEEKLY = "staff_weekly"
WEEKLY_SUBJECT = "Complaints: the week's figures"


# -- the staff digest -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    reference: str
    what: str
    due_on: date
    state: str  # "overdue" | "due_today"
    url: str

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


@dataclass
class Digest:
    user_id: int
    name: str
    email: str
    items: list[DigestItem] = field(default_factory=list)
    unassigned: list[DigestItem] = field(default_factory=list)
    weekly: object | None = None  # the managers' weekly headline figures, once a week

    @property
    def overdue(self) -> list[DigestItem]:
        return sorted((i for i in self.items if i.overdue), key=_order)

    @property
    def due_today(self) -> list[DigestItem]:
        return sorted((i for i in self.items if not i.overdue), key=_order)


def _order(item: DigestItem) -> tuple:
    return (item.due_on, item.reference, item.what)


def _owner_id(complaint: Complaint) -> int | None:
    """The reviewer during the review stages (once assigned), else the case handler."""
    if complaint.status in lifecycle.REVIEW - {"passed_back"}:
        return complaint.reviewer_id
    return complaint.handler_id


def _due_items(complaint: Complaint, today: date, url: str) -> list[DigestItem]:
    """Deadlines not yet met that are due today or overdue, and agreed contact dates due
    today or missed with no contact made since (as the staff queue counts them)."""
    items = []
    for due in deadlines.complaint_deadlines(complaint):
        if due.done_on is not None or due.key == "stage2_request_closes":
            continue
        state = due.state(today)
        if state in ("overdue", "due_today"):
            items.append(DigestItem(complaint.reference, due.label, due.effective_on, state,
                                    url))
    for row in owed_contact_rows(complaint, today):
        words = lifecycle.CONTACT_KINDS.get(row.method, row.method).lower()
        if row.state == "due_today":
            items.append(DigestItem(complaint.reference, f"Agreed contact ({words})",
                                    row.due_on, "due_today", url))
        elif row.state == "missed":
            items.append(DigestItem(complaint.reference, f"Agreed contact ({words}): missed, "
                                    "no contact made since", row.due_on, "overdue", url))
    return items


# Letters, calls and texts on the work list (services.worklist), by method.
TASK_WORDS = {"letter": "Letter to post", "phone": "Call to make", "text": "Text to send"}


def _collect(today: date) -> dict[int, Digest]:
    """Everyone's digest, read in one go (no changes)."""
    per_user: dict[int, list[DigestItem]] = {}
    unassigned: list[DigestItem] = []
    complaints = db.session.scalars(
        select(Complaint).where(Complaint.status.in_(lifecycle.OPEN),
                                Complaint.joined_into_id.is_(None))
        .options(selectinload(Complaint.contacts),
                 selectinload(Complaint.agreed_contacts).selectinload(AgreedContact.agreed_by))
        .order_by(Complaint.id))
    for complaint in complaints:
        url = external_url("staff.complaint", reference=complaint.reference)
        owner = _owner_id(complaint)
        items = _due_items(complaint, today, url)
        if owner is not None:
            per_user.setdefault(owner, []).extend(items)
        elif complaint.status in ("received", "stage2_requested"):
            # Nobody has it yet: complaints managers see those awaiting acknowledgement.
            unassigned += [i for i in items if not i.what.startswith("Agreed contact")]
    actions = db.session.execute(
        select(Action, Complaint.reference, Complaint.handler_id)
        .join(Complaint, Action.complaint_id == Complaint.id)
        .where(Action.done_on.is_(None), Action.due_on <= today,
               Complaint.handler_id.is_not(None))
        .order_by(Action.due_on, Action.id))
    for action, reference, handler_id in actions:
        state = action_state(action.due_on, action.done_on, today)
        per_user.setdefault(handler_id, []).append(DigestItem(
            reference, f"Promised action: {action.description} ({action.owner})",
            action.due_on, state, external_url("staff.complaint", reference=reference)))
    for task, complaint in db.session.execute(
            select(ContactTask, Complaint).join(Complaint, ContactTask.complaint_id == Complaint.id)
            .where(ContactTask.done_at.is_(None)).order_by(ContactTask.id)):
        due_on = worklist_due_on(task)
        if due_on > today:
            continue
        item = DigestItem(complaint.reference, f"{TASK_WORDS.get(task.method, 'Message')}: "
                          f"{task.subject}", due_on,
                          "overdue" if due_on < today else "due_today",
                          external_url("staff.contact_task", task_id=task.id))
        owner = _owner_id(complaint)
        if owner is not None:
            per_user.setdefault(owner, []).append(item)
        else:
            unassigned.append(item)
    # Emails the sender gave up on since the last working day's digest: whoever owns the
    # complaint must tell the person another way (administrators get those with none).
    for_admins: list[DigestItem] = []
    since = previous_working_day(today)
    for message, complaint in db.session.execute(
            select(OutboxMessage, Complaint)
            .outerjoin(Complaint, OutboxMessage.complaint_id == Complaint.id)
            # a day's margin for London time; the exact window is checked below
            .where(OutboxMessage.gave_up_at
                   >= datetime.combine(since - timedelta(days=1), time(), UTC))
            .order_by(OutboxMessage.id)):
        gave_up_on = london_date(message.gave_up_at)
        if not since <= gave_up_on < today:  # once: on the first digest after it
            continue
        owner = _owner_id(complaint) if complaint is not None else None
        item = DigestItem(
            complaint.reference if complaint is not None else "No complaint",
            f"Email not delivered ({message.subject}): tell them another way",
            gave_up_on, "overdue",
            external_url("staff.complaint", reference=complaint.reference)
            if complaint is not None else external_url("staff.outbox"))
        if owner is not None:
            per_user.setdefault(owner, []).append(item)
        else:
            for_admins.append(item)
    reviews = _restriction_reviews(today)
    query = select(User).where(User.kind == "staff", User.is_active.is_(True))
    digests = {}
    for user in db.session.scalars(query.order_by(User.id)):
        if not is_contactable(user):
            continue
        digest = Digest(user.id, user.name, user.email, per_user.get(user.id, []))
        if user.staff_role == "complaints_manager":
            digest.unassigned = sorted(unassigned, key=_order)
            digest.items = [*digest.items, *reviews]
        if user.staff_role == "administrator":
            digest.items = [*digest.items, *for_admins]
        if digest.items or digest.unassigned:
            digests[user.id] = digest
    return digests


def _restriction_reviews(today: date) -> list[DigestItem]:
    """Restrictions in force whose review date has come (IDS 002 §10.5; southern-2022:
    each year), for the complaints managers who record the outcome. One query, on the
    (status, review_on) index."""
    return [
        DigestItem(r.reference, f"Review the restriction on contact with {r.person.name}",
                   r.review_on, "overdue" if r.review_on < today else "due_today",
                   external_url("staff.restriction", restriction_id=r.id))
        for r in db.session.scalars(
            select(Restriction).options(selectinload(Restriction.person))
            .where(Restriction.status == "active", Restriction.review_on <= today)
            .order_by(Restriction.review_on, Restriction.id))]


def week_key(user_id: int, today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"weekly:{user_id}:{year}-W{week:02d}"


def _weekly(digests: dict[int, Digest], today: date, headline) -> None:
    """Complaints managers get the week's headline figures in the digest of the first
    working day of the week (Monday, or Tuesday after a bank holiday), even with nothing
    due: once a week, noted as given (SentNotice) in the digest's own transaction."""
    if previous_working_day(today).isocalendar()[:2] == today.isocalendar()[:2]:
        return
    managers = [u for u in db.session.scalars(
        select(User).where(User.kind == "staff", User.is_active.is_(True),
                           User.staff_role == "complaints_manager").order_by(User.id))
        if is_contactable(u)]
    if not managers:
        return
    given = set(db.session.scalars(select(SentNotice.key).where(
        SentNotice.kind == WEEKLY, SentNotice.key.in_([week_key(u.id, today)
                                                      for u in managers]))))
    waiting = [u for u in managers if week_key(u.id, today) not in given]
    if not waiting:
        return
    figures = headline(today)
    for user in waiting:
        digest = digests.setdefault(user.id, Digest(user.id, user.name, user.email))
        digest.weekly = figures


def staff_digest(today: date | None = None, headline=None) -> list[str]:
    """One email to each active member of staff with something due today or overdue:
    the complaints they handle (stage 1) or review (stage 2 and after), their agreed
    contact dates due today or missed, and the actions promised on complaints they
    handle; complaints managers also get the complaints nobody has yet that are due to
    be acknowledged. Nothing to anyone with nothing due, nothing on a day that is not a
    working day. Returns the email addresses written to."""
    today = today or clock.today()
    if not working_day(today):
        return []
    digests = _collect(today)
    if headline is not None:
        _weekly(digests, today, headline)
    db.session.rollback()
    sent = []
    for digest in digests.values():
        def give(digest=digest) -> bool:
            subject = DIGEST_SUBJECT
            if digest.weekly is not None and not (digest.items or digest.unassigned):
                subject = WEEKLY_SUBJECT
            queue_email(digest.email, "staff_digest", subject, {
                "name": digest.name, "today": today, "overdue": digest.overdue,
                "due_today": digest.due_today, "unassigned": digest.unassigned,
                "queue_url": external_url("staff.queue"), "weekly": digest.weekly,
                "reports_url": external_url("staff.reports"),
            })
            if digest.weekly is not None:
                db.session.add(SentNotice(kind=WEEKLY, key=week_key(digest.user_id, today)))
            return True

        if give_once("staff_digest", f"digest:{digest.user_id}:{today.isoformat()}", give):
            sent.append(digest.email)
    return sent
