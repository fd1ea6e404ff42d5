"""Scheduled notices: reminders to residents and representatives (the staff digest,
portal.services.correspondence.digest, gives its notices the same way).

    remind_agreed_contacts(today)   the day before an agreed contact date
    remind_stage2_window(today)     the time to ask for a review ends in 3 working days

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
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.data.db import db
from portal.data.models import (
    AgreedContact,
    Complaint,
    SentNotice,
    User,
)
from portal.domain import lifecycle
from portal.services.correspondence.outbox import external_url
from portal.services.correspondence.recipients import recipients
from portal.services.correspondence.tell import tell
from portal.services.records import clock
from portal.services.records.policy import current_calendar
from portal.services.records.timeline import utc_instant as _utc
from portal.services.review import request as review

STOPPED = ("closed", "withdrawn", "not_accepted")
WINDOW_REMINDER_DAYS = 3  # working days before the last day to ask for a review

CONTACT_SUBJECT = "A reminder: we will be in touch about your complaint"
WINDOW_SUBJECT = "The time to ask for a review of your complaint is ending"

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


def give_once(kind: str, key: str, give: Callable[[], bool]) -> bool:
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


def working_day(today: date) -> bool:
    return current_calendar().is_working_day(today)


def previous_working_day(today: date) -> date:
    """The working day before `today`: the last day a digest went out."""
    return current_calendar().previous_working_day(today)


def in_charge(complaint: Complaint) -> User | None:
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
    if not working_day(today):
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
            who = in_charge(complaint) or agreed.agreed_by
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

        if give_once("contact_reminder", f"agreed_contact:{agreed_id}", give):
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
    if not working_day(today):
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

        if give_once("stage2_window_closing", f"stage2_window:{complaint_id}", give):
            reminded += found
    return reminded
