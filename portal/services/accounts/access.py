"""Who may see what: one place, applied in the query itself (SPEC §9).

- A resident sees the complaints where they are the resident (a petition's lead is
  its complaint's resident, so the lead sees it too).
- A representative sees a complaint only while an authority covers it: verified,
  not revoked, not expired (an expiry date is the last day it works), and in scope:
  the complaint it was given for, or, for scope "all", every complaint of that
  resident. Until then they see only the page that says the complaint was received
  and authority is being checked (`represented_complaint_for`).
- Staff see all complaints; what they may do is decided by role (domain.permissions).
- A petition's signers see, through their own link, its statement, their own entry
  and the letters the landlord sent the petition; never another signer.
- A resident whose complaint was joined into a communal one sees the communal
  complaint's letters from their own complaint, never its case detail.

Anything not visible is a 404, never a 403, so a URL reveals nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.data.db import db
from portal.data.models import Complaint, Document, StoredFile, User
from portal.data.representation import Authority, Petition, Signature
from portal.services.records import clock, confidence
from portal.services.records.paging import Page, paged

# Letters the landlord issues (response_letter, refusal_letter, petition letters...).
LETTER_SUFFIX = "_letter"


def active_authority(today: date) -> ColumnElement[bool]:
    """An authority that gives access today: verified, not revoked, not expired."""
    return and_(
        Authority.status == "verified",
        Authority.revoked_at.is_(None),
        or_(Authority.expires_on.is_(None), Authority.expires_on >= today),
    )


def _covers(complaint_id, resident_id) -> ColumnElement[bool]:
    """The authority's scope includes this complaint."""
    return or_(
        and_(Authority.scope == "complaint", Authority.complaint_id == complaint_id),
        and_(Authority.scope == "all", Authority.resident_id == resident_id),
    )


def represents(user_id: int, today: date) -> ColumnElement[bool]:
    """For a query on Complaint: `user_id` holds an authority that covers it today."""
    return exists().where(
        Authority.representative_id == user_id,
        active_authority(today),
        _covers(Complaint.id, Complaint.resident_id),
    )


def _held(user_id: int, today: date) -> list:
    """The authorities `user_id` holds that give access today: (scope, complaint_id,
    resident_id, expires_on) each (a representative holds a handful)."""
    return db.session.execute(
        select(Authority.scope, Authority.complaint_id, Authority.resident_id,
               Authority.expires_on)
        .where(Authority.representative_id == user_id, active_authority(today))).all()


def _represented(user_id: int, today: date, held: list | None = None) -> ColumnElement[bool]:
    """For a list: the complaints `user_id`'s authorities cover today, found from the
    authorities first (a handful) rather than by asking of every complaint whether one
    covers it, which reads the whole table."""
    held = _held(user_id, today) if held is None else held
    complaints = sorted({c for scope, c, _r, _e in held if scope == "complaint" and c})
    residents = sorted({r for scope, _c, r, _e in held if scope == "all" and r})
    return or_(Complaint.id.in_(complaints), Complaint.resident_id.in_(residents))


def visible_complaints(user: User, today: date | None = None) -> Select:
    query = select(Complaint)
    if user.is_staff:
        return query
    if not getattr(user, "is_active", True):
        return query.where(false())
    today = today or clock.today()
    return query.where(or_(Complaint.resident_id == user.id, represents(user.id, today)))


def complaint_for(user: User, reference: str) -> Complaint:
    complaint = db.session.scalar(
        visible_complaints(user).where(Complaint.reference == reference)
    )
    if complaint is None:
        abort(404)
    return complaint


def can_see(user: User, complaint: Complaint) -> bool:
    return db.session.scalar(
        visible_complaints(user).where(Complaint.id == complaint.id)
    ) is not None


def document_for(user: User, complaint: Complaint, document_id: int) -> Document:
    """A document of a complaint the user can see; internal ones for staff only."""
    # One statement: the document, its bytes (it is being sent), and whether the person
    # can still see its complaint, asked in the same query (not trusted from the caller).
    return _visible_document(user, Complaint.id == complaint.id, document_id,
                             joinedload(Document.file).undefer(StoredFile.data), complaint)


def own_document(user: User, reference: str, document_id: int) -> Document:
    """document_for, found by the complaint's reference: for someone who is not staff (a
    resident, a representative) the same one statement, without loading the complaint
    first (staff's checks need the complaint: made in confidence)."""
    if user.is_staff:
        return document_for(user, complaint_for(user, reference), document_id)
    return _visible_document(user, Complaint.reference == reference, document_id,
                             joinedload(Document.file).undefer(StoredFile.data))


def letter_html_for(user: User, complaint: Complaint, document_id: int) -> str:
    """The web version of a letter (the HTML its PDF was laid out from), under exactly
    the checks of document_for; 404 for a document with none (an upload, or a letter
    stored before web versions were kept)."""
    document = _visible_document(user, Complaint.id == complaint.id, document_id,
                                 joinedload(Document.html_file).undefer(StoredFile.data),
                                 complaint)
    if document.html_file is None:
        abort(404)
    return document.html_file.data.decode()


def _visible_document(user: User, which: ColumnElement[bool], document_id: int, load,
                      complaint: Complaint | None = None) -> Document:
    """The document, if its complaint (`which`: a condition on Complaint) is one the user
    can see; `complaint` is needed for staff (made in confidence)."""
    visible = visible_complaints(user).with_only_columns(Complaint.id).where(which)
    query = (select(Document)
             .where(Document.id == document_id,
                    Document.complaint_id.in_(visible.scalar_subquery()))
             .options(load))
    if not user.is_staff:
        query = query.where(Document.internal.is_(False))
    elif confidence.hidden_from(user, complaint):  # made in confidence (records.confidence)
        query = query.where(confidence.documents_condition(Document, complaint))
    document = db.session.scalar(query)
    if document is None:
        abort(404)
    return document


# -- representatives and residents: the authorities themselves ---------------------------


def authorities_given_to(user: User, page: int = 1) -> Page[Authority]:
    """One page of the authorities this person asked for, newest first (any state),
    each with the complaint it was given for (loaded, so finding it needs no query)."""
    return paged(select(Authority).where(Authority.representative_id == user.id)
                 .options(joinedload(Authority.complaint))
                 .order_by(Authority.created_at.desc(), Authority.id.desc()), page)


def authorities_given_by(user: User, page: int = 1) -> Page[Authority]:
    """One page of the authorities for someone to act for this resident (any state),
    newest first, each with its representative and complaint loaded (no query a row)."""
    return paged(select(Authority).where(Authority.resident_id == user.id)
                 .options(joinedload(Authority.representative),
                          joinedload(Authority.complaint))
                 .order_by(Authority.created_at.desc(), Authority.id.desc()), page)


def authority_of_representative(user: User, authority_id: int) -> Authority:
    found = db.session.scalar(select(Authority).where(
        Authority.id == authority_id, Authority.representative_id == user.id))
    if found is None:
        abort(404)
    return found


def authority_of_resident(user: User, authority_id: int) -> Authority:
    found = db.session.scalar(select(Authority).where(
        Authority.id == authority_id, Authority.resident_id == user.id))
    if found is None:
        abort(404)
    return found


def represented_complaint_for(user: User, reference: str) -> tuple[Complaint, Authority]:
    """The complaint a representative made or was given authority for, with their
    authority, whatever its state: for the page that shows only that it was received
    and where the authority stands. Nobody else's complaint is found."""
    row = db.session.execute(
        select(Complaint, Authority)
        .join(Authority, Authority.complaint_id == Complaint.id)
        .where(Complaint.reference == reference, Authority.representative_id == user.id)
        .order_by(Authority.id.desc())
    ).first()
    if row is None:
        abort(404)
    return row[0], row[1]


def complaints_represented(user: User, page: int = 1,
                           today: date | None = None) -> Page[Complaint]:
    """One page of the complaints this representative can see in full today (not their
    own), the latest first, each with its resident."""
    found = complaints_followed(user, page, today)
    return Page([f.complaint for f in found.items], found.page, found.pages, found.total,
                found.per_page)


@dataclass(frozen=True)
class Followed:
    """A complaint a representative follows, and the last day their authority for it
    lasts (None: it has no end date)."""

    complaint: Complaint
    authority_ends: date | None


def complaints_followed(user: User, page: int = 1,
                        today: date | None = None) -> Page[Followed]:
    """One page of the complaints this representative can see in full today (not their
    own), the latest first, each with its resident, its issues, the communal complaint it
    was joined into, and when the authority that lets them see it ends: the same few
    statements whatever the number of complaints."""
    today = today or clock.today()
    held = _held(user.id, today)

    def followed(complaint: Complaint) -> Followed:
        ends = [e for scope, c, r, e in held
                if (scope == "complaint" and c == complaint.id)
                or (scope == "all" and r == complaint.resident_id)]
        return Followed(complaint, None if None in ends or not ends else max(ends))

    return paged(select(Complaint)
                 .where(_represented(user.id, today, held), Complaint.resident_id != user.id)
                 .options(joinedload(Complaint.resident), selectinload(Complaint.issues),
                          joinedload(Complaint.joined_into))
                 .order_by(Complaint.received_at.desc(), Complaint.id.desc()), page,
                 row=followed)


# -- petitions ----------------------------------------------------------------------------


def petitions_led_by(user: User, page: int = 1) -> Page[Petition]:
    """One page of the petitions this person leads, the latest started first."""
    return paged(select(Petition).where(Petition.lead_id == user.id)
                 .order_by(Petition.created_at.desc(), Petition.id.desc()), page)


def petition_for_lead(user: User, petition_id: int) -> Petition:
    found = db.session.scalar(select(Petition).where(
        Petition.id == petition_id, Petition.lead_id == user.id))
    if found is None:
        abort(404)
    return found


def petition_by_share_token(token: str) -> Petition:
    found = db.session.scalar(select(Petition).where(Petition.share_token == token))
    if found is None:
        abort(404)
    return found


def signature_by_token(token: str) -> Signature:
    """A signer's own entry, by the link only they were given."""
    found = db.session.scalar(select(Signature).where(Signature.signer_token == token))
    if found is None or not token:
        abort(404)
    return found


def petition_complaint(petition: Petition) -> Complaint | None:
    return db.session.scalar(select(Complaint).where(Complaint.petition_id == petition.id))


def letters_of(complaint: Complaint | None) -> list[Document]:
    """The letters the landlord sent about a complaint (never internal files, never
    evidence): what a petition's members and a communal complaint's residents get."""
    if complaint is None:
        return []
    return list(db.session.scalars(
        select(Document).where(Document.complaint_id == complaint.id,
                               Document.internal.is_(False),
                               Document.kind.like(f"%{LETTER_SUFFIX}"))
        .order_by(Document.id)
    ))


def member_letter_for(signature: Signature, document_id: int) -> Document:
    """A letter sent about the petition this signer signed (their token proves it)."""
    if signature.status == "rejected":
        abort(404)
    found = next((d for d in letters_of(petition_complaint(signature.petition))
                  if d.id == document_id), None)
    if found is None:
        abort(404)
    return found


# -- communal complaints (seed 001 §2.3, §5) ----------------------------------------------


def joined_complaints(complaint: Complaint) -> list[Complaint]:
    """Complaints joined into this one (staff, recipients and letters use it)."""
    return list(db.session.scalars(
        select(Complaint).where(Complaint.joined_into_id == complaint.id)
        .order_by(Complaint.id)
    ))


def communal_letter_for(user: User, reference: str, document_id: int) -> Document:
    """A letter of the communal complaint that the user's own complaint was joined into."""
    mine = complaint_for(user, reference)
    if mine.joined_into_id is None:
        abort(404)
    communal = db.session.get(Complaint, mine.joined_into_id)
    found = next((d for d in letters_of(communal) if d.id == document_id), None)
    if found is None:
        abort(404)
    return found


def made_for_someone_else(user: User, reference: str) -> bool:
    """The user sent this complaint for another resident (they follow it from the
    representative's pages, which show only what their authority allows)."""
    return db.session.scalar(
        select(Complaint.id).where(Complaint.reference == reference,
                                   Complaint.submitted_by_id == user.id,
                                   Complaint.resident_id != user.id)
    ) is not None
