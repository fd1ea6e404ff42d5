"""Representatives: acting for a resident with the resident's authority (SPEC §1, §9;
seeds 000 "How to make a complaint", 001 §2.5 and §8, 002 §4.2 and §9.1).

- Anyone can act for a resident: a friend, a relative, an advocate from an
  organisation, a councillor or an MP. They start a complaint "on behalf of" the
  resident (`start_on_behalf`): the draft is the resident's usual complaint form, and
  on submission (`complaints.submit` calls `record_on_behalf`) the complaint's resident
  is the resident (an account is made for them if they have none) and an authority is
  asked for: a signed letter, checked by staff, or a digital consent the resident
  confirms from their own account.
- The profile decides who may act: IDS refuses solicitors (their letters are answered
  outside the process, 002 §4.2) and treats councillors' and MPs' enquiries as
  correspondence with its own 10 working day reply (002 §9.1).
- The resident confirms or revokes; the representative uploads a new letter when one
  was rejected. Staff verify, reject and revoke (casework.representation). Each change
  is a past-tense event; each function commits once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from flask import current_app

from portal.data.db import db
from portal.data.models import Complaint, Document, Draft, User, utcnow
from portal.data.representation import Authority
from portal.domain import deadlines as deadline_rules
from portal.domain.petitions import PostcodeError, normalise_postcode
from portal.domain.policy import Profile
from portal.services import clock, events
from portal.services.accounts import find_user, normalise_email
from portal.services.documents import Checked, add_document
from portal.services.outbox import external_url, queue_email
from portal.services.policy import current_calendar, current_profile, profiles
from portal.services.recipients import NO_EMAIL_DOMAIN, real_email

RELATIONSHIPS = {
    "friend": "Friend",
    "relative": "Relative",
    "advocate": "Advocate from an organisation, such as Citizens Advice or MIND",
    "councillor": "Councillor",
    "mp": "Member of Parliament (MP)",
    "solicitor": "Solicitor, or someone else legally trained",
    "other": "Someone else the resident trusts",
}
# The same, as a word in a sentence ("as their advocate").
ROLE_WORDS = {"friend": "friend", "relative": "relative", "advocate": "advocate",
              "councillor": "councillor", "mp": "MP", "solicitor": "solicitor",
              "other": "representative"}
SCOPES = {
    "complaint": "This complaint only",
    "all": "All of the resident's complaints, until a date",
}
METHODS = {
    "letter": "A signed letter of authority, uploaded",
    "digital": "The resident confirms it from their own account",
}
CORRESPONDENCE = {
    "both": "Both of us",
    "representative": "Me only (the representative)",
    "resident": "The resident only",
}
STATE_WORDS = {
    "pending": "Being checked",
    "verified": "Verified",
    "rejected": "Not accepted",
    "revoked": "Ended",
    "expired": "Expired",
}


# The password of an account made for a resident by someone acting for them: a well-formed
# hash that no password matches. They take the account over by resetting the password.
NO_PASSWORD = "pbkdf2:sha256:1$no-password$"


def has_no_password(user: User) -> bool:
    return user.password_hash.startswith(NO_PASSWORD)


class RepresentationError(ValueError):
    """Something the person can put right; `field` names the form field, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# -- the profile's rules ------------------------------------------------------------------


@dataclass(frozen=True)
class Handling:
    """How this landlord's policy treats someone acting for a resident."""

    allowed: bool
    message: str | None
    councillor_enquiry: bool
    cite: str


def handling(relationship: str, profile: Profile | None = None) -> Handling:
    profile = profile or current_profile()
    who = profile.who
    cite = str(who.cite)
    settings = current_app.config["PORTAL"]
    if relationship == "solicitor" and not who.solicitors_as_advocates:
        return Handling(False, (
            f"{profile.landlord} does not accept a solicitor, or anyone legally trained, as an "
            "advocate in its complaints process. Letters from solicitors are answered outside "
            f"this process: write to {settings.landlord_name} at {settings.landlord_address} or "
            f"{settings.landlord_email}. The resident can still complain themselves, or with a "
            f"friend, a relative or an advocate such as Citizens Advice ({cite})."), False, cite)
    if relationship in ("councillor", "mp") and who.councillors == "correspondence":
        rule = profile.rule("councillor_reply")
        when = f" and replies within {rule.describe().split(' after ')[0]}" if rule else ""
        return Handling(True, (
            f"{profile.landlord} treats an enquiry from a councillor or an MP on behalf of a "
            f"resident as correspondence, not as a complaint under its complaints process,"
            f"{when} ({cite}). You still need the resident's consent. If the resident wants "
            "a formal complaint, they can make one themselves or with an advocate."), True, cite)
    if relationship in ("councillor", "mp"):
        return Handling(True, (
            "Councillors and MPs can act for a resident through the complaints process, with "
            f"the resident's consent ({cite})."), False, cite)
    return Handling(True, None, False, cite)


def registration_refused(kind: str, relationship: str | None) -> str | None:
    """Why someone cannot register to act as this kind of representative, or None."""
    if kind != "representative" or not relationship:
        return None
    rule = handling(relationship)
    return None if rule.allowed else rule.message


def councillor_reply_due(complaint: Complaint) -> deadline_rules.DueDate | None:
    """The profile's own reply date for a councillor's or MP's enquiry (IDS 9.1)."""
    if not complaint.councillor_enquiry:
        return None
    rule = profiles()[complaint.profile].rule("councillor_reply")
    if rule is None:
        return None
    count = deadline_rules.apply_rule(rule, complaint.received_on, current_calendar())
    return deadline_rules.DueDate("councillor_reply", count.result, rule, complaint.received_on,
                                  deadline_rules.EVENT_WORDS[rule.after], count.skipped)


# -- states ----------------------------------------------------------------------------------


def state(authority: Authority, today: date | None = None) -> str:
    """pending, verified, rejected, revoked or expired (expired is derived: the day
    after `expires_on`, access ends)."""
    if authority.status != "verified":
        return authority.status
    today = today or clock.today()
    if authority.expires_on is not None and authority.expires_on < today:
        return "expired"
    return "verified"


def describe(authority: Authority) -> str:
    scope = ("this complaint" if authority.scope == "complaint" else
             "all of the resident's complaints")
    if authority.expires_on:
        scope += f" until {authority.expires_on.day} {authority.expires_on:%B %Y}"
    return scope


# -- starting a complaint on behalf of a resident -------------------------------------------


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
    from flask import current_app

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
        from portal.services.correspondence import post_letter
        from portal.services.recipients import address_lines

        post_letter(complaint, resident.name, address_lines(resident.address, resident.postcode),
                    "acting_for_you", subject, {**context, "phone": _landlord().landlord_phone})
        return
    queue_email(to, "acting_for_you", subject, context, complaint_id=complaint.id)


# -- the resident decides -------------------------------------------------------------------


def complaint_of(authority: Authority) -> Complaint | None:
    return db.session.get(Complaint, authority.complaint_id) if authority.complaint_id else None


def _tell_representative(authority: Authority, kind: str, subject: str, **context) -> None:
    complaint = complaint_of(authority)
    person = authority.representative
    queue_email(person.email, kind, subject, {
        "name": person.name, "resident": authority.resident_name,
        "reference": complaint.reference if complaint else None,
        "url": external_url("representatives.dashboard"), **context,
    }, complaint_id=complaint.id if complaint else None)


def confirm(resident: User, authority: Authority, agreed: bool) -> None:
    """The resident confirms, from their own account, that the representative may act
    for them: a digital consent, no paper needed."""
    if authority.resident_id != resident.id:
        raise RepresentationError("This is not your authority to confirm")
    if authority.status != "pending":
        raise RepresentationError("There is nothing to confirm: this authority is "
                                  + STATE_WORDS[state(authority)].lower())
    if not agreed:
        raise RepresentationError("Confirm that you give your authority", "agree")
    authority.status = "verified"
    authority.decided_by_id = resident.id
    authority.decided_at = utcnow()
    events.record(complaint_of(authority), "authority_confirmed",
                  f"The resident confirmed that {authority.representative.name} may act for "
                  f"them ({describe(authority)})", resident, authority_id=authority.id)
    _tell_representative(authority, "authority_decided", "Your authority has been confirmed",
                         verified=True, reason=None)
    db.session.commit()


def revoke(actor: User, authority: Authority, reason: str | None = None) -> None:
    """End an authority now (the resident, or staff through casework): access ends at
    once, and the representative is told."""
    if authority.status in ("revoked", "rejected"):
        raise RepresentationError("This authority has already ended")
    authority.status = "revoked"
    authority.revoked_at = utcnow()
    authority.revoked_by_id = actor.id
    who = "by the resident" if actor.id == authority.resident_id else f"by {actor.name}"
    summary = f"Authority for {authority.representative.name} to act for the resident ended {who}"
    if reason:
        summary += f". Reason: {reason}"
    events.record(complaint_of(authority), "authority_revoked", summary, actor,
                  authority_id=authority.id, reason=reason or "")
    _tell_representative(authority, "authority_ended", "Your authority to act has ended",
                         reason=reason)
    db.session.commit()


# -- the representative -----------------------------------------------------------------------


def upload_letter(representative: User, authority: Authority, letter: Checked | None) -> None:
    """A (new) signed letter: the authority is checked again by staff."""
    if authority.representative_id != representative.id:
        raise RepresentationError("This is not your authority")
    if authority.status not in ("pending", "rejected"):
        raise RepresentationError("You can send a new letter only while the authority is "
                                  "being checked or after it was not accepted")
    if letter is None:
        raise RepresentationError("Select the signed letter of authority", "letter")
    complaint = complaint_of(authority)
    document = add_document(kind="authority_letter", checked=letter,
                            uploaded_by_id=representative.id,
                            complaint_id=complaint.id if complaint else None)
    authority.letter_document_id = document.id
    authority.method = "letter"
    authority.status = "pending"
    authority.rejection_reason = None
    authority.decided_at = None
    authority.decided_by_id = None
    events.record(complaint, "authority_letter_uploaded",
                  f"{representative.name} sent a letter of authority: {letter.filename}",
                  representative, authority_id=authority.id, document_id=document.id)
    db.session.commit()
