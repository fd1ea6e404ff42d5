"""The core of casework: its errors, the permission and status checks, the one-transaction
helper every action uses (version check, commit, StaleDataError), handlers and the
resident's email."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.data.db import db
from portal.data.models import Complaint, Event, User
from portal.domain import lifecycle
from portal.domain.permissions import can

HANDLER_ROLES = ("case_handler", "complaints_manager")
LETTER_FAILED = "The letter could not be created. Nothing has been sent. Try again."
CONFLICT = "Someone else changed this complaint while you were working on it"
CLOSED_STATUSES = ("closed", "withdrawn", "not_accepted")


class NotAllowed(PermissionError):
    """The actor's role may not do this (shown as a 403 page)."""


class CaseworkError(ValueError):
    """Something the person can put right; `field` names the form field, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class VersionConflict(Exception):
    """The complaint changed since the page was loaded: nothing was saved."""

    def __init__(self, changes: list[Event], version: int, seen: int) -> None:
        super().__init__(CONFLICT)
        self.changes = changes
        self.version = version
        self.seen = seen


def today() -> date:
    from portal.services.records import clock

    return clock.today()


# -- checks -------------------------------------------------------------------------------


def allowed(actor: User, action: str) -> bool:
    return bool(actor.is_staff and actor.is_active and can(actor.staff_role, action))


def require_allowed(actor: User, action: str) -> None:
    if not allowed(actor, action):
        raise NotAllowed(action)


def require_move(action: str, complaint: Complaint) -> None:
    if not lifecycle.can_move(action, complaint.status):
        words = lifecycle.staff_words(complaint.status)
        raise CaseworkError(f"You cannot do this now. The complaint’s status is: {words}")


def last_event_id(complaint: Complaint) -> int:
    return db.session.scalar(
        select(func.coalesce(func.max(Event.id), 0)).where(Event.complaint_id == complaint.id)
    )


def changes_since(complaint_id: int, seen: int) -> list[Event]:
    return list(db.session.scalars(
        select(Event).where(Event.complaint_id == complaint_id, Event.id > seen)
        .options(selectinload(Event.actor)).order_by(Event.id)
    ))


def _conflict(complaint_id: int, seen: int) -> VersionConflict:
    complaint = db.session.get(Complaint, complaint_id, populate_existing=True)
    version = complaint.version if complaint is not None else 0
    latest = db.session.scalar(
        select(func.coalesce(func.max(Event.id), 0)).where(Event.complaint_id == complaint_id)
    )
    return VersionConflict(changes_since(complaint_id, seen), version, latest)


@contextmanager
def changing(complaint: Complaint, version: int | None, seen: int | None) -> Iterator[None]:
    """One transaction for one staff change: refused if the complaint moved on since
    `version`; committed at the end; rolled back on any failure."""
    complaint_id = complaint.id
    seen = seen or 0
    if version is None or complaint.version != version:
        raise _conflict(complaint_id, seen)
    try:
        yield
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise _conflict(complaint_id, seen) from None
    except BaseException:
        db.session.rollback()
        raise


def required_text(value: str | None, message: str, field_name: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CaseworkError(message, field_name)
    return value


def checked_extension(current: date | None, latest: date | None, new_on: date | None,
                       reason: str | None, no_extension: str) -> str:
    """The checks every extension shares (Code 6.4, 6.15): a policy that allows one,
    a new date after the current one and within the limit, and a reason. Returns
    the reason, tidied."""
    if latest is None or current is None:
        raise CaseworkError(no_extension)
    if new_on is None:
        raise CaseworkError("Enter the new response date", "new_on")
    if new_on <= current:
        raise CaseworkError("The new date must be after the current due date, "
                            f"{long_date(current)}",
                            "new_on")
    if new_on > latest:
        raise CaseworkError(f"The new date must be on or before {long_date(latest)}, the longest "
                            "extension your policy allows", "new_on")
    from portal.services.records.policy import current_calendar

    calendar = current_calendar()
    if not calendar.is_working_day(new_on):
        before = calendar.previous_working_day(new_on)
        suggestion = f" such as {long_date(before)}" if before > current else ""
        raise CaseworkError(f"{long_date(new_on)} is not a working day: choose a working day"
                            f"{suggestion}", "new_on")
    return required_text(reason, "Enter the reason for the extension, which the resident will see",
                 "reason")


def long_date(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


# -- people -------------------------------------------------------------------------------


def _handlers_by_name(*columns):
    return (select(*columns).where(User.kind == "staff", User.is_active.is_(True),
                                   User.staff_role.in_(HANDLER_ROLES)).order_by(User.name))


def handlers() -> list[User]:
    """Staff who can own a complaint at stage 1."""
    return list(db.session.scalars(_handlers_by_name(User)))


def handler_names() -> list:
    """The same staff as handlers(), as (id, name) rows for a list to filter by: no
    objects for the session to build and track on every view of the queue."""
    return list(db.session.execute(_handlers_by_name(User.id, User.name)))


def handler_choices(actor: User) -> list[User]:
    """Whom this actor may pick: anyone with "assign", else only themselves."""
    found = handlers()
    if allowed(actor, "assign"):
        return found
    return [u for u in found if u.id == actor.id]


def chosen_handler(actor: User, handler_id: int | None) -> User:
    chosen = next((u for u in handler_choices(actor) if u.id == handler_id), None)
    if chosen is None:
        raise CaseworkError("Select a case handler", "handler")
    return chosen


def like_escape(text: str) -> str:
    """Search text taken literally in a LIKE pattern: % and _ are not wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
