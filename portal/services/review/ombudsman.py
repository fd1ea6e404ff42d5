"""The Housing Ombudsman's investigation and determination (IVH 004 §7.2, §8.7; issue 16
§5): staff record that the Ombudsman is investigating a complaint, then its
determination (its findings), then each order and recommendation with a due date and an
owner. Orders and recommendations are actions of their own kinds, tracked to completion
with the promised actions (services.actions.tracking), where marking one done records
the evidence of compliance. Every step is an event the resident sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from portal.data.db import db
from portal.data.models import Action, Complaint, OmbudsmanCase, User
from portal.domain.ombudsman import FINDINGS
from portal.services.correspondence.letter_files import download_url, letter_base, store_letters
from portal.services.correspondence.tell import tell
from portal.services.records import confidence, events
from portal.services.records.casework import (
    CaseworkError,
    changing,
    long_date,
    require_allowed,
    required_text,
    today,
)
from portal.services.records.paging import Page, paged

ORDER_KINDS = {
    "ombudsman_order": "Order",
    "ombudsman_recommendation": "Recommendation",
}
LIST_TABS = {"investigating": "Being investigated", "determined": "Determined"}


def case_for(complaint: Complaint) -> OmbudsmanCase | None:
    return db.session.scalar(select(OmbudsmanCase).where(
        OmbudsmanCase.complaint_id == complaint.id))


def orders_for(complaint: Complaint) -> list[Action]:
    """The complaint's Ombudsman orders and recommendations, soonest due first."""
    return list(db.session.scalars(select(Action).where(
        Action.complaint_id == complaint.id, Action.kind.in_(sorted(ORDER_KINDS)))
        .order_by(Action.due_on, Action.id)))


def _past_date(value: date | None, on: date, earliest: date, earliest_words: str,
               field: str, what: str) -> date:
    if value is None:
        raise CaseworkError(f"Enter the date {what}", field)
    if value > on:
        raise CaseworkError(f"The date {what} must be today or in the past", field)
    if value < earliest:
        raise CaseworkError(f"The date {what} must be on or after {long_date(earliest)}, "
                            f"{earliest_words}", field)
    return value


def record_investigation(actor: User, complaint: Complaint, *, version: int | None,
                         seen: int | None, started_on: date | None,
                         ombudsman_reference: str | None,
                         on: date | None = None) -> OmbudsmanCase:
    """The Ombudsman has told us it is investigating this complaint."""
    require_allowed(actor, "record_ombudsman")
    on = on or today()
    if case_for(complaint) is not None:
        raise CaseworkError("The Ombudsman’s investigation of this complaint is already "
                            "recorded")
    started_on = _past_date(started_on, on, complaint.received_on,
                            "when we received the complaint", "started_on",
                            "the Ombudsman started investigating")
    reference = (ombudsman_reference or "").strip()[:40] or None
    with changing(complaint, version, seen):
        case = OmbudsmanCase(complaint_id=complaint.id, started_on=started_on,
                             ombudsman_reference=reference, recorded_by_id=actor.id,
                             findings=[])
        db.session.add(case)
        events.record(complaint, "ombudsman_investigating",
                      "The Housing Ombudsman is investigating the complaint", actor,
                      started_on=started_on, ombudsman_reference=reference)
    return case


def record_determination(actor: User, complaint: Complaint, *, version: int | None,
                         seen: int | None, determined_on: date | None, findings: list[str],
                         summary: str | None, on: date | None = None) -> OmbudsmanCase:
    """The Ombudsman's determination: its findings and what it said."""
    require_allowed(actor, "record_ombudsman")
    on = on or today()
    case = case_for(complaint)
    if case is None:
        raise CaseworkError("Record that the Ombudsman is investigating first")
    if case.determined_on is not None:
        raise CaseworkError("The Ombudsman’s determination was already recorded on "
                            f"{long_date(case.determined_on)}")
    determined_on = _past_date(determined_on, on, case.started_on,
                               "when the Ombudsman started investigating", "determined_on",
                               "of the determination")
    chosen = [f for f in FINDINGS if f in (findings or [])]
    if not chosen:
        raise CaseworkError("Select at least one finding", "findings")
    summary = required_text(summary, "Enter what the Ombudsman determined", "summary")
    with changing(complaint, version, seen):
        case.determined_on = determined_on
        case.findings = chosen
        case.determination = summary
        document = _tell_determination(actor, complaint, case, on)
        events.record(complaint, "ombudsman_determined",
                      "The Housing Ombudsman made its determination: "
                      + "; ".join(FINDINGS[f] for f in chosen), actor,
                      determined_on=determined_on, findings=chosen, text=summary,
                      document_id=document.id)
    return case


def _tell_determination(actor: User, complaint: Complaint, case: OmbudsmanCase, on: date,
                        corrected: dict | None = None):
    """The letter to the resident (and whoever else is written to about the complaint),
    stored once as an immutable PDF, and sent through the channel each chose."""
    context = {**letter_base(complaint, actor, on), "determined_on": case.determined_on,
               "findings": [FINDINGS[f] for f in case.findings],
               "summary": case.determination,
               "ombudsman_reference": case.ombudsman_reference, "corrected": corrected}
    name = "ombudsman-determination" + ("-corrected" if corrected else "")
    document, large = store_letters(complaint, actor, "documents/ombudsman_determination.html",
                                    context, "ombudsman_letter", name)
    tell(complaint, "ombudsman_determined",
         "The Housing Ombudsman’s determination" + (": a correction" if corrected else ""),
         letter_url=download_url(complaint, document), corrected=bool(corrected),
         letter=(document, large))
    return document


def correct_determination(actor: User, complaint: Complaint, *, version: int | None,
                          seen: int | None, determined_on: date | None, findings: list[str],
                          summary: str | None, reason: str | None,
                          on: date | None = None) -> OmbudsmanCase:
    """Correct a determination recorded wrongly: an event keeps what it said before and
    why it changed (the first event and letter are never changed), and the resident gets
    a letter saying it is a correction."""
    require_allowed(actor, "record_ombudsman")
    on = on or today()
    case = case_for(complaint)
    if case is None or case.determined_on is None:
        raise CaseworkError("There is no determination to correct yet: record it first")
    determined_on = _past_date(determined_on, on, case.started_on,
                               "when the Ombudsman started investigating", "determined_on",
                               "of the determination")
    chosen = [f for f in FINDINGS if f in (findings or [])]
    if not chosen:
        raise CaseworkError("Select at least one finding", "findings")
    summary = required_text(summary, "Enter what the Ombudsman determined", "summary")
    reason = required_text(reason, "Enter why the determination is being corrected", "reason")
    if (determined_on, chosen, summary) == (case.determined_on, list(case.findings),
                                            case.determination):
        raise CaseworkError("Nothing has changed: correct the date, the findings or what "
                            "the Ombudsman determined", "summary")
    before = {"determined_on": case.determined_on, "findings": list(case.findings),
              "text": case.determination}
    with changing(complaint, version, seen):
        case.determined_on = determined_on
        case.findings = chosen
        case.determination = summary
        document = _tell_determination(actor, complaint, case, on,
                                       corrected={"reason": reason})
        events.record(complaint, "ombudsman_determination_corrected",
                      "The record of the Housing Ombudsman’s determination was corrected: "
                      + "; ".join(FINDINGS[f] for f in chosen), actor,
                      before=before, determined_on=determined_on, findings=chosen,
                      text=summary, reason=reason, document_id=document.id)
    return case


def add_order(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
              kind: str | None, description: str | None, owner: str | None,
              due_on: date | None) -> Action:
    """An order or recommendation of the determination, with its owner and due date
    (IVH 004 §7.2: "within timescales determined by the Housing Ombudsman Service")."""
    require_allowed(actor, "record_ombudsman")
    case = case_for(complaint)
    if case is None or case.determined_on is None:
        raise CaseworkError("Record the Ombudsman’s determination first")
    if kind not in ORDER_KINDS:
        raise CaseworkError("Select whether it is an order or a recommendation", "kind")
    description = required_text(description, "Enter what the Ombudsman ordered or recommended",
                                "description")
    owner = required_text(owner, "Enter who will do it", "owner")[:200]
    if due_on is None:
        raise CaseworkError("Enter the date it must be done by", "due_on")
    if due_on < case.determined_on:
        raise CaseworkError("The date it must be done by must be on or after "
                            f"{long_date(case.determined_on)}, the date of the determination",
                            "due_on")
    with changing(complaint, version, seen):
        action = Action(complaint_id=complaint.id, kind=kind, description=description,
                        owner=owner, due_on=due_on)
        db.session.add(action)
        db.session.flush()
        events.record(complaint, "ombudsman_order_added",
                      f"{ORDER_KINDS[kind]} from the Housing Ombudsman: {description}", actor,
                      action_id=action.id, order_kind=kind, owner=owner, due_on=due_on)
    return action


@dataclass(frozen=True)
class YearView:
    """The year's determinations for the Board (IVH 004 §8.7): how many, and how many of
    them made each finding, and orders and recommendations still to do."""

    year: int
    determinations: int
    findings: dict[str, int]
    outstanding: int


def year_view(actor: User, year: int | None = None) -> YearView:
    """Two statements: the year's determinations' findings (a few dozen rows at most, on
    the cases' index), and the orders and recommendations not yet done (on the actions'
    kind index)."""
    require_allowed(actor, "view_complaint")
    year = year or today().year
    found = list(db.session.scalars(select(OmbudsmanCase.findings).where(
        OmbudsmanCase.determined_on >= date(year, 1, 1),
        OmbudsmanCase.determined_on <= date(year, 12, 31))))
    counts = {key: sum(1 for f in found if key in (f or [])) for key in FINDINGS}
    outstanding = db.session.scalar(select(func.count()).select_from(Action).where(
        Action.kind.in_(sorted(ORDER_KINDS)), Action.done_on.is_(None))) or 0
    return YearView(year, len(found), counts, outstanding)


@dataclass(frozen=True)
class CaseRow:
    case: OmbudsmanCase
    reference: str
    resident: str

    @property
    def findings_words(self) -> list[str]:
        return [FINDINGS[f] for f in self.case.findings or []]


def cases(actor: User, tab: str = "investigating", page: int = 1) -> Page[CaseRow]:
    """One page of the complaints the Ombudsman is investigating (the latest started
    first) or has determined (the latest determined first), on the cases' index."""
    require_allowed(actor, "view_complaint")
    query = (select(OmbudsmanCase, Complaint)
             .join(Complaint, OmbudsmanCase.complaint_id == Complaint.id)
             .join(User, Complaint.resident_id == User.id)
             .options(contains_eager(Complaint.resident)))
    if tab == "determined":
        query = query.where(OmbudsmanCase.determined_on.is_not(None)).order_by(
            OmbudsmanCase.determined_on.desc(), OmbudsmanCase.started_on.desc(),
            OmbudsmanCase.id.desc())
    else:
        query = query.where(OmbudsmanCase.determined_on.is_(None)).order_by(
            OmbudsmanCase.started_on.desc(), OmbudsmanCase.id.desc())
    return paged(query, page, scalars=False, row=lambda r: CaseRow(
        r.OmbudsmanCase, r.Complaint.reference,
        confidence.identity(actor, r.Complaint).name))
