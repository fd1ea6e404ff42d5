"""Compensation paid: each payment of compensation a response offered, recorded by the
case handler or a complaints manager (append-only, like the events it goes with), so
the reports can set what was paid against what was offered in SQL."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.accounts import User
from portal.data.complaints import Response
from portal.data.db import UTC_TIME, db, utcnow

PAYMENT_METHODS = {
    "bank_transfer": "Bank transfer",
    "cheque": "Cheque",
    "offset": "Set against money owed",
    "other": "Another way",
}


class CompensationPayment(db.Model):
    """A payment of compensation to the resident: how much, the day it was paid (a
    London date), how, and an optional note for staff."""

    __tablename__ = "compensation_payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="compensation_paid_positive"),
        # The overview sums the payments of a period along this index.
        Index("ix_compensation_payments_paid_on", "paid_on", "complaint_id", "amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)

    recorded_by: Mapped[User] = relationship()


# Each complaint's compensation offered, for the export's column: only the responses that
# offered some (declared here, beside the listener that fills the column).
Index("ix_responses_compensation_complaint_id", Response.complaint_id, Response.compensation,
      sqlite_where=text("compensation IS NOT NULL"),
      postgresql_where=text("compensation IS NOT NULL"))


@event.listens_for(Response, "before_insert")
def _compensation_columns(_mapper, _connection, response: Response) -> None:
    """A response's compensation, from its content, in columns the reports can index."""
    content = response.content or {}
    raw = content.get("compensation") if response.kind in (None, "response") else None
    try:
        amount = Decimal(str(raw)).quantize(Decimal("0.01")) if raw else None
    except InvalidOperation:
        amount = None
    response.compensation = amount if amount and amount > 0 else None
    response.compensation_offset = bool(content.get("offset")) if response.compensation \
        else None
