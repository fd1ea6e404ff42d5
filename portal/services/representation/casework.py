"""Staff actions on representatives' authority, petitions and communal complaints
(SPEC §1, §5; seed 001 §2.3, §2.5, §5, §8 and Appendix 2.3), each one transaction.

    verify_authority / reject_authority / revoke_authority   a letter of authority
    verify_signature / reject_signature / add_paper_signature  a petition's signatures
    reject_petition / refer_petition                         a letter to the lead
    join                                                     one communal complaint
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from portal.data.db import db
from portal.data.models import Complaint, Response, User, utcnow
from portal.data.representation import Authority, Petition, Signature
from portal.domain import lifecycle
from portal.domain.petitions import REJECTION_GROUNDS, Progress
from portal.services.correspondence.letter_files import letter_base, store_letters
from portal.services.correspondence.outbox import external_url, queue_email
from portal.services.correspondence.recipients import address_lines, real_email
from portal.services.correspondence.tell import tell
from portal.services.records import events
from portal.services.records.casework import (
    CaseworkError,
    changing,
    require_allowed,
    required_text,
    today,
)
from portal.services.records.documents import Checked
from portal.services.records.paging import Page, paged
from portal.services.representation import authority as representation
from portal.services.representation import petitions

# -- authority ------------------------------------------------------------------------------


def pending_authorities(actor: User, page: int = 1) -> Page[Authority]:
    """One page of the letters of authority waiting to be checked, oldest first."""
    require_allowed(actor, "view_complaint")
    return paged(select(Authority).where(Authority.status == "pending")
                 .options(joinedload(Authority.representative))
                 .order_by(Authority.created_at, Authority.id), page)


def withheld_residents(actor: User, found: list[Authority]) -> set[int]:
    """Of these authorities, those for a complaint made in confidence whose maker this
    actor may not see (records.confidence): the list names no resident for them. One
    statement for the page, whatever its length."""
    from portal.services.records.confidence import team_may_see

    ids = [a.id for a in found if a.complaint_id]
    if not ids or team_may_see(actor):
        return set()
    return set(db.session.scalars(
        select(Authority.id).join(Complaint, Authority.complaint_id == Complaint.id)
        .where(Authority.id.in_(ids), Complaint.in_confidence.is_(True),
               Complaint.identity_disclosed_on.is_(None),
               or_(Complaint.received_by_id.is_(None),
                   Complaint.received_by_id != actor.id))))


def authority(actor: User, authority_id: int) -> Authority | None:
    require_allowed(actor, "view_complaint")
    return db.session.get(Authority, authority_id)


def complaint_of(found: Authority) -> Complaint | None:
    return db.session.get(Complaint, found.complaint_id) if found.complaint_id else None


def _pending(found: Authority) -> None:
    if found.status != "pending":
        raise CaseworkError("This authority has already been decided: "
                            + representation.STATE_WORDS[representation.state(found)].lower())


def verify_authority(actor: User, found: Authority, *, scope: str | None,
                     expires_on: date | None, on: date | None = None,
                     verification: str | None = None) -> None:
    """The letter is genuine and signed by the resident, or the resident told us on the
    phone that they agree (`verification`, one of representation.VERIFICATIONS; a
    letter when not said): the representative may act for them, for the scope and
    until the date given."""
    require_allowed(actor, "verify_authority")
    _pending(found)
    on = on or today()
    verification = verification or ("letter" if found.method != "phone" else None)
    if verification not in representation.VERIFICATIONS:
        raise CaseworkError("Select how you checked the authority", "verification")
    if verification == "letter" and not found.letter_document_id:
        raise CaseworkError("There is no signed letter to check: call the resident to ask "
                            "whether they agree, then choose a phone call", "verification")
    if scope not in representation.SCOPES:
        raise CaseworkError("Select what the letter gives authority for", "scope")
    if scope == "all" and expires_on is None:
        raise CaseworkError("Enter the date the authority ends", "expires_on")
    if expires_on is not None and expires_on < on:
        raise CaseworkError("The date the authority ends must be today or later", "expires_on")
    try:
        found.status = "verified"
        found.scope = scope
        found.expires_on = expires_on
        found.verification_method = verification
        found.decided_by_id = actor.id
        found.decided_at = utcnow()
        how = ("Letter of authority verified" if verification == "letter" else
               "Authority verified by a phone call to the resident")
        events.record(complaint_of(found), "authority_verified",
                      f"{how}: {found.representative.name} may act for "
                      f"the resident ({representation.describe(found)})", actor,
                      authority_id=found.id, scope=scope, expires_on=expires_on,
                      verification=verification)
        representation._tell_representative(found, "authority_decided",
                                            "Your authority has been checked", verified=True,
                                            reason=None)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def reject_authority(actor: User, found: Authority, *, reason: str | None) -> None:
    """Not accepted, with a reason the representative sees (they can send a new letter)."""
    require_allowed(actor, "verify_authority")
    _pending(found)
    reason = required_text(reason, "Enter the reason, which the representative will see", "reason")
    try:
        found.status = "rejected"
        found.rejection_reason = reason
        found.decided_by_id = actor.id
        found.decided_at = utcnow()
        events.record(complaint_of(found), "authority_rejected",
                      f"Letter of authority for {found.representative.name} not accepted. "
                      f"Reason: {reason}", actor, authority_id=found.id, reason=reason)
        representation._tell_representative(found, "authority_decided",
                                            "Your authority has been checked", verified=False,
                                            reason=reason)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def revoke_authority(actor: User, found: Authority, *, reason: str | None) -> None:
    require_allowed(actor, "revoke_authority")
    reason = required_text(reason, "Enter why the authority is ending", "reason")
    try:
        representation.revoke(actor, found, reason)
    except representation.RepresentationError as error:
        raise CaseworkError(str(error)) from None


# -- petitions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PetitionView:
    petition: Petition
    signatures: list[Signature]
    progress: Progress
    sheets: list
    households: dict[int, int]  # signature id -> household number (one per address)


def petition_of(complaint: Complaint) -> Petition | None:
    return db.session.get(Petition, complaint.petition_id) if complaint.petition_id else None


def petition_view(actor: User, complaint: Complaint) -> PetitionView | None:
    require_allowed(actor, "view_complaint")
    petition = petition_of(complaint)
    if petition is None:
        return None
    numbers: dict[str, int] = {}
    for signature in petition.signatures:
        numbers.setdefault(signature.household_key, len(numbers) + 1)
    return PetitionView(petition, list(petition.signatures), petitions.progress(petition),
                        petitions.paper_sheets(petition),
                        {s.id: numbers[s.household_key] for s in petition.signatures})


def _signature(complaint: Complaint, signature_id: int) -> Signature:
    found = db.session.scalar(select(Signature).where(
        Signature.id == signature_id, Signature.petition_id == complaint.petition_id))
    if found is None or complaint.petition_id is None:
        raise CaseworkError("That signature is not on this petition")
    return found


def verify_signature(actor: User, complaint: Complaint, signature_id: int) -> None:
    require_allowed(actor, "manage_petition")
    found = _signature(complaint, signature_id)
    found.status = "verified"
    found.rejection_reason = None
    events.record(complaint, "signature_verified", "A petition signature was verified", actor,
                  internal=True, signature_id=found.id)
    db.session.commit()


def reject_signature(actor: User, complaint: Complaint, signature_id: int,
                     reason: str | None) -> None:
    """A signature that does not count (e.g. not a household we serve): the households
    are counted again without it."""
    require_allowed(actor, "manage_petition")
    found = _signature(complaint, signature_id)
    reason = required_text(reason, "Enter why the signature does not count",
                           f"reason-{signature_id}")
    found.status = "rejected"
    found.rejection_reason = reason
    events.record(complaint, "signature_rejected", f"A petition signature was rejected: {reason}",
                  actor, internal=True, signature_id=found.id, reason=reason)
    db.session.commit()


def add_paper_signature(actor: User, complaint: Complaint, details: petitions.SignerDetails,
                        *, sheet: Checked | None, sheet_id: int | None) -> Signature:
    require_allowed(actor, "manage_petition")
    petition = petition_of(complaint)
    if petition is None:
        raise CaseworkError("This complaint is not a petition")
    try:
        return petitions.add_paper_signature(actor, petition, details, sheet=sheet,
                                             sheet_id=sheet_id, staff=True)
    except petitions.PetitionError as error:
        raise CaseworkError(str(error), error.field) from None


DECIDABLE = {"received", "stage1"}


def _lead_letter(petition: Petition) -> dict:
    """Letters about the petition itself go to its lead (seed 001 Appendix 2.3)."""
    lead = petition.lead
    return {"recipient": {"name": lead.name,
                          "address_lines": list(address_lines(petition.lead_address, None))},
            "on_behalf_of": None}


def _decide(actor: User, complaint: Complaint, version, seen, *, template: str, kind: str,
            name: str, context: dict, status: str, closed_reason: str, petition_status: str,
            reason: str, event: str, summary: str, email_kind: str, subject: str,
            on: date) -> Response:
    petition = petition_of(complaint)
    with changing(complaint, version, seen):
        letter = {**letter_base(complaint, actor, on), **_lead_letter(petition),
                  "subject": petition.subject,
                  "submitted_on": petition.submitted_on, "reason": reason, **context}
        document, large = store_letters(complaint, actor, template, letter, kind, name)
        response = Response(complaint_id=complaint.id, stage=complaint.stage,
                            kind="refusal" if status == "not_accepted" else "referral",
                            issued_by_id=actor.id, document_id=document.id,
                            large_print_document_id=large.id if large else None,
                            content={"reason": reason, **{k: v for k, v in context.items()
                                                          if isinstance(v, str)}})
        db.session.add(response)
        complaint.status = status
        complaint.closed_on = on
        complaint.closed_reason = closed_reason
        petition.status = petition_status
        petition.decision_reason = reason
        events.record(complaint, event, summary, actor, reason=reason, document_id=document.id,
                      petition_id=petition.id, **{k: v for k, v in context.items()
                                                  if isinstance(v, str)})
        lead = petition.lead
        if real_email(lead.email):
            queue_email(lead.email, email_kind, subject, {
                "name": lead.name, "reference": complaint.reference, "subject": petition.subject,
                "reason": reason, **context,
                "letter_url": external_url("resident.download", reference=complaint.reference,
                                           document_id=document.id),
                "url": external_url("resident.complaint", reference=complaint.reference)},
                complaint_id=complaint.id)
    return response


def _petition_complaint(complaint: Complaint) -> Petition:
    petition = petition_of(complaint)
    if petition is None:
        raise CaseworkError("This complaint is not a petition")
    if complaint.status not in DECIDABLE or petition.status != "submitted":
        raise CaseworkError("You can do this only before the stage 1 response. The complaint's "
                            f"status is: {lifecycle.staff_words(complaint.status)}")
    return petition


def reject_petition(actor: User, complaint: Complaint, *, version: int | None,
                    seen: int | None, grounds: str | None, reason: str | None,
                    on: date | None = None) -> Response:
    """Rejected as vexatious, discriminatory, abusive or otherwise inappropriate, with a
    written reason to the lead (seed 001 Appendix 2.3)."""
    require_allowed(actor, "decide_petition")
    _petition_complaint(complaint)
    if grounds not in REJECTION_GROUNDS:
        raise CaseworkError("Select why the petition is rejected", "grounds")
    reason = required_text(reason, "Enter the reason, which goes into the letter to the lead",
                           "reason")
    words = REJECTION_GROUNDS[grounds]
    return _decide(
        actor, complaint, version, seen, template="documents/petition_rejection.html",
        kind="petition_rejection_letter", name="petition-rejected",
        context={"grounds": grounds, "grounds_words": words}, status="not_accepted",
        closed_reason="petition_rejected", petition_status="rejected", reason=reason,
        event="petition_rejected", summary=f"Petition rejected ({words.lower()}). "
        f"Reason: {reason}", email_kind="petition_decided",
        subject="Our decision on your petition", on=on or today())


def refer_petition(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
                   council: str | None, reason: str | None, on: date | None = None) -> Response:
    """A matter for the local authority: referred to the Council, the lead told in
    writing (seed 001 Appendix 2.3)."""
    require_allowed(actor, "decide_petition")
    _petition_complaint(complaint)
    council = required_text(council, "Enter the name of the Council", "council")
    if len(council) > 200:
        raise CaseworkError("The Council's name must be 200 characters or fewer", "council")
    reason = required_text(reason, "Enter why this is a matter for the Council", "reason")
    return _decide(
        actor, complaint, version, seen, template="documents/council_referral.html",
        kind="council_referral_letter", name="referred-to-council",
        context={"council": council}, status="closed", closed_reason="referred_to_council",
        petition_status="referred", reason=reason, event="petition_referred",
        summary=f"Petition referred to {council}. Reason: {reason}",
        email_kind="petition_referred", subject="Your petition has been referred to the Council",
        on=on or today())


# -- communal complaints ------------------------------------------------------------------------


def joined_into(complaint: Complaint) -> Complaint | None:
    if complaint.joined_into_id is None:
        return None
    return db.session.get(Complaint, complaint.joined_into_id)


def _candidates(complaint: Complaint):
    """Open complaints that are not this one, not joined to another and not communal."""
    has_joined = select(Complaint.joined_into_id).where(Complaint.joined_into_id.is_not(None))
    return (select(Complaint).join(User, Complaint.resident_id == User.id).where(
        Complaint.id != complaint.id, Complaint.joined_into_id.is_(None),
        Complaint.status.in_(lifecycle.OPEN), Complaint.id.not_in(has_joined)))


def join_candidates(actor: User, complaint: Complaint, q: str = "") -> list[Complaint]:
    """Complaints that could be joined into this one (searched by reference, name or
    postcode), newest first."""
    require_allowed(actor, "join_complaints")
    query = _candidates(complaint)
    q = (q or "").strip()[:100]
    if q:
        from portal.services.records.casework import like_escape

        like = f"%{like_escape(q.lower())}%"
        query = query.where(or_(func.lower(Complaint.reference).like(like, escape="\\"),
                                func.lower(User.name).like(like, escape="\\"),
                                func.lower(User.postcode).like(like, escape="\\")))
    return list(db.session.scalars(query.order_by(Complaint.received_at.desc()).limit(50)))


def join(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
         references: list[str]) -> list[str]:
    """Handle several residents' complaints about the same matter together, in this one
    (seed 001 §2.3, §5). Each resident is told and is answered with the others."""
    require_allowed(actor, "join_complaints")
    if complaint.joined_into_id is not None or complaint.status not in lifecycle.OPEN:
        raise CaseworkError("Only an open complaint that is not itself joined to another can "
                            "take others")
    wanted = list(dict.fromkeys(references or []))[:100]
    chosen = list(db.session.scalars(_candidates(complaint).where(
        Complaint.reference.in_(wanted)).order_by(Complaint.id))) if wanted else []
    if not chosen:
        raise CaseworkError("Select at least one complaint to join into this one", "references")
    with changing(complaint, version, seen):
        for other in chosen:
            other.joined_into_id = complaint.id
            events.record(other, "complaint_joined",
                          "Handled together with other residents' complaints about the same "
                          f"matter, as communal complaint {complaint.reference}", actor,
                          into=complaint.reference)
        refs = [c.reference for c in chosen]
        events.record(complaint, "complaints_joined",
                      f"Joined into this communal complaint: {', '.join(refs)}", actor,
                      internal=True, joined=refs)
        events.record(complaint, "complaint_made_communal",
                      "Other residents' complaints about the same matter are now handled "
                      "together with this one", actor)
        db.session.flush()
        for other in chosen:
            tell(other, "complaint_joined",
                            "Your complaint will be handled together with others",
                            communal=complaint.reference)
    return refs
