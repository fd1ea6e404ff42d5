"""Helpers for the representation and petition tests (no tests here): representatives,
complaints made for a resident, authority in each state, petitions with signatures."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from portal.data.db import db
from portal.data.models import Complaint, Document, OutboxMessage, User, utcnow
from portal.data.representation import Authority, Petition
from portal.services.intake import drafts as complaint_service
from portal.services.intake import submission
from portal.services.records import clock
from portal.services.records.documents import Checked
from portal.services.representation import casework as staff_representation
from portal.services.representation import on_behalf as on_behalf_service
from portal.services.representation import petitions
from tests.support.factories import ISSUES, PASSWORD, make_resident, make_staff

LETTER = b"%PDF-1.4\n% A letter of authority, signed by the resident.\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
_n = iter(range(1, 10_000))


def make_representative(name: str = "Alex Advocate", email: str | None = None) -> User:
    user = User(email=email or f"rep{next(_n)}@advice.example.org", name=name,
                kind="representative", email_verified_at=utcnow(),
                password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
    db.session.add(user)
    db.session.commit()
    return user


def on_behalf(rep: User, *, resident_email: str | None = None, resident_name: str = "Jo Resident",
              relationship: str = "advocate", method: str = "letter", scope: str = "complaint",
              expires_on: date | None = None, correspondence_to: str = "both",
              organisation: str | None = "Citizens Advice", evidence: bool = True) -> Complaint:
    """A complaint sent by `rep` for a resident, through the real services."""
    draft = on_behalf_service.start_on_behalf(rep, on_behalf_service.OnBehalf(
        resident_name=resident_name, resident_address="Flat 2, 10 Mill Lane\nLondon",
        resident_postcode="e11aa", resident_email=resident_email, relationship=relationship,
        organisation=organisation, scope=scope, expires_on=expires_on, method=method,
        correspondence_to=correspondence_to,
    ), Checked("authority.pdf", "application/pdf", LETTER) if method == "letter" else None)
    complaint_service.save_answers(draft, category="repairs", contact_method="email",
                                   contact_times="", adjustments=[], screening=["none"])
    for issue in ISSUES:
        complaint_service.save_issue(draft, None, issue)
    if evidence:
        complaint_service.attach_to_draft(draft, rep, [Checked("mould.png", "image/png", PNG)])
    return submission.submit(draft, rep)


def authority_of(complaint: Complaint) -> Authority:
    db.session.expire_all()
    return db.session.scalar(select(Authority).where(Authority.complaint_id == complaint.id)
                             .order_by(Authority.id.desc()))


def verify(complaint: Complaint, *, scope: str | None = None,
           expires_on: date | None = None) -> Authority:
    found = authority_of(complaint)
    manager = make_staff("complaints_manager")
    staff_representation.verify_authority(manager, found, scope=scope or found.scope,
                                          expires_on=expires_on or found.expires_on)
    return found


def document(complaint: Complaint, kind: str) -> Document:
    return db.session.scalar(select(Document).where(Document.complaint_id == complaint.id,
                                                    Document.kind == kind))


def mail(to: str, kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.to == to).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def link(message: OutboxMessage, contains: str = "") -> str:
    for url in re.findall(r"http://127\.0\.0\.1:5000(/\S+)", message.text):
        if contains in url:
            return url
    raise AssertionError(f"no link with {contains!r} in {message.text}")


def yesterday() -> date:
    return clock.today() - timedelta(days=1)


# -- petitions ------------------------------------------------------------------------------

HOUSEHOLDS = [
    ("Ann Able", "Flat 1, 12 High Street", "sw1a1aa", "ann@example.org"),
    ("Ben Baker", "Flat 2, 12 High Street", "SW1A 1AA", "ben@example.org"),
    ("Cat Cole", "Flat 3, 12 High Street", "sw1a 1aa", None),
    ("Dan Dale", "4 Rose Road", "E1 1AA", "dan@example.org"),
    ("Eve East", "5 Rose Road", "e11aa", "eve@example.org"),
]


def make_petition(lead: User | None = None, subject: str = "Repair the lifts at Rose Court"
                  ) -> Petition:
    from portal.services.accounts.users import find_user

    lead = lead or find_user("lee@example.org") or make_resident(
        "Lee Lead", email="lee@example.org", address="6 Rose Road", postcode="E1 1AA")
    return petitions.create(lead, petitions.Statement(
        subject=subject, issues_text="Both lifts have been broken since May.",
        actions_requested="Repair the lifts within four weeks.",
        summary="Eleven households ask for the lifts to be repaired.", lead_phone=None,
        lead_address="6 Rose Road\nLondon", lead_postcode="e11aa"))


def sign(petition: Petition, name: str, line1: str, postcode: str, email: str | None = None):
    return petitions.sign_online(petition, petitions.SignerDetails(
        name=name, address_line_1=line1, address_line_2=None, town="London",
        postcode=postcode, email=email, signed_name=name, declaration=True))


def submitted_petition(households=HOUSEHOLDS) -> tuple[Petition, Complaint]:
    petition = make_petition()
    for name, line1, postcode, email in households:
        sign(petition, name, line1, postcode, email)
    return petition, petitions.submit(petition.lead, petition)


def respond_to(complaint: Complaint, staff: User | None = None):
    """Acknowledge, then send a stage 1 response upholding every issue: the Response."""
    from portal.services.records import casework
    from portal.services.responses import respond as responses
    from portal.services.stage1 import actions as stage1

    staff = staff or make_staff("complaints_manager")
    stage1.acknowledge(staff, complaint, version=complaint.version,
                         seen=casework.last_event_id(complaint),
                         definitions={i.id: f"Our understanding: {i.summary}"
                                      for i in complaint.issues}, handler_id=staff.id)
    return responses.respond(staff, complaint, version=complaint.version,
                            seen=casework.last_event_id(complaint),
                            draft=responses.ResponseDraft(decisions=[
                                responses.IssueDecision(i.id, "upheld", "We got this wrong.")
                                for i in complaint.issues]))


def pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(data)).pages)
