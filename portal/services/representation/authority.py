"""Representatives: acting for a resident with the resident's authority (SPEC §1, §9;
seeds 000 "How to make a complaint", 001 §2.5 and §8, 002 §4.2 and §9.1).

- Anyone can act for a resident: a friend, a relative, an advocate from an
  organisation, a councillor or an MP. They start a complaint "on behalf of" the
  resident (`start_on_behalf`): the draft is the resident's usual complaint form, and
  on submission (`submission.submit` calls `on_behalf.record_on_behalf`) the complaint's resident
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

from dataclasses import dataclass
from datetime import date

from flask import current_app

from portal.data.db import db
from portal.data.models import Complaint, User, utcnow
from portal.data.representation import Authority
from portal.domain.policy import Profile
from portal.services.correspondence.outbox import external_url, queue_email
from portal.services.records import clock, events
from portal.services.records.documents import Checked, add_document
from portal.services.records.policy import current_profile

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
# Who may tell us the resident agreed by phone (issue 15, item 7): elected members, who
# are often asked for help by phone or at a surgery. Staff then call the resident.
PHONE_CONSENT_ROLES = ("councillor", "mp")
# How staff verified an authority (Authority.verification_method).
VERIFICATIONS = {
    "letter": "I checked the signed letter of authority",
    "phone_call": "A phone call to the resident: they told me they agree",
}
VERIFIED_WORDS = {**VERIFICATIONS, "letter": "The signed letter, checked",
                  "phone_call": "A phone call to the resident",
                  "resident": "The resident confirmed it from their own account"}
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
    authority.verification_method = "resident"
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


def record_phone_consent(representative: User, authority: Authority, *, agreed_on: date | None,
                         phone: str | None, confirmed: bool) -> None:
    """A councillor or MP tells us the resident agreed by phone to them acting. It grants
    nothing: the authority stays "being checked" until staff call the resident on the
    number given and verify it with "a phone call to the resident" (issue 15, item 7)."""
    if authority.representative_id != representative.id:
        raise RepresentationError("This is not your authority")
    if authority.relationship_kind not in PHONE_CONSENT_ROLES:
        raise RepresentationError("Only a councillor or an MP can tell us the resident agreed "
                                  "by phone: send a signed letter of authority instead")
    if authority.status not in ("pending", "rejected"):
        raise RepresentationError("You can tell us this only while the authority is being "
                                  "checked or after it was not accepted")
    if agreed_on is None:
        raise RepresentationError("Enter the date the resident agreed", "agreed_on")
    if agreed_on > clock.today():
        raise RepresentationError("The date the resident agreed must be today or in the past",
                                  "agreed_on")
    phone = " ".join((phone or "").split())
    if not phone:
        raise RepresentationError("Enter the phone number we should call the resident on",
                                  "phone")
    if not 10 <= sum(c.isdigit() for c in phone) <= 15 or len(phone) > 40:
        raise RepresentationError("Enter a phone number, like 01632 960 001 or 07700 900 982",
                                  "phone")
    if not confirmed:
        raise RepresentationError("Confirm that the resident told you they agree", "confirmed")
    authority.method = "phone"
    authority.phone_consent_on = agreed_on
    authority.phone_consent_number = phone
    authority.status = "pending"
    authority.rejection_reason = None
    authority.decided_at = None
    authority.decided_by_id = None
    events.record(complaint_of(authority), "authority_agreed_by_phone",
                  f"{representative.name} told us that {authority.resident_name} agreed by "
                  f"phone on {agreed_on.day} {agreed_on:%B %Y} to them acting "
                  f"({describe(authority)}): to be verified by calling the resident",
                  representative, authority_id=authority.id, agreed_on=agreed_on)
    db.session.commit()
