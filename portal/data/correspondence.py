"""What the portal tells people: the email outbox, letters and calls for staff to make,
and notices given once.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.db import UTC_TIME, db, utcnow

if TYPE_CHECKING:
    from portal.data.accounts import User
    from portal.data.complaints import Complaint
    from portal.data.files import Document


class OutboxMessage(db.Model):
    """An email written in the same transaction as what caused it; a sender
    command delivers it (or, in development, it waits here to be read)."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_sent_at_id", "sent_at", "id"),  # what is still to send
        Index("ix_outbox_messages_gave_up_at", "gave_up_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(60))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTC_TIME)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTC_TIME)
    gave_up_at: Mapped[datetime | None] = mapped_column(UTC_TIME)

class ContactTask(db.Model):
    """A message for someone who asked for letters, phone calls or texts (or gave no
    email): a task on the staff work list in place of an email, written in the same
    transaction as the event that caused it. A letter task has the PDF to print (the
    formal letter when the event produced one, else the message set as a letter), in
    large print where the resident asked for it."""

    __tablename__ = "contact_tasks"
    __table_args__ = (
        # The work list pages on it, to do oldest first (services.correspondence.worklist).
        Index("ix_contact_tasks_done_at_created_at_id", "done_at", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    kind: Mapped[str] = mapped_column(String(60))
    method: Mapped[str] = mapped_column(String(20))  # letter | phone | text
    recipient_name: Mapped[str] = mapped_column(String(200))
    on_behalf_of: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)  # one line each
    phone: Mapped[str | None] = mapped_column(String(40))
    contact_times: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    large_print: Mapped[bool] = mapped_column(Boolean, default=False)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    large_print_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTC_TIME)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(Text)
    # The person's one named contact, while a restriction names one: only they do it.
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    complaint: Mapped[Complaint] = relationship()
    document: Mapped[Document | None] = relationship(foreign_keys=[document_id])
    large_print_document: Mapped[Document | None] = relationship(
        foreign_keys=[large_print_document_id]
    )
    done_by: Mapped[User | None] = relationship(foreign_keys=[done_by_id])
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])

class SentNotice(db.Model):
    """One row per scheduled notice already given (a reminder, a day's digest), so a
    job run twice, or on two servers at once, gives it once: the second insert of the
    same (kind, key) breaks the unique constraint and that run's transaction rolls
    back."""

    __tablename__ = "sent_notices"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
