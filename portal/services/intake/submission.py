"""Submission: a complete draft becomes a complaint with its reference, issues and
documents, and the resident (or their representative) is told, in one transaction."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from portal.data.db import db
from portal.data.models import Complaint, Counter, Draft, Event, Issue, User, utcnow
from portal.domain.calendar import london_date
from portal.services.correspondence.outbox import external_url, queue_email
from portal.services.correspondence.tell import tell
from portal.services.intake.drafts import (
    ComplaintError,
    answer_date,
    keep_letter_address,
    missing_answers,
    plural,
    screening_for,
)
from portal.services.records import confidence, events
from portal.services.representation import on_behalf as acting_for


class AlreadySent(Exception):
    """The draft was sent already (a double click, a second tab): `reference` is the
    complaint it became, when this person sent it."""

    def __init__(self, reference: str | None) -> None:
        super().__init__(f"Already sent as {reference}")
        self.reference = reference


def sent_from(user: User, draft_id: int) -> str | None:
    """The reference of the complaint `user` made from draft `draft_id`, if they did."""
    found = db.session.execute(
        select(Event.payload, Complaint.reference)
        .join(Complaint, Event.complaint_id == Complaint.id)
        .where(Event.actor_id == user.id, Event.kind == "complaint_submitted")
        .order_by(Event.id.desc()).limit(20)).all()
    return next((reference for payload, reference in found
                 if (payload or {}).get("draft") == draft_id), None)


# On the complaint's screening flags: the resident, told this looked like something to
# report first, asked for it to be dealt with as a service request (Code 1.4-1.6).
ASKED_FOR_REQUEST = "asked_for_service_request"
# How a complaint staff logged for a resident reached us (intake.by_staff).
CHANNEL_WORDS = {"phone": "by phone", "letter": "by letter", "in_person": "in person"}


def next_reference(year: int, counter: str = "complaint", prefix: str = "CMP") -> str:
    """CMP-2026-000123: a per-year sequence, taken in one atomic statement (insert the
    year's counter at 1, or add 1 to it, and return the value), so two submissions never
    get the same number, on any number of app servers, threads or processes. Service
    requests have their own (SR-2026-000001)."""
    name = f"{counter}-{year}"
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    counters = Counter.__table__
    taken = (
        insert(counters)
        .values(name=name, value=1)
        .on_conflict_do_update(index_elements=[counters.c.name],
                               set_={"value": counters.c.value + 1})
        .returning(counters.c.value)
    )
    value = db.session.execute(taken).scalar_one()
    return f"{prefix}-{year}-{value:06d}"


def submit(draft: Draft, user: User, now: datetime | None = None, *,
           logged_by: User | None = None, channel: str | None = None) -> Complaint:
    """Turn a complete draft into a complaint, all in one transaction. The draft's row is
    locked first (on SQLite, the write transaction begins there), so of two requests
    sending the same draft one makes the complaint and the other is told `AlreadySent`.
    `logged_by`: a member of staff who logged a complaint received by phone, letter or
    in person (`channel`) for the resident `user` (intake.by_staff); the resident is told
    through the channel they chose (a letter when they have no email)."""
    draft_id = draft.id
    if missing_answers(draft):
        raise ComplaintError("Some answers are missing")
    now = now or utcnow()
    today = london_date(now)
    answers = draft.answers
    warnings = screening_for(draft, today)
    on_behalf = answers.get("on_behalf")  # made by a representative (services.representation)
    if db.session.scalar(select(Draft.id).where(Draft.id == draft_id).with_for_update()) is None:
        db.session.rollback()
        raise AlreadySent(sent_from(user, draft_id))
    try:
        resident = acting_for.resident_for(on_behalf) if on_behalf else user
        complaint = Complaint(
            reference=next_reference(today.year),
            resident_id=resident.id,
            submitted_by_id=user.id,  # the resident: `logged_by` is the event's actor
            status="received",
            stage=1,
            category=answers["category"],
            profile=current_app.config["PORTAL"].profile,
            contact_method=answers["contact_method"],
            contact_times=answers.get("contact_times") or None,
            contact_phone=answers.get("contact_phone") or None,
            adjustments=list(answers.get("adjustments", [])),
            adjustments_detail=answers.get("adjustments_detail") or None,
            vulnerability=answers.get("vulnerability") or None,
            health_risk={"yes": True, "no": False}.get(answers.get("health")),
            health_detail=((answers.get("health_detail") or "").strip() or None
                           if answers.get("health") == "yes" else None),
            screening=[w.code for w in warnings] + (
                [ASKED_FOR_REQUEST] if answers.get("deal_with") == "request"
                and any(w.code == "service_request" for w in warnings) else []),
            received_at=now,
            received_on=today,
            # In confidence only where the profile offers it (southern-2022 "Anonymous
            # complaints"); the officer who logged it is the one who received it.
            in_confidence=bool(answers.get("in_confidence")) and confidence.offered(),
            received_by_id=logged_by.id if logged_by is not None else None,
        )
        db.session.add(complaint)
        db.session.flush()
        for position, issue in enumerate(answers["issues"], start=1):
            db.session.add(Issue(
                complaint_id=complaint.id, position=position, summary=issue["summary"],
                details=issue["details"], happened_on=answer_date(issue.get("happened_on")),
                aware_on=answer_date(issue.get("aware_on")), outcome_wanted=issue["outcome_wanted"],
            ))
        moved = list(draft.documents)
        for document in moved:
            document.complaint_id = complaint.id
            document.draft_id = None
        keep_letter_address(answers, resident, on_behalf)
        how = f" {CHANNEL_WORDS[channel]}, logged by staff" if logged_by and channel else ""
        events.record(
            complaint, "complaint_submitted",
            f"Complaint received{how} with {plural(len(answers['issues']), 'issue')}",
            logged_by or user, at=now, issues=len(answers["issues"]),
            screening=[w.code for w in warnings], draft=draft_id, channel=channel,
        )
        if complaint.in_confidence:
            events.record(complaint, "made_in_confidence",
                          "Made in confidence: who made it is seen only by the officer who "
                          "received it and the complaints team", logged_by or user, at=now,
                          internal=False)
        if logged_by is not None:
            tell(complaint, "complaint_received", "We have received your complaint")
        elif on_behalf:
            acting_for.record_on_behalf(complaint, user, resident, on_behalf, moved)
        else:
            queue_email(
                user.email, "complaint_received", "We have received your complaint",
                {"name": user.name, "reference": complaint.reference,
                 "url": external_url("resident.complaint", reference=complaint.reference)},
                complaint_id=complaint.id,
            )
        db.session.flush()
        db.session.delete(draft)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return complaint


