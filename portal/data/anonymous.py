"""Anonymous complaints: no account, no contact details, where the landlord's profile
records and monitors them (southern-2022 "Anonymous complaints"; issue 16 §2). Staff can
investigate and learn from them; no response is owed and there are no resident pages."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.data.db import UTC_TIME, db, utcnow


class AnonymousReport(db.Model):
    __tablename__ = "anonymous_reports"
    __table_args__ = (
        # The list at /staff/anonymous, newest first.
        Index("ix_anonymous_reports_received_on_id", "received_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    received_on: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text)
    happened_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(Text)  # where, as they described it
