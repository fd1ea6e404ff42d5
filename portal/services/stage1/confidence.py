"""Disclosing who made a complaint made in confidence (southern-2022 "Anonymous
complaints": "If it's not possible to fully investigate a complaint without disclosing
the identity of the complainant, we'll ask their permission to do this"). Only the
resident can give that permission: on their own complaint page, or by telling the
officer who received it or the complaints team, who record it on their say-so. Either
way it is an event, and from then on everyone working on the complaint sees who made it.
"""

from __future__ import annotations

from datetime import date

from portal.data.db import db
from portal.data.models import Complaint, User
from portal.services.records import confidence, events
from portal.services.records.casework import (
    CaseworkError,
    NotAllowed,
    changing,
    required_text,
    today,
)


def _check_withheld(complaint: Complaint) -> None:
    if not confidence.withheld(complaint):
        raise CaseworkError("This complaint is not being kept in confidence")


def require_may_record(actor: User, complaint: Complaint) -> None:
    """Only the officer who received it and the complaints team record the permission."""
    if not actor.is_staff or not confidence.may_see(actor, complaint):
        raise NotAllowed(confidence.PERMISSION)


def disclose_for_resident(actor: User, complaint: Complaint, *, version: int | None,
                          seen: int | None, how: str | None,
                          on: date | None = None) -> None:
    """Staff record that the resident gave permission to disclose who they are (`how`:
    when and how they said so). Only those who may see who made it can record it."""
    require_may_record(actor, complaint)
    _check_withheld(complaint)
    how = required_text(how, "Enter when and how the resident gave permission", "how")
    with changing(complaint, version, seen):
        complaint.identity_disclosed_on = on or today()
        events.record(complaint, "identity_disclosed",
                      "The resident gave permission to share who made the complaint with "
                      "the people handling it", actor, text=how, by="staff")


def disclose_by_resident(resident: User, complaint: Complaint,
                         on: date | None = None) -> None:
    """The resident gives permission themselves, from their own complaint page."""
    if complaint.resident_id != resident.id:
        raise NotAllowed("disclose")
    _check_withheld(complaint)
    try:
        complaint.identity_disclosed_on = on or today()
        events.record(complaint, "identity_disclosed",
                      "The resident gave permission to share who made the complaint with the "
                      "people handling it", resident, by="resident")
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
