"""The managers' weekly summary in the staff digest: on the first working day of the
week, each complaints manager's digest carries the last 7 days' headline figures (even
with nothing due), once a week, however many times or servers run it; nobody else gets
them, and not on the other days. Figures on hand-built rows, worked out below."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlalchemy import insert, select

from portal.data.db import db
from portal.data.models import Complaint, OutboxMessage, SentNotice
from portal.services.correspondence import digest
from portal.services.records import due_index, report_index
from portal.services.reporting import weekly
from tests.support.factories import make_resident, make_staff

D = date
MON_7, TUE_8 = D(2026, 12, 7), D(2026, 12, 8)
_serial = itertools.count(950_000)

# Today Monday 7 December 2026; the last 7 days are Mon 30 November to Sun 6 December.
ROWS = [
    # Acknowledged Tue 17 Nov: the Code's 10 WD = 18,19,20,23-27,30 Nov, 1 Dec -> Tue 1
    # Dec; sent that day: within. A review asked for on Thu 3 Dec (stage 2 received).
    dict(received_on=D(2026, 11, 16), acknowledged_on=D(2026, 11, 17),
         stage1_sent_on=D(2026, 12, 1), stage2_requested_on=D(2026, 12, 3),
         status="stage2_requested"),
    # Acknowledged Tue 3 Nov: due 4,5,6,9-13,16,17 -> Tue 17 Nov; sent Wed 2 Dec: late.
    dict(received_on=D(2026, 11, 2), acknowledged_on=D(2026, 11, 3),
         stage1_sent_on=D(2026, 12, 2), status="stage1_responded"),
    # Received Mon 30 November and Wed 2 December, not yet acknowledged: due 5 WD after =
    # 1,2,3,4,7 -> Mon 7 Dec (today: on the managers' digest), and Wed 9 Dec.
    dict(received_on=D(2026, 11, 30), status="received"),
    dict(received_on=D(2026, 12, 2), status="received"),
    # Acknowledged Tue 10 Nov, not answered: due 11-13,16-20,23,24 -> Tue 24 Nov: overdue.
    dict(received_on=D(2026, 11, 9), acknowledged_on=D(2026, 11, 10), status="stage1"),
]


def _build() -> None:
    resident = make_resident()
    db.session.execute(insert(Complaint), [{
        "reference": f"CMP-2026-{next(_serial):06d}", "resident_id": resident.id,
        "submitted_by_id": resident.id, "stage": 1, "category": "repairs",
        "profile": "hos-code-2024", "contact_method": "email", "adjustments": [],
        "screening": [], "panel_members": [], "version": 1,
        "received_at": datetime(r["received_on"].year, r["received_on"].month,
                                r["received_on"].day, 12, tzinfo=UTC), **r} for r in ROWS])
    db.session.commit()
    report_index.rebuild()
    due_index.rebuild()


def test_the_headline_figures(app):
    with app.app_context():
        _build()
        found = weekly.headline(MON_7)
        assert (found.start, found.end) == (D(2026, 11, 30), D(2026, 12, 6))
        # Received 30 November and 2 December: 2. Stage 1 responses 1 Dec (within) and 2 Dec (late):
        # 1 of 2, 50.0%. No stage 2 responses. One review asked for (3 Dec) per 2 stage 1
        # responses: 50.0%. Overdue now: the one due 24 November.
        assert (found.received, found.stage1_responses, found.stage1_within) == (2, 2, 1)
        assert found.stage1_percent == 50.0 and found.stage2_percent is None
        assert (found.stage2_received, found.escalation_rate) == (1, 50.0)
        assert found.overdue_now == 1


def test_managers_get_it_once_a_week_on_the_first_working_day(app):
    with app.app_context():
        _build()
        manager = make_staff("complaints_manager", name="Mo Manager")
        handler = make_staff("case_handler", name="Hal Handler")
        sent = digest.staff_digest(MON_7, headline=weekly.headline)
        assert manager.email in sent and handler.email not in sent  # nothing due for him
        [mail] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to == manager.email)).all()
        # One to acknowledge today is on the manager's digest too.
        assert mail.subject == digest.DIGEST_SUBJECT and "Not yet assigned to anyone (1)" \
            in mail.text
        assert "The last 7 days (Monday 30 November 2026 to Sunday 6 December 2026)" \
            in mail.text
        assert "Complaints received: 2" in mail.text
        assert "Stage 1 responses within the Code's timescale: 1 of 2 (50.0%)" in mail.text
        assert "Stage 2 responses within the Code's timescale: 0 of 0 (no responses)" \
            in mail.text
        assert "Escalation rate: 50.0% (1 stage 2 complaints)" in mail.text
        assert "Overdue now: 1" in mail.text and "Overdue now: 1" in mail.html
        # Once: a second run (another server) on Monday gives nothing; Tuesday's digest
        # has no weekly figures.
        assert digest.staff_digest(MON_7, headline=weekly.headline) == []
        assert db.session.scalar(select(SentNotice.id).where(
            SentNotice.kind == digest.WEEKLY,
            SentNotice.key == digest.week_key(manager.id, MON_7))) is not None
        digest.staff_digest(TUE_8, headline=weekly.headline)
        later = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to == manager.email, OutboxMessage.id > mail.id)).all()
        assert all("The last 7 days" not in m.text for m in later)


def test_a_manager_with_nothing_due_still_gets_the_figures(app):
    with app.app_context():
        manager = make_staff("complaints_manager", name="Mo Manager")
        assert digest.staff_digest(MON_7, headline=weekly.headline) == [manager.email]
        [mail] = db.session.scalars(select(OutboxMessage)).all()
        assert mail.subject == digest.WEEKLY_SUBJECT
        assert "Nothing is due on your complaints today" in mail.text
        assert "Complaints received: 0" in mail.text
