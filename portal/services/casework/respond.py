"""The stage 1 response: letter, decisions, actions, status and email, all or nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portal.data.db import db
from portal.data.models import (
    Action,
    Complaint,
    Response,
    User,
)
from portal.domain import lifecycle
from portal.services import events
from portal.services.casework._core import (
    CaseworkError,
    _allow,
    _can_move,
    _change,
    _resident_email,
    _text,
    today,
)
from portal.services.casework._letters import (
    _download,
    _letter_base,
    _money,
    _next_steps,
    _store_letters,
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


def respond(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
            draft: ResponseDraft, on: date | None = None) -> Response:
    """Issue the stage 1 response: the letter (and large print), the decisions, the
    actions, the status and the email, all in one transaction or none of it."""
    _allow(actor, "respond")
    _can_move("respond", complaint)
    on = on or today()
    by_id = {d.issue_id: d for d in draft.decisions}
    for index, issue in enumerate(complaint.issues):
        chosen = by_id.get(issue.id)
        if chosen is None or chosen.decision not in lifecycle.DECISIONS:
            raise CaseworkError(f"Select a decision for issue {index + 1}",
                                f"issues-{index}-decision")
        chosen.reasons = _text(chosen.reasons, f"Enter the reasons for issue {index + 1}",
                               f"issues-{index}-reasons")
    if draft.compensation is not None and draft.compensation < 0:
        raise CaseworkError("Compensation must be £0 or more", "compensation")
    with _change(complaint, version, seen):
        complaint.stage1_sent_on = on
        complaint.status = "stage1_responded"
        issues = []
        for issue in complaint.issues:
            chosen = by_id[issue.id]
            issue.decision = chosen.decision
            issue.reasons = chosen.reasons
            issues.append({"id": issue.id, "summary": issue.summary,
                           "definition": issue.definition or issue.outcome_wanted,
                           "decision": chosen.decision,
                           "decision_label": lifecycle.DECISIONS[chosen.decision],
                           "reasons": chosen.reasons})
        actions = [{"description": a.description, "owner": a.owner, "due_on": a.due_on}
                   for a in draft.actions]
        context = {
            **_letter_base(complaint, actor, on), "stage": 1, "stage_name": "Stage 1 response",
            "issues": issues, "apology": draft.apology or None,
            "explanation": draft.explanation or None,
            "compensation": _money(draft.compensation), "actions": actions,
            "learning": draft.learning or None, "next_steps": _next_steps(complaint),
        }
        document, large = _store_letters(complaint, actor, "documents/response.html", context,
                                         "response_letter", "stage-1-response")
        content = json.loads(json.dumps({
            "issues": [{k: i[k] for k in ("id", "summary", "decision", "reasons")}
                       for i in issues],
            "apology": draft.apology, "explanation": draft.explanation,
            "compensation": str(draft.compensation) if draft.compensation else None,
            "learning": draft.learning, "next_steps": context["next_steps"],
            "actions": actions,
        }, default=str))
        response = Response(complaint_id=complaint.id, stage=1, kind="response",
                            issued_by_id=actor.id, content=content, document_id=document.id,
                            large_print_document_id=large.id if large else None)
        db.session.add(response)
        db.session.flush()
        for a in draft.actions:
            db.session.add(Action(complaint_id=complaint.id, response_id=response.id,
                                  description=a.description, owner=a.owner, due_on=a.due_on))
        outcome = "; ".join(f"{i['summary']}: {i['decision_label'].lower()}" for i in issues)
        events.record(complaint, "stage1_responded", f"Stage 1 response sent. {outcome}", actor,
                      response_document_id=document.id,
                      decisions={str(i["id"]): i["decision"] for i in issues},
                      compensation=content["compensation"], actions=len(actions))
        _resident_email(complaint, "responded", "Our response to your complaint",
                        letter_url=_download(complaint, document),
                        large_url=_download(complaint, large) if large else None,
                        next_steps=context["next_steps"])
    return response
