"""No page's number of SQL statements grows with the data (issue: landlord scale).

Each main page is fetched with 10 complaints in the database and again with 1,000 (the
extra ones inserted in bulk, their next due dates stored by `due_index.rebuild`), and
the statements each request sends are counted: the counts must be equal, and small.
Every list on these pages has rows in both cases; in the large one a thousand or so
more of each (actions, letters and calls, emails, authorities, the resident's and the
representative's complaints, drafts, who acts for a resident, petitions led and their
signatures) are inserted in bulk too.

The bulk rows take most of these tests' time, so each process inserts them once per kind
of database (into the first test's database, which is then kept) and every later test
has that database copied over its own (`_grow`): the same rows each time."""

from __future__ import annotations

import itertools
import shutil
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, insert, select, text

from portal.data.db import db
from portal.data.models import Complaint, User
from portal.services.records import casework, clock, due_index
from portal.services.reporting import publishing
from portal.services.stage1 import actions as stage1
from portal.services.stage1 import safeguarding
from tests.integration.test_staff_support import get, sign_in
from tests.support import bulk
from tests.support.factories import make_complaint, make_resident, make_staff

STATUSES = ["received", "stage1", "stage1", "stage1_responded", "closed", "closed",
            "withdrawn", "stage2_requested"]
MOST = 25  # statements any one of these pages may send
QUEUE_MOST = 8  # a queue page: the signed-in user, the counts, the page, the handlers, the header
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
            # One in fifty a safeguarding concern (the queue's safeguarding tab).
            "safeguarding_on": received if n % 50 == 0 else None,
            "safeguarding_reason": "Risk" if n % 50 == 0 else None,
        })
    db.session.execute(insert(Complaint), rows)
    db.session.commit()
    due_index.rebuild()


def _bulk_lists(people: dict, count: int = 1000) -> None:
    """`count` more of every row the lists page through, in a few statements each."""
    ids = list(db.session.scalars(select(Complaint.id).order_by(Complaint.id)))
    today, now = clock.today(), datetime.now(UTC)
    due = [today + timedelta(days=n % 60 - 30) for n in range(count)]
    bulk.actions(ids, due, done=[on if n % 3 == 0 else None for n, on in enumerate(due)])
    bulk.actions(ids, due, kind="ombudsman_order")
    bulk.ombudsman_cases(ids[2:], today - timedelta(days=60), people["manager"])
    bulk.service_requests(people["ada"], people["manager"], len(ids[2:]), start=1,
                          from_complaint_ids=ids[2:])
    bulk.anonymous_reports(count, start=1)
    bulk.restrictions(people["ada"], people["manager"], ids[2:])
    made = [now - timedelta(hours=n % 200) for n in range(count)]
    bulk.contact_tasks(ids, made, done=[at if n % 2 else None for n, at in enumerate(made)],
                       done_by_id=people["manager"])
    bulk.outbox_messages(count)
    bulk.outbox_messages(count // 10, attempts=2, subject="Failed")
    bulk.authorities(people["adviser"], made, complaint_id=ids[-1])
    # Ada's drafts, who acts for her, and the petitions she leads (half of them signed);
    # the adviser's drafts for others, and as many of their own, which that list leaves out.
    bulk.drafts(people["ada"], made)
    bulk.drafts(people["adviser"], made, for_someone=True)
    bulk.drafts(people["adviser"], made)
    bulk.authorities(people["adviser"], made, resident_id=people["ada"], complaint_id=ids[0])
    for petition_id in bulk.petitions(people["ada"], made)[::2]:
        bulk.signatures(petition_id, [("E11AA|1 rose rd", "verified"),
                                      ("E11AA|2 rose rd", "unverified")])
    received = [date(2025, 6, 2) + timedelta(days=n % 200) for n in range(count // 2)]
    bulk.complaints(people["ada"], received, handler_id=people["manager"])
    due_index.rebuild()


# kind of database -> (the people fixture's ids, a copy of the grown database), per process
_GROWN: dict[str, tuple[dict, object]] = {}
_grown_serial = itertools.count()


def _release(app) -> None:
    """No connection of the app's left open, so its database can be copied or replaced."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            with db.engine.connect() as connection:
                connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
        db.engine.dispose()


def _grow(app, people: dict, request) -> None:
    """From the 10 complaints of `people` to 1,000 (`_bulk_complaints`, `_bulk_lists`).
    The first time in this process on each kind of database the rows are inserted and the
    database kept; after that the kept one replaces the test's own. The people fixture
    makes the same rows with the same ids every time (checked), so the kept database
    holds the test's people, signed-in sessions included."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    kind = "sqlite" if url.startswith("sqlite") else "postgresql"
    if kind in _GROWN:
        kept_people, kept = _GROWN[kind]
        assert people == kept_people
        _release(app)
        if kind == "sqlite":
            path = url.removeprefix("sqlite:///")
            shutil.copyfile(kept, path)
        else:
            server, name = request.getfixturevalue("postgres_server"), url.rsplit("/", 1)[1]
            server.execute(f"DROP DATABASE {name} WITH (FORCE)")
            server.clone(name, template=kept)
    else:
        with app.app_context():
            _bulk_complaints(990, people["manager"])
            assert db.session.query(Complaint).count() == 1000
            _bulk_lists(people)
        _release(app)
        if kind == "sqlite":
            kept = request.getfixturevalue("tmp_path_factory").mktemp("grown") / "g.sqlite"
            shutil.copyfile(url.removeprefix("sqlite:///"), kept)
        else:
            server, name = request.getfixturevalue("postgres_server"), url.rsplit("/", 1)[1]
            kept = f"grown_{next(_grown_serial)}_{name}"
            server.clone(kept, template=name)
        _GROWN[kind] = (dict(people), kept)
    with app.app_context():  # the resident's 500 from _bulk_lists besides
        assert db.session.query(Complaint).count() == 1500


@contextmanager
def counted():
    statements: list[tuple[str, object]] = []

    def count(_conn, _cursor, statement, parameters, *_args):
        statements.append((statement, parameters))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _counts(client, app, pages: list[str]) -> dict[str, int]:
    found = {}
    for url in pages:
        with app.app_context():
            # The footer's copy of the publish setting is read at most once a minute per
            # server (publishing.performance_shown_lately): made fresh here, so a page is
            # not counted one more statement only because a minute has passed.
            publishing.performance_shown_lately()
        with app.app_context(), counted() as statements:
            get(client, url)
        found[url] = len(statements)
        with app.app_context():
            scans = _full_scans(statements)
            assert scans == [], f"{url}: {scans}"
    return found


# Tables that stay small whatever the landlord's size (a scan of them is fine): the
# Ombudsman determines tens of a landlord's complaints a year, not thousands.
SMALL = {"closure_days", "calendar_marks", "chosen", "CONSTANT", "homes_figures",
         "reporting_settings", "ombudsman_cases"}


def _full_scans(statements) -> list[str]:
    """The plan steps that read a whole large table, or the whole of an index that is not
    partial, for each statement a page sent (SQLite: EXPLAIN QUERY PLAN). SQLite plans by
    the schema alone (the portal never runs ANALYZE on it), so the plan here is the plan
    at 100,000 complaints; a bad one there (bench/bench_scale.py) is caught here. On
    PostgreSQL plans follow the table statistics, so a thousand rows say nothing."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return []
    cursor = connection.connection.cursor()
    partial = {name for name, sql in cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        if " WHERE " in sql.upper()}
    tables = {name for (name,) in cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    bad = []
    for statement, parameters in statements:
        if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        steps = [row[3] for row in
                 cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters or ())]
        flat = " ".join(statement.split())
        # Walking a table or index in the order asked, with nothing filtered out and no
        # sort, stops at the page (LIMIT/OFFSET): the outbox newest first, all actions.
        walk = (" LIMIT " in flat and " WHERE " not in flat
                and not any("TEMP B-TREE" in step for step in steps))
        for step in steps:
            if not step.startswith("SCAN ") or walk:
                continue
            table = step.split()[1]
            index = step.split(" INDEX ", 1)[1].split()[0] if " INDEX " in step else None
            if (" USING COVERING INDEX " in step
                    and flat == f"SELECT count(*) AS count_1 FROM {table}"):
                continue  # a whole table counted on its narrowest index: the cheapest way
            # a subquery's rows, "(subquery-1)" or its alias (the queue's capped tab
            # counts), are checked by the subquery's own steps
            if table not in SMALL and table in tables and index not in partial:
                bad.append(f"{step}  <-  {flat[:700]}")
    return bad


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
        second = complaints[1]
        safeguarding.flag(manager, second, version=second.version, seen=0, reason="Risk")
        for n in range(8):
            make_complaint(make_resident(f"Other Resident {n}"),
                           received=date(2026, 2, 2) + timedelta(days=n))
        make_staff("administrator", name="Al Admin", email="admin@example.org")
        adviser = make_resident("Sam Adviser", email="adviser@example.org")
        # One of each row every list shows, so each list has rows in the small case too.
        today, now = clock.today(), datetime.now(UTC)
        bulk.actions([first.id], [today - timedelta(days=2), today + timedelta(days=5),
                                  today - timedelta(days=9)], done=[None, None, today])
        bulk.actions([first.id], [today + timedelta(days=20)], kind="ombudsman_order")
        bulk.ombudsman_cases([first.id, complaints[1].id], today - timedelta(days=60),
                             manager.id)
        bulk.service_requests(resident.id, manager.id, 1, from_complaint_ids=[first.id])
        bulk.anonymous_reports(1)
        bulk.contact_tasks([first.id], [now - timedelta(hours=30), now - timedelta(hours=2)],
                           done=[None, now - timedelta(hours=1)], done_by_id=manager.id)
        bulk.outbox_messages(1, attempts=2, subject="Failed")
        bulk.authorities(adviser.id, [now - timedelta(days=1)], complaint_id=complaints[1].id)
        bulk.authorities(adviser.id, [now - timedelta(days=3)], status="verified",
                         resident_id=resident.id, scope="all", name="Everything")
        bulk.drafts(resident.id, [now])
        bulk.drafts(adviser.id, [now], for_someone=True)
        led = bulk.petitions(resident.id, [now - timedelta(days=2), now])
        bulk.signatures(led[0], [("E11AA|1 rose rd", "verified"), ("E11AA|1 rose rd", "verified")])
        return {"manager": manager.id, "reference": first.reference, "ada": resident.id,
                "adviser": adviser.id}


def test_staff_pages_send_the_same_few_statements_with_10_or_1000_complaints(
        app, people, request):
    reference = people["reference"]
    pages = ["/staff", "/staff?tab=overdue", "/staff?tab=due_today", "/staff?tab=mine",
             "/staff?tab=stage2", "/staff?tab=closed", "/staff?tab=open&page=3",
             "/staff?tab=safeguarding",
             f"/staff?q={reference}", "/staff?q=ada", "/staff?q=E1+1AA",
             "/staff?category=repairs", f"/staff?tab=overdue&handler={people['manager']}",
             f"/staff/complaints/{reference}", "/staff/actions", "/staff/actions?tab=done",
             "/staff/actions?tab=overdue", "/staff/actions?tab=all&page=3",
             "/staff/actions?tab=ombudsman", "/staff/ombudsman",
             "/staff/ombudsman?tab=determined&page=2", "/staff/service-requests",
             "/staff/service-requests?page=3", "/staff/anonymous", "/staff/anonymous?page=2",
             "/staff/contact-tasks", "/staff/contact-tasks?page=2&done_page=2",
             "/staff/authorities", "/staff/authorities?page=9",
             "/staff/restrictions", "/staff/restrictions?page=3",
             "/staff/restrictions?status=lifted&page=2"]
    client = app.test_client()
    sign_in(client, "manager@example.org")
    small = _counts(client, app, pages)
    _grow(app, people, request)
    large = _counts(client, app, pages)
    assert large == small
    assert max(large.values()) <= MOST, large
    assert max(n for url, n in large.items() if url.split("?")[0] == "/staff") <= QUEUE_MOST


def test_the_outbox_sends_the_same_few_statements(app, people, request):
    pages = ["/staff/outbox", "/staff/outbox?page=7"]
    client = app.test_client()
    sign_in(client, "admin@example.org")
    small = _counts(client, app, pages)
    _grow(app, people, request)
    large = _counts(client, app, pages)
    assert large == small
    assert max(large.values()) <= MOST, large


@pytest.mark.parametrize(("email", "pages"), [
    ("ada@example.org", ["/complaints", "/complaints?page=5", "/complaints/{reference}",
                         "/complaints?drafts_page=3&page=2", "/your-representatives",
                         "/your-representatives?page=3", "/petitions", "/petitions?page=4"]),
    ("adviser@example.org", ["/representing", "/representing?page=4&following_page=3",
                             "/representing?drafts_page=5&following_page=2"]),
])
def test_the_residents_and_representatives_pages_send_the_same_few_statements(
        app, people, email, pages, request):
    pages = [url.format(reference=people["reference"]) for url in pages]
    client = app.test_client()
    sign_in(client, email)
    small = _counts(client, app, pages)
    _grow(app, people, request)
    large = _counts(client, app, pages)
    assert large == small
    assert max(large.values()) <= MOST, large
