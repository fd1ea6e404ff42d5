"""The record: references in sequence, and an event log that cannot be rewritten."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Event
from tests.support.factories import make_complaint, make_resident


def test_references_are_a_yearly_sequence(app):
    with app.app_context():
        resident = make_resident()
        first = make_complaint(resident, received=date(2026, 11, 2)).reference
        second = make_complaint(resident, received=date(2026, 11, 3)).reference
        next_year = make_complaint(resident, received=date(2027, 1, 4)).reference
    assert (first, second, next_year) == ("CMP-2026-000001", "CMP-2026-000002",
                                          "CMP-2027-000001")


def test_received_on_is_the_london_date(app):
    from datetime import UTC, datetime

    from portal.services.intake import drafts as service
    from portal.services.intake import submission
    from tests.support.factories import ISSUES

    with app.app_context():
        resident = make_resident()
        draft = service.new_draft(resident)
        service.save_answers(draft, category="repairs", contact_method="email", adjustments=[])
        service.save_issue(draft, None, ISSUES[0])
        # 23:30 UTC on 31 May 2026 is 00:30 BST on 1 June: received on 1 June (SPEC §3).
        at = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
        complaint = submission.submit(draft, resident, now=at)
        assert complaint.received_on == date(2026, 6, 1)


def test_events_cannot_be_changed_or_deleted(app):
    with app.app_context():
        make_complaint()
        event = db.session.scalar(select(Event))
        event.summary = "rewritten"
        with pytest.raises(PermissionError, match="append-only"):
            db.session.commit()
        db.session.rollback()
        event = db.session.scalar(select(Event))
        db.session.delete(event)
        with pytest.raises(PermissionError, match="append-only"):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(Event)).summary.startswith("Complaint received")
