"""What a complaint page shows: the timeline from the event log, and agreed
contact dates marked kept or missed. Staff and resident pages both use this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from portal.data.models import Complaint, Event
from portal.domain.calendar import london_date


@dataclass(frozen=True)
class AgreedRow:
    due_on: date
    method: str
    agreed_by: str
    state: str  # "kept" | "missed" | "due_today" | "upcoming"
    kept_on: date | None


def utc_instant(instant: datetime) -> datetime:
    """Instants compared in UTC (SQLite gives naive UTC ones back, PostgreSQL aware ones)."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def agreed_contact_rows(complaint: Complaint, today: date) -> list[AgreedRow]:
    """Each agreed contact date: kept by a contact logged after it was agreed and by
    the end of that day; missed once the day has passed without one (SPEC §6).
    The call in which a date was agreed does not keep it."""
    rows = []
    for agreed in sorted(complaint.agreed_contacts, key=lambda a: (a.due_on, a.id)):
        agreed_at = utc_instant(agreed.agreed_at)
        kept = [london_date(c.happened_at) for c in complaint.contacts
                if utc_instant(c.happened_at) > agreed_at
                and london_date(c.happened_at) <= agreed.due_on]
        kept_on = kept[0] if kept else None
        if kept_on is not None:
            state = "kept"
        elif today > agreed.due_on:
            state = "missed"
        elif today == agreed.due_on:
            state = "due_today"
        else:
            state = "upcoming"
        by = agreed.agreed_by.name if agreed.agreed_by else ""
        rows.append(AgreedRow(agreed.due_on, agreed.method, by, state, kept_on))
    return rows


def owed_contact_rows(complaint: Complaint, today: date) -> list[AgreedRow]:
    """Agreed contact dates still owed, earliest first: to come, due today, or missed
    with no contact made since (a missed promise stays owed until someone gets in
    touch). The staff queue and the staff digest both count these."""
    last = max((london_date(c.happened_at) for c in complaint.contacts), default=None)
    return [row for row in agreed_contact_rows(complaint, today)
            if row.state in ("upcoming", "due_today")
            or (row.state == "missed" and (last is None or last <= row.due_on))]


def next_agreed_contact(complaint: Complaint, today: date) -> AgreedRow | None:
    upcoming = [r for r in agreed_contact_rows(complaint, today)
                if r.state in ("upcoming", "due_today")]
    return upcoming[0] if upcoming else None


@dataclass(frozen=True)
class Entry:
    at: datetime
    summary: str
    quote: str | None = None
    reason: str | None = None


def resident_timeline(complaint: Complaint) -> list[Event]:
    """Events a resident may see, oldest first: never internal ones."""
    return [e for e in complaint.events if not e.internal]


def resident_entries(complaint: Complaint) -> list[Entry]:
    """What a resident may see, newest first, in one list: events (never internal
    ones) and contacts whose notes were shared with them. A shared contact is shown
    once, by its notes, not also as its "Phone call recorded" event."""
    from portal.domain.lifecycle import CONTACT_KINDS

    entries = [
        Entry(utc_instant(e.at), e.summary, e.payload.get("text") or None, _reason(e))
        for e in complaint.events if not e.internal and e.kind != "contact_logged"
    ]
    entries += [
        Entry(utc_instant(c.happened_at),
              f"{CONTACT_KINDS.get(c.method, c.method)} with {c.by.name}: {c.notes}")
        for c in complaint.contacts if c.shared
    ]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def _reason(event: Event) -> str | None:
    """An event's reason, shown once: not when its summary already gives it (an
    extension's summary ends "Reason: ..."; issue 15, item 3)."""
    reason = event.payload.get("reason") if event.kind != "complaint_closed" else None
    if not reason or str(reason) in event.summary:
        return None
    return reason
