"""The managers' overview for a chosen period: each figure one grouped query (a fixed
number of statements, whatever the number of complaints), returned as labelled rows a
page shows as a chart and a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from portal.data.db import db
from portal.data.models import Action, Complaint, Issue, SurveyResponse, User
from portal.domain import lifecycle
from portal.domain import reporting as rules
from portal.services.records.casework import require_allowed
from portal.services.reporting import figures, learning, refusals, remedies
from portal.services.reporting.export import channel
from portal.services.reporting.tsm import (
    counted,
    received,
    responses,
    within_extension,
    within_original,
)

C = Complaint
DECISIONS = {"upheld": "Upheld", "partially_upheld": "Partly upheld",
             "not_upheld": "Not upheld"}
CATEGORY_WORDS = lifecycle.CATEGORIES
CHANNELS = {"resident": "By the resident", "representative": "By a representative",
            "petition": "A petition"}


@dataclass(frozen=True)
class Series:
    """One figure: a title, a sentence saying what it shows, and (label, value) rows."""

    key: str
    title: str
    rows: list[tuple[str, int | float]]
    summary: str = ""
    unit: str = "complaints"
    columns: tuple[str, str] = ("", "Complaints")

    @property
    def total(self) -> int | float:
        return sum(v for _, v in self.rows)

    @property
    def top(self) -> int | float:
        return max((v for _, v in self.rows), default=0)


@dataclass(frozen=True)
class OnTime:
    stage: int
    responses: int
    within_policy: int
    within_code_original: int
    within_code_extension: int
    extended: int

    @property
    def within_code(self) -> int:
        return self.within_code_original + self.within_code_extension

    def percent(self, part: int) -> float | None:
        return rules.percentage(part, self.responses)


@dataclass
class Overview:
    period: rules.Period
    today: date
    series: dict[str, Series] = field(default_factory=dict)
    on_time: list[OnTime] = field(default_factory=list)
    escalation_rate: float | None = None
    withdrawn: int = 0
    compensation: list = field(default_factory=list)
    paid: remedies.Paid | None = None


def _grouped(query, labels: dict[str, str] | None = None) -> list[tuple[str, int]]:
    rows = [(labels.get(k, k) if labels else (k or "Not recorded"), n)
            for k, n in db.session.execute(query)]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def _totals(pairs, labels: dict[str, str] | None = None) -> list[tuple[str, int]]:
    """Sum (key, count) pairs by key, labelled, most first."""
    found: dict[str, int] = {}
    for key, count in pairs:
        label = labels.get(key, key) if labels else (key or "Not recorded")
        found[label] = found.get(label, 0) + count
    return sorted(found.items(), key=lambda r: (-r[1], r[0]))


def _sentence(series_title: str, rows: list[tuple[str, int]], unit: str = "complaints") -> str:
    total = sum(v for _, v in rows)
    if not total:
        return f"{series_title}: none."
    label, value = rows[0]
    return (f"{series_title}: {total} {unit} in all; the most, {value}, "
            f"{label[0].lower() + label[1:]}.")


def _series(key, title, rows, unit="complaints", columns=("", "Complaints")) -> Series:
    return Series(key, title, rows, _sentence(title, rows, unit), unit, columns)


def series_of(key, title, rows, unit="complaints", columns=("", "Complaints")) -> Series:
    """A Series with its sentence, for another report (the annual report's pictures)."""
    return _series(key, title, rows, unit, columns)


STAGE_OF = case((C.status.in_(("received", "stage1", "stage1_responded")), "Stage 1"),
                (C.status.in_(("panel", "panel_responded")), "Panel"),
                else_="Stage 2")
AGES = ("Under 2 weeks", "2 to 4 weeks", "1 to 3 months", "Over 3 months")


def _age(today: date):
    return case((C.received_on > today - timedelta(days=14), AGES[0]),
                (C.received_on > today - timedelta(days=28), AGES[1]),
                (C.received_on > today - timedelta(days=91), AGES[2]), else_=AGES[3])


def _open():
    return and_(C.status.in_(lifecycle.OPEN), C.joined_into_id.is_(None))


def _on_time(stage: int, period: rules.Period) -> OnTime:
    own_due = C.stage1_due_on if stage == 1 else C.stage2_due_on
    answered = C.stage1_answered_on if stage == 1 else C.stage2_sent_on
    extended = C.stage1_extended_to if stage == 1 else C.stage2_extended_to

    def total(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(select(
        func.count(), total(answered <= own_due), total(within_original(stage)),
        total(within_extension(stage)), total(extended.is_not(None)))
        .where(responses(stage, period))).one()
    return OnTime(stage, *(int(v) for v in row))


def trend(end: date, months: int = 13) -> list[Series]:
    """Received, answered and answered within the Code per month, for the `months`
    months ending with `end`'s month (one grouped query each)."""
    first = date(end.year, end.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    span = rules.Period(first, end)
    keys = []
    month = first
    while month <= end:
        keys.append((month.year, month.month))
        month = (month + timedelta(days=32)).replace(day=1)

    def by_month(column, where, extra=None):
        # Grouped by the day (the covering index's order: no sort, no date function on
        # each row), then added up by month here: at most 400 or so rows.
        columns = [column, func.count()]
        if extra is not None:
            columns.append(func.coalesce(func.sum(case((extra, 1), else_=0)), 0))
        months: dict[tuple[int, int], list[int]] = {}
        for day, *counts in db.session.execute(
                select(*columns).where(where).group_by(column)):
            total = months.setdefault((day.year, day.month), [0] * len(counts))
            for i, n in enumerate(counts):
                total[i] += int(n)
        return months

    def series(found, index, title, key):
        rows = [(date(y, m, 1).strftime("%b %Y"), int(found.get((y, m), (0, 0))[index]))
                for y, m in keys]
        return Series(key, title, rows, _trend_sentence(title, rows), "complaints",
                      ("Month", "Complaints"))

    received_by = by_month(C.received_on, received(1, span))
    answered_by = by_month(C.stage1_answered_on, responses(1, span),
                           within_original(1) | within_extension(1))
    return [
        series(received_by, 0, "Complaints received by month", "trend_received"),
        series(answered_by, 0, "Stage 1 responses sent by month", "trend_answered"),
        series(answered_by, 1, "Stage 1 responses within the Code's timescale by month",
               "trend_within"),
    ]


def _trend_sentence(title: str, rows: list[tuple[str, int]]) -> str:
    if not rows:
        return ""
    high = max(rows, key=lambda r: r[1])
    return (f"{title}: {rows[-1][1]} in {rows[-1][0]}, {rows[0][1]} in {rows[0][0]}; "
            f"the most was {high[1]} in {high[0]}.")


def overview(actor: User, period: rules.Period, today: date) -> Overview:
    require_allowed(actor, "reports")
    found = Overview(period, today)
    s = found.series
    # Received: one grouped query by category and channel gives both, and the total.
    how = channel()
    both = db.session.execute(select(C.category, how, func.count())
                              .where(received(1, period)).group_by(C.category, how)).all()
    n1 = sum(n for _, _, n in both)
    n2 = db.session.scalar(select(func.count()).where(received(2, period)))
    s["by_stage"] = _series("by_stage", "Complaints received by stage",
                            [("Stage 1", n1), ("Stage 2", n2)])
    s["by_category"] = _series("by_category", "Complaints received by category",
                               _totals(((cat, n) for cat, _, n in both), CATEGORY_WORDS))
    s["by_channel"] = _series("by_channel", "Complaints received by how they came",
                              _totals(((way, n) for _, way, n in both), CHANNELS))
    # Open now: one grouped query by stage and age.
    age = _age(today)
    both = db.session.execute(select(STAGE_OF, age, func.count()).where(_open())
                              .group_by(STAGE_OF, age)).all()
    s["open_by_stage"] = _series("open_by_stage", "Open now by stage",
                                 _totals((stage, n) for stage, _, n in both))
    ages = dict(_totals((a, n) for _, a, n in both))
    s["open_by_age"] = _series("open_by_age", "Open now by age (since received)",
                               [(a, ages.get(a, 0)) for a in AGES])
    # Overdue now: one grouped query by handler and category.
    handler = aliased(User)
    who = func.coalesce(handler.name, "Not assigned")
    both = db.session.execute(select(who, C.category, func.count()).select_from(C)
                              .outerjoin(handler, handler.id == C.handler_id)
                              .where(_open(), C.next_due_on < today)
                              .group_by(who, C.category)).all()
    s["overdue_by_handler"] = _series("overdue_by_handler", "Overdue now by case handler",
                                      _totals((name, n) for name, _, n in both))
    s["overdue_by_category"] = _series("overdue_by_category", "Overdue now by category",
                                       _totals(((cat, n) for _, cat, n in both),
                                               CATEGORY_WORDS))
    found.on_time = [_on_time(1, period), _on_time(2, period)]
    found.escalation_rate = rules.percentage(n2, found.on_time[0].responses)
    for stage, decision, answered in ((1, Issue.decision, C.stage1_answered_on),
                                      (2, Issue.stage2_decision, C.stage2_sent_on)):
        rows = dict(db.session.execute(
            select(decision, func.count()).select_from(C)
            .join(Issue, Issue.complaint_id == C.id)
            .where(answered.between(period.start, period.end), counted(),
                   decision.is_not(None)).group_by(decision)).all())
        s[f"outcomes{stage}"] = _series(
            f"outcomes{stage}", f"Stage {stage} decisions per issue",
            [(words, rows.get(key, 0)) for key, words in DECISIONS.items()], "issues",
            ("Decision", "Issues"))
    found.withdrawn = db.session.scalar(select(func.count()).where(
        C.status == "withdrawn", C.closed_on.between(period.start, period.end)))
    s["refused"] = _series("refused", "Complaints refused, by reason",
                           refusals.by_reason(period), "reasons given", ("Reason", "Times given"))
    s["survey"] = _series("survey", "Residents' survey on closure: satisfied with how we "
                          "handled the complaint", _grouped(
                              select(case((SurveyResponse.satisfied.is_(True), "Satisfied"),
                                          (SurveyResponse.satisfied.is_(False), "Not satisfied"),
                                          else_="No answer"), func.count())
                              .join(C, C.id == SurveyResponse.complaint_id)
                              .where(C.closed_on.between(period.start, period.end))
                              .group_by(SurveyResponse.satisfied)), "answers",
                          ("Answer", "Residents"))
    done = case((Action.done_on.is_(None), "Not done yet"),
                (Action.done_on <= Action.due_on, "Done on time"), else_="Done late")
    s["actions"] = _series("actions", "Actions promised in responses, due in the period",
                           _grouped(select(done, func.count())
                                    .where(Action.due_on.between(period.start, period.end))
                                    .group_by(done)), "actions", ("Action", "Actions"))
    late = func.coalesce(C.stage2_late_decision, "waiting")
    s["late_stage2"] = _series("late_stage2", "Late requests for a review, by decision",
                               _grouped(select(late, func.count()).where(
                                   C.stage2_late.is_(True),
                                   C.stage2_requested_on.between(period.start, period.end))
                                   .group_by(late)), "requests", ("Decision", "Requests"))
    _remedies_and_learning(found, period, today)
    for series in trend(period.end):
        s[series.key] = series
    return found


def _remedies_and_learning(found: Overview, period: rules.Period, today: date) -> None:
    """Compensation, agreed contact dates, extensions, root causes and improvements:
    one grouped query each."""
    s = found.series
    found.compensation = remedies.compensation(period)
    pounds = sum(t for _, _, t in found.compensation)
    given = sum(n for _, n, _ in found.compensation)
    s["compensation"] = Series(
        "compensation", "Compensation offered in responses (£)",
        [(how, total) for how, _, total in found.compensation],
        f"Compensation offered in responses sent in the period: £{pounds:,.2f} in "
        f"{given} responses.", "pounds", ("How", "£"))
    found.paid = remedies.paid(period)
    s["compensation_paid"] = Series(
        "compensation_paid", "Compensation paid, and still to pay (£)",
        [(remedies.PAID_IN_PERIOD, found.paid.paid),
         (remedies.OUTSTANDING, found.paid.outstanding)],
        f"Compensation paid in the period: £{found.paid.paid:,.2f} in "
        f"{found.paid.payments} payment{'' if found.paid.payments == 1 else 's'}. Of the "
        f"compensation offered in the period, "
        f"£{found.paid.outstanding:,.2f} is not yet paid.", "pounds", ("", "£"))
    s["agreed_contacts"] = _series("agreed_contacts", "Agreed contact dates in the period",
                                   remedies.agreed_contacts(period, today), "dates",
                                   ("Kept or missed", "Dates"))
    by_stage, reasons = remedies.extensions(period)
    s["extensions"] = _series("extensions", "Extensions made, by stage", by_stage,
                              "extensions", ("Stage", "Extensions"))
    s["extension_reasons"] = _series("extension_reasons", "Reasons given for extensions",
                                     reasons, "extensions", ("Reason", "Extensions"))
    s["root_causes"] = _series("root_causes", "Complaints received by root cause",
                               learning.by_theme(period))
    s["improvements"] = _series("improvements", "Service improvements",
                                learning.improvement_counts(period), "improvements",
                                ("Status", "Improvements"))


def default_period(today: date) -> rules.Period:
    """The reporting year so far."""
    year = figures.year_of(today)
    return rules.Period(year.start, min(year.end, today))
