"""The append-only event log. Every change to a complaint writes one event in
the same transaction, named in the past tense."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from portal.data.db import db
from portal.data.models import Complaint, Event, User, utcnow
from portal.services.records import due_index


def record(
    complaint: Complaint | None,
    kind: str,
    summary: str,
    actor: User | None,
    *,
    internal: bool = False,
    at: datetime | None = None,
    **payload: Any,
) -> Event:
    """Add an event to the session; the caller's transaction commits it."""
    event = Event(
        complaint_id=complaint.id if complaint is not None else None,
        kind=kind,
        summary=summary,
        actor_id=actor.id if actor is not None else None,
        internal=internal,
        at=at or utcnow(),
        payload={k: _plain(v) for k, v in payload.items()},
    )
    db.session.add(event)
    if complaint is not None:
        due_index.mark(complaint)  # its next due date is worked out again before commit
    return event


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
