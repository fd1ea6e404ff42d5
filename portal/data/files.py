"""Files: content stored once by SHA-256, and the documents (evidence, letters) that
name them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.data.db import UTC_TIME, db, utcnow

if TYPE_CHECKING:
    from portal.data.complaints import Complaint


class StoredFile(db.Model):
    """Bytes of a document, stored once and never changed (content-addressed)."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    # Loaded only when the bytes are sent: pages read `size`.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)


class Document(db.Model):
    """A file attached to a complaint (or to a draft before it is submitted)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    # A letter of ours: the HTML its PDF was laid out from (the same words), shown as the
    # letter's web version. None for uploads and for letters stored before it was kept.
    html_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)

    complaint: Mapped[Complaint | None] = relationship(back_populates="documents")
    # Joined: pages show each document's size; the bytes themselves stay deferred.
    file: Mapped[StoredFile] = relationship(lazy="joined", innerjoin=True,
                                            foreign_keys=[file_id])
    html_file: Mapped[StoredFile | None] = relationship(foreign_keys=[html_file_id],
                                                        lazy="raise_on_sql")
