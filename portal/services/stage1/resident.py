"""What a resident (or their representative) can do while their complaint is open: add
information, withdraw, ask us to correct our understanding, say they are satisfied; and
the list of their complaints. Each commits once, or not at all."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.data.db import db
from portal.data.models import Complaint, User, utcnow
from portal.domain import lifecycle
from portal.domain.calendar import london_date
from portal.services.correspondence.staff_notices import named_contact_told
from portal.services.correspondence.tell import named_contact_id
from portal.services.intake.drafts import ComplaintError, plural
from portal.services.records import events
from portal.services.records.documents import Checked, add_document
from portal.services.records.paging import Page, paged


def _require(action: str, complaint: Complaint) -> None:
    if not lifecycle.can_move(action, complaint.status):
        raise ComplaintError("You cannot do that now: the complaint is "
                             + lifecycle.resident_words(complaint.status).lower())


def add_information(complaint: Complaint, user: User, text: str, files: list[Checked]) -> None:
    """Text, files, or both."""
    _require("add_information", complaint)
    if not text and not files:
        raise ComplaintError("Enter the information you want to add, or select a file to "
                             "upload")
    for checked in files:
        add_document(kind="evidence", checked=checked, uploaded_by_id=user.id,
                     complaint_id=complaint.id)
    names = ", ".join(c.filename for c in files)
    added = f"{plural(len(files), 'file')}: {names}"
    summary = ("Added more information" + (f" and {added}" if files else "") if text
               else f"Added {added}")
    events.record(complaint, "information_added", summary, user, text=text,
                  files=[c.filename for c in files])
    if user.id == complaint.resident_id:  # "one named contact": their correspondence
        named_contact_told(complaint, named_contact_id(complaint.resident_id))
    db.session.commit()


def withdraw(complaint: Complaint, user: User, reason: str | None) -> None:
    _require("withdraw", complaint)
    complaint.status = "withdrawn"
    complaint.closed_on = london_date(utcnow())
    complaint.closed_reason = "withdrawn"
    events.record(complaint, "complaint_withdrawn", "The complaint was withdrawn", user,
                  reason=reason or "")
    db.session.commit()


def ask_to_correct_definition(complaint: Complaint, user: User, text: str) -> None:
    _require("add_information", complaint)
    events.record(complaint, "definition_correction_requested",
                  "Asked us to correct our understanding of the complaint", user, text=text)
    db.session.commit()


def say_satisfied(complaint: Complaint, user: User) -> None:
    if complaint.status not in lifecycle.RESPONDED:
        raise ComplaintError("You can tell us you are satisfied after our response")
    complaint.status = "closed"
    complaint.closed_on = london_date(utcnow())
    complaint.closed_reason = "resident_satisfied"
    events.record(complaint, "complaint_closed", "Closed: you told us you are satisfied", user,
                  reason="resident_satisfied")
    db.session.commit()


def complaints_of(user: User, page: int = 1) -> Page[Complaint]:
    """One page of the resident's complaints, the latest first, each with its issues and
    the communal complaint it was joined into (so `handled_in` needs no query)."""
    return paged(select(Complaint).where(Complaint.resident_id == user.id)
                 .options(selectinload(Complaint.issues), joinedload(Complaint.joined_into))
                 .order_by(Complaint.received_at.desc(), Complaint.id.desc()), page)


def handled_in(complaint: Complaint) -> Complaint:
    """The complaint whose progress this one follows: the communal complaint it was
    joined into (seed 001 §2.3: handled together, each resident answered), else itself.
    A joined complaint's own status and dates stop where they were when it was joined."""
    if complaint.joined_into_id is None:
        return complaint
    return db.session.get(Complaint, complaint.joined_into_id) or complaint
