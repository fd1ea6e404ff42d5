"""Anonymous complaints (southern-2022 "Anonymous complaints": "we'll still record and
monitor anonymous complaints"; ISHA 001 §2.3 and IDS 002 §3.2(j) exclude them; issue 16
§2): where the profile records them, anyone can send one without signing in and without
contact details, limited per client address; staff see them, paged, to investigate and
learn from. No response is owed and there are no resident pages. Elsewhere the public
page shows what the policy says instead (the profile's exclusion and its signpost)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import AnonymousReport, User, utcnow
from portal.domain import lifecycle
from portal.domain.calendar import london_date
from portal.domain.policy import Exclusion, Profile
from portal.services.accounts import throttle
from portal.services.intake.submission import next_reference
from portal.services.records import events
from portal.services.records.casework import CaseworkError, require_allowed, required_text
from portal.services.records.paging import Page, paged
from portal.services.records.policy import current_profile

RECORDED = "in_confidence"  # the profiles' `who.anonymous` that records them


def accepted(profile: Profile | None = None) -> bool:
    return (profile or current_profile()).who.anonymous == RECORDED


def exclusion(profile: Profile | None = None) -> Exclusion | None:
    """What the policy says instead, where it excludes anonymous complaints."""
    return (profile or current_profile()).exclusion("anonymous")


@dataclass
class Report:
    category: str | None
    summary: str | None
    details: str | None
    happened_on: date | None = None
    place: str | None = None


def receive(report: Report, client: str, now: datetime | None = None) -> AnonymousReport:
    """Record an anonymous complaint, counted against the client's limit first (a
    refused one is not counted). CaseworkError names the field; TooManyAttempts when
    this client has sent too many."""
    if not accepted():
        raise CaseworkError("Our complaints policy does not take anonymous complaints")
    if report.category not in lifecycle.CATEGORIES:
        raise CaseworkError("Select what the complaint is about", "category")
    summary = required_text(report.summary, "Enter a short summary of the problem",
                            "summary")[:200]
    details = required_text(report.details, "Enter what happened", "details")
    now = now or utcnow()
    today = london_date(now)
    if report.happened_on is not None and report.happened_on > today:
        raise CaseworkError("The date it happened must be today or in the past", "happened_on")
    counted = throttle.attempt("anonymous_report", client)  # its own transaction
    try:
        found = AnonymousReport(
            reference=next_reference(today.year, "anonymous", "ANON"), received_at=now,
            received_on=today, category=report.category, summary=summary, details=details,
            happened_on=report.happened_on, place=(report.place or "").strip() or None)
        db.session.add(found)
        db.session.flush()
        events.record(None, "anonymous_complaint_received",
                      f"Anonymous complaint {found.reference} received", None,
                      internal=True, anonymous_report_id=found.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        throttle.forget(counted)
        raise
    return found


def reports(actor: User, page: int = 1) -> Page[AnonymousReport]:
    """Every anonymous complaint, newest first, counted and paged in the database."""
    require_allowed(actor, "view_complaint")
    return paged(select(AnonymousReport).order_by(AnonymousReport.received_on.desc(),
                                                  AnonymousReport.id.desc()), page)
