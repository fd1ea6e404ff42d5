"""Service requests (Code 1.4-1.6; IVH 004 §4.1; ISHA 001 §2.3; issue 16 §3): staff deal
with an expression of dissatisfaction as a request for service rather than a complaint,
saying why. The resident gets a letter saying so, and that they can still complain if
they are unhappy with how the request is handled (Code 1.6). Service requests are
counted apart from complaints (their own table and reference, SR-2026-000001), and a
later complaint can say which one it follows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.data.db import db
from portal.data.models import Complaint, ServiceRequest, User
from portal.services.correspondence.letter_files import download_url, letter_base, store_letters
from portal.services.correspondence.tell import tell
from portal.services.intake.submission import ASKED_FOR_REQUEST, next_reference
from portal.services.records import events
from portal.services.records.casework import (
    CaseworkError,
    changing,
    require_allowed,
    require_move,
    required_text,
    today,
)
from portal.services.records.paging import Page, paged
from portal.services.records.policy import profiles

CHOICES = 20  # a resident's most recent service requests a complaint can be linked to
CLOSED_REASON = "service_request"


def asked_for_one(complaint: Complaint) -> bool:
    """The resident chose, when sending it, to have this dealt with as a request."""
    return ASKED_FOR_REQUEST in (complaint.screening or [])


def treat_as_service_request(actor: User, complaint: Complaint, *, version: int | None,
                             seen: int | None, summary: str | None, reason: str | None,
                             on: date | None = None) -> ServiceRequest:
    """A complaint just received, dealt with as a service request instead: the request
    recorded, the complaint closed as not accepted (for this reason), the resident sent a
    letter that says they can still complain about how the request is handled."""
    require_allowed(actor, "record_service_request")
    require_move("refuse", complaint)  # only before it is accepted as a complaint
    on = on or today()
    summary = required_text(summary, "Enter what the resident wants put right", "summary")
    reason = required_text(reason, "Enter why this is a service request rather than a "
                           "complaint", "reason")
    profile = profiles()[complaint.profile]
    exclusion = profile.exclusion("service_request")
    with changing(complaint, version, seen):
        request = ServiceRequest(
            reference=next_reference(on.year, "service-request", "SR"),
            resident_id=complaint.resident_id, from_complaint_id=complaint.id,
            summary=summary, reason=reason, recorded_on=on, recorded_by_id=actor.id)
        db.session.add(request)
        context = {**letter_base(complaint, actor, on), "request_reference": request.reference,
                   "summary": summary, "reason": reason,
                   "explanation": exclusion.explanation if exclusion else None,
                   "cite": str(exclusion.cite) if exclusion else None}
        document, large = store_letters(complaint, actor, "documents/service_request.html",
                                        context, "service_request_letter", "service-request")
        complaint.status = "not_accepted"
        complaint.closed_on = on
        complaint.closed_reason = CLOSED_REASON
        db.session.flush()
        events.record(complaint, "dealt_with_as_service_request",
                      f"Dealt with as a service request ({request.reference}), not as a "
                      "complaint", actor, service_request_id=request.id,
                      service_request=request.reference, text=reason,
                      document_id=document.id)
        tell(complaint, "service_request", "We are dealing with this as a service request",
             request_reference=request.reference, summary=summary, reason=reason,
             letter_url=download_url(complaint, document), letter=(document, large))
    return request


def choices_for(complaint: Complaint) -> list[ServiceRequest]:
    """The resident's most recent service requests, other than this complaint's own."""
    return list(db.session.scalars(
        select(ServiceRequest).where(
            ServiceRequest.resident_id == complaint.resident_id,
            (ServiceRequest.from_complaint_id != complaint.id)
            | ServiceRequest.from_complaint_id.is_(None))
        .order_by(ServiceRequest.recorded_on.desc(), ServiceRequest.id.desc()).limit(CHOICES)))


def link(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
         service_request_id: int | None) -> ServiceRequest:
    """Say which of the resident's service requests this complaint follows (a complaint
    about how a request was handled)."""
    require_allowed(actor, "record_service_request")
    chosen = next((r for r in choices_for(complaint) if r.id == service_request_id), None)
    if chosen is None:
        raise CaseworkError("Select the service request this complaint follows",
                            "service_request")
    if complaint.service_request_id == chosen.id:
        raise CaseworkError(f"This complaint already follows {chosen.reference}",
                            "service_request")
    with changing(complaint, version, seen):
        complaint.service_request_id = chosen.id
        events.record(complaint, "service_request_linked",
                      f"Follows service request {chosen.reference}", actor,
                      service_request_id=chosen.id, service_request=chosen.reference)
    return chosen


def followed(complaint: Complaint) -> ServiceRequest | None:
    if complaint.service_request_id is None:
        return None
    return db.session.get(ServiceRequest, complaint.service_request_id)


def recorded_in(actor: User, year: int | None = None) -> int:
    """How many service requests were recorded in the year (counted apart from
    complaints, for reports), on the recorded_on index."""
    require_allowed(actor, "view_complaint")
    year = year or today().year
    return db.session.scalar(select(func.count()).select_from(ServiceRequest).where(
        ServiceRequest.recorded_on >= date(year, 1, 1),
        ServiceRequest.recorded_on <= date(year, 12, 31))) or 0


def service_requests(actor: User, page: int = 1) -> Page[ServiceRequest]:
    """Every service request, newest first, counted and paged in the database."""
    require_allowed(actor, "view_complaint")
    query = (select(ServiceRequest)
             .options(selectinload(ServiceRequest.resident),
                      selectinload(ServiceRequest.from_complaint))
             .order_by(ServiceRequest.recorded_on.desc(), ServiceRequest.id.desc()))
    return paged(query, page)

