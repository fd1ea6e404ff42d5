"""CH01 and CH02 counted in SQL: each measure is one grouped COUNT over an indexed date
of the complaint rows (portal.domain.reporting says what is counted; the tests check
this against its `count_tsm` on the same complaints). Each figure can also list the
complaints it counted, paged in the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, and_, case, false, func, literal, not_, or_, select

from portal.data.db import db
from portal.data.models import Complaint, User
from portal.domain import reporting as rules
from portal.services.records.casework import require_allowed
from portal.services.records.paging import Page, paged
from portal.services.reporting import figures

C = Complaint


def counted(settings: rules.Settings | None = None, *, receipt: bool = False):
    """Complaints the measures count: accepted, not a councillor's correspondence, not
    joined into a communal complaint; at receipt, withdrawn ones only if the setting
    says so."""
    settings = settings or figures.settings()
    rule = and_(C.status != "not_accepted", C.councillor_enquiry == false(),
                C.joined_into_id.is_(None))
    if receipt and not settings.count_withdrawn:
        rule = and_(rule, C.status != "withdrawn")
    return rule


def _stage(stage: int):
    if stage == 1:
        return (C.stage1_answered_on, C.stage1_code_due_on, C.stage1_code_limit_on,
                C.stage1_extended_to)
    return C.stage2_sent_on, C.stage2_code_due_on, C.stage2_code_limit_on, C.stage2_extended_to


def within_original(stage: int):
    answered, due, _limit, _extended = _stage(stage)
    return answered <= due


def within_extension(stage: int):
    answered, due, limit, extended = _stage(stage)
    return and_(answered > due, extended.is_not(None), limit.is_not(None), extended <= limit,
                answered <= extended)


def _in(column, period: rules.Period):
    return column.between(period.start, period.end)


def received(stage: int, period: rules.Period):
    """The WHERE of CH01's stage 1 or stage 2 complaints received in the period."""
    if stage == 1:
        return and_(_in(C.received_on, period), counted(receipt=True))
    return and_(_in(C.stage2_requested_on, period), C.stage2_declined_on.is_(None),
                counted(receipt=True))


def responses(stage: int, period: rules.Period):
    """The WHERE of CH02's responses sent in the period (with a Code due date)."""
    answered, due, _limit, _extended = _stage(stage)
    return and_(_in(answered, period), due.is_not(None), counted())


def _sum(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def counts(period: rules.Period) -> dict[str, rules.Counts]:
    """Per stock type, what CH01 and CH02 count in the period: four grouped queries."""
    found = {kind: rules.Counts() for kind in rules.STOCK_TYPES}
    for stage in (1, 2):
        rows = db.session.execute(select(C.stock_type, func.count())
                                  .where(received(stage, period)).group_by(C.stock_type))
        for kind, number in rows:
            setattr(found[kind], f"stage{stage}_received", number)
        rows = db.session.execute(
            select(C.stock_type, func.count(), _sum(within_original(stage)),
                   _sum(within_extension(stage)))
            .where(responses(stage, period)).group_by(C.stock_type))
        for kind, number, original, extension in rows:
            setattr(found[kind], f"stage{stage}_responses", number)
            setattr(found[kind], f"stage{stage}_within_original", int(original))
            setattr(found[kind], f"stage{stage}_within_extension", int(extension))
    return found


@dataclass(frozen=True)
class Report:
    year: rules.ReportingYear
    figures: rules.Figures
    homes_on: dict[str, int]

    def as_json(self) -> dict:
        return self.figures.as_json(self.year.label)


def tsm(first_year: int) -> Report:
    year = figures.year(first_year)
    homes = figures.homes_on(year.end)
    return Report(year, rules.tsm_figures(counts(year), homes), homes)


# -- what each figure counted ------------------------------------------------------------------

MEASURES = {
    "stage1_received": "Stage 1 complaints received (CH01(1) numerator)",
    "stage2_received": "Stage 2 complaints received (CH01(2) numerator)",
    "stage1_responses": "Stage 1 responses sent (CH02(1) denominator)",
    "stage1_within": "Stage 1 responses within the Code's timescale (CH02(1) numerator)",
    "stage1_late": "Stage 1 responses outside the Code's timescale",
    "stage2_responses": "Stage 2 responses sent (CH02(2) denominator)",
    "stage2_within": "Stage 2 responses within the Code's timescale (CH02(2) numerator)",
    "stage2_late": "Stage 2 responses outside the Code's timescale",
}

RULES = {
    "stage1_received": "Complaints received in the period and accepted at stage 1 (refused "
    "complaints, councillors' enquiries answered as correspondence and complaints joined "
    "into a communal one are not counted{withdrawn}).",
    "stage2_received": "Requests for a stage 2 review made in the period and not declined "
    "(an escalated complaint also counts at stage 1{withdrawn}).",
    "stage1_responses": "Stage 1 responses sent in the period (a complaint resolved at first "
    "contact was answered the day it closed).",
    "stage2_responses": "Stage 2 responses sent in the period.",
    "within": "Sent by the Complaint Handling Code's own due date (10 working days from "
    "acknowledgement at stage 1, 20 at stage 2), or by an extended date that is itself "
    "within the Code's limit (10 more working days at stage 1, 20 at stage 2), told to the "
    "resident with the reason. Always the Code's timescales, whatever our policy says.",
    "late": "Sent after the Code's due date without an extension within the Code's limit, "
    "or after the extended date.",
}


def rule_for(measure: str) -> str:
    withdrawn = ("; withdrawn complaints are counted" if figures.settings().count_withdrawn
                 else "; withdrawn complaints are not counted")
    if measure.endswith("_within"):
        return RULES["within"]
    if measure.endswith("_late"):
        return RULES["late"]
    return RULES[measure].format(withdrawn=withdrawn)


def _where(measure: str, period: rules.Period):
    stage = int(measure[5])
    if measure.endswith("_received"):
        return received(stage, period), (C.stage2_requested_on if stage == 2 else C.received_on)
    answered = _stage(stage)[0]
    where = responses(stage, period)
    within = or_(within_original(stage), within_extension(stage))
    if measure.endswith("_within"):
        where = and_(where, within)
    elif measure.endswith("_late"):
        where = and_(where, not_(within))
    return where, answered


@dataclass(frozen=True)
class Counted:
    reference: str
    stock_type: str
    received_on: object
    counted_on: object
    code_due_on: object
    extended_to: object
    code_limit_on: object
    how: str | None  # original / extension / late for a response


def members(actor: User, measure: str, period: rules.Period, page: int = 1) -> Page[Counted]:
    """The complaints a figure counted, by the date it counted them, paged."""
    require_allowed(actor, "reports")
    if measure not in MEASURES:
        raise KeyError(measure)
    where, on = _where(measure, period)
    stage = int(measure[5])
    answered, due, limit, extended = _stage(stage)
    how = case((within_original(stage), rules.ORIGINAL),
               (within_extension(stage), rules.EXTENSION), else_=rules.LATE)
    is_response = not measure.endswith("_received")
    query = (select(C.reference, C.stock_type, C.received_on, on, due, extended, limit,
                    how if is_response else literal(None, String))
             .where(where).order_by(on, C.id))
    return paged(query, page, scalars=False, row=lambda r: Counted(*r))
