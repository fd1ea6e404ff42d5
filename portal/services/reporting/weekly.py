"""The headline figures of the managers' weekly summary in the staff digest: for the
last 7 days, complaints received, responses sent within the Code's timescales at stage 1
and stage 2, the escalation rate; and what is overdue now. Four statements, whatever
the number of complaints. `flask notifications digest` hands `headline` to the digest
(services.correspondence may not import the reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select

from portal.data.db import db
from portal.data.models import Complaint
from portal.domain import lifecycle
from portal.domain import reporting as rules
from portal.services.reporting.tsm import received, responses, within_extension, within_original

C = Complaint


@dataclass(frozen=True)
class Headline:
    start: date
    end: date
    received: int
    stage1_responses: int
    stage1_within: int
    stage2_responses: int
    stage2_within: int
    stage2_received: int
    overdue_now: int

    @property
    def stage1_percent(self) -> float | None:
        return rules.percentage(self.stage1_within, self.stage1_responses)

    @property
    def stage2_percent(self) -> float | None:
        return rules.percentage(self.stage2_within, self.stage2_responses)

    @property
    def escalation_rate(self) -> float | None:
        """Stage 2 complaints received for each 100 stage 1 responses sent, as the
        overview counts it."""
        return rules.percentage(self.stage2_received, self.stage1_responses)


def _answered(stage: int, period: rules.Period) -> tuple[int, int]:
    within = or_(within_original(stage), within_extension(stage))
    row = db.session.execute(select(
        func.count(), func.coalesce(func.sum(case((within, 1), else_=0)), 0))
        .where(responses(stage, period))).one()
    return int(row[0]), int(row[1])


def headline(today: date) -> Headline:
    """The 7 days before `today`, and overdue as of `today`."""
    period = rules.Period(today - timedelta(days=7), today - timedelta(days=1))
    n1 = db.session.scalar(select(func.count()).where(received(1, period)))
    n2 = db.session.scalar(select(func.count()).where(received(2, period)))
    s1, s2 = _answered(1, period), _answered(2, period)
    overdue = db.session.scalar(select(func.count()).where(and_(
        C.status.in_(lifecycle.OPEN), C.joined_into_id.is_(None), C.next_due_on < today)))
    return Headline(period.start, period.end, int(n1), *s1, *s2, int(n2), int(overdue))
