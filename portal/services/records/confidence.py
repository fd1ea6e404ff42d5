"""Complaints made in confidence (southern-2022 "Anonymous complaints"; issue 16 §2).

Who made the complaint (name, email, phone, address and postcode, the account's email,
and the events they are the actor of) is seen only by the officer who received it (the
member of staff who logged it: `received_by_id`) and by the complaints team (the
"see_confidential_identity" permission), until the resident lets us disclose it. The
complaint is otherwise handled, counted and answered like any other: the resident still
gets their own letters and emails.

Every staff page and list asks this module, and the queue's search asks it in the query
(`visible_condition`), so a search by the resident's name or postcode does not find the
complaint for someone who may not see who made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, bindparam, false, or_, true

from portal.data.models import Complaint, User
from portal.domain.policy import Profile
from portal.services.records.casework import allowed
from portal.services.records.policy import current_profile

WITHHELD_NAME = "Name withheld (in confidence)"
PERMISSION = "see_confidential_identity"


# The profiles' `who.anonymous` under which a complaint can be made in confidence.
OFFERED = "in_confidence"


def offered(profile: Profile | None = None) -> bool:
    """Whether the landlord's policy lets a resident make a complaint in confidence."""
    return (profile or current_profile()).who.anonymous == OFFERED


@dataclass(frozen=True)
class Identity:
    """Who made a complaint, as one person may see it."""

    name: str
    email: str | None
    phone: str | None
    address: str | None
    postcode: str | None
    withheld: bool = False


def withheld(complaint: Complaint) -> bool:
    """Whether the complaint's maker is still kept confidential."""
    return bool(complaint.in_confidence) and complaint.identity_disclosed_on is None


def team_may_see(actor: User | None) -> bool:
    """The complaints team: sees who made every complaint made in confidence."""
    return actor is not None and allowed(actor, PERMISSION)


def may_see(actor: User | None, complaint: Complaint) -> bool:
    """Whether this member of staff may see who made this complaint."""
    if not withheld(complaint):
        return True
    if actor is None or not actor.is_staff:
        return False
    return team_may_see(actor) or (complaint.received_by_id is not None
                                   and complaint.received_by_id == actor.id)


def hidden_from(actor: User | None, complaint: Complaint) -> bool:
    return not may_see(actor, complaint)


def identity(actor: User | None, complaint: Complaint) -> Identity:
    """The resident's details, or the words saying they are withheld."""
    resident = complaint.resident
    if hidden_from(actor, complaint):
        return Identity(WITHHELD_NAME, None, None, None, None, withheld=True)
    return Identity(resident.name, resident.email, complaint.contact_phone or resident.phone,
                    resident.address, resident.postcode)


def shown_name(actor: User | None, complaint: Complaint, person: User | None) -> str:
    """A person's name as this actor may see it on this complaint (an event's actor, a
    document's uploader): the resident, and whoever made it for them, are withheld."""
    if person is None:
        return "the portal"
    if hidden_from(actor, complaint) and person.id in (complaint.resident_id,
                                                        complaint.submitted_by_id):
        return "the resident (in confidence)"
    return person.name


def visible_condition(actor_param: str = "actor") -> ColumnElement[bool]:
    """In a query: the complaints whose maker the actor (bound as `:actor`) may see, for
    a role without the permission (with it, no condition is needed)."""
    return or_(Complaint.in_confidence == false(), Complaint.identity_disclosed_on.is_not(None),
               and_(Complaint.received_by_id.is_not(None),
                    Complaint.received_by_id == bindparam(actor_param)))


LETTER_SUFFIX = "_letter"  # letters the landlord issues are addressed to the resident


def document_withheld(actor: User | None, complaint: Complaint, document) -> bool:
    """A document that could say who made the complaint (one the resident, or whoever
    made it for them, uploaded, or a letter addressed to them), for someone who may not
    see who made it."""
    if not hidden_from(actor, complaint):
        return False
    return (document.uploaded_by_id in (complaint.resident_id, complaint.submitted_by_id)
            or document.kind.endswith(LETTER_SUFFIX))


def documents_condition(document_model, complaint: Complaint) -> ColumnElement[bool]:
    """In a query on documents: those `document_withheld` does not withhold."""
    return and_(or_(document_model.uploaded_by_id.is_(None),
                    document_model.uploaded_by_id.not_in(
                        [complaint.resident_id, complaint.submitted_by_id])),
                document_model.kind.not_like("%" + LETTER_SUFFIX))


def visible_to(actor: User) -> ColumnElement[bool]:
    """In a query joined to complaints: those whose maker this actor may see (every one,
    for the complaints team)."""
    if team_may_see(actor):
        return true()
    return or_(Complaint.in_confidence == false(), Complaint.identity_disclosed_on.is_not(None),
               Complaint.received_by_id == actor.id)


REDACTED = "[withheld]"


def redact(actor: User | None, complaint: Complaint, text: str | None) -> str | None:
    """Words recorded on the complaint (an event's summary, a contact's notes) with the
    resident's name, email, phone, postcode and address taken out, for someone who may
    not see who made it (a call logged as "Tried to phone <name>" must not name them)."""
    if text is None or not hidden_from(actor, complaint):
        return text
    resident = complaint.resident
    secrets = [resident.name, resident.email, resident.phone, complaint.contact_phone,
               resident.postcode, *(resident.address or "").splitlines()]
    if complaint.submitted_by_id != complaint.resident_id:
        secrets += [complaint.submitted_by.name, complaint.submitted_by.email]
    for secret in sorted({s.strip() for s in secrets if s and len(s.strip()) > 2},
                         key=len, reverse=True):
        text = re.sub(re.escape(secret), REDACTED, text, flags=re.IGNORECASE)
    return text
