"""No page's number of SQL statements grows with the data (issue: landlord scale).

Each main page is fetched with 10 complaints in the database and again with 1,000 (the
extra ones inserted in bulk, their next due dates stored by `due_index.rebuild`), and
the statements each request sends are counted: the counts must be equal, and small."""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, insert

from portal.data.db import db
from portal.data.models import Complaint, User
from portal.services.records import casework, due_index
from portal.services.stage1 import actions as stage1
from tests.integration.test_staff_support import get, sign_in
from tests.support.factories import make_complaint, make_resident, make_staff

STATUSES = ["received", "stage1", "stage1", "stage1_responded", "closed", "closed",
            "withdrawn", "stage2_requested"]
MOST = 25  # statements any one of these pages may send
QUEUE_MOST = 8  # a queue page: the signed-in user, two counts, the page, the header
_serial = itertools.count(500_000)


def _bulk_complaints(count: int, handler_id: int) -> None:
    """`count` complaints of other residents, in a few statements."""
    residents = [{"email": f"bulk{next(_serial)}@example.org", "password_hash": "x",
                  "name": f"Bulk Resident {n}", "kind": "resident", "postcode": "N1 1AA",
                  "is_active": True, "session_version": 1}
                 for n in range(count // 10 + 1)]
    db.session.execute(insert(User), residents)
    ids = [u.id for u in db.session.query(User).filter(User.name.like("Bulk Resident %"))]
    base = date(2026, 1, 5)
    rows = []
    for n in range(count):
        received = base + timedelta(days=n % 300)
        status = STATUSES[n % len(STATUSES)]
        rows.append({
            "reference": f"CMP-2025-{next(_serial):06d}", "resident_id": ids[n % len(ids)],
            "submitted_by_id": ids[n % len(ids)], "status": status, "stage": 1,
            "category": "repairs", "profile": "hos-code-2024", "contact_method": "email",
            "adjustments": [], "screening": [], "panel_members": [],
            "received_at": datetime(received.year, received.month, received.day, 12,
                                    tzinfo=UTC),
            "received_on": received, "version": 1,
            "handler_id": handler_id if status != "received" else None,
            "acknowledged_on": received + timedelta(days=2) if status != "received" else None,
            "stage1_sent_on": (received + timedelta(days=9)
                               if status in ("stage1_responded", "closed", "stage2_requested")
                               else None),
            "stage2_requested_on": (received + timedelta(days=15)
                                    if status == "stage2_requested" else None),
            "closed_on": received + timedelta(days=20) if status in ("closed", "withdrawn")
            else None,
        })
    db.session.execute(insert(Complaint), rows)
    db.session.commit()
    due_index.rebuild()


@contextmanager
def counted():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _counts(client, app, pages: list[str]) -> dict[str, int]:
    found = {}
    for url in pages:
        with app.app_context(), counted() as statements:
            get(client, url)
        found[url] = len(statements)
    return found


@pytest.fixture
def people(app):
    with app.test_request_context():
        manager = make_staff("complaints_manager", name="Mo Manager",
                             email="manager@example.org")
        resident = make_resident("Ada Lovelace", email="ada@example.org", postcode="E1 1AA")
        complaints = [make_complaint(resident, received=date(2026, 3, 2 + n)) for n in range(2)]
        first = complaints[0]
        stage1.acknowledge(manager, first, version=first.version,
                           seen=casework.last_event_id(first), handler_id=manager.id,
                           definitions={i.id: "Understood" for i in first.issues})
        for n in range(8):
            make_complaint(make_resident(f"Other Resident {n}"),
                           received=date(2026, 2, 2) + timedelta(days=n))
        return {"manager": manager.id, "reference": first.reference}


def test_staff_pages_send_the_same_few_statements_with_10_or_1000_complaints(app, people):
    reference = people["reference"]
    pages = ["/staff", "/staff?tab=overdue", "/staff?tab=due_today", "/staff?tab=mine",
             "/staff?tab=stage2", "/staff?tab=closed", "/staff?tab=open&page=3",
             f"/staff?q={reference}", "/staff?q=ada", "/staff?q=E1+1AA",
             f"/staff/complaints/{reference}", "/staff/actions", "/staff/contact-tasks"]
    client = app.test_client()
    sign_in(client, "manager@example.org")
    small = _counts(client, app, pages)
    with app.app_context():
        _bulk_complaints(990, people["manager"])
        assert db.session.query(Complaint).count() == 1000
    large = _counts(client, app, pages)
    assert large == small
    assert max(large.values()) <= MOST, large
    assert max(n for url, n in large.items() if url.split("?")[0] == "/staff") <= QUEUE_MOST


def test_the_residents_pages_send_the_same_few_statements(app, people):
    reference = people["reference"]
    pages = ["/complaints", f"/complaints/{reference}"]
    client = app.test_client()
    sign_in(client, "ada@example.org")
    small = _counts(client, app, pages)
    with app.app_context():
        _bulk_complaints(990, people["manager"])
    large = _counts(client, app, pages)
    assert large == small
    assert max(large.values()) <= MOST, large
