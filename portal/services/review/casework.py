"""Stage 2 and the Panel, staff side (SPEC §2, §4): acknowledge a review with our
understanding restated, assign an independent reviewer, decide on a late request,
decline an escalation, extend, pass back to the case handler, arrange the Panel, and
send a building-safety complaint to the Regulator. Each is one transaction.

Independence (Code 6.13): nobody involved at stage 1 (any case handler it had, whoever
sent or extended the stage 1 response) may be the reviewer, or send the stage 2 or
Panel response, or decide on the escalation. `require_independent` is the one check, called
by every path that could get round it: assigning, changing the reviewer, changing the
handler (actions.change_handler) and every stage 2 decision.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, Event, Response, User
from portal.domain import lifecycle
from portal.services.correspondence.letter_files import download_url, letter_base, store_letters
from portal.services.correspondence.outbox import external_url
from portal.services.correspondence.staff_notices import assigned_to_you
from portal.services.correspondence.tell import tell
from portal.services.records import clock, events, staff_drafts
from portal.services.records import deadlines as due_dates
from portal.services.records.casework import (
    CaseworkError,
    allowed,
    changing,
    checked_extension,
    long_date,
    require_allowed,
    require_move,
    required_text,
)
from portal.services.records.policy import profiles

REVIEWER_ROLES = ("reviewer", "complaints_manager")
STAGE1_WORK = ("stage1_responded", "stage1_extended")


# -- telling the resident (and whoever else services.recipients names) -------------------


# -- independence (Code 6.13) -------------------------------------------------------------


def stage1_people(complaint: Complaint) -> set[int]:
    """Everyone involved at stage 1: every case handler it has had, and whoever sent or
    extended the stage 1 response."""
    people = {complaint.handler_id} if complaint.handler_id else set()
    for event in db.session.scalars(select(Event).where(Event.complaint_id == complaint.id)):
        if event.kind in ("complaint_acknowledged", "handler_changed"):
            if event.payload.get("handler_id"):
                people.add(int(event.payload["handler_id"]))
        if event.kind in STAGE1_WORK and event.actor_id:
            people.add(event.actor_id)
    people |= set(db.session.scalars(select(Response.issued_by_id).where(
        Response.complaint_id == complaint.id, Response.stage == 1)))
    return people


def require_independent(complaint: Complaint, user_id: int | None, *, who: str, field=None) -> None:
    if user_id is not None and user_id in stage1_people(complaint):
        subject = "You were" if who == "you" else f"{who} was"
        raise CaseworkError(
            f"{subject} involved in this complaint at stage 1, so cannot review it. The "
            "stage 2 review must be done by someone else (Complaint Handling Code 6.13)",
            field)


def reviewers() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.kind == "staff", User.is_active.is_(True),
                           User.staff_role.in_(REVIEWER_ROLES)).order_by(User.name)))


def reviewer_choices(actor: User, complaint: Complaint) -> list[User]:
    """Whom this actor may make the reviewer: anyone independent if they may assign,
    else only themselves (if independent)."""
    involved = stage1_people(complaint)
    found = [u for u in reviewers() if u.id not in involved]
    if allowed(actor, "assign"):
        return found
    return [u for u in found if u.id == actor.id]


def _reviewer(actor: User, complaint: Complaint, reviewer_id: int | None) -> User:
    person = db.session.get(User, reviewer_id) if reviewer_id else None
    if person is None or not person.is_staff or person.staff_role not in REVIEWER_ROLES:
        raise CaseworkError("Select a reviewer", "reviewer")
    require_independent(complaint, person.id, who=person.name, field="reviewer")
    if not any(u.id == person.id for u in reviewer_choices(actor, complaint)):
        raise CaseworkError("You can only make yourself the reviewer", "reviewer")
    return person


def require_reviewer(actor: User, complaint: Complaint, permission: str = "review") -> None:
    require_allowed(actor, permission)
    require_independent(complaint, actor.id, who="you")


# -- acknowledge, reviewer ---------------------------------------------------------------


def suggested_stage2_definition(issue) -> str:
    first = issue.definition or issue.outcome_wanted
    lines = [first.strip()]
    if issue.stage2_unresolved:
        lines.append(f"What is still unresolved for you: {issue.stage2_unresolved.strip()}")
    if issue.stage2_outcome_wanted:
        lines.append(f"The outcome you want now: {issue.stage2_outcome_wanted.strip()}")
    return "\n\n".join(lines)


def acknowledge_stage2(actor: User, complaint: Complaint, *, version: int | None,
                       seen: int | None, definitions: dict[int, str], reviewer_id: int | None,
                       on: date | None = None) -> None:
    """Stage 2 acknowledged (Code 6.11): our understanding restated per issue (5.6) and
    an independent reviewer (6.13); the resident is told when to expect the response."""
    require_allowed(actor, "review")
    require_move("acknowledge_stage2", complaint)
    if complaint.stage2_late and complaint.stage2_late_decision != "accepted":
        raise CaseworkError("This request was made late. Decide whether to accept it first")
    on = on or clock.today()
    reviewer = _reviewer(actor, complaint, reviewer_id)
    written = {issue.id: required_text(definitions.get(issue.id),
                               f"Enter our understanding of issue {index + 1} at stage 2",
                               f"definitions-{index}")
               for index, issue in enumerate(complaint.issues)}
    with changing(complaint, version, seen):
        for issue in complaint.issues:
            issue.stage2_definition = written[issue.id]
        complaint.stage2_acknowledged_on = on
        complaint.reviewer_id = reviewer.id
        complaint.status = "stage2"
        complaint.stage = 2
        events.record(complaint, "stage2_acknowledged",
                      f"Review (stage 2) acknowledged. Reviewer: {reviewer.name}", actor,
                      reviewer_id=reviewer.id,
                      definitions={str(k): v for k, v in written.items()})
        assigned_to_you(actor, complaint, reviewer, "reviewer")
        due = {d.key: d for d in due_dates.complaint_deadlines(complaint)}
        tell(complaint, "stage2_acknowledged",
                    "We have acknowledged your request for a review",
              reviewer=reviewer.name, issues=complaint.issues,
              response_due=due.get("stage2_response"),
              correct_url=external_url("resident.correct", reference=complaint.reference))


def change_reviewer(actor: User, complaint: Complaint, *, version: int | None,
                    seen: int | None, reviewer_id: int | None, reason: str | None) -> None:
    require_allowed(actor, "reassign")
    require_move("change_reviewer", complaint)
    reviewer = _reviewer(actor, complaint, reviewer_id)
    if reviewer.id == complaint.reviewer_id:
        raise CaseworkError(f"{reviewer.name} is already the reviewer", "reviewer")
    reason = required_text(reason, "Enter the reason for the change, which the resident will see",
                   "reason")
    with changing(complaint, version, seen):
        before = complaint.reviewer.name if complaint.reviewer else None
        complaint.reviewer_id = reviewer.id
        events.record(complaint, "reviewer_changed",
                      f"Reviewer changed to {reviewer.name}. Reason: {reason}", actor,
                      reviewer_id=reviewer.id, previous=before, reason=reason)
        assigned_to_you(actor, complaint, reviewer, "reviewer", reason)
        tell(complaint, "reviewer_changed", "Your review has a new reviewer",
              reviewer=reviewer.name, reason=reason)


# -- late requests and declining ----------------------------------------------------------


def decline_reasons(complaint: Complaint):
    """The reasons the profile gives for not taking a complaint further (Code 2.1-2.4;
    ISHA 001 §2.8 points back to §2.3 and adds its own, such as being unwilling to say
    what remains unresolved), each with its explanation and citation."""
    profile = profiles()[complaint.profile]
    return (*profile.exclusions, *profile.decline_grounds)


def decide_late(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
                accept: bool | None, reasons: list[str] | None = None,
                detail: str | None = None, on: date | None = None) -> Response | None:
    """A request made after the window: accepted (it goes on to acknowledgement) or
    declined with a letter. Never left undecided by the portal itself."""
    require_reviewer(actor, complaint)
    require_move("decide_late", complaint)
    if not complaint.stage2_late or complaint.stage2_late_decision is not None:
        raise CaseworkError("There is no late request waiting for a decision")
    if accept is None:
        raise CaseworkError("Select whether to accept the late request", "decision")
    if not accept:
        return _decline(actor, complaint, version=version, seen=seen, reasons=reasons or [],
                        detail=detail, on=on, late=True)
    detail = (detail or "").strip()
    with changing(complaint, version, seen):
        complaint.stage2_late_decision = "accepted"
        events.record(complaint, "stage2_late_request_accepted",
                      "Your request for a review came after the time limit, and we have "
                      "accepted it", actor, reason=detail)
    return None


def decline_stage2(actor: User, complaint: Complaint, *, version: int | None,
                   seen: int | None, reasons: list[str] | None, detail: str | None,
                   on: date | None = None) -> Response:
    require_reviewer(actor, complaint)
    require_move("decline_stage2", complaint)
    if complaint.stage2_late and complaint.stage2_late_decision is None:
        return decide_late(actor, complaint, version=version, seen=seen, accept=False,
                           reasons=reasons, detail=detail, on=on)
    return _decline(actor, complaint, version=version, seen=seen, reasons=reasons or [],
                    detail=detail, on=on, late=False)


def _decline(actor: User, complaint: Complaint, *, version, seen, reasons: list[str],
             detail: str | None, on: date | None, late: bool) -> Response:
    on = on or clock.today()
    chosen = [e for e in decline_reasons(complaint) if e.code in set(reasons)]
    detail = (detail or "").strip()
    if not late and not chosen:
        raise CaseworkError("Select at least one reason for declining the review", "reasons")
    if not detail:
        raise CaseworkError("Explain the decision: this goes into the letter", "detail")
    closes, _window = due_dates.stage2_window(complaint, on)
    with changing(complaint, version, seen):
        context = {
            **letter_base(complaint, actor, on),
            "asked_on": complaint.stage2_requested_on,
            "late": late, "closes": closes,
            "late_reason": complaint.stage2_late_reason,
            "reasons": [{"title": c.title, "explanation": c.explanation,
                         "signpost": c.signpost, "cite": str(c.cite)} for c in chosen],
            "detail": detail,
            "ombudsman_by": due_dates.ombudsman_deadline(on),
        }
        document, large = store_letters(complaint, actor, "documents/stage2_decline.html",
                                         context, "decline_letter", "review-declined")
        response = Response(complaint_id=complaint.id, stage=2, kind="decline",
                            issued_by_id=actor.id, document_id=document.id,
                            large_print_document_id=large.id if large else None,
                            content={"reasons": [c.code for c in chosen], "detail": detail,
                                     "late": late})
        db.session.add(response)
        staff_drafts.discard(complaint, "decline")
        if late:
            complaint.stage2_late_decision = "declined"
            events.record(complaint, "stage2_late_request_declined",
                          "Your request for a review came after the time limit, and we have "
                          "declined it", actor, reason=detail)
        complaint.status = "closed"
        complaint.closed_on = on
        complaint.closed_reason = "stage2_declined"
        complaint.stage2_declined_on = on
        titles = "; ".join(c.title for c in chosen) or "made after the time limit"
        events.record(complaint, "stage2_declined",
                      f"Review declined: {titles}. The letter explains why and how to go to "
                      "the Housing Ombudsman", actor, reasons=[c.code for c in chosen],
                      late=late, document_id=document.id)
        tell(complaint, "stage2_declined", "Our decision on your request for a review",
              letter_url=download_url(complaint, document), late=late,
              ombudsman_by=context["ombudsman_by"], letter=(document, large))
    return response


# -- extension, passing back ----------------------------------------------------------------


def extend_stage2(actor: User, complaint: Complaint, *, version: int | None,
                  seen: int | None, new_on: date | None, reason: str | None) -> None:
    """A later stage 2 date within the profile's limit; the resident is told why, the new
    date and the Ombudsman's details (Code 6.15-6.16)."""
    require_reviewer(actor, complaint)
    require_move("extend_stage2", complaint)
    current, latest = due_dates.extension_window(complaint, 2)
    reason = checked_extension(current, latest, new_on, reason,
                                "Your policy does not set an extension at stage 2, so you "
                                "cannot extend it")
    with changing(complaint, version, seen):
        complaint.stage2_extended_to = new_on
        events.record(complaint, "stage2_extended",
                      f"Stage 2 response date extended to {long_date(new_on)}. Reason: {reason}",
                      actor, new_on=new_on, previous=current, reason=reason)
        tell(complaint, "stage2_extended", "We need more time to review your complaint",
              reason=reason, new_on=new_on, previous=current)


def pass_back(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
              note: str | None) -> None:
    """After the review's written outcome, back to the case handler to complete the
    further actions with the resident, then close (ISHA 001 §2.9)."""
    require_reviewer(actor, complaint)
    require_move("pass_back", complaint)
    if complaint.handler is None:
        raise CaseworkError("The complaint has no case handler to pass it back to")
    note = required_text(note, "Enter what the case handler needs to do", "note")
    with changing(complaint, version, seen):
        complaint.status = "passed_back"
        handler = complaint.handler.name
        events.record(complaint, "stage2_passed_back",
                      f"Passed back to {handler}, your case handler, to complete the actions "
                      "the review agreed with you. The complaint will then be closed", actor,
                      handler_id=complaint.handler_id, note=note)
        tell(complaint, "passed_back", "Your case handler will complete the actions",
              handler=handler)


# -- building safety (IVH 004 §5) -----------------------------------------------------------


def building_safety_route(complaint: Complaint, actor: User, on: date) -> None:
    """Inside the stage 1 response's transaction: stage 1 only, then the Regulator."""
    complaint.escalated_to_bsr_on = on
    events.record(complaint, "escalated_to_bsr",
                  "Building safety complaint: after our stage 1 response it goes to the "
                  "Building Safety Regulator", actor)


def is_building_safety(complaint: Complaint) -> bool:
    return profiles()[complaint.profile].goes_to_regulator(complaint.category,
                                                           complaint.higher_risk_building)


# -- what the letter says comes next -----------------------------------------------------------


def review_next_steps(complaint: Complaint, stage: int) -> dict:
    """After a stage 2 response: the Panel where the profile has one, else the end of our
    process (Code 6.19). After the Panel: the end."""
    profile = profiles()[complaint.profile]
    settings = current_app.config["PORTAL"]
    if stage == 2 and profile.has_panel:
        how = (f"To ask, use your complaint page at "
               f"{external_url('resident.complaint', reference=complaint.reference)}, or "
               f"phone us on {settings.landlord_phone} or email {settings.landlord_email}, "
               f"quoting {complaint.reference}.")
        return {"can_escalate": True, "escalate_to": "a Panel (the last stage of our process)",
                "escalate_by": None, "escalate_by_explained": None,
                "reasons_required": profile.stage2.reasons_required, "how": how,
                "final": False, "building_safety_regulator": False}
    return {"can_escalate": False, "escalate_to": None, "escalate_by": None,
            "escalate_by_explained": None, "reasons_required": False, "how": None,
            "final": True, "building_safety_regulator": False}


def available_stage2(actor: User, complaint: Complaint) -> list[str]:
    """The stage 2 actions this actor may take now, in page order."""
    found = []
    late_waiting = complaint.stage2_late and complaint.stage2_late_decision is None
    checks = [
        ("decide_late", "review", late_waiting),
        ("acknowledge_stage2", "review", not late_waiting),
        ("decline_stage2", "review", not late_waiting),
        ("change_reviewer", "reassign", complaint.reviewer_id is not None),
        ("extend_stage2", "review", True),
        ("respond_stage2", "review", True),
        ("arrange_panel", "review", complaint.panel_met_on is None),
        ("respond_panel", "review", complaint.panel_met_on is not None),
        ("pass_back", "review", complaint.handler_id is not None),
    ]
    # Someone involved at stage 1 may not review it (Code 6.13): the service refuses them,
    # so the page does not offer them a form they would fill in only to be refused.
    involved = None
    for action, permission, ok in checks:
        if not (ok and allowed(actor, permission) and lifecycle.can_move(action, complaint.status)):
            continue
        if permission == "review":
            if involved is None:
                involved = actor.id in stage1_people(complaint)
            if involved:
                continue
        found.append(action)
    return found
