"""More of the overview, each one grouped query: the compensation offered in responses
(to be paid to the resident, or set against money owed with their agreement), agreed
contact dates kept and missed, and extensions with the reasons given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, exists, extract, false, func, not_, or_, select

from portal.data.db import db
from portal.data.models import (
    AgreedContact,
    CompensationPayment,
    Complaint,
    ContactLog,
    Event,
    Response,
)
from portal.domain import reporting as rules
from portal.domain.calendar import LONDON
from portal.services.reporting.tsm import counted

C = Complaint
PAID, OFFSET = "Paid to the resident", "Set against money owed"
KEPT, MISSED, TO_COME = "Kept", "Missed", "Not yet due"
EXTENDED = {"stage1_extended": "Stage 1", "stage2_extended": "Stage 2"}
MOST_REASONS = 10
OTHER = "Other reasons"
PENNY = Decimal("0.01")
PAID_IN_PERIOD = "Paid in the period"
OUTSTANDING = "Offered in the period, not yet paid"


def _instant(day: date) -> datetime:
    """The UTC instant a London day begins."""
    return datetime.combine(day, time(), LONDON).astimezone(UTC)


def _between(column, period: rules.Period):
    return and_(column >= _instant(period.start),
                column < _instant(period.end + timedelta(days=1)))


def compensation(period: rules.Period) -> list[tuple[str, int, Decimal]]:
    """(how, responses, total £) for the compensation offered in responses sent in the
    period (one grouped query on the partial index of the responses that offered some)."""
    how = case((Response.compensation_offset.is_(True), OFFSET), else_=PAID)
    rows = dict((k, (int(n), Decimal(t or 0).quantize(Decimal("0.01")))) for k, n, t in
                db.session.execute(
                    select(how, func.count(), func.sum(Response.compensation))
                    .select_from(Response).join(C, C.id == Response.complaint_id)
                    .where(Response.compensation > 0, counted(),
                           _between(Response.issued_at, period))
                    .group_by(how)))
    return [(label, *rows.get(label, (0, Decimal("0.00")))) for label in (PAID, OFFSET)]


@dataclass(frozen=True)
class Paid:
    """Compensation paid in the period (whenever it was offered), and what is still to
    be paid, now, of the compensation offered in the period's responses."""

    payments: int
    paid: Decimal
    outstanding: Decimal


def paid(period: rules.Period) -> Paid:
    """One statement. Paid: the payments dated in the period. Outstanding: for each
    complaint whose responses sent in the period offered compensation, what they
    offered less everything paid on it so far (never below nothing)."""
    offered = (select(Response.complaint_id.label("complaint_id"),
                      func.sum(Response.compensation).label("offered"))
               .join(C, C.id == Response.complaint_id)
               .where(Response.compensation > 0, counted(),
                      _between(Response.issued_at, period))
               .group_by(Response.complaint_id).subquery())
    so_far = (select(CompensationPayment.complaint_id.label("complaint_id"),
                     func.sum(CompensationPayment.amount).label("paid"))
              .where(CompensationPayment.complaint_id.in_(select(offered.c.complaint_id)))
              .group_by(CompensationPayment.complaint_id).subquery())
    left = offered.c.offered - func.coalesce(so_far.c.paid, 0)
    outstanding = (select(func.coalesce(func.sum(case((left > 0, left), else_=0)), 0))
                   .select_from(offered)
                   .outerjoin(so_far, so_far.c.complaint_id == offered.c.complaint_id)
                   .scalar_subquery())
    n, total, owed = db.session.execute(
        select(func.count(CompensationPayment.id),
               func.coalesce(func.sum(CompensationPayment.amount), 0), outstanding)
        .select_from(CompensationPayment).join(C, C.id == CompensationPayment.complaint_id)
        .where(CompensationPayment.paid_on.between(period.start, period.end), counted())
    ).one()
    return Paid(int(n), Decimal(total or 0).quantize(PENNY),
                Decimal(owed or 0).quantize(PENNY))


def summer_days(period: rules.Period) -> list[tuple[date, date]]:
    """The runs of days in the period whose last UTC hour (23:00-24:00) is already the
    next day in London (British Summer Time), worked out from the Europe/London zone."""
    runs: list[tuple[date, date]] = []
    day = period.start
    while day <= period.end:
        late = datetime.combine(day, time(23), UTC).astimezone(LONDON)
        if late.date() != day:
            if runs and runs[-1][1] == day - timedelta(days=1):
                runs[-1] = (runs[-1][0], day)
            else:
                runs.append((day, day))
        day += timedelta(days=1)
    return runs


def on_or_before_london(instant, day, period: rules.Period):
    """SQL: the London date of the UTC `instant` column is on or before the `day` column
    (a day in `period`). The London date is the UTC date, or the next day for an instant
    after 23:00 UTC in summer time: so it is on or before the day when the UTC date is
    earlier, or is the day itself and is not the summer time hour past London midnight."""
    runs = summer_days(period)
    summer = or_(*(day.between(a, b) for a, b in runs)) if runs else false()
    return or_(func.date(instant) < day,
               and_(func.date(instant) == day,
                    or_(extract("hour", instant) < 23, not_(summer))))


def agreed_contacts(period: rules.Period, today: date) -> list[tuple[str, int]]:
    """Agreed contact dates falling in the period: kept by a contact logged after it was
    agreed and on or before the day (the day in London, as everywhere else), missed
    once the day has passed without one, or not yet due."""
    kept = exists().where(ContactLog.complaint_id == AgreedContact.complaint_id,
                          ContactLog.happened_at > AgreedContact.agreed_at,
                          on_or_before_london(ContactLog.happened_at, AgreedContact.due_on,
                                              period))
    # Grouped by whether the day has passed, the EXISTS inside a sum: worked out once a
    # row (grouping by a CASE of it had SQLite work it out twice, to select and to group).
    past = AgreedContact.due_on < today
    kept_n = missed = to_come = 0
    for passed, n, n_kept in db.session.execute(
            select(past, func.count(), func.coalesce(func.sum(case((kept, 1), else_=0)), 0))
            .where(AgreedContact.due_on.between(period.start, period.end)).group_by(past)):
        kept_n += int(n_kept)
        if passed:
            missed += int(n) - int(n_kept)
        else:
            to_come += int(n) - int(n_kept)
    return [(KEPT, int(kept_n)), (MISSED, int(missed)), (TO_COME, int(to_come))]


def extensions(period: rules.Period) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(extensions made in the period by stage, the reasons given: the most common
    first, the rest as "Other reasons"), from the extension events (one grouped query on
    the events' (kind, at) index)."""
    reason = func.trim(Event.payload["reason"].as_string())
    rows = db.session.execute(
        select(Event.kind, reason, func.count()).where(
            Event.kind.in_(EXTENDED), _between(Event.at, period))
        .group_by(Event.kind, reason)).all()
    stages: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for kind, why, n in rows:
        stages[EXTENDED[kind]] = stages.get(EXTENDED[kind], 0) + n
        why = why or "No reason recorded"
        reasons[why] = reasons.get(why, 0) + n
    ranked = sorted(reasons.items(), key=lambda r: (-r[1], r[0]))
    top, rest = ranked[:MOST_REASONS], ranked[MOST_REASONS:]
    if rest:
        top.append((OTHER, sum(n for _, n in rest)))
    return [(s, stages.get(s, 0)) for s in EXTENDED.values()], top
