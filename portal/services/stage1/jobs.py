"""Jobs run from the command line or cron."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from portal.data.db import db
from portal.data.models import (
    Complaint,
    Event,
    Response,
)
from portal.services.correspondence.tell import tell
from portal.services.records import deadlines, events
from portal.services.records.casework import (
    long_date,
    today,
)

# -- jobs ---------------------------------------------------------------------------------


def close_no_reply(on: date | None = None) -> list[str]:
    """Close stage 1 complaints whose profile closes them when the resident has not
    replied in time (IDS 5.7). Safe to run again and at the same time as itself: each
    complaint is re-checked inside its own transaction, and on PostgreSQL its row is
    locked (rows another run holds are skipped)."""
    on = on or today()
    closed = []
    candidates = list(db.session.scalars(
        select(Complaint.id).where(Complaint.status == "stage1_responded").order_by(Complaint.id)
    ))
    db.session.rollback()
    postgres = db.engine.dialect.name == "postgresql"
    for complaint_id in candidates:
        query = select(Complaint).where(Complaint.id == complaint_id,
                                        Complaint.status == "stage1_responded")
        if postgres:
            query = query.with_for_update(skip_locked=True)
        try:
            complaint = db.session.scalars(query.execution_options(populate_existing=True)).first()
            due = deadlines.raw_deadlines(complaint).get("close_if_no_reply") if complaint else None
            if complaint is None or due is None or on <= due.due_on or _heard_back(complaint):
                db.session.rollback()
                continue
            complaint.status = "closed"
            complaint.closed_on = on
            complaint.closed_reason = "no_reply"
            sent = long_date(complaint.stage1_sent_on)
            events.record(
                complaint, "complaint_closed",
                f"Complaint closed: we sent our stage 1 response on {sent} and did not hear "
                f"back by {long_date(due.due_on)} ({due.rule_words}, {due.rule.cite}).", None,
                reason="no_reply", due_on=due.due_on)
            tell(complaint, "closed", "Your complaint is closed",
                            why=f"We did not hear back from you by {long_date(due.due_on)} after "
                            "our stage 1 response.", no_reply=True)
            db.session.commit()
            closed.append(complaint.reference)
        except StaleDataError:
            db.session.rollback()
    return closed


def _heard_back(complaint: Complaint) -> bool:
    sent = db.session.scalar(
        select(func.max(Response.issued_at)).where(Response.complaint_id == complaint.id,
                                                  Response.stage == 1,
                                                  Response.kind == "response"))
    if sent is None:
        return False
    people = {complaint.resident_id, complaint.submitted_by_id}
    return db.session.scalar(
        select(func.count(Event.id)).where(Event.complaint_id == complaint.id,
                                           Event.actor_id.in_(people), Event.at > sent)
    ) > 0
