"""The Housing Ombudsman's investigation of a complaint and its determination (IVH 004
§7.2, §8.7). Its orders and recommendations are `complaints.Action` rows of their own
kinds, tracked to completion like promised actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.accounts import User
from portal.data.db import UTC_TIME, db, utcnow
from portal.domain.ombudsman import FINDINGS

__all__ = ["FINDINGS", "OmbudsmanCase"]


class OmbudsmanCase(db.Model):
    """One complaint's investigation by the Ombudsman: recorded when it starts, and
    its determination when it comes."""

    __tablename__ = "ombudsman_cases"
    __table_args__ = (
        # The list at /staff/ombudsman: those still being investigated first, newest first.
        Index("ix_ombudsman_cases_determined_on_started_on_id", "determined_on", "started_on",
              "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), unique=True)
    ombudsman_reference: Mapped[str | None] = mapped_column(String(40))
    started_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    determined_on: Mapped[date | None] = mapped_column(Date)
    findings: Mapped[list[str]] = mapped_column(JSON, default=list)
    determination: Mapped[str | None] = mapped_column(Text)

    recorded_by: Mapped[User] = relationship()
