"""Closure days: the only writes are here, each in its own transaction, which also moves
the stored next due date of every running complaint (records.due_index)."""

from __future__ import annotations

from datetime import date

from flask import g
from sqlalchemy import delete, select

from portal.data.db import db
from portal.data.models import ClosureDay
from portal.services.records import due_index


def add_closure(on: date, name: str) -> ClosureDay:
    existing = db.session.scalar(select(ClosureDay).where(ClosureDay.on == on))
    if existing:
        existing.name = name
        db.session.commit()
        return existing
    day = ClosureDay(on=on, name=name)
    db.session.add(day)
    db.session.flush()
    g.pop("portal_calendar", None)  # the calendar with the new day, not this request's
    due_index.rewrite(running_only=True)
    db.session.commit()
    return day


def remove_closure(on: date) -> bool:
    result = db.session.execute(delete(ClosureDay).where(ClosureDay.on == on))
    if result.rowcount:
        g.pop("portal_calendar", None)
        due_index.rewrite(running_only=True)
    db.session.commit()
    return bool(result.rowcount)
