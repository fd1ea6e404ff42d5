"""The landlord's closure days (not working days, beside the nation's bank holidays).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.data.db import UTC_TIME, db, utcnow


class ClosureDay(db.Model):
    """A day the landlord is closed (e.g. a Christmas shutdown): not a working day."""

    __tablename__ = "closure_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    on: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)


class CalendarMark(db.Model):
    """What the stored next due dates were last worked out with: for each nation, the
    fingerprint of its bank holidays (records.due_index.follow_calendar)."""

    __tablename__ = "calendar_marks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow, onupdate=utcnow)
