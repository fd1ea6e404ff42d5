"""The reporting read model: on each complaint row, when stage 1 was answered and the
due dates the reports measure against, kept in step by the same commit hook as the
deadline read model (records.due_index calls `write`), so reports count in SQL.

- `stage1_answered_on`: the stage 1 response, or the day a complaint resolved at first
  contact was closed (the resident had their answer that day).
- `acknowledge_code_due_on`: the Code's last day to acknowledge (5 working days, 6.2).
- `stage1_code_due_on`, `stage1_code_limit_on` (and stage 2): the Complaint Handling
  Code's own due date and the latest date an extension within the Code may reach,
  worked out by the deadline engine with the Code's profile whatever the landlord's
  profile (CH02 always measures against the Code). Where a complaint was answered
  without a separate acknowledgement, the Code's clock starts from the last day the
  acknowledgement was due (Code 5.1: 5 working days after receipt).
- `stage1_due_on`, `stage2_due_on`: the landlord's profile's own date, an extension
  included (the "against our policy" figures).

A complaint's dates are written again whenever it changes; `flask reports rebuild`
rewrites every complaint (after the migration, a bulk import, a restore).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session, attributes

from portal.data.db import db
from portal.data.models import Complaint
from portal.domain.deadlines import compute_deadlines
from portal.services.records.deadlines import complaint_dates, raw_deadlines
from portal.services.records.policy import current_calendar, profiles

CODE_PROFILE = "hos-code-2024"
BATCH = 1000


@dataclass(frozen=True)
class ReportDates:
    stage1_answered_on: date | None = None
    acknowledge_code_due_on: date | None = None
    stage1_code_due_on: date | None = None
    stage1_code_limit_on: date | None = None
    stage1_due_on: date | None = None
    stage2_code_due_on: date | None = None
    stage2_code_limit_on: date | None = None
    stage2_due_on: date | None = None


def _answered(complaint: Complaint) -> date | None:
    if complaint.stage1_sent_on is not None:
        return complaint.stage1_sent_on
    if complaint.closed_reason == "resolved_first_contact":
        return complaint.closed_on
    return None


def _on(found: dict, key: str) -> date | None:
    return found[key].due_on if key in found else None


def computed(complaint: Complaint) -> ReportDates:
    answered = _answered(complaint)
    if complaint.councillor_enquiry:
        return ReportDates(stage1_answered_on=answered)
    dates = complaint_dates(complaint)
    calendar = current_calendar()
    code = profiles()[CODE_PROFILE]
    found = compute_deadlines(code, calendar, dates)
    if "stage1_response" not in found and answered is not None and "acknowledge" in found:
        found = {**compute_deadlines(code, calendar, _with(dates, acknowledged=found[
            "acknowledge"].due_on)), **found}
    if ("stage2_response" not in found and complaint.stage2_sent_on is not None
            and "stage2_acknowledge" in found):
        found = {**compute_deadlines(code, calendar, _with(dates, stage2_acknowledged=found[
            "stage2_acknowledge"].due_on)), **found}
    own = raw_deadlines(complaint)
    stage1_due = complaint.stage1_extended_to or _on(own, "stage1_response")
    stage2_due = complaint.stage2_extended_to or _on(own, "stage2_response")
    return ReportDates(answered, _on(found, "acknowledge"), _on(found, "stage1_response"),
                       _on(found, "stage1_response_extended"), stage1_due,
                       _on(found, "stage2_response"), _on(found, "stage2_response_extended"),
                       stage2_due)


def _with(dates, **changes):
    return replace(dates, **changes)


def stored(complaint: Complaint) -> ReportDates:
    return ReportDates(**{name: getattr(complaint, name)
                          for name in ReportDates.__dataclass_fields__})


def write(session: Session, complaint: Complaint) -> bool:
    """Store the complaint's reporting dates if they moved (a plain UPDATE: the
    optimistic-locking version does not move)."""
    value = computed(complaint)
    if stored(complaint) == value:
        return False
    values = asdict(value)
    session.execute(update(Complaint).where(Complaint.id == complaint.id).values(**values)
                    .execution_options(synchronize_session=False))
    for name, on in values.items():
        attributes.set_committed_value(complaint, name, on)
    return True


def _batches() -> Iterator[list[Complaint]]:
    ids = list(db.session.scalars(select(Complaint.id).order_by(Complaint.id)))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        yield list(db.session.scalars(select(Complaint).where(Complaint.id.in_(chunk))
                                      .execution_options(populate_existing=True)))


def rebuild() -> int:
    """`flask reports rebuild`: every complaint's reporting dates, in one transaction."""
    moved = 0
    try:
        for batch in _batches():
            for complaint in batch:
                moved += write(db.session, complaint)
            db.session.flush()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return moved
