"""Starting a complaint on behalf of a resident (SPEC §1; seed 000 "How to make a
complaint", 001 §2.5): the representative's details are checked against the profile,
the draft is the resident's usual form, and on submission the complaint's resident is
the resident (an account is made for one who has none), the authority is asked for, and
the resident is told, by letter when they have no email."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from flask import current_app

from portal.data.db import db
from portal.data.models import Complaint, Document, Draft, User
from portal.data.representation import Authority
from portal.domain.petitions import PostcodeError, normalise_postcode
from portal.services.accounts.users import find_user, normalise_email
from portal.services.correspondence.outbox import external_url, queue_email
from portal.services.correspondence.recipients import NO_EMAIL_DOMAIN, real_email
from portal.services.records import clock, events
from portal.services.records.documents import Checked, add_document
from portal.services.representation.authority import (
    CORRESPONDENCE,
    METHODS,
    NO_PASSWORD,
    RELATIONSHIPS,
    ROLE_WORDS,
    SCOPES,
    RepresentationError,
    describe,
    handling,
    has_no_password,
)


@dataclass
class OnBehalf:
    resident_name: str
    resident_address: str
    resident_postcode: str
    resident_email: str | None
    relationship: str
    organisation: str | None
    scope: str
    expires_on: date | None
    method: str
    correspondence_to: str


def check_on_behalf(representative: User, details: OnBehalf, letter: Checked | None,
                    today: date | None = None) -> OnBehalf:
    """The details, tidied, or RepresentationError naming the field to fix."""
    today = today or clock.today()
    if details.relationship not in RELATIONSHIPS:
        raise RepresentationError("Select how you know the resident", "relationship")
    rule = handling(details.relationship)
    if not rule.allowed:
        raise RepresentationError(rule.message, "relationship")
    try:
        details.resident_postcode = normalise_postcode(details.resident_postcode)
    except PostcodeError as error:
        raise RepresentationError(str(error), "resident_postcode") from None
    details.resident_email = normalise_email(details.resident_email or "") or None
    if details.resident_email and details.resident_email == normalise_email(representative.email):
        raise RepresentationError("Enter the resident's email address, not your own",
                                  "resident_email")
    if details.scope not in SCOPES:
        raise RepresentationError("Select what the authority covers", "scope")
    if details.scope == "all" and details.expires_on is None:
        raise RepresentationError("Enter the date the authority ends", "expires_on")
    if details.expires_on is not None and details.expires_on <= today:
        raise RepresentationError("The date the authority ends must be in the future",
                                  "expires_on")
    if details.method not in METHODS:
        raise RepresentationError("Select how the resident gives their authority", "method")
    if details.method == "digital" and not details.resident_email:
        raise RepresentationError("Enter the resident's email address so we can ask them to "
                                  "confirm, or upload a signed letter instead", "resident_email")
    if details.method == "letter" and letter is None:
        raise RepresentationError("Upload the signed letter of authority", "letter")
    if details.correspondence_to not in CORRESPONDENCE:
        raise RepresentationError("Select who we should write to", "correspondence_to")
    return details


def start_on_behalf(representative: User, details: OnBehalf, letter: Checked | None) -> Draft:
    """A draft complaint for the resident, carrying who it is for; the letter (if any)
    goes with it and becomes the complaint's when it is sent."""
    details = check_on_behalf(representative, details, letter)
    rule = handling(details.relationship)
    answers = {
        "issues": [],
        "on_behalf": {
            "resident_name": details.resident_name.strip(),
            "resident_address": details.resident_address.strip(),
            "resident_postcode": details.resident_postcode,
            "resident_email": details.resident_email,
            "relationship": details.relationship,
            "organisation": (details.organisation or "").strip() or None,
            "scope": details.scope,
            "expires_on": details.expires_on.isoformat() if details.expires_on else None,
            "method": details.method,
            "correspondence_to": details.correspondence_to,
            "councillor_enquiry": rule.councillor_enquiry,
        },
    }
    draft = Draft(user_id=representative.id, answers=answers)
    db.session.add(draft)
    db.session.flush()
    if letter is not None:
        add_document(kind="authority_letter", checked=letter, uploaded_by_id=representative.id,
                     draft_id=draft.id)
    db.session.commit()
    return draft


def resident_for(details: dict) -> User:
    """The resident the complaint is for: their account if the email has one (never a
    staff account), or a new account with no usable password and an unconfirmed email,
    which they can take over later by resetting the password."""
    email = details.get("resident_email")
    if email:
        existing = find_user(email)
        if existing is not None and not existing.is_staff:
            return existing
        if existing is not None:
            email = None
    user = User(
        email=email or f"no-email-given-{secrets.token_hex(6)}@{NO_EMAIL_DOMAIN}",
        name=details["resident_name"], kind="resident",
        password_hash=NO_PASSWORD + secrets.token_hex(32),
        address=details.get("resident_address") or None,
        postcode=details.get("resident_postcode") or None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def record_on_behalf(complaint: Complaint, representative: User, resident: User,
                     details: dict, documents: list[Document]) -> Authority:
    """Inside `complaints.submit`'s transaction: the authority asked for, its event and
    the emails to the representative and (if we can) the resident."""
    letter = next((d for d in documents if d.kind == "authority_letter"), None)
    expires = details.get("expires_on")
    authority = Authority(
        representative_id=representative.id, resident_id=resident.id,
        resident_name=details["resident_name"], resident_email=details.get("resident_email"),
        resident_address=details.get("resident_address"),
        resident_postcode=details.get("resident_postcode"),
        relationship_kind=details["relationship"], organisation=details.get("organisation"),
        scope=details["scope"], complaint_id=complaint.id,
        expires_on=date.fromisoformat(expires) if expires else None,
        status="pending", method=details["method"],
        letter_document_id=letter.id if letter else None,
        correspondence_to=details["correspondence_to"],
    )
    db.session.add(authority)
    db.session.flush()
    complaint.councillor_enquiry = bool(details.get("councillor_enquiry"))
    role = ROLE_WORDS.get(authority.relationship_kind, "representative")
    how = ("sent a signed letter of authority" if letter else
           "asked the resident to confirm it from their account")
    events.record(complaint, "authority_requested",
                  f"{representative.name} made this complaint for the resident as their {role} "
                  f"and {how}", representative, authority_id=authority.id,
                  relationship=authority.relationship_kind, method=authority.method,
                  scope=authority.scope, expires_on=authority.expires_on)
    if complaint.councillor_enquiry:
        events.record(complaint, "councillor_enquiry_received",
                      "Received as a councillor's or MP's enquiry: answered as correspondence",
                      representative, authority_id=authority.id)
    queue_email(representative.email, "representative_received",
                "We have received the complaint you made", {
                    "name": representative.name, "reference": complaint.reference,
                    "resident": authority.resident_name, "digital": letter is None,
                    "url": external_url("representatives.complaint",
                                        reference=complaint.reference)},
                complaint_id=complaint.id)
    _tell_resident(complaint, authority, resident, representative)
    return authority


def _landlord():

    return current_app.config["PORTAL"]


def _tell_resident(complaint: Complaint, authority: Authority, resident: User,
                   representative: User) -> None:
    to = real_email(resident.email)
    context = {
        "name": resident.name, "reference": complaint.reference,
        "representative": representative.name, "organisation": authority.organisation,
        "relationship": ROLE_WORDS.get(authority.relationship_kind, "representative"),
        "scope": describe(authority), "pending": authority.status == "pending",
        "new_account": has_no_password(resident),
        "confirm_url": external_url("representatives.confirm_authority",
                                    authority_id=authority.id),
        "manage_url": external_url("representatives.your_representatives"),
        "url": external_url("resident.complaint", reference=complaint.reference),
        "sign_in_url": external_url("auth.sign_in"),
        "reset_url": external_url("auth.forgot_password"),
    }
    subject = "Someone has made a complaint for you"
    if to is None:  # no email: a letter, so nobody can claim to act for them unseen
        from portal.services.correspondence.recipients import address_lines
        from portal.services.correspondence.tell import post_letter

        post_letter(complaint, resident.name, address_lines(resident.address, resident.postcode),
                    "acting_for_you", subject, {**context, "phone": _landlord().landlord_phone})
        return
    queue_email(to, "acting_for_you", subject, context, complaint_id=complaint.id)
