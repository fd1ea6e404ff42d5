"""The demo data: loaded through the real services, safe to load twice, a complaint at
every point of stage 1, and every demo complaint's page fine for staff and its resident."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Complaint, Event, Response, User
from portal.domain.permissions import STAFF_ROLES
from portal.services import clock, deadlines, timeline
from portal.services.demo import DEMO_PASSWORD, PEOPLE, RESIDENTS, load_demo
from tests.support.web import get, sign_in


def _counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def _state(complaint: Complaint, key: str, today):
    found = [d for d in deadlines.complaint_deadlines(complaint) if d.key == key]
    return found[0].state(today) if found else None


def _utc(instant):
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def test_demo_loads_once_with_every_stage_1_situation(app):
    with app.app_context():
        first = load_demo()
        after_first = _counts()
        second = load_demo()
        assert _counts() == after_first, "the second run added something"

        assert any(line.startswith("closure day") for line in first)
        assert second[0] == "Demo data already loaded."
        created = [line for line in first if line.startswith(("staff:", "resident:",
                                                              "complaint "))]
        assert len(created) == len(PEOPLE) + 10
        for lines in (first, second):  # the sign-ins are printed every time
            block = lines[lines.index("") + 1:]
            assert DEMO_PASSWORD in block[0]
            for person in PEOPLE:
                role = STAFF_ROLES[person.role] if person.role else "Resident"
                assert any(person.email in line and role in line and DEMO_PASSWORD in line
                           for line in block), person.email

        staff = db.session.scalars(select(User).where(User.kind == "staff")).all()
        assert sorted(u.staff_role for u in staff) == sorted(
            ["administrator", "customer_services", "case_handler", "case_handler",
             "reviewer", "complaints_manager"])
        residents = db.session.scalars(select(User).where(User.kind == "resident")).all()
        assert len(residents) == len(RESIDENTS)
        assert all(u.email_verified_at is not None for u in staff + residents)

        today = clock.today()
        complaints = db.session.scalars(select(Complaint).order_by(Complaint.id)).all()
        assert len(complaints) == 10
        by_status: dict[str, list[Complaint]] = {}
        for complaint in complaints:
            by_status.setdefault(complaint.status, []).append(complaint)

        received = by_status["received"]
        assert any(c.received_on == today for c in received), "none just received"
        assert any(_state(c, "acknowledge", today) == "overdue" for c in received)

        stage1 = by_status["stage1"]
        assert all(c.handler is not None and c.acknowledged_on for c in stage1)
        coming_up = [c for c in stage1 if timeline.next_agreed_contact(c, today)]
        assert coming_up and timeline.next_agreed_contact(coming_up[0], today).due_on > today
        assert any(row.state == "missed" for c in stage1
                   for row in timeline.agreed_contact_rows(c, today))
        extended = [c for c in stage1 if c.stage1_extended_to]
        assert extended and extended[0].stage1_extended_to > today
        assert any(e.kind == "stage1_extended" for e in extended[0].events)

        [responded] = by_status["stage1_responded"]
        [letter] = [r for r in db.session.scalars(select(Response).where(
            Response.complaint_id == responded.id))]
        assert letter.kind == "response" and letter.document.file.data.startswith(b"%PDF-")
        assert sorted(i.decision for i in responded.issues) == ["partially_upheld", "upheld"]

        [refused] = by_status["not_accepted"]
        [refusal] = db.session.scalars(select(Response).where(
            Response.complaint_id == refused.id)).all()
        assert refusal.kind == "refusal" and refusal.document.file.data.startswith(b"%PDF-")
        assert "large_print" in refused.adjustments
        assert refusal.large_print_document.file.data.startswith(b"%PDF-")

        assert len(by_status["withdrawn"]) == 1
        reasons = sorted(c.closed_reason for c in by_status["closed"])
        assert reasons == ["resident_satisfied", "resolved_first_contact"]

        assert len({c.category for c in complaints}) >= 5
        assert sum(len(c.issues) > 1 for c in complaints) >= 3
        assert any(c.adjustments for c in complaints if "large_print" not in c.adjustments)

        # Back-dated steps read in order: each complaint's log runs forward in time,
        # from the day it was received to no later than now.
        now = clock.now()
        for complaint in complaints:
            instants = [_utc(e.at) for e in db.session.scalars(
                select(Event).where(Event.complaint_id == complaint.id).order_by(Event.id))]
            assert instants == sorted(instants), complaint.reference
            assert _utc(complaint.received_at) <= instants[0] <= instants[-1] <= now

        pages = [(c.reference, c.resident.email) for c in complaints]

    staff_client = app.test_client()
    sign_in(staff_client, "manager@demo.example", DEMO_PASSWORD)
    for tab in ("open", "new", "overdue", "stage1", "closed"):
        get(staff_client, f"/staff?tab={tab}")
    handler = app.test_client()
    sign_in(handler, "handler@demo.example", DEMO_PASSWORD)
    mine = get(handler, "/staff?tab=mine").get_data(as_text=True)
    assert mine.count("/staff/complaints/CMP-") >= 3

    residents_clients = {}
    for reference, email in pages:
        staff_page = get(staff_client, f"/staff/complaints/{reference}").get_data(as_text=True)
        assert reference in staff_page
        if email not in residents_clients:
            residents_clients[email] = app.test_client()
            sign_in(residents_clients[email], email, DEMO_PASSWORD)
            get(residents_clients[email], "/complaints")
        page = get(residents_clients[email], f"/complaints/{reference}").get_data(as_text=True)
        assert reference in page
