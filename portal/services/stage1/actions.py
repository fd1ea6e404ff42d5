"""Staff actions on a complaint, each one transaction: accept or refuse, acknowledge,
change handler, contact, extend, resolve at first contact, close."""

from __future__ import annotations

from datetime import date

from portal.data.db import db
from portal.data.models import (
    AgreedContact,
    Complaint,
    ContactLog,
    Response,
    User,
    utcnow,
)
from portal.domain import lifecycle
from portal.services.correspondence.letter_files import (
    download_url,
    letter_base,
    stage1_next_steps,
    store_letters,
)
from portal.services.correspondence.outbox import external_url
from portal.services.correspondence.recipients import delivery
from portal.services.correspondence.staff_notices import assigned_to_you
from portal.services.correspondence.tell import tell
from portal.services.records import deadlines, events, staff_drafts
from portal.services.records.casework import (
    CaseworkError,
    changing,
    checked_extension,
    chosen_handler,
    long_date,
    require_allowed,
    require_move,
    required_text,
    today,
)
from portal.services.records.policy import profiles
from portal.services.stage1 import safeguarding

# -- accept, refuse, acknowledge -------------------------------------------------------------


def refuse(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
           reasons: list[str], detail: str | None, on: date | None = None) -> Response:
    """Not accepted: a refusal letter with each reason, where to go instead and the
    Ombudsman's details; the resident is emailed a link to it."""
    require_allowed(actor, "refuse")
    require_move("refuse", complaint)
    on = on or today()
    profile = profiles()[complaint.profile]
    chosen = [profile.exclusion(code) for code in reasons or []]
    chosen = [c for c in chosen if c is not None]
    if any(c.code == safeguarding.TIME_LIMIT for c in chosen) and not \
            safeguarding.time_limit_applies(complaint):
        raise CaseworkError("The time limit for complaints does not apply to a safeguarding "
                            "concern (IVH 004 §3.1): choose another reason or accept it",
                            "reasons")
    if not chosen:
        raise CaseworkError("Select at least one reason the complaint cannot be accepted",
                            "reasons")
    detail = (detail or "").strip()
    with changing(complaint, version, seen):
        context = {
            **letter_base(complaint, actor, on),
            "reasons": [{"title": c.title, "explanation": c.explanation,
                         "signpost": c.signpost, "cite": str(c.cite)} for c in chosen],
            "detail": detail,
        }
        document, large = store_letters(complaint, actor, "documents/refusal.html", context,
                                         "refusal_letter", "refusal")
        response = Response(
            complaint_id=complaint.id, stage=complaint.stage, kind="refusal",
            issued_by_id=actor.id, document_id=document.id,
            large_print_document_id=large.id if large else None,
            content={"reasons": [c.code for c in chosen], "detail": detail},
        )
        db.session.add(response)
        staff_drafts.discard(complaint, "refusal")
        complaint.status = "not_accepted"
        complaint.closed_on = on
        complaint.closed_reason = "not_accepted"
        events.record(complaint, "complaint_refused",
                      "Not accepted as a complaint: " + "; ".join(c.title for c in chosen),
                      actor, reasons=[c.code for c in chosen], detail=detail,
                      document_id=document.id)
        tell(complaint, "refused", "Our decision on your complaint",
                        reasons=context["reasons"], detail=detail,
                        letter_url=download_url(complaint, document), letter=(document, large))
    return response


def acknowledge(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
                definitions: dict[int, str], handler_id: int | None,
                on: date | None = None) -> None:
    """Accepted at stage 1: our understanding of each issue (Code 5.6), a case handler,
    acknowledged today; the resident is told what happens next."""
    require_allowed(actor, "acknowledge")
    require_move("acknowledge", complaint)
    on = on or today()
    handler = chosen_handler(actor, handler_id)
    written = {}
    for index, issue in enumerate(complaint.issues):
        written[issue.id] = required_text(
            definitions.get(issue.id),
            f"Enter our understanding of issue {index + 1} and the outcome wanted",
            f"definitions-{index}")
    with changing(complaint, version, seen):
        for issue in complaint.issues:
            issue.definition = written[issue.id]
        complaint.acknowledged_on = on
        complaint.status = "stage1"
        complaint.handler_id = handler.id
        events.record(complaint, "complaint_acknowledged",
                      f"Complaint acknowledged and logged at stage 1. Case handler: "
                      f"{handler.name}", actor, handler_id=handler.id,
                      definitions={str(k): v for k, v in written.items()})
        assigned_to_you(actor, complaint, handler, "handler")
        due = {d.key: d for d in deadlines.complaint_deadlines(complaint)}
        tell(
            complaint, "acknowledged", "We have acknowledged your complaint",
            handler=handler.name, issues=complaint.issues,
            response_due=due.get("stage1_response"), first_contact=due.get("first_contact"),
            correct_url=external_url("resident.correct", reference=complaint.reference),
        )


def change_handler(actor: User, complaint: Complaint, *, version: int | None,
                   seen: int | None, handler_id: int | None, reason: str | None) -> None:
    """A new case handler, with a reason the resident sees (seed 000 §2)."""
    require_allowed(actor, "reassign")
    require_move("assign", complaint)
    handler = chosen_handler(actor, handler_id)
    if handler.id == complaint.handler_id:
        raise CaseworkError(f"{handler.name} is already the case handler", "handler")
    if handler.id == complaint.reviewer_id:  # independence at stage 2 (Code 6.13)
        raise CaseworkError(f"{handler.name} is reviewing this complaint at stage 2, so cannot "
                            "be its case handler (Complaint Handling Code 6.13)", "handler")
    reason = required_text(reason, "Enter the reason for the change, which the resident will see",
                   "reason")
    with changing(complaint, version, seen):
        before = complaint.handler.name if complaint.handler else None
        complaint.handler_id = handler.id
        events.record(complaint, "handler_changed",
                      f"Case handler changed to {handler.name}. Reason: {reason}", actor,
                      handler_id=handler.id, previous=before, reason=reason)
        assigned_to_you(actor, complaint, handler, "handler", reason)
        tell(complaint, "handler_changed", "Your complaint has a new case handler",
                        handler=handler.name, reason=reason)


# -- contact --------------------------------------------------------------------------------


def log_contact(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
                method: str | None, notes: str | None, shared: bool,
                next_on: date | None = None, next_method: str | None = None,
                on: date | None = None) -> None:
    """A contact that happened, and/or the next agreed contact date (SPEC §6)."""
    require_allowed(actor, "log_contact")
    require_move("log_contact", complaint)
    on = on or today()
    notes = (notes or "").strip()
    if not notes and next_on is None:
        raise CaseworkError("Enter what was said, or agree the next contact date", "notes")
    if notes and method not in lifecycle.CONTACT_KINDS:
        raise CaseworkError("Select how the contact happened", "method")
    if next_on is not None:
        require_allowed(actor, "agree_contact")
        require_move("agree_contact", complaint)
        if next_on < on:
            raise CaseworkError("The next contact date must be today or in the future",
                                "next_on")
        if next_method not in lifecycle.CONTACT_KINDS:
            raise CaseworkError("Select how you will get in touch", "next_method")
    with changing(complaint, version, seen):
        now = utcnow()
        if notes:
            db.session.add(ContactLog(complaint_id=complaint.id, happened_at=now, method=method,
                                      notes=notes, shared=shared, by_id=actor.id))
            words = lifecycle.CONTACT_KINDS[method]
            events.record(complaint, "contact_logged",
                          f"{words} recorded" + ("" if shared else " (internal note)"), actor,
                          internal=not shared, method=method)
        if next_on is not None:
            db.session.add(AgreedContact(complaint_id=complaint.id, due_on=next_on,
                                         method=next_method, agreed_at=now,
                                         agreed_by_id=actor.id))
            events.record(complaint, "contact_date_agreed",
                          f"Next contact agreed: {lifecycle.CONTACT_KINDS[next_method].lower()}"
                          f" by {long_date(next_on)}", actor, due_on=next_on, method=next_method)


# -- stage 1 ----------------------------------------------------------------------------------


def extension_window(complaint: Complaint) -> tuple[date | None, date | None]:
    """(current stage 1 due date, latest date the policy allows), either may be None."""
    return deadlines.extension_window(complaint, 1)


NO_EXTENSION = "Your policy does not set an extension at stage 1, so you cannot extend it"


def extend(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
           new_on: date | None, reason: str | None) -> None:
    """A later stage 1 date, within the policy's limit, with the reason, the new date and
    the Ombudsman's details sent to the resident (Code 6.4-6.5)."""
    require_allowed(actor, "extend")
    require_move("extend", complaint)
    current, latest = extension_window(complaint)
    reason = checked_extension(current, latest, new_on, reason, NO_EXTENSION)
    with changing(complaint, version, seen):
        complaint.stage1_extended_to = new_on
        events.record(complaint, "stage1_extended",
                      f"Stage 1 response date extended to {long_date(new_on)}. Reason: {reason}",
                      actor, new_on=new_on, previous=current, reason=reason)
        tell(complaint, "extended", "We need more time to respond to your complaint",
                        reason=reason, new_on=new_on, previous=current)


def resolve_first_contact(actor: User, complaint: Complaint, *, version: int | None,
                          seen: int | None, summary: str | None, agreed: bool,
                          agreed_by: str | None, agreed_how: str | None,
                          agreed_on: date | None, on: date | None = None) -> Response:
    """Put right there and then (seed 000 §3, steps 3 and 7), closed only with the
    resident's agreement recorded: who agreed, how and when. The written confirmation is
    a stage 1 response letter (stored PDF, like any other), so the resident keeps the
    right to ask for a review within the profile's window (Code 5.2-5.3, 6.10). Without
    agreement nothing changes: it stays an ordinary stage 1 complaint."""
    require_allowed(actor, "resolve_first_contact")
    require_move("resolve_first_contact", complaint)
    on = on or today()
    summary = required_text(summary, "Enter what was done to resolve the complaint", "summary")
    if not agreed:
        raise CaseworkError("Confirm that the resident agreed this resolves their complaint. "
                            "Without their agreement it stays a stage 1 complaint", "agreed")
    agreed_by = required_text(agreed_by, "Enter the name of the person who agreed",
                              "agreed_by")
    if agreed_how not in lifecycle.CONTACT_KINDS:
        raise CaseworkError("Select how the resident agreed", "agreed_how")
    if agreed_on is None or agreed_on > on or agreed_on < complaint.received_on:
        raise CaseworkError("The date they agreed must be between "
                            f"{long_date(complaint.received_on)} and today", "agreed_on")
    agreement = {"who": agreed_by, "how": agreed_how,
                 "how_words": lifecycle.CONTACT_KINDS[agreed_how], "on": agreed_on.isoformat()}
    with changing(complaint, version, seen):
        with db.session.no_autoflush:  # no write lock while WeasyPrint renders
            if complaint.acknowledged_on is None:
                complaint.acknowledged_on = on
            if complaint.handler_id is None:
                complaint.handler_id = actor.id
            complaint.stage1_sent_on = on
            complaint.stage1_delivery = delivery(complaint)
            next_steps = stage1_next_steps(complaint)
            context = {**letter_base(complaint, actor, on), "summary": summary,
                       "agreement": {**agreement, "on": agreed_on},
                       "issues": complaint.issues, "next_steps": next_steps}
            document, large = store_letters(complaint, actor, "documents/resolved.html",
                                            context, "response_letter", "resolved")
        response = Response(
            complaint_id=complaint.id, stage=1, kind="response", issued_by_id=actor.id,
            document_id=document.id, large_print_document_id=large.id if large else None,
            content={"resolved_first_contact": True, "what_was_done": summary,
                     "agreement": agreement,
                     "next_steps": {k: str(v) if isinstance(v, date) else v
                                    for k, v in next_steps.items()}})
        db.session.add(response)
        complaint.status = "closed"
        complaint.closed_on = on
        complaint.closed_reason = "resolved_first_contact"
        events.record(complaint, "complaint_resolved_first_contact",
                      f"Resolved at first contact: {summary}. {agreed_by} agreed "
                      f"({agreement['how_words'].lower()}, {long_date(agreed_on)})", actor,
                      what_was_done=summary, agreement=agreement,
                      response_document_id=document.id)
        tell(complaint, "resolved", "Your complaint is resolved: our confirmation",
             why=summary, agreement={**agreement, "on": agreed_on},
             letter_url=download_url(complaint, document),
             large_url=download_url(complaint, large) if large else None,
             next_steps=next_steps, letter=(document, large))
    return response


def confirm_building(actor: User, complaint: Complaint, *, version: int | None,
                     seen: int | None, higher_risk: str | None) -> None:
    """Staff say whether the home is in a higher-risk building (at least 18 metres or 7
    storeys, with at least 2 homes). Only a confirmed one sends a building safety
    complaint to the Regulator after stage 1; every other keeps stage 2 (IVH 004 §5.1)."""
    require_allowed(actor, "acknowledge")
    profile = profiles()[complaint.profile]
    if not (profile.building_safety_regulator and complaint.category == "building_safety"):
        raise CaseworkError("Your policy does not send this complaint to the Building Safety "
                            "Regulator, so there is nothing to confirm")
    if complaint.stage1_sent_on is not None or complaint.status not in lifecycle.OPEN:
        raise CaseworkError("You can confirm the building only before the stage 1 response")
    if higher_risk not in ("yes", "no"):
        raise CaseworkError("Select yes if the home is in a higher-risk building",
                            "higher_risk")
    with changing(complaint, version, seen):
        complaint.higher_risk_building = higher_risk == "yes"
        events.record(complaint, "higher_risk_building_confirmed",
                      "We confirmed the home " + ("is" if higher_risk == "yes" else "is not")
                      + " in a higher-risk building: " + (
                          "after our stage 1 response the complaint goes to the Building "
                          "Safety Regulator" if higher_risk == "yes"
                          else "you can ask for a review (stage 2) as usual"), actor,
                      higher_risk=higher_risk == "yes")


def close(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
          reason: str | None, on: date | None = None) -> None:
    """Close after a response, with the reason (the resident is told and asked how we did)."""
    require_allowed(actor, "close")
    if complaint.status not in lifecycle.RESPONDED:
        raise CaseworkError("You can close a complaint only after a response has been sent")
    on = on or today()
    reason = required_text(reason, "Enter why the complaint is being closed", "reason")
    with changing(complaint, version, seen):
        complaint.status = "closed"
        complaint.closed_on = on
        complaint.closed_reason = "closed_by_staff"
        events.record(complaint, "complaint_closed", f"Complaint closed. Reason: {reason}",
                      actor, reason=reason)
        tell(complaint, "closed", "Your complaint is closed", why=reason)
