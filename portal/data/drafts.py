"""A complaint before it is one: the answers a person has given so far, kept between
steps and after failures; and the named counters complaint references are taken from."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.db import UTC_TIME, db, utcnow

if TYPE_CHECKING:
    from portal.data.files import Document


class Draft(db.Model):
    """A complaint being written: answers kept between steps and after failures."""

    __tablename__ = "drafts"
    # A person's drafts page on it, the latest first (services.intake.drafts.drafts_of).
    __table_args__ = (Index("ix_drafts_user_id_updated_at_id", "user_id", "updated_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow, onupdate=utcnow)

    documents: Mapped[list[Document]] = relationship(order_by="Document.id", viewonly=True)


class Counter(db.Model):
    """Named counters, e.g. the complaint reference sequence per year."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
