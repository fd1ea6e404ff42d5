"""A response at any stage (stage 1, stage 2, the Panel): letter, decisions, actions,
status and email, all or nothing. One code path; `STAGES` says what differs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portal.data.db import db
from portal.data.models import (
    Action,
    Complaint,
    Issue,
    Response,
    User,
)
from portal.domain import lifecycle
from portal.services.correspondence.letter_files import (
    download_url,
    letter_base,
    money,
    stage1_next_steps,
    store_letters,
)
from portal.services.correspondence.recipients import delivery
from portal.services.correspondence.tell import tell
from portal.services.records import clock, events, staff_drafts
from portal.services.records.casework import (
    CaseworkError,
    changing,
    require_allowed,
    require_move,
    required_text,
)
from portal.services.records.policy import profiles
from portal.services.review.casework import (
    building_safety_route,
    require_independent,
    review_next_steps,
)


@dataclass
class IssueDecision:
    issue_id: int
    decision: str | None
    reasons: str | None


@dataclass
class ActionPlan:
    description: str
    owner: str
    due_on: date


@dataclass
class ResponseDraft:
    decisions: list[IssueDecision]
    apology: str = ""
    explanation: str = ""
    compensation: Decimal | None = None
    actions: list[ActionPlan] = field(default_factory=list)
    learning: str = ""
    # Non-empty: the compensation pays off money owed, and this says who agreed, how and
    # when (IDS 002 §7.2); "-" means chosen but not yet recorded.
    offset_agreement: str = ""


@dataclass(frozen=True)
class Stage:
    """What a response at one stage needs and changes."""

    number: int
    permission: str
    transition: str
    name: str  # the letter's title starts with it
    file: str  # the PDF's name
    sent_field: str  # the Complaint date it sets
    status: str  # the status after it
    event: str
    done: str  # what staff are told
    independent: bool  # must not be anyone involved at stage 1 (Code 6.13)


STAGES = {
    1: Stage(1, "respond", "respond", "Stage 1 response", "stage-1-response", "stage1_sent_on",
             "stage1_responded", "stage1_responded",
             "Stage 1 response sent. {told}", False),
    2: Stage(2, "review", "respond_stage2", "Stage 2 response", "stage-2-response",
             "stage2_sent_on", "stage2_responded", "stage2_responded",
             "Stage 2 response sent. {told}", True),
    3: Stage(3, "review", "respond_panel", "Panel response", "panel-response", "panel_sent_on",
             "panel_responded", "panel_responded",
             "Panel response sent. {told}", True),
}


def understanding(issue: Issue, stage: int) -> str:
    """Our understanding of an issue at this stage: restated at stage 2 (Code 5.6)."""
    if stage >= 2 and issue.stage2_definition:
        return issue.stage2_definition
    return issue.definition or issue.outcome_wanted


def _record_decision(issue: Issue, stage: int, decision: str, reasons: str) -> None:
    if stage == 1:
        issue.decision, issue.reasons = decision, reasons
    elif stage == 2:
        issue.stage2_decision, issue.stage2_reasons = decision, reasons
    # The Panel's decisions live in its Response (there are no Panel columns on issues).


def _offset(complaint: Complaint, draft: ResponseDraft) -> dict | None:
    """Compensation used to pay off money owed: only where the policy allows it, and only
    with the resident's agreement recorded (IDS 002 §7.2)."""
    if not draft.offset_agreement:
        return None
    rule = profiles()[complaint.profile].compensation_offset
    if rule is None:
        raise CaseworkError("Your policy does not offset compensation against money owed",
                            "offset")
    if not draft.compensation:
        raise CaseworkError("Enter the compensation that will pay off money owed",
                            "compensation")
    if draft.offset_agreement == "-":
        raise CaseworkError("Enter who agreed to the compensation paying off money owed, how "
                            "and when", "offset_agreement")
    return {"agreement": draft.offset_agreement, "cite": str(rule.cite)}


def respond(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
            draft: ResponseDraft, on: date | None = None, stage: int = 1) -> Response:
    """Issue the response at `stage`: the letter (and large print), the decisions, the
    actions, the status and the email, all in one transaction or none of it."""
    spec = STAGES[stage]
    require_allowed(actor, spec.permission)
    require_move(spec.transition, complaint)
    if spec.independent:
        require_independent(complaint, actor.id, who="you")
    on = on or clock.today()
    if stage == 3 and (complaint.panel_met_on is None or complaint.panel_met_on > on):
        raise CaseworkError("Record the date the Panel met before sending its response")
    by_id = {d.issue_id: d for d in draft.decisions}
    for index, issue in enumerate(complaint.issues):
        chosen = by_id.get(issue.id)
        if chosen is None or chosen.decision not in lifecycle.DECISIONS:
            raise CaseworkError(f"Select a decision for issue {index + 1}",
                                f"issues-{index}-decision")
        chosen.reasons = required_text(chosen.reasons, f"Enter the reasons for issue {index + 1}",
                               f"issues-{index}-reasons")
    if draft.compensation is not None and draft.compensation < 0:
        raise CaseworkError("Compensation must be £0 or more", "compensation")
    offset = _offset(complaint, draft)
    with changing(complaint, version, seen):
        # Nothing is written until the letter is rendered (no autoflush): on SQLite the
        # write lock is taken at the first write, so it is not held while WeasyPrint
        # works (a second or more for a long letter).
        with db.session.no_autoflush:
            setattr(complaint, spec.sent_field, on)
            if stage == 1:  # a window counted from receipt needs it (IVH 004 §5.1)
                complaint.stage1_delivery = delivery(complaint)
            complaint.status = spec.status
            issues = []
            for issue in complaint.issues:
                chosen = by_id[issue.id]
                _record_decision(issue, stage, chosen.decision, chosen.reasons)
                issues.append({"id": issue.id, "summary": issue.summary,
                               "definition": understanding(issue, stage),
                               "decision": chosen.decision,
                               "decision_label": lifecycle.DECISIONS[chosen.decision],
                               "reasons": chosen.reasons})
            actions = [{"description": a.description, "owner": a.owner, "due_on": a.due_on}
                       for a in draft.actions]
            next_steps = (stage1_next_steps(complaint) if stage == 1
                          else review_next_steps(complaint, stage))
            context = {
                **letter_base(complaint, actor, on), "stage": stage, "stage_name": spec.name,
                "issues": issues, "apology": draft.apology or None,
                "explanation": draft.explanation or None,
                "compensation": money(draft.compensation), "actions": actions,
                "offset": offset,
                "learning": draft.learning or None, "next_steps": next_steps,
            }
            document, large = store_letters(complaint, actor, "documents/response.html",
                                            context, "response_letter", spec.file)
        content = json.loads(json.dumps({
            "issues": [{k: i[k] for k in ("id", "summary", "decision", "reasons")}
                       for i in issues],
            "apology": draft.apology, "explanation": draft.explanation,
            "compensation": str(draft.compensation) if draft.compensation else None,
            "offset": offset,
            "learning": draft.learning, "next_steps": next_steps,
            "actions": actions,
        }, default=str))
        response = Response(complaint_id=complaint.id, stage=stage, kind="response",
                            issued_by_id=actor.id, content=content, document_id=document.id,
                            large_print_document_id=large.id if large else None)
        db.session.add(response)
        staff_drafts.discard(complaint, staff_drafts.STAGE_KINDS[stage])
        db.session.flush()
        for a in draft.actions:
            db.session.add(Action(complaint_id=complaint.id, response_id=response.id,
                                  description=a.description, owner=a.owner, due_on=a.due_on))
        outcome = "; ".join(f"{i['summary']}: {i['decision_label'].lower()}" for i in issues)
        events.record(complaint, spec.event, f"{spec.name} sent. {outcome}", actor,
                      response_document_id=document.id, stage=stage,
                      decisions={str(i["id"]): i["decision"] for i in issues},
                      compensation=content["compensation"], actions=len(actions))
        letter_url = download_url(complaint, document)
        large_url = download_url(complaint, large) if large else None
        if stage == 1:
            if next_steps["building_safety_regulator"]:
                building_safety_route(complaint, actor, on)
            tell(complaint, "responded", "Our response to your complaint",
                            letter_url=letter_url, large_url=large_url, next_steps=next_steps,
                            letter=(document, large))
        else:
            subject = ("The Panel's response to your complaint" if stage == 3
                       else "Our stage 2 response to your complaint")
            tell(complaint, "review_responded", subject,
                  stage_name=spec.name, letter_url=letter_url, large_url=large_url,
                  next_steps=next_steps, letter=(document, large))
    return response
