"""The learning log, read side: what was learned from each response (the "learning" the
handler wrote, kept in the response's content), the complaints counted by root cause and
by category, and the service improvements; each list pages in the database and each
count is one grouped query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from portal.data.db import db
from portal.data.models import Complaint, Improvement, Response, Theme
from portal.domain import lifecycle
from portal.domain import reporting as rules
from portal.domain.calendar import LONDON
from portal.services.records.casework import require_allowed
from portal.services.records.paging import Page, paged
from portal.services.reporting.tsm import counted, received

C = Complaint
NOT_RECORDED = "No root cause given yet"


def _instant(day: date) -> datetime:
    """The UTC instant a London day begins."""
    return datetime.combine(day, time(), LONDON).astimezone(UTC)


def learning_text():
    """The response's "learning", in SQL (JSON_EXTRACT on SQLite, ->> on PostgreSQL)."""
    return Response.content["learning"].as_string()


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    category: str | None = None
    theme_id: int | None = None  # 0: none given yet


@dataclass(frozen=True)
class Lesson:
    reference: str
    stage: int
    issued_at: datetime
    category: str
    root_cause: str | None
    learning: str


def themes(active_only: bool = False) -> list[Theme]:
    """The managers' list, by name (a few rows)."""
    query = select(Theme).order_by(Theme.name, Theme.id)
    if active_only:
        query = query.where(Theme.active.is_(True))
    return list(db.session.scalars(query))


def lessons(actor, filters: Filters, page) -> Page[Lesson]:
    """Responses that say what was learned, newest first, filtered by when they were
    sent, the complaint's category and its root cause."""
    require_allowed(actor, "reports")
    text = learning_text()
    query = (select(C.reference, Response.stage, Response.issued_at, C.category,
                    Theme.name, text)
             .select_from(Response).join(C, C.id == Response.complaint_id)
             .outerjoin(Theme, Theme.id == C.root_cause_id)
             .where(Response.kind == "response", text.is_not(None), text != ""))
    if filters.start is not None:
        query = query.where(Response.issued_at >= _instant(filters.start))
    if filters.end is not None:
        query = query.where(Response.issued_at < _instant(filters.end + timedelta(days=1)))
    if filters.category:
        query = query.where(C.category == filters.category)
    if filters.theme_id == 0:
        query = query.where(C.root_cause_id.is_(None))
    elif filters.theme_id:
        query = query.where(C.root_cause_id == filters.theme_id)
    query = query.order_by(Response.issued_at.desc(), Response.id.desc())
    return paged(query, page, scalars=False, row=lambda r: Lesson(*r))


def by_theme(period: rules.Period) -> list[tuple[str, int]]:
    """Complaints received in the period by root cause (one grouped query), most first;
    those with none yet last."""
    name = func.coalesce(Theme.name, NOT_RECORDED)
    rows = db.session.execute(select(name, func.count()).select_from(C)
                              .outerjoin(Theme, Theme.id == C.root_cause_id)
                              .where(received(1, period)).group_by(name)).all()
    return sorted(((n, int(k)) for n, k in rows),
                  key=lambda r: (r[0] == NOT_RECORDED, -r[1], r[0]))


def by_category_and_theme(period: rules.Period) -> list[tuple[str, str, int]]:
    """(category words, root cause, complaints) for complaints received in the period:
    the themes table of the learning log (one grouped query)."""
    name = func.coalesce(Theme.name, NOT_RECORDED)
    rows = db.session.execute(select(C.category, name, func.count()).select_from(C)
                              .outerjoin(Theme, Theme.id == C.root_cause_id)
                              .where(received(1, period))
                              .group_by(C.category, name)).all()
    return sorted(((lifecycle.CATEGORIES.get(c, c), n, int(k)) for c, n, k in rows),
                  key=lambda r: (-r[2], r[0], r[1]))


def improvements(actor, status: str | None, page) -> Page[Improvement]:
    """Service improvements, newest first; filtered by status."""
    require_allowed(actor, "reports")
    query = select(Improvement).options(selectinload(Improvement.theme))
    if status:
        query = query.where(Improvement.status == status)
    query = query.order_by(Improvement.proposed_on.desc(), Improvement.id.desc())
    return paged(query, page)


def done_in(period: rules.Period, limit: int = 200) -> list[Improvement]:
    """Improvements made (done) in the period, oldest first: the annual report's list."""
    return list(db.session.scalars(
        select(Improvement).where(Improvement.status == "done",
                                  Improvement.done_on.between(period.start, period.end))
        .order_by(Improvement.done_on, Improvement.id).limit(limit)))


def improvement_counts(period: rules.Period) -> list[tuple[str, int]]:
    """Improvements by status: done in the period, and those proposed or in progress
    now (one grouped query)."""
    rows = dict(db.session.execute(
        select(Improvement.status, func.count()).where(or_(
            Improvement.status != "done",
            and_(Improvement.status == "done",
                 Improvement.done_on.between(period.start, period.end))))
        .group_by(Improvement.status)).all())
    return [("Done in the period", int(rows.get("done", 0))),
            ("In progress now", int(rows.get("in_progress", 0))),
            ("Proposed, not yet started", int(rows.get("proposed", 0)))]


__all__ = ["NOT_RECORDED", "Filters", "Lesson", "by_category_and_theme", "by_theme",
           "counted", "done_in", "improvement_counts", "improvements", "lessons", "themes"]
