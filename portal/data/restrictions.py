"""Restrictions for unreasonable behaviour (ISHA 001 §4; IDS 002 §10; southern-2022
"Unreasonable customer behaviour"): on a person, not a complaint. Proposed by a complaints
manager, decided by the role the profile names, reviewed on its date. Its history is
append-only (`restriction_events`), one row per step, kept with the person."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.accounts import User
from portal.data.db import UTC_TIME, db, utcnow


class Restriction(db.Model):
    __tablename__ = "restrictions"
    __table_args__ = (
        # A person's restrictions (every page about them asks for the one in force).
        Index("ix_restrictions_person_id_status", "person_id", "status"),
        # The list for staff, and those due for review on the digest.
        Index("ix_restrictions_status_review_on_id", "status", "review_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The complaint it was proposed from: its policy profile decides approver and review
    # period; the letter is kept with it and a letter task for post is filed against it.
    from_complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    profile: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(30))
    behaviour: Mapped[str] = mapped_column(Text)  # what it answers
    detail: Mapped[str] = mapped_column(Text)  # the named contact, channel or limits
    # "One named contact": the member of staff the person's correspondence and tasks go to
    # (services.correspondence.tell routes the work-list tasks; issue 16 §1).
    named_contact_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    review_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTC_TIME)
    decision_note: Mapped[str | None] = mapped_column(Text)
    # IDS 002 §10.4: not told, because telling them would create a greater risk.
    not_told_reason: Mapped[str | None] = mapped_column(Text)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    person: Mapped[User] = relationship(foreign_keys=[person_id])
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    named_contact: Mapped[User | None] = relationship(foreign_keys=[named_contact_id])

    @property
    def reference(self) -> str:
        return f"RST-{self.id:06d}"


class RestrictionEvent(db.Model):
    """One step in a restriction's life, never changed or deleted."""

    __tablename__ = "restriction_events"
    __table_args__ = (Index("ix_restriction_events_person_id_at", "person_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    restriction_id: Mapped[int] = mapped_column(ForeignKey("restrictions.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)
    told: Mapped[bool] = mapped_column(Boolean, default=False)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
