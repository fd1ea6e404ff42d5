"""Tables. Instants are `*_at` (UTC); Europe/London dates are `*_on`."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Date, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.data.db import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class ClosureDay(db.Model):
    """A day the landlord is closed (e.g. a Christmas shutdown): not a working day."""

    __tablename__ = "closure_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    on: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
