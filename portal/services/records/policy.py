"""The portal's profile and calendar, shared by pages, letters, jobs and the CLI."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import current_app, g, has_app_context
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import ClosureDay
from portal.domain.calendar import WorkingCalendar
from portal.domain.policy import Profile, load_profiles


def profiles() -> dict[str, Profile]:
    return current_app.extensions["portal.profiles"]


def current_profile() -> Profile:
    return profiles()[current_app.config["PORTAL"].profile]


@lru_cache(maxsize=16)
def _calendar(nation: str, closures: tuple[tuple[date, str], ...]) -> WorkingCalendar:
    return WorkingCalendar(nation, dict(closures))


def calendar_for(nation: str, closures: dict[date, str]) -> WorkingCalendar:
    """One shared calendar per (nation, closure days): rebuilt only when they change."""
    return _calendar(nation, tuple(sorted(closures.items())))


def closure_days() -> dict[date, str]:
    rows = db.session.execute(select(ClosureDay.on, ClosureDay.name)).all()
    return {row.on: row.name for row in rows}


def current_calendar() -> WorkingCalendar:
    """The calendar as it is now, closure days read from the database each time,
    so every app server moves dates as soon as a closure day is added."""
    if has_app_context() and "portal_calendar" in g:
        return g.portal_calendar
    calendar = calendar_for(current_app.config["PORTAL"].nation, closure_days())
    g.portal_calendar = calendar  # one closure-days query per request, not per complaint
    return calendar


def check_profiles_at_start(extra_dir: str = "") -> dict[str, Profile]:
    """Load every shipped profile, then a landlord's own folder if configured;
    a bad one raises ProfileError naming the file and the field."""
    found = load_profiles()
    if extra_dir:
        found.update(load_profiles(Path(extra_dir)))
    return found
