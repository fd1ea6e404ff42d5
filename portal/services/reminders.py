"""Scheduled notices: reminders to residents and representatives, and the staff digest.

    remind_agreed_contacts(today)   the day before an agreed contact date
    remind_stage2_window(today)     the time to ask for a review ends in 3 working days
    staff_digest(today)             each person's overdue and due-today work

Run from cron (`flask notifications remind`, `flask notifications digest`), each is
safe to run again and at the same time as itself, on one server or several: every
notice is given in its own transaction together with a `SentNotice` row whose
(kind, key) is unique. A second run finds the row and skips; two runs at the same
moment both insert it, and on PostgreSQL the second insert waits for the first
transaction and then fails, so that run rolls back and nothing is sent twice.

Candidates are chosen first (a read), then each notice is re-checked and given in its
own transaction, so one failure costs one notice, not the run.

The jobs do nothing on a day that is not a working day: the run on the working day
before looks far enough ahead to cover it (a contact on a Saturday, or on the Tuesday
after a bank holiday Monday, is reminded on the Friday before).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.data.db import db
from portal.data.models import (
    Action,
    AgreedContact,
    Complaint,
    ContactTask,
    OutboxMessage,
    SentNotice,
    User,
)
from portal.domain import lifecycle
from portal.domain.calendar import london_date
from portal.domain.deadlines import action_state
from portal.services import clock, deadlines, review
from portal.services.correspondence import tell
from portal.services.outbox import external_url, queue_email
from portal.services.policy import current_calendar
from portal.services.recipients import is_contactable, recipients
from portal.services.timeline import owed_contact_rows
from portal.services.timeline import utc_instant as _utc
from portal.services.worklist import due_on as worklist_due_on

STOPPED = ("closed", "withdrawn", "not_accepted")
WINDOW_REMINDER_DAYS = 3  # working days before the last day to ask for a review

CONTACT_SUBJECT = "A reminder: we will be in touch about your complaint"
WINDOW_SUBJECT = "The time to ask for a review of your complaint is ending"
DIGEST_SUBJECT = "Your complaints: what is due today"

# How the agreed contact will happen, in the resident's words.
HOW = {
    "phone": "we will phone you",
    "email": "we will email you",
    "letter": "we will write to you",
    "visit": "we will visit you at home",
    "meeting": "we will meet you",
    "text": "we will send you a text message",
}


# -- once, whatever runs at the same time ------------------------------------------------------


def _give_once(kind: str, key: str, give: Callable[[], bool]) -> bool:
    """Give one notice in one transaction with its SentNotice row. `give` re-checks and
    queues the messages; it returns False when there is nothing to give after all.
    Returns whether the notice was given by this call."""
    try:
        if db.session.scalar(select(SentNotice.id).where(SentNotice.kind == kind,
                                                         SentNotice.key == key)) is not None:
            db.session.rollback()
            return False
        db.session.add(SentNotice(kind=kind, key=key))
        # On PostgreSQL a run inserting the same key at the same moment waits here until
        # the other transaction ends, then fails with IntegrityError if it committed.
        db.session.flush()
        if not give():
            db.session.rollback()
            return False
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another run gave it
        return False
    except BaseException:
        db.session.rollback()
        raise
    return True


def _working_day(today: date) -> bool:
    return current_calendar().is_working_day(today)


def _previous_working_day(today: date) -> date:
    """The working day before `today`: the last day a digest went out."""
    return current_calendar().previous_working_day(today)


def _in_charge(complaint: Complaint) -> User | None:
    """Who is dealing with the complaint now: the reviewer during the review stages,
    otherwise the case handler."""
    if complaint.status in lifecycle.REVIEW - {"passed_back"} and complaint.reviewer_id:
        return complaint.reviewer
    return complaint.handler


def _by_email(complaint: Complaint) -> bool:
    """Whether anyone written to about this complaint hears from us by email."""
    return any(p.channel == "email" and p.email for p in recipients(complaint))


def _contact_kept(complaint: Complaint, agreed: AgreedContact) -> bool:
    """A contact logged after the date was agreed (the call that agreed it does not count)."""
    agreed_at = _utc(agreed.agreed_at)
    return any(_utc(c.happened_at) > agreed_at for c in complaint.contacts)


# -- the day before an agreed contact -------------------------------------------------------------


def remind_agreed_contacts(today: date | None = None) -> list[str]:
    """Remind whoever is written to about a complaint (by email only: the contact itself
    is made the way they chose) the working day before an agreed contact date. On a
    working day this covers every date after today up to and including the next working
    day, so the days in between that are not working days are covered too. Returns the
    references reminded (once per agreed contact)."""
    today = today or clock.today()
    if not _working_day(today):
        return []
    horizon = current_calendar().add_working_days(today, 1)
    candidates = list(db.session.scalars(
        select(AgreedContact.id).join(Complaint, AgreedContact.complaint_id == Complaint.id)
        .where(AgreedContact.due_on > today, AgreedContact.due_on <= horizon,
               Complaint.status.not_in(STOPPED))
        .order_by(AgreedContact.due_on, AgreedContact.id)))
    db.session.rollback()
    reminded = []
    for agreed_id in candidates:
        found: list[str] = []

        def give(agreed_id=agreed_id, found=found) -> bool:
            agreed = db.session.get(AgreedContact, agreed_id, populate_existing=True)
            complaint = db.session.get(Complaint, agreed.complaint_id, populate_existing=True)
            if (complaint.status in STOPPED or not today < agreed.due_on <= horizon
                    or _contact_kept(complaint, agreed) or not _by_email(complaint)):
                return False
            who = _in_charge(complaint) or agreed.agreed_by
            settings = current_app.config["PORTAL"]
            tell(complaint, "contact_reminder", CONTACT_SUBJECT, due_on=agreed.due_on,
                 method=agreed.method,
                 how=HOW.get(agreed.method, lifecycle.CONTACT_KINDS.get(agreed.method,
                                                                        agreed.method)),
                 method_words=lifecycle.CONTACT_KINDS.get(agreed.method, agreed.method),
                 who=who.name if who else None,
                 phone=settings.landlord_phone, email=settings.landlord_email)
            found.append(complaint.reference)
            return True

        if _give_once("contact_reminder", f"agreed_contact:{agreed_id}", give):
            reminded += found
    return reminded


# -- the time to ask for a review is ending ---------------------------------------------------


def _window_closing(complaint: Complaint, today: date) -> review.Offer | None:
    """The review offer when this complaint's window is open and ends within
    WINDOW_REMINDER_DAYS working days (on the last day itself, 0 are left)."""
    if (complaint.status != "stage1_responded" or complaint.stage2_requested_on is not None
            or complaint.joined_into_id is not None):
        return None
    offer = review.offer(complaint, today)
    if offer is None or offer.stage != 2 or offer.window is None:
        return None
    window = offer.window
    if not window.is_open or window.working_days_left > WINDOW_REMINDER_DAYS:
        return None
    return offer


def remind_stage2_window(today: date | None = None) -> list[str]:
    """Tell whoever is written to about a complaint, once, that the time to ask for a
    review (stage 2) ends in 3 working days: on the first working-day run with 3 or
    fewer working days left and the window still open, so a missed run still reminds.
    Only where the profile sets a window (IDS, IVH; not the Code, ISHA, Southern), and
    not for a building-safety complaint that goes to the Regulator. Returns the
    references reminded."""
    today = today or clock.today()
    if not _working_day(today):
        return []
    candidates = [
        complaint.id for complaint in db.session.scalars(
            select(Complaint).where(Complaint.status == "stage1_responded",
                                    Complaint.stage2_requested_on.is_(None),
                                    Complaint.joined_into_id.is_(None))
            .order_by(Complaint.id))
        if _window_closing(complaint, today) is not None
    ]
    db.session.rollback()
    reminded = []
    for complaint_id in candidates:
        found: list[str] = []

        def give(complaint_id=complaint_id, found=found) -> bool:
            complaint = db.session.get(Complaint, complaint_id, populate_existing=True)
            offer = _window_closing(complaint, today)
            if offer is None:
                return False
            settings = current_app.config["PORTAL"]
            tell(complaint, "stage2_window_closing", WINDOW_SUBJECT,
                 closes_on=offer.window.closes_on, days_left=offer.window.working_days_left,
                 review_url=external_url("resident.ask_for_review",
                                         reference=complaint.reference),
                 review_reference=complaint.reference, reasons_required=offer.reasons_required,
                 phone=settings.landlord_phone, email=settings.landlord_email)
            found.append(complaint.reference)
            return True

        if _give_once("stage2_window_closing", f"stage2_window:{complaint_id}", give):
            reminded += found
    return reminded


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
    since = _previous_working_day(today)
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
    query = select(User).where(User.kind == "staff", User.is_active.is_(True))
    digests = {}
    for user in db.session.scalars(query.order_by(User.id)):
        if not is_contactable(user):
            continue
        digest = Digest(user.id, user.name, user.email, per_user.get(user.id, []))
        if user.staff_role == "complaints_manager":
            digest.unassigned = sorted(unassigned, key=_order)
        if user.staff_role == "administrator":
            digest.items = [*digest.items, *for_admins]
        if digest.items or digest.unassigned:
            digests[user.id] = digest
    return digests


def staff_digest(today: date | None = None) -> list[str]:
    """One email to each active member of staff with something due today or overdue:
    the complaints they handle (stage 1) or review (stage 2 and after), their agreed
    contact dates due today or missed, and the actions promised on complaints they
    handle; complaints managers also get the complaints nobody has yet that are due to
    be acknowledged. Nothing to anyone with nothing due, nothing on a day that is not a
    working day. Returns the email addresses written to."""
    today = today or clock.today()
    if not _working_day(today):
        return []
    digests = _collect(today)
    db.session.rollback()
    sent = []
    for digest in digests.values():
        def give(digest=digest) -> bool:
            queue_email(digest.email, "staff_digest", DIGEST_SUBJECT, {
                "name": digest.name, "today": today, "overdue": digest.overdue,
                "due_today": digest.due_today, "unassigned": digest.unassigned,
                "queue_url": external_url("staff.queue"),
            })
            return True

        if _give_once("staff_digest", f"digest:{digest.user_id}:{today.isoformat()}", give):
            sent.append(digest.email)
    return sent
