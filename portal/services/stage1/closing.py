"""Closing a complaint while it is being looked at, and reopening it (SPEC §2): the
resident will not engage after reasonable attempts (IDS 002 §5.6), or legal proceedings
have started (ISHA 001 §2.3; Code 2.2). A letter says why and what the resident can do;
when they re-engage, staff reopen it where it was. Each change is one transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, Event, Response, User
from portal.domain import lifecycle
from portal.domain.policy import Exclusion
from portal.services.correspondence.letter_files import download_url, letter_base, store_letters
from portal.services.correspondence.tell import tell
from portal.services.records import events
from portal.services.records.casework import (
    CaseworkError,
    changing,
    require_allowed,
    require_move,
    required_text,
    today,
)
from portal.services.records.policy import profiles

# Exclusions that can also arise once a complaint is under way (Code 2.2).
MID_STAGE_EXCLUSIONS = ("legal_proceedings",)


def closing_grounds(complaint: Complaint) -> list[Exclusion]:
    """The profile's grounds to close a complaint mid-stage, each with its citation."""
    profile = profiles()[complaint.profile]
    found = [e for e in profile.exclusions if e.code in MID_STAGE_EXCLUSIONS]
    return [*found, *profile.closing_grounds]


def close_mid_stage(actor: User, complaint: Complaint, *, version: int | None,
                    seen: int | None, ground: str | None, detail: str | None,
                    on: date | None = None) -> Response:
    require_allowed(actor, "close")
    require_move("close_mid_stage", complaint)
    on = on or today()
    chosen = next((g for g in closing_grounds(complaint) if g.code == ground), None)
    if chosen is None:
        raise CaseworkError("Select why the complaint is being closed", "ground")
    detail = required_text(detail, "Explain what happened: this goes into the letter", "detail")
    before = complaint.status
    with changing(complaint, version, seen):
        with db.session.no_autoflush:
            context = {**letter_base(complaint, actor, on), "detail": detail,
                       "reason": {"title": chosen.title, "explanation": chosen.explanation,
                                  "signpost": chosen.signpost, "cite": str(chosen.cite)}}
            document, large = store_letters(complaint, actor, "documents/closure.html",
                                            context, "closure_letter", "complaint-closed")
        response = Response(complaint_id=complaint.id, stage=complaint.stage, kind="closure",
                            issued_by_id=actor.id, document_id=document.id,
                            large_print_document_id=large.id if large else None,
                            content={"ground": chosen.code, "detail": detail,
                                     "status_before": before})
        db.session.add(response)
        complaint.status = "closed"
        complaint.closed_on = on
        complaint.closed_reason = chosen.code
        events.record(complaint, "complaint_closed_mid_stage",
                      f"Complaint closed: {chosen.title}. The letter explains why and what "
                      "you can do", actor, ground=chosen.code, status_before=before,
                      document_id=document.id)
        tell(complaint, "closed_mid_stage", "We have closed your complaint",
             reason=context["reason"], detail=detail,
             letter_url=download_url(complaint, document), letter=(document, large))
    return response


def can_reopen(complaint: Complaint) -> bool:
    return (complaint.status == "closed"
            and complaint.closed_reason in lifecycle.MID_STAGE_CLOSURES)


def reopen(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
           note: str | None) -> None:
    """The resident re-engaged (or the proceedings ended): back where it was closed."""
    require_allowed(actor, "close")
    if not can_reopen(complaint):
        raise CaseworkError("Only a complaint closed while it was being looked at can be "
                            "reopened here")
    note = required_text(note, "Enter why the complaint is being reopened", "note")
    closed = db.session.scalars(
        select(Event).where(Event.complaint_id == complaint.id,
                               Event.kind == "complaint_closed_mid_stage")
        .order_by(Event.id.desc()).limit(1)).first()
    before = (closed.payload or {}).get("status_before") if closed else None
    if before not in lifecycle.OPEN:
        raise CaseworkError("The complaint's stage before it closed is not known")
    with changing(complaint, version, seen):
        complaint.status = before
        complaint.closed_on = None
        complaint.closed_reason = None
        events.record(complaint, "complaint_reopened",
                      f"Complaint reopened: {note}", actor, status=before, note=note)
        tell(complaint, "reopened", "We have reopened your complaint", note=note)
