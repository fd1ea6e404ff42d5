"""Service requests: an expression of dissatisfaction dealt with as a request for
service rather than as a complaint (Code 1.4-1.6; IVH 004 §4.1; ISHA 001 §2.3). Counted
apart from complaints; a later complaint can say which one it follows."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.accounts import User
from portal.data.db import UTC_TIME, db, utcnow

if TYPE_CHECKING:
    from portal.data.complaints import Complaint


class ServiceRequest(db.Model):
    __tablename__ = "service_requests"
    __table_args__ = (
        # The list at /staff/service-requests, newest first; a resident's, newest first.
        Index("ix_service_requests_recorded_on_id", "recorded_on", "id"),
        Index("ix_service_requests_resident_id_recorded_on", "resident_id", "recorded_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The complaint form it came in on, when a resident sent one (closed as this).
    from_complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"),
                                                          unique=True)
    summary: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)  # why a service request, not a complaint
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    resident: Mapped[User] = relationship(foreign_keys=[resident_id])
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
    from_complaint: Mapped[Complaint | None] = relationship(foreign_keys=[from_complaint_id])
