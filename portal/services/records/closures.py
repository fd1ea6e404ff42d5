"""Closure days: the only writes are here, each in its own transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from portal.data.db import db
from portal.data.models import ClosureDay


def add_closure(on: date, name: str) -> ClosureDay:
    existing = db.session.scalar(select(ClosureDay).where(ClosureDay.on == on))
    if existing:
        existing.name = name
        db.session.commit()
        return existing
    day = ClosureDay(on=on, name=name)
    db.session.add(day)
    db.session.commit()
    return day


def remove_closure(on: date) -> bool:
    result = db.session.execute(delete(ClosureDay).where(ClosureDay.on == on))
    db.session.commit()
    return bool(result.rowcount)
