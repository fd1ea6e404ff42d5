"""Complaints refused in a period, counted by each reason given (a refusal can give
several): the reasons are a JSON list in the refusal's content, expanded in SQL with
each database's JSON function."""

from __future__ import annotations

from sqlalchemy import func, select, text

from portal.data.db import db
from portal.data.models import Complaint, Response
from portal.domain import reporting as rules
from portal.services.records.policy import profiles

C = Complaint


def _reason_counts(period: rules.Period) -> list[tuple[str, str, int]]:
    """(profile, reason code, times) for refusals of complaints closed in the period."""
    if db.engine.dialect.name == "postgresql":
        reasons = func.json_array_elements_text(
            Response.content.op("->")(text("'reasons'"))).table_valued("value")
    else:
        reasons = func.json_each(Response.content, "$.reasons").table_valued("value")
    query = (select(C.profile, reasons.c.value, func.count())
             .select_from(Response).join(C, C.id == Response.complaint_id)
             .join(reasons, text("1=1"))
             .where(Response.kind == "refusal", C.closed_on.between(period.start, period.end))
             .group_by(C.profile, reasons.c.value))
    return [(p, str(code), n) for p, code, n in db.session.execute(query)]


def by_reason(period: rules.Period) -> list[tuple[str, int]]:
    """(the reason's title in the profile, how many times it was given), most first."""
    known = profiles()
    totals: dict[str, int] = {}
    for profile, code, times in _reason_counts(period):
        exclusion = known[profile].exclusion(code) if profile in known else None
        title = exclusion.title if exclusion is not None else code
        totals[title] = totals.get(title, 0) + times
    return sorted(totals.items(), key=lambda r: (-r[1], r[0]))
