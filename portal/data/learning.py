"""The learning log: the small list of root causes (themes) managers keep, the service
improvements made from complaints, with the complaints each came from; and the portal's
settings an administrator changes (publishing the public performance page)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.db import UTC_TIME, db, utcnow

IMPROVEMENT_STATUSES = {"proposed": "Proposed", "in_progress": "In progress",
                        "done": "Done"}


class Theme(db.Model):
    """A root cause a handler can give a complaint (e.g. "Repairs not followed up"):
    a short controlled list; retired ones stay on the complaints that have them."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)


improvement_complaints = Table(
    "improvement_complaints", db.metadata,
    Column("improvement_id", ForeignKey("improvements.id"), primary_key=True),
    Column("complaint_id", ForeignKey("complaints.id"), primary_key=True, index=True),
)


class Improvement(db.Model):
    """A service improvement made (or to be made) because of complaints; each change is
    an event in the log (services.reporting.improvements)."""

    __tablename__ = "improvements"
    __table_args__ = (
        CheckConstraint("status IN ('proposed', 'in_progress', 'done')",
                        name="improvement_status_known"),
        # The learning log lists them by status and date; the reports count those done.
        Index("ix_improvements_status_done_on_id", "status", "done_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    category: Mapped[str | None] = mapped_column(String(40))
    owner: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    proposed_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    theme: Mapped[Theme | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Setting(db.Model):
    """A named setting an administrator changes in the portal."""

    __tablename__ = "settings"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
