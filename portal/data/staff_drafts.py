"""A letter a member of staff is writing and has not sent yet (issue 15, item 9): the
answers typed into a response, refusal or decline form, one per complaint per kind of
letter, kept between visits. The version of the complaint it was written against is
kept too, so the form can say when the complaint has changed since."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.accounts import User
from portal.data.db import UTC_TIME, db, utcnow


class StaffDraft(db.Model):
    __tablename__ = "staff_drafts"
    __table_args__ = (UniqueConstraint("complaint_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"))
    kind: Mapped[str] = mapped_column(String(20))  # services.records.staff_drafts.KINDS
    # The form as sent: each field name with its list of values.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer)  # the complaint's version it was written on
    seen: Mapped[int] = mapped_column(Integer, default=0)  # the last event then
    saved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow, onupdate=utcnow)

    saved_by: Mapped[User] = relationship()
