"""Petitions: a group complaint led by one person and signed by households (SPEC §5;
seed 001 §5 and Appendix 2).

- A lead petitioner writes the statement Appendix 2.1 asks for: the subject, the
  issues that caused it, the actions asked for and a dated covering summary, with
  their contact details (`create`).
- People sign online through the link the lead shares (`sign_online`: name, address,
  postcode, their typed name as signature and a declaration, no account needed), or on
  paper: the lead or staff type each entry in and upload the scanned sheet
  (`add_paper_signature`).
- A household is one address (domain.petitions): two signatures from one home count
  once, and a rejected signature does not count. The petition can be submitted only
  with at least the profile's number of households (`submit`); it then becomes a
  complaint with the lead as its contact and follows the same stages.
- Signers see only the statement and their own entry; a signer's link is their own.

Each function commits once and writes a past-tense event.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case, distinct, func, select

from portal.data.db import db
from portal.data.models import Complaint, Document, Issue, User, utcnow
from portal.data.representation import Petition, Signature
from portal.domain.petitions import PostcodeError, Progress, household_key, normalise_postcode
from portal.domain.petitions import progress as count_progress
from portal.services.correspondence.outbox import external_url, queue_email
from portal.services.correspondence.recipients import real_email
from portal.services.intake.submission import next_reference
from portal.services.records import clock, events
from portal.services.records.documents import Checked, add_document
from portal.services.records.policy import current_profile

DECLARATION = ("I live at the address I have given, I support this petition, and I agree "
               "to my name and address being given to the landlord with it.")
PAPER_DECLARATION = "The person signed the paper petition sheet I am uploading or have uploaded."
STATUS_WORDS = {
    "gathering": "Collecting signatures",
    "submitted": "Submitted",
    "rejected": "Not accepted",
    "referred": "Referred to the Council",
}


class PetitionError(ValueError):
    """Something the person can put right; `field` names the form field, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _text(value: str | None, message: str, field: str, limit: int = 10_000) -> str:
    value = (value or "").strip()
    if not value:
        raise PetitionError(message, field)
    if len(value) > limit:
        raise PetitionError(f"{message.split(' ', 1)[1].capitalize()} must be {limit:,} "
                            "characters or fewer", field)
    return value


def _event(kind: str, summary: str, actor: User | None, petition: Petition, **payload) -> None:
    """A petition's events before it is a complaint belong to no complaint yet."""
    complaint = db.session.scalar(select(Complaint).where(Complaint.petition_id == petition.id))
    events.record(complaint, kind, summary, actor, petition_id=petition.id, **payload)


# -- the lead's petition ----------------------------------------------------------------------


@dataclass
class Statement:
    subject: str
    issues_text: str
    actions_requested: str
    summary: str
    lead_phone: str | None
    lead_address: str
    lead_postcode: str


def create(lead: User, statement: Statement) -> Petition:
    """A petition gathering signatures, with the link the lead shares."""
    subject = _text(statement.subject, "Enter the subject of the petition", "subject", 200)
    issues = _text(statement.issues_text, "Enter the issues that caused the petition",
                   "issues_text")
    actions = _text(statement.actions_requested, "Enter the actions you are asking us to take",
                    "actions_requested")
    summary = _text(statement.summary, "Enter a short summary of the key points", "summary")
    address = _text(statement.lead_address, "Enter your address", "lead_address", 500)
    try:
        postcode = normalise_postcode(statement.lead_postcode)
    except PostcodeError as error:
        raise PetitionError(str(error), "lead_postcode") from None
    petition = Petition(
        lead_id=lead.id, subject=subject, issues_text=issues, actions_requested=actions,
        summary=summary, summary_dated_on=clock.today(),
        lead_phone=(statement.lead_phone or "").strip() or None,
        lead_address=f"{address}\n{postcode}", share_token=secrets.token_urlsafe(24),
        status="gathering",
    )
    db.session.add(petition)
    db.session.flush()
    _event("petition_created", f"Petition started: {subject}", lead, petition)
    db.session.commit()
    return petition


def counted(petition: Petition) -> list[Signature]:
    return [s for s in petition.signatures if s.status != "rejected"]


def progress(petition: Petition) -> Progress:
    """Households that have signed (rejected signatures left out), against the
    profile's threshold."""
    threshold = current_profile().petition.min_households
    return count_progress([s.household_key for s in counted(petition)], threshold)


def progress_of(petition_ids: list[int]) -> dict[int, Progress]:
    """`progress` for each of these petitions (a page of a list) in one statement: the
    distinct households (non-empty keys) and the signatures that count, grouped by
    petition; a petition nobody has signed has none of either."""
    threshold = current_profile().petition.min_households
    key = case((Signature.household_key != "", Signature.household_key))
    found = {petition_id: Progress(households, signatures, threshold)
             for petition_id, households, signatures in db.session.execute(
                 select(Signature.petition_id, func.count(distinct(key)), func.count())
                 .where(Signature.petition_id.in_(petition_ids),
                        Signature.status != "rejected")
                 .group_by(Signature.petition_id))} if petition_ids else {}
    return {petition_id: found.get(petition_id, Progress(0, 0, threshold))
            for petition_id in petition_ids}


def share_url(petition: Petition) -> str:
    return external_url("petitions.sign", token=petition.share_token)


# -- signatures -------------------------------------------------------------------------------


@dataclass
class SignerDetails:
    name: str
    address_line_1: str
    address_line_2: str | None
    town: str | None
    postcode: str
    email: str | None = None
    signed_name: str | None = None
    declaration: bool = False


def _checked(details: SignerDetails) -> tuple[str, str, str, str]:
    """(name, address as written, postcode, household key), or PetitionError."""
    name = _text(details.name, "Enter your full name", "name", 200)
    line1 = _text(details.address_line_1, "Enter the first line of your address",
                  "address_line_1", 200)
    line2 = (details.address_line_2 or "").strip()
    town = (details.town or "").strip()
    try:
        postcode = normalise_postcode(details.postcode)
    except PostcodeError as error:
        raise PetitionError(str(error), "postcode") from None
    # The town is not part of the household: the postcode already says where it is.
    key = household_key(" ".join(p for p in (line1, line2) if p), postcode)
    written = "\n".join(p for p in (line1, line2, town) if p)
    return name, written, postcode, key


def _open(petition: Petition) -> None:
    if petition.status != "gathering":
        raise PetitionError("This petition has been submitted and is no longer collecting "
                            "signatures")


def sign_online(petition: Petition, details: SignerDetails) -> Signature:
    """A signature through the shared link; the signer gets their own link back, and
    by email when they gave an address (issue 15, item 8). They type their name once:
    with the declaration ticked, it is their signature."""
    _open(petition)
    name, address, postcode, key = _checked(details)
    signed = " ".join((details.signed_name or name).split())
    if " ".join(signed.lower().split()) != " ".join(name.lower().split()):
        raise PetitionError("Type your name exactly as you entered it above to sign",
                            "signed_name")
    if not details.declaration:
        raise PetitionError("Confirm the declaration to sign", "declaration")
    email = (details.email or "").strip().lower() or None
    signature = Signature(
        petition_id=petition.id, name=name, address=address, postcode=postcode,
        household_key=key, email=email, signed_name=signed, declaration=True, source="online",
        status="unverified", signer_token=secrets.token_urlsafe(24),
    )
    db.session.add(signature)
    db.session.flush()
    _event("petition_signed", "Signed online", None, petition, signature_id=signature.id)
    to = real_email(email)
    if to:
        queue_email(to, "petition_signed", "Thank you for signing the petition", {
            "name": name, "subject": petition.subject,
            "url": external_url("petitions.signed", token=signature.signer_token)})
    db.session.commit()
    return signature


def paper_sheets(petition: Petition) -> list[Document]:
    """The scanned sheets already uploaded for this petition's paper signatures."""
    ids = {s.sheet_document_id for s in petition.signatures if s.sheet_document_id}
    if not ids:
        return []
    return list(db.session.scalars(select(Document).where(Document.id.in_(ids))
                                   .order_by(Document.id)))


def add_paper_signature(actor: User, petition: Petition, details: SignerDetails, *,
                        sheet: Checked | None, sheet_id: int | None, staff: bool = False
                        ) -> Signature:
    """A signature from a paper sheet, typed in by the lead (while collecting) or by
    staff (at any time), with the scanned sheet it is on."""
    if not staff:
        _open(petition)
        if petition.lead_id != actor.id:
            raise PetitionError("Only the lead petitioner can add paper signatures")
    name, address, postcode, key = _checked(details)
    if not details.declaration:
        raise PetitionError("Confirm that the person signed the paper sheet", "declaration")
    if sheet is None:
        known = {d.id for d in paper_sheets(petition)}
        if sheet_id not in known:
            raise PetitionError("Upload the scanned sheet this signature is on", "sheet")
    complaint = db.session.scalar(select(Complaint).where(Complaint.petition_id == petition.id))
    if sheet is not None:
        # Sheets carry other people's names and addresses: staff only, never shared.
        sheet_id = add_document(kind="petition_sheet", checked=sheet, uploaded_by_id=actor.id,
                                complaint_id=complaint.id if complaint else None,
                                internal=True).id
    email = (details.email or "").strip().lower() or None
    signature = Signature(
        petition_id=petition.id, name=name, address=address, postcode=postcode,
        household_key=key, email=email, signed_name=name, declaration=True, source="paper",
        sheet_document_id=sheet_id, status="verified" if staff else "unverified",
        signer_token=secrets.token_urlsafe(24) if email else None,
    )
    db.session.add(signature)
    db.session.flush()
    who = "by staff" if staff else "by the lead petitioner"
    _event("paper_signature_added", f"A paper signature was added {who}", actor, petition,
           signature_id=signature.id, sheet_document_id=sheet_id)
    db.session.commit()
    return signature


def withdraw_signature(signature: Signature) -> None:
    """The signer takes their signature off, while the petition is still collecting."""
    _open(signature.petition)
    petition = signature.petition
    _event("petition_signature_withdrawn", "A signer took their signature off", None, petition,
           signature_id=signature.id)
    db.session.delete(signature)
    db.session.commit()


# -- submitting ---------------------------------------------------------------------------------


def submit(lead: User, petition: Petition) -> Complaint:
    """The petition becomes a complaint, received today, with the lead as its contact;
    refused unless enough households have signed."""
    if petition.lead_id != lead.id:
        raise PetitionError("Only the lead petitioner can submit the petition")
    _open(petition)
    found = progress(petition)
    if not found.met:
        raise PetitionError(
            f"A petition needs signatures from at least {found.threshold} different households "
            f"before it can be submitted. It has {found.households}: "
            f"{found.remaining} more needed.")
    now = utcnow()
    today = clock.today()
    try:
        complaint = Complaint(
            reference=next_reference(today.year), resident_id=lead.id, submitted_by_id=lead.id,
            status="received", stage=1, category="other",
            profile=current_app.config["PORTAL"].profile,
            contact_method="email", contact_phone=petition.lead_phone, adjustments=[],
            screening=[], received_at=now, received_on=today, petition_id=petition.id,
        )
        db.session.add(complaint)
        db.session.flush()
        db.session.add(Issue(
            complaint_id=complaint.id, position=1, summary=petition.subject[:200],
            details=f"{petition.issues_text}\n\nSummary ({petition.summary_dated_on:%d %B %Y}): "
                    f"{petition.summary}",
            outcome_wanted=petition.actions_requested,
        ))
        for sheet in paper_sheets(petition):
            sheet.complaint_id = complaint.id
        petition.status = "submitted"
        petition.submitted_on = today
        events.record(complaint, "petition_submitted",
                      f"Petition submitted with {found.signatures} signature(s) from "
                      f"{found.households} households", lead, petition_id=petition.id,
                      households=found.households, signatures=found.signatures)
        url = external_url("resident.complaint", reference=complaint.reference)
        queue_email(lead.email, "petition_submitted", "We have received your petition", {
            "name": lead.name, "reference": complaint.reference, "subject": petition.subject,
            "households": found.households, "url": url}, complaint_id=complaint.id)
        for signature in counted(petition):
            to = real_email(signature.email)
            if to and to != lead.email and signature.signer_token:
                queue_email(to, "petition_member_submitted", "The petition you signed has been "
                            "submitted", {
                                "name": signature.name, "subject": petition.subject,
                                "url": external_url("petitions.signed",
                                                    token=signature.signer_token)},
                            complaint_id=complaint.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return complaint
