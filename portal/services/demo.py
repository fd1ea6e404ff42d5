"""Demo data for a new checkout: a landlord with closure days (and, as the
portal grows, residents, staff and complaints at every stage)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import ClosureDay

DEMO_CLOSURES = {
    date(2026, 12, 29): "Christmas closure",
    date(2026, 12, 30): "Christmas closure",
    date(2026, 12, 31): "Christmas closure",
}


def load_demo() -> list[str]:
    said = []
    have = set(db.session.scalars(select(ClosureDay.on)))
    for on, name in DEMO_CLOSURES.items():
        if on not in have:
            db.session.add(ClosureDay(on=on, name=name))
            said.append(f"closure day {on.isoformat()}: {name}")
    db.session.commit()
    return said or ["Demo data already loaded."]
