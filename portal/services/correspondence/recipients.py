"""Who receives correspondence about a complaint: one place, so every email and
letter goes where it should.

- The resident, unless every authority that covers the complaint today says
  correspondence goes to the representative only.
- Each representative whose authority covers the complaint today (verified, not
  revoked, not expired, in scope) and says "representative" or "both": written to
  "on behalf of" the resident. A pending, rejected, revoked or expired authority
  sends nothing to the representative.
- A communal complaint: the same, for the resident of every complaint joined into it
  (each resident is answered, seed 001 §2.3, §5), each pointed at their own complaint.
- A petition: its lead is the complaint's resident. With `members=True` (a letter was
  sent), every signer with an email whose signature was not rejected is added, once
  (seed 001 §5: the final response goes to all members).

An account made for a resident who gave no email has an address that cannot receive
mail (`NO_EMAIL_DOMAIN`): such a recipient has `email=None` (post only).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, User
from portal.data.representation import Authority, Petition, Signature
from portal.data.restrictions import Restriction
from portal.services.records import clock

NO_EMAIL_DOMAIN = "no-email.invalid"  # RFC 2606: can never be delivered


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str | None
    address_lines: tuple[str, ...]
    on_behalf_of: str | None = None  # the resident's name when written to a representative
    role: str = "resident"  # "resident" | "representative" | "member"
    reference: str | None = None  # the complaint whose page they follow
    token: str | None = None  # a petition member's own link
    channel: str = "email"  # "email" | "letter" | "phone" | "text" (services.correspondence)
    phone: str | None = None
    contact_times: str | None = None
    large_print: bool = False


def real_email(email: str | None) -> str | None:
    if not email or email.lower().endswith("@" + NO_EMAIL_DOMAIN):
        return None
    return email


def address_lines(address: str | None, postcode: str | None) -> tuple[str, ...]:
    """An address typed on several lines or with commas, then the postcode once."""
    lines = [p.strip() for p in (address or "").replace("\n", ",").split(",")]
    lines = [p for p in lines if p]
    if postcode and postcode not in lines:
        lines.append(postcode)
    return tuple(lines)


def covering_authorities(complaint: Complaint) -> list[Authority]:
    """Authorities that cover this complaint today, oldest first."""
    from portal.services.accounts.access import active_authority

    return list(db.session.scalars(
        select(Authority).where(
            active_authority(clock.today()),
            ((Authority.scope == "complaint") & (Authority.complaint_id == complaint.id))
            | ((Authority.scope == "all") & (Authority.resident_id == complaint.resident_id)),
        ).order_by(Authority.id)
    ))


def resident_channel(complaint: Complaint, email: str | None) -> str:
    """How the resident asked to hear from us on this complaint: email, letter, phone or
    text; by post when they chose email but gave no address we can write to. A
    restriction to written contact in force turns a call or a text into a letter (IDS
    002 §10.1; southern-2022 "a channel of our choice")."""
    method = complaint.contact_method
    if method in ("phone", "text") and written_only(complaint.resident_id):
        return "letter"
    if method in ("letter", "phone", "text"):
        return method
    return "email" if email else "letter"


def written_only(person_id: int) -> bool:
    """An approved "written contact only" restriction is in force for this person."""
    return db.session.scalar(
        select(Restriction.id).where(Restriction.person_id == person_id,
                                     Restriction.status == "active",
                                     Restriction.kind == "written_only",
                                     Restriction.starts_on <= clock.today()).limit(1)
    ) is not None


def _people(complaint: Complaint) -> list[Recipient]:
    resident = complaint.resident
    authorities = covering_authorities(complaint)
    to_resident = not authorities or any(a.correspondence_to in ("resident", "both")
                                         for a in authorities)
    found = []
    reps = []
    for authority in authorities:
        if authority.correspondence_to not in ("representative", "both"):
            continue
        person = authority.representative
        lines = address_lines(person.address, person.postcode)
        if authority.organisation:
            lines = (authority.organisation, *lines)
        email = real_email(person.email)
        reps.append(Recipient(
            person.name, email, lines, on_behalf_of=resident.name,
            role="representative", reference=complaint.reference,
            channel="email" if email else "letter", phone=person.phone))
    if to_resident:
        email = real_email(resident.email)
        found.append(Recipient(resident.name, email,
                               address_lines(resident.address, resident.postcode),
                               reference=complaint.reference,
                               channel=resident_channel(complaint, email),
                               phone=complaint.contact_phone or resident.phone,
                               contact_times=complaint.contact_times,
                               large_print="large_print" in (complaint.adjustments or [])))
    return found + reps


def recipients(complaint: Complaint, *, members: bool = False) -> list[Recipient]:
    """Everyone who is written to about this complaint, each email address once."""
    found = _people(complaint)
    for joined in db.session.scalars(
        select(Complaint).where(Complaint.joined_into_id == complaint.id).order_by(Complaint.id)
    ):
        found += _people(joined)
    if members and complaint.petition_id is not None:
        for signature in db.session.scalars(
            select(Signature).where(Signature.petition_id == complaint.petition_id,
                                    Signature.status != "rejected",
                                    Signature.email.is_not(None)).order_by(Signature.id)
        ):
            found.append(Recipient(signature.name, real_email(signature.email),
                                   (), role="member", reference=complaint.reference,
                                   token=signature.signer_token))
    seen: set[str] = set()
    unique = []
    for person in found:
        key = (person.email or f"post:{person.name}|{person.address_lines}").lower()
        if key in seen:
            continue
        seen.add(key)
        unique.append(person)
    return unique


def letter_addressee(complaint: Complaint) -> dict:
    """Whom a letter about this complaint is addressed to, for `documents/_letter.html`:
    {"recipient": {"name", "address_lines"}, "on_behalf_of"}.

    A petition's letters are addressed to its members (care of the lead); a communal
    complaint's to every resident who made it (each is sent it); otherwise to the
    representative "on behalf of" the resident when the authority sends correspondence
    to them, else to the resident."""
    resident = complaint.resident
    if complaint.petition_id is not None:
        petition = db.session.get(Petition, complaint.petition_id)
        lines = address_lines(petition.lead_address or resident.address, resident.postcode)
        return {"recipient": {"name": f"Members of the petition “{petition.subject}”",
                              "address_lines": [f"Care of {petition.lead.name}", *lines]},
                "on_behalf_of": None}
    joined = db.session.scalar(
        select(Complaint.id).where(Complaint.joined_into_id == complaint.id).limit(1))
    if joined is not None:
        return {"recipient": {"name": "Residents who made this communal complaint",
                              "address_lines": []},
                "on_behalf_of": None}
    people = _people(complaint)
    chosen = next((p for p in people if p.role == "representative"), people[0])
    return {"recipient": {"name": chosen.name, "address_lines": list(chosen.address_lines)},
            "on_behalf_of": chosen.on_behalf_of}


def is_contactable(user: User) -> bool:
    return real_email(user.email) is not None


def delivery(complaint: Complaint) -> str:
    """How a letter about this complaint reaches the people it is written to: "email" when
    every one of them is emailed, else "post" (a posted letter arrives later, so a window
    counted from when it was received stays open longer; SPEC §4, IVH 004 §5.1)."""
    people = recipients(complaint)
    emailed = people and all(p.channel == "email" and p.email for p in people)
    return "email" if emailed else "post"
