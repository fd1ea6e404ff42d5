"""People who sign in (residents, representatives, staff) and the sign-in limits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Index,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.data.db import UTC_TIME, db, utcnow


class User(db.Model):
    """Anyone who signs in: residents, representatives and staff."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("kind IN ('resident', 'representative', 'staff')", name="kind_known"),
        # Staff by role (the case handlers offered in the queue's filter and in forms): a
        # few dozen rows among tens of thousands of residents, whose role is empty.
        Index("ix_users_staff_role_name", "staff_role", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="resident")
    staff_role: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(10), index=True)
    # Search keys, kept by `_search_keys` below on every insert and update: the name in
    # lower case, its last word (the surname, usually), the postcode without spaces.
    name_key: Mapped[str | None] = mapped_column(String(200), index=True)
    surname_key: Mapped[str | None] = mapped_column(String(200), index=True)
    postcode_key: Mapped[str | None] = mapped_column(String(10), index=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTC_TIME)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)

    # Flask-Login
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

def name_keys(name: str | None) -> tuple[str | None, str | None]:
    """(the whole name, its last word), lower-cased, for prefix search."""
    words = (name or "").lower().split()
    return (" ".join(words) or None, words[-1] if words else None)


def postcode_key(postcode: str | None) -> str | None:
    key = "".join((postcode or "").upper().split())
    return key or None


@event.listens_for(User, "before_insert")
@event.listens_for(User, "before_update")
def _search_keys(_mapper, _connection, user: User) -> None:
    user.name_key, user.surname_key = name_keys(user.name)
    user.postcode_key = postcode_key(user.postcode)


class ThrottleHit(db.Model):
    """One attempt that counts against a limit (a failed sign-in, an email asked for, a
    petition signed), kept in the database so every app server sees the same count.
    `key` is a SHA-256 of the email address or client address, never the value."""

    __tablename__ = "throttle_hits"
    __table_args__ = (Index("ix_throttle_hits_bucket_key_at", "bucket", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTC_TIME, default=utcnow)
