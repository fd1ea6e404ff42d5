"""Representatives' authority, petitions and their signatures (SPEC §1, §5)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.accounts import User
from portal.data.db import UTC_TIME, db, utcnow

if TYPE_CHECKING:
    from portal.data.complaints import Complaint


class Authority(db.Model):
    """A resident's authority for someone to act for them.

    Only a verified, unexpired, unrevoked authority gives access, and only to
    what its scope covers: one complaint, or all the resident's complaints
    until a date."""

    __tablename__ = "authorities"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'verified', 'rejected', 'revoked')", name="status_known"
        ),
        CheckConstraint("scope IN ('complaint', 'all')", name="scope_known"),
        CheckConstraint(
            "correspondence_to IN ('resident', 'representative', 'both')",
            name="correspondence_known",
        ),
        # Authority to check pages on it, oldest first (services.representation.casework).
        Index("ix_authorities_status_created_at_id", "status", "created_at", "id"),
        # Who acts for a resident pages on it, the latest first (accounts.access).
        Index("ix_authorities_resident_id_created_at_id", "resident_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    representative_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    resident_name: Mapped[str] = mapped_column(String(200))
    resident_email: Mapped[str | None] = mapped_column(String(254))
    resident_address: Mapped[str | None] = mapped_column(Text)
    resident_postcode: Mapped[str | None] = mapped_column(String(10))
    relationship_kind: Mapped[str] = mapped_column(String(30))
    organisation: Mapped[str | None] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(20), default="complaint")
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    expires_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    method: Mapped[str] = mapped_column(String(20))  # "letter" | "digital" | "phone"
    # A councillor or MP records that the resident agreed by phone: the day, and the
    # number staff call the resident on to verify it (until then it grants nothing).
    phone_consent_on: Mapped[date | None] = mapped_column(Date)
    phone_consent_number: Mapped[str | None] = mapped_column(String(40))
    # How it was verified: "letter" (the signed letter checked), "phone_call" (a phone
    # call to the resident), "resident" (confirmed from their own account).
    verification_method: Mapped[str | None] = mapped_column(String(20))
    letter_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    correspondence_to: Mapped[str] = mapped_column(String(20), default="both")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTC_TIME)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column(UTC_TIME)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)

    representative: Mapped[User] = relationship(foreign_keys=[representative_id])
    resident: Mapped[User | None] = relationship(foreign_keys=[resident_id])
    # The complaint it was given for (lists load it with the authority).
    complaint: Mapped[Complaint | None] = relationship(viewonly=True)


class Petition(db.Model):
    """A group complaint led by one person, signed by households (ISHA 001 §5, App. 2)."""

    __tablename__ = "petitions"
    # The petitions a person leads page on it, the latest first (accounts.access).
    __table_args__ = (Index("ix_petitions_lead_id_created_at_id", "lead_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    issues_text: Mapped[str] = mapped_column(Text)
    actions_requested: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    summary_dated_on: Mapped[date] = mapped_column(Date)
    lead_phone: Mapped[str | None] = mapped_column(String(40))
    lead_address: Mapped[str | None] = mapped_column(Text)
    share_token: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="gathering")
    submitted_on: Mapped[date | None] = mapped_column(Date)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)

    lead: Mapped[User] = relationship()
    signatures: Mapped[list[Signature]] = relationship(
        back_populates="petition", order_by="Signature.id"
    )


class Signature(db.Model):
    """One signer; households are compared by `household_key` (normalised address)."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(10))
    household_key: Mapped[str] = mapped_column(String(300), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    signed_name: Mapped[str] = mapped_column(String(200))
    declaration: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(10), default="online")
    sheet_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    status: Mapped[str] = mapped_column(String(20), default="unverified")
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    signer_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)

    petition: Mapped[Petition] = relationship(back_populates="signatures")
