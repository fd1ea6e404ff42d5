"""What the pages show about representatives' authority (reads only): a row per
authority, the authorities on a complaint, the policy's words for the forms, and the
panel on the resident's complaint page (services.representation makes the changes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from portal.data.db import db
from portal.data.models import Complaint, Event, User
from portal.data.representation import Authority, Petition
from portal.domain.policy import Profile
from portal.services.accounts import access
from portal.services.records import clock
from portal.services.records.deadlines import councillor_reply_due
from portal.services.records.policy import current_profile
from portal.services.representation import petitions
from portal.services.representation.authority import (
    RELATIONSHIPS,
    ROLE_WORDS,
    STATE_WORDS,
    describe,
    handling,
    state,
)


@dataclass(frozen=True)
class AuthorityRow:
    authority: Authority
    state: str
    words: str
    relationship: str
    covers: str
    role: str


def row(authority: Authority, today: date | None = None) -> AuthorityRow:
    found = state(authority, today)
    return AuthorityRow(authority, found, STATE_WORDS[found],
                        RELATIONSHIPS.get(authority.relationship_kind,
                                          authority.relationship_kind),
                        describe(authority),
                        ROLE_WORDS.get(authority.relationship_kind, "representative"))


def for_complaint(complaint: Complaint) -> list[AuthorityRow]:
    """Authorities asked for with this complaint, or covering all the resident's."""
    found = db.session.scalars(select(Authority).where(or_(
        Authority.complaint_id == complaint.id,
        (Authority.scope == "all") & (Authority.resident_id == complaint.resident_id),
    )).order_by(Authority.id))
    today = clock.today()
    return [row(a, today) for a in found]


def policy_notes(profile: Profile | None = None) -> dict:
    """What the landlord's policy says about acting for a resident, for the form."""
    profile = profile or current_profile()
    solicitor = handling("solicitor", profile)
    councillor = handling("councillor", profile)
    return {"advocates": profile.who.advocates, "cite": str(profile.who.cite),
            "solicitor": None if solicitor.allowed else solicitor.message,
            "councillor": councillor.message}


def registered_as(user: User) -> tuple[str | None, str | None]:
    """(organisation, relationship) a representative gave when they registered."""
    found = db.session.scalar(
        select(Event).where(Event.actor_id == user.id, Event.complaint_id.is_(None),
                            Event.kind == "representative_registered")
        .order_by(Event.id.desc()).limit(1))
    if found is None:
        return None, None
    return found.payload.get("organisation"), found.payload.get("relationship")


def panel(complaint: Complaint, viewer: User) -> dict:
    """What the resident's complaint page shows about who acts and how it is handled,
    for whoever is looking: the resident sees everyone acting for them (and can end
    it); a representative sees only their own authority."""
    rows = for_complaint(complaint)
    is_resident = getattr(viewer, "id", None) == complaint.resident_id
    if not is_resident:
        rows = [r for r in rows if r.authority.representative_id == getattr(viewer, "id", None)]
    communal = None
    if complaint.joined_into_id is not None:
        into = db.session.get(Complaint, complaint.joined_into_id)
        communal = {"complaint": into, "letters": access.letters_of(into)}
    petition = None
    if complaint.petition_id is not None:
        found = db.session.get(Petition, complaint.petition_id)
        petition = {"petition": found, "progress": petitions.progress(found)}
    return {
        "rows": rows, "is_resident": is_resident, "communal": communal, "petition": petition,
        "joined": len(access.joined_complaints(complaint)),
        "councillor_due": councillor_reply_due(complaint),
        "today": clock.today(),
    }
