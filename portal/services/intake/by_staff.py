"""A complaint received by phone, by letter or in person, logged by staff for the resident
(issue 16 §2: "a complaint can be made however made"; Code 3.1-3.3): the resident's own
account, found by their email address, or a new one with no email (they are written to
by post, or called, as they choose), and the complaint made through the usual intake, so
it is screened, numbered, dated and acknowledged like any other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal.data.db import db
from portal.data.models import Complaint, Draft, User
from portal.domain import lifecycle
from portal.domain.petitions import PostcodeError, normalise_postcode
from portal.services.accounts.users import find_user, normalise_email
from portal.services.correspondence.recipients import real_email
from portal.services.intake.submission import CHANNEL_WORDS, submit
from portal.services.records import clock, confidence
from portal.services.records.casework import CaseworkError, require_allowed, required_text
from portal.services.representation.on_behalf import resident_for

CHANNELS = {"phone": "By phone", "letter": "By letter", "in_person": "In person"}
METHODS_WITHOUT_EMAIL = ("letter", "phone", "text")


@dataclass
class Received:
    channel: str | None
    has_account: str | None  # "yes": find them by email; "no": a new account, no email
    resident_email: str | None = None
    resident_name: str | None = None
    resident_address: str | None = None
    resident_postcode: str | None = None
    resident_phone: str | None = None
    category: str | None = None
    summary: str | None = None
    details: str | None = None
    happened_on: date | None = None
    outcome_wanted: str | None = None
    contact_method: str | None = None
    contact_phone: str | None = None
    in_confidence: bool = False  # the resident asked for it (where the profile offers it)


def _resident(received: Received) -> tuple[User | None, dict | None]:
    """(their account, None) or (None, the details of the account to make)."""
    if received.has_account == "yes":
        email = normalise_email(received.resident_email or "")
        if not email:
            raise CaseworkError("Enter the resident’s email address", "resident_email")
        found = find_user(email)
        if found is None or found.kind != "resident":
            raise CaseworkError("No resident has an account with that email address. Check "
                                "it, or choose that they have no account", "resident_email")
        return found, None
    if received.has_account != "no":
        raise CaseworkError("Select whether the resident has an account", "has_account")
    name = required_text(received.resident_name, "Enter the resident’s full name",
                         "resident_name")[:200]
    address = required_text(received.resident_address, "Enter the resident’s address",
                            "resident_address")
    try:
        postcode = normalise_postcode(received.resident_postcode or "")
    except PostcodeError as error:
        raise CaseworkError(str(error), "resident_postcode") from None
    return None, {"resident_name": name, "resident_address": address,
                  "resident_postcode": postcode, "resident_email": None}


def log_complaint(actor: User, received: Received, now: datetime | None = None) -> Complaint:
    """Check everything, then make the account (if new) and the complaint, and tell the
    resident through their chosen channel. CaseworkError names the field to fix."""
    require_allowed(actor, "log_complaint")
    if received.channel not in CHANNELS:
        raise CaseworkError("Select how the complaint reached us", "channel")
    existing, new = _resident(received)
    if received.category not in lifecycle.CATEGORIES:
        raise CaseworkError("Select what the complaint is about", "category")
    issue = {
        "summary": required_text(received.summary, "Enter a short summary of the problem",
                                 "summary")[:200],
        "details": required_text(received.details, "Enter what happened", "details"),
        "happened_on": received.happened_on.isoformat() if received.happened_on else None,
        "aware_on": received.happened_on.isoformat() if received.happened_on else None,
        "outcome_wanted": required_text(received.outcome_wanted,
                                        "Enter what the resident wants us to do",
                                        "outcome_wanted"),
    }
    if received.happened_on and received.happened_on > clock.today():
        raise CaseworkError("The date it happened must be today or in the past", "happened_on")
    method = received.contact_method
    if method not in lifecycle.CONTACT_METHODS:
        raise CaseworkError("Select how the resident wants us to contact them",
                            "contact_method")
    if new is not None and method not in METHODS_WITHOUT_EMAIL:
        raise CaseworkError("A resident with no account has no email address: choose a "
                            "letter, a phone call or a text", "contact_method")
    if method == "letter" and existing is not None and not existing.address:
        raise CaseworkError("We have no address for this resident: choose a phone call, a "
                            "text or email, or ask them to add their address", "contact_method")
    if method == "email" and existing is not None and not real_email(existing.email):
        raise CaseworkError("This resident has no email address: choose a letter, a phone "
                            "call or a text", "contact_method")
    if received.in_confidence and not confidence.offered():
        raise CaseworkError("Our complaints policy does not offer complaints in confidence: "
                            "untick it", "in_confidence")
    phone = (received.contact_phone or received.resident_phone or "").strip()[:40] or None
    if method in ("phone", "text") and not phone:
        raise CaseworkError("Enter the phone number to use", "contact_phone")
    try:
        resident = existing or resident_for(new)
        if new is not None and phone:
            resident.phone = phone
        draft = Draft(user_id=resident.id, answers={
            "category": received.category, "issues": [issue], "contact_method": method,
            "contact_phone": phone, "contact_times": None, "adjustments": [],
            "screening": [], "in_confidence": bool(received.in_confidence),
        })
        db.session.add(draft)
        db.session.flush()
    except Exception:
        db.session.rollback()
        raise
    return submit(draft, resident, now, logged_by=actor, channel=received.channel)


__all__ = ["CHANNELS", "CHANNEL_WORDS", "Received", "log_complaint"]
