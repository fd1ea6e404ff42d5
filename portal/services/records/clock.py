"""The one place the portal reads the clock. Domain code takes `today` as an
argument; services and views ask here."""

from __future__ import annotations

from datetime import UTC, date, datetime

from portal.domain.calendar import london_date


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in Europe/London (a complaint at 00:30 BST on 1 June is received on 1 June)."""
    return london_date(now())
