"""Safeguarding (southern-2022 "Our approach"; IVH 004 §3.1; issue 16 §4): a case
handler flags a complaint as raising a safeguarding concern, with the reason. From then
on it is in the queue's safeguarding tab, which the safeguarding lead works from, rather
than among the other complaints, and the late-complaint time limit never applies to it
(IVH 004 §3.1: "unless the concern was around safeguarding or health and safety")."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, User
from portal.domain import lifecycle
from portal.services.correspondence.staff_notices import safeguarding_flagged
from portal.services.records import events
from portal.services.records.casework import (
    CaseworkError,
    changing,
    long_date,
    require_allowed,
    required_text,
    today,
)

# The exclusion no safeguarding concern can be refused under (domain.screening's code).
TIME_LIMIT = "late"


def flag(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
         reason: str | None, on: date | None = None) -> list[User]:
    """Flag an open complaint as a safeguarding concern; the safeguarding leads are
    emailed (a subject without personal detail). The event is internal: the resident's
    timeline does not show it. Returns the leads told."""
    require_allowed(actor, "flag_safeguarding")
    on = on or today()
    if complaint.safeguarding_on is not None:
        raise CaseworkError("This complaint was already flagged as a safeguarding concern on "
                            f"{long_date(complaint.safeguarding_on)}")
    if complaint.status not in lifecycle.OPEN:
        raise CaseworkError("Only an open complaint can be flagged. The complaint’s status is: "
                            f"{lifecycle.staff_words(complaint.status)}")
    reason = required_text(reason, "Enter why this complaint raises a safeguarding concern",
                           "reason")
    with changing(complaint, version, seen):
        complaint.safeguarding_on = on
        complaint.safeguarding_reason = reason
        events.record(complaint, "safeguarding_flagged",
                      "Flagged as raising a safeguarding concern", actor, internal=True,
                      text=reason)
        told = leads()
        for lead in told:
            safeguarding_flagged(actor, complaint, lead)
    return told


def remove(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
           reason: str | None) -> None:
    """The safeguarding lead removes the flag, with the reason (an internal event keeps
    both the flag's reason and this one). The complaint goes back to the usual tabs, in
    next-due-date order, and the time limit is as it was."""
    require_allowed(actor, "remove_safeguarding")
    if complaint.safeguarding_on is None:
        raise CaseworkError("This complaint is not flagged as a safeguarding concern")
    reason = required_text(reason, "Enter why the safeguarding flag is being removed",
                           "reason")
    with changing(complaint, version, seen):
        flagged_on, flagged_for = complaint.safeguarding_on, complaint.safeguarding_reason
        complaint.safeguarding_on = None
        complaint.safeguarding_reason = None
        events.record(complaint, "safeguarding_flag_removed",
                      "Safeguarding flag removed", actor, internal=True, text=reason,
                      flagged_on=flagged_on, flagged_for=flagged_for)


def leads() -> list[User]:
    """The active safeguarding leads (a handful of staff)."""
    return list(db.session.scalars(
        select(User).where(User.kind == "staff", User.is_active.is_(True),
                           User.staff_role == "safeguarding_lead").order_by(User.name)))


def time_limit_applies(complaint: Complaint) -> bool:
    """The late-complaint time limit: never for a safeguarding concern (IVH 004 §3.1)."""
    return complaint.safeguarding_on is None


def refusable(complaint: Complaint, exclusions):
    """The exclusions a complaint may be refused under: without the time limit when it is
    a safeguarding concern."""
    if time_limit_applies(complaint):
        return list(exclusions)
    return [e for e in exclusions if e.code != TIME_LIMIT]
