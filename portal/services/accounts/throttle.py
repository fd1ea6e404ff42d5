"""Limits on what can be tried again and again from outside: guessing passwords, asking
for emails to be sent to an address, signing a petition. Counts are kept in the database
(`throttle_hits`), so they hold across several app servers and restarts.

Keys are SHA-256 digests of the email address or client address: the table never holds
either. Old rows are pruned as new ones are written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from portal.data.db import db
from portal.data.models import ThrottleHit
from portal.services.records import clock


@dataclass(frozen=True)
class Limit:
    attempts: int
    window: timedelta


LIMITS = {
    # Wrong passwords for one account, and from one client address (any account).
    "sign_in_email": Limit(10, timedelta(minutes=15)),
    "sign_in_client": Limit(50, timedelta(minutes=15)),
    # Emails we send to one address on request (reset, confirmation link again).
    "email_sent": Limit(5, timedelta(hours=1)),
    # Signatures added from one client address (a household may share one; a council
    # office or library computer may be used by many people).
    "petition_sign": Limit(40, timedelta(hours=1)),
}


class TooManyAttempts(Exception):
    def __init__(self, minutes: int) -> None:
        super().__init__(f"Too many attempts. Wait {minutes} minutes, then try again.")
        self.minutes = minutes
        self.field: str | None = None  # not one field's fault: shown at the top of the form


def _key(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()


def _now() -> datetime:
    return clock.now()


def check(bucket: str, value: str | None) -> None:
    """Raise TooManyAttempts when `value` has used up its attempts in the window."""
    if not value:
        return
    limit = LIMITS[bucket]
    since = _now() - limit.window
    rows = select(ThrottleHit.at).where(ThrottleHit.bucket == bucket,
                                        ThrottleHit.key == _key(value), ThrottleHit.at > since)
    count = db.session.scalar(select(func.count()).select_from(rows.subquery()))
    if count >= limit.attempts:
        oldest = db.session.scalar(select(func.min(rows.subquery().c.at)))
        if oldest is not None and oldest.tzinfo is None:  # SQLite gives naive UTC back
            oldest = oldest.replace(tzinfo=since.tzinfo)
        wait = (oldest + limit.window - _now()) if oldest else limit.window
        raise TooManyAttempts(max(1, -(-int(wait.total_seconds()) // 60)))


def hit(bucket: str, value: str | None) -> None:
    """Count one attempt (committed at once: it must count even if the request fails)."""
    if not value:
        return
    now = _now()
    key = _key(value)
    db.session.execute(delete(ThrottleHit).where(
        ThrottleHit.bucket == bucket, ThrottleHit.key == key,
        ThrottleHit.at < now - LIMITS[bucket].window))
    db.session.add(ThrottleHit(bucket=bucket, key=key, at=now))
    db.session.commit()


def clear(bucket: str, value: str | None) -> None:
    """Forget the attempts (a correct password ends the count for that account)."""
    if not value:
        return
    db.session.execute(delete(ThrottleHit).where(ThrottleHit.bucket == bucket,
                                                 ThrottleHit.key == _key(value)))
    db.session.commit()
