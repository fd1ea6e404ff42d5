"""Limits on what can be tried again and again from outside: guessing passwords, asking
for emails to be sent to an address, registering, signing a petition. Counts are kept in
the database (`throttle_hits`), so they hold across several app servers and restarts.

Each attempt is counted and checked in one transaction (`attempt`), serialised per key, so
simultaneous requests cannot all pass a check before any of them is counted: on
PostgreSQL by a transaction-scoped advisory lock on the bucket and key; on SQLite by the
write transaction itself, which begins IMMEDIATE at its first write (`data.db`), the
attempt's INSERT, and so is taken before the count.

Keys are SHA-256 digests of the email address or client address: the table never holds
either. Old rows are pruned as new ones are written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text

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
    # Registrations, password resets and confirmation links asked for from one client
    # address (any email address).
    "register_client": Limit(20, timedelta(hours=1)),
    "email_client": Limit(20, timedelta(hours=1)),
    # Signatures added from one client address (a household may share one; a council
    # office or library computer may be used by many people).
    "petition_sign": Limit(40, timedelta(hours=1)),
    # Anonymous complaints sent from one client address (no sign-in, no CAPTCHA).
    "anonymous_report": Limit(10, timedelta(hours=1)),
}


class TooManyAttempts(Exception):
    def __init__(self, minutes: int) -> None:
        super().__init__(f"Too many attempts. Wait {minutes} minutes, then try again.")
        self.minutes = minutes
        self.field: str | None = None  # not one field's fault: shown at the top of the form


def _key(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()


def _lock_id(bucket: str, key: str) -> int:
    """A signed 64-bit number for pg_advisory_xact_lock, from the bucket and key."""
    digest = hashlib.sha256(f"{bucket}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _now() -> datetime:
    return clock.now()


def attempt(bucket: str, value: str | None) -> int | None:
    """Count one attempt and check the limit, atomically (one transaction, serialised per
    key, committed at once: it counts even if the request then fails). Past the limit the
    attempt is not kept and TooManyAttempts is raised. Returns the attempt's id, for
    `forget` (a correct password must not count against the client)."""
    if not value:
        return None
    limit = LIMITS[bucket]
    key = _key(value)
    session = db.session
    try:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:id)"),
                            {"id": _lock_id(bucket, key)})
        now = _now()
        hit = ThrottleHit(bucket=bucket, key=key, at=now)
        session.add(hit)
        session.flush()  # the first write: on SQLite the write lock is taken here
        since = now - limit.window
        session.execute(delete(ThrottleHit).where(
            ThrottleHit.bucket == bucket, ThrottleHit.key == key, ThrottleHit.at <= since))
        rows = select(ThrottleHit.at).where(ThrottleHit.bucket == bucket,
                                            ThrottleHit.key == key, ThrottleHit.at > since)
        count = session.scalar(select(func.count()).select_from(rows.subquery()))
        if count <= limit.attempts:
            session.commit()
            return hit.id
        oldest = session.scalar(select(func.min(rows.subquery().c.at)))
        session.delete(hit)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    if oldest is not None and oldest.tzinfo is None:  # SQLite gives naive UTC back
        oldest = oldest.replace(tzinfo=since.tzinfo)
    wait = (oldest + limit.window - _now()) if oldest else limit.window
    raise TooManyAttempts(max(1, -(-int(wait.total_seconds()) // 60)))


def allowed(bucket: str, value: str | None) -> bool:
    """`attempt`, answered as whether it was within the limit (for a limit that is kept
    without saying so: nothing is sent, and the page says the same as ever)."""
    try:
        attempt(bucket, value)
    except TooManyAttempts:
        return False
    return True


def forget(attempt_id: int | None) -> None:
    """Take back one attempt (a correct password does not count against the client)."""
    if attempt_id is None:
        return
    db.session.execute(delete(ThrottleHit).where(ThrottleHit.id == attempt_id))
    db.session.commit()


def clear(bucket: str, value: str | None) -> None:
    """Forget the attempts (a correct password ends the count for that account)."""
    if not value:
        return
    db.session.execute(delete(ThrottleHit).where(ThrottleHit.bucket == bucket,
                                                 ThrottleHit.key == _key(value)))
    db.session.commit()
