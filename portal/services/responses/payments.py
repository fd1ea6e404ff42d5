"""Compensation paid (Code 7.3: a remedy is put right as promised). The case handler or
a complaints manager records each payment of the compensation a response offered: an
append-only row the reports sum in SQL, and an event the resident sees on their
timeline ("We paid you £X on <date>")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from portal.data.db import db
from portal.data.models import CompensationPayment, Complaint, Response, User
from portal.data.remedies import PAYMENT_METHODS
from portal.domain.calendar import london_date
from portal.services.records import events
from portal.services.records.casework import (
    CaseworkError,
    NotAllowed,
    allowed,
    changing,
    today,
)

PENNY = Decimal("0.01")
NOTE_LIMIT = 2000


@dataclass
class PaymentDraft:
    amount: Decimal | None = None
    paid_on: date | None = None
    method: str = ""
    note: str = ""


@dataclass(frozen=True)
class Owed:
    """What the complaint's responses offered, what has been paid, and what is left."""

    offered: Decimal
    paid: Decimal
    first_offered_on: date | None

    @property
    def outstanding(self) -> Decimal:
        return max(self.offered - self.paid, Decimal("0.00"))


def owed(complaint: Complaint) -> Owed:
    """Two small statements on the complaint's own rows (each response's compensation is
    kept in its own column when it is written: data.remedies)."""
    offered, first = db.session.execute(
        select(func.sum(Response.compensation), func.min(Response.issued_at))
        .where(Response.complaint_id == complaint.id,
               Response.compensation.is_not(None))).one()
    paid = db.session.scalar(select(func.sum(CompensationPayment.amount)).where(
        CompensationPayment.complaint_id == complaint.id))
    return Owed(Decimal(offered or 0).quantize(PENNY), Decimal(paid or 0).quantize(PENNY),
                london_date(first) if first is not None else None)


def payments(complaint: Complaint) -> list[CompensationPayment]:
    return list(db.session.scalars(
        select(CompensationPayment).where(CompensationPayment.complaint_id == complaint.id)
        .order_by(CompensationPayment.paid_on, CompensationPayment.id)))


def offered_in(responses) -> Decimal:
    """The compensation the responses already loaded offered (no statement)."""
    return sum((r.compensation for r in responses if r.compensation is not None),
               Decimal("0.00")).quantize(PENNY)


def may_record(actor: User, complaint: Complaint) -> bool:
    """A complaints manager, or the complaint's own case handler."""
    if not allowed(actor, "record_payment"):
        return False
    return actor.staff_role == "complaints_manager" or complaint.handler_id == actor.id


def _checked(draft: PaymentDraft, found: Owed, on: date) -> PaymentDraft:
    if found.offered <= 0:
        raise CaseworkError("No response to this complaint offered compensation")
    if draft.amount is None:
        raise CaseworkError("Enter the amount paid", "amount")
    if draft.amount <= 0:
        raise CaseworkError("The amount paid must be more than £0", "amount")
    if draft.amount > found.outstanding:
        raise CaseworkError(
            f"The amount paid must be no more than the £{found.outstanding:,.2f} not yet "
            "paid", "amount")
    if draft.paid_on is None:
        raise CaseworkError("Enter the date it was paid", "paid_on")
    if draft.paid_on > on:
        raise CaseworkError("The date it was paid must be today or in the past", "paid_on")
    if found.first_offered_on and draft.paid_on < found.first_offered_on:
        raise CaseworkError(
            f"The date it was paid must be on or after {found.first_offered_on:%-d %B %Y}, "
            "when the response offered it", "paid_on")
    if draft.method not in PAYMENT_METHODS:
        raise CaseworkError("Select how it was paid", "method")
    draft.note = (draft.note or "").strip()
    if len(draft.note) > NOTE_LIMIT:
        raise CaseworkError("The note must be 2,000 characters or fewer", "note")
    return draft


def record_payment(actor: User, complaint: Complaint, draft: PaymentDraft, *,
                   version: int | None, seen: int | None) -> CompensationPayment:
    """One payment, its event, one transaction."""
    if not may_record(actor, complaint):
        raise NotAllowed("record_payment")
    with changing(complaint, version, seen):  # the version first: a form sent twice is a 409
        draft = _checked(draft, owed(complaint), today())
        amount = draft.amount.quantize(PENNY)
        payment = CompensationPayment(
            complaint_id=complaint.id, amount=amount, paid_on=draft.paid_on,
            method=draft.method, note=draft.note, recorded_by_id=actor.id)
        db.session.add(payment)
        db.session.flush()
        # The complaint's version moves on, so a second payment sent from a page loaded
        # before this one is refused (and the amount left is checked again).
        flag_modified(complaint, "status")
        events.record(complaint, "compensation_paid",
                      f"We paid you £{amount:,.2f} on {draft.paid_on:%-d %B %Y}", actor,
                      amount=str(amount), paid_on=draft.paid_on, method=draft.method,
                      payment_id=payment.id)  # the staff note stays on the payment's row
    return payment
