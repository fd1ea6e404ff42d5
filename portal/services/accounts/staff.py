"""Staff accounts (administrators only; `actor` None is the command line)."""

from __future__ import annotations

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import (
    User,
)
from portal.domain.permissions import STAFF_ROLES
from portal.services.accounts.users import AccountError, create_staff
from portal.services.records import events
from portal.services.records.casework import (
    CaseworkError,
    require_allowed,
)

# -- staff accounts -------------------------------------------------------------------------


def staff_accounts(actor: User) -> list[User]:
    require_allowed(actor, "manage_staff")
    return staff_list()


def staff_list() -> list[User]:
    """Every staff account (for the command line; pages use `staff_accounts`)."""
    return list(db.session.scalars(
        select(User).where(User.kind == "staff").order_by(User.name)))


def create_staff_account(actor: User | None, *, email: str, name: str, role: str,
                         password: str) -> User:
    """A new staff account; `actor` None means the command line (whoever runs it
    already controls the server)."""
    if actor is not None:
        require_allowed(actor, "manage_staff")
    try:
        user = create_staff(email, name, role, password, commit=False)
    except AccountError as error:
        field_name = "role" if str(error).startswith("Role") else "email"
        raise CaseworkError(str(error), field_name) from error
    events.record(None, "staff_account_created", f"Staff account created for {user.name} "
                  f"({STAFF_ROLES[role]})", actor, internal=True, user_id=user.id, role=role)
    db.session.commit()
    return user


def set_staff_active(actor: User, user_id: int, active: bool) -> User:
    """Switch a staff account off (a leaver: signed out everywhere at once, and cannot
    sign in) or on again. Their past work keeps their name."""
    require_allowed(actor, "manage_staff")
    user = db.session.get(User, user_id)
    if user is None or user.kind != "staff":
        raise CaseworkError("There is no such staff account")
    if user.id == actor.id and not active:
        raise CaseworkError("You cannot switch off your own account: ask another "
                            "administrator")
    if user.is_active == active:
        return user
    user.is_active = active
    if not active:
        user.session_version += 1  # every session of theirs ends now
    events.record(None, "staff_account_" + ("reactivated" if active else "deactivated"),
                  f"Staff account {'switched on' if active else 'switched off'} for "
                  f"{user.name}", actor, internal=True, user_id=user.id)
    db.session.commit()
    return user
