"""Staff accounts (page and command line) and the close-no-reply job."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal import create_app
from portal.data.db import db
from portal.data.models import Complaint, Event, OutboxMessage, User
from portal.services.records import deadlines
from portal.services.responses import respond as responses
from portal.services.stage1 import actions as stage1
from portal.services.stage1 import jobs as stage1_jobs
from portal.services.stage1 import views as stage1_views
from portal.staff.cli import register_staff_cli
from tests.conftest import make_settings
from tests.integration.test_staff_support import act, complaint, get, no_csrf, sign_in
from tests.support.factories import make_complaint, make_resident, make_staff


def test_administrator_creates_a_staff_account_that_can_sign_in(app, client):
    no_csrf(app)
    with app.app_context():
        admin = make_staff("administrator", name="Ada Admin").email
    sign_in(client, admin)
    html = get(client, "/staff/accounts")
    assert "Ada Admin" in html
    act(client, "/staff/accounts/new", {"name": "Cas Handler", "email": "cas@example.org",
                                        "role": "case_handler",
                                        "password": "a long enough password"})
    assert "Cas Handler" in get(client, "/staff/accounts")
    response = act(client, "/staff/accounts/new", {
        "name": "Again", "email": "CAS@example.org", "role": "case_handler",
        "password": "a long enough password"}, status=400)
    assert "already exists" in response.get_data(as_text=True)
    response = act(client, "/staff/accounts/new", {
        "name": "X", "email": "x@example.org", "role": "wizard", "password": "short"},
        status=400)
    html = response.get_data(as_text=True)
    assert "Select a role" in html and "10 characters or more" in html

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "cas@example.org"))
        assert user.kind == "staff" and user.staff_role == "case_handler"
        assert db.session.scalar(select(func.count()).select_from(Event).where(
            Event.kind == "staff_account_created")) == 1
    other = app.test_client()
    other.post("/sign-in", data={"email": "cas@example.org",
                                 "password": "a long enough password"})
    assert other.get("/staff").status_code == 200


def test_staff_cli_create_and_list(app, cli):
    register_staff_cli(app)
    result = cli.invoke(args=["staff", "create", "--email", "sam@example.org", "--name",
                              "Sam Patel", "--role", "reviewer", "--password", "0123456789ab"])
    assert result.exit_code == 0, result.output
    assert "Created sam@example.org" in result.output
    again = cli.invoke(args=["staff", "create", "--email", "sam@example.org", "--name", "S",
                             "--role", "reviewer", "--password", "0123456789ab"])
    assert again.exit_code != 0 and "already exists" in again.output
    bad = cli.invoke(args=["staff", "create", "--email", "x@example.org", "--name", "S",
                           "--role", "wizard", "--password", "0123456789ab"])
    assert bad.exit_code != 0
    listed = cli.invoke(args=["staff", "list"])
    assert "sam@example.org\tSam Patel\tStage 2 reviewer" in listed.output


@pytest.fixture
def ids_app(tmp_path, database_url):
    app = create_app(make_settings(tmp_path, database_url, profile="ids"))
    register_staff_cli(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _responded(app, sent_on: date) -> str:
    """A complaint whose stage 1 response was sent on `sent_on` (IDS profile)."""
    with app.test_request_context():
        staff = make_staff("complaints_manager")
        found = make_complaint(make_resident(), received=sent_on - timedelta(days=7))
        stage1.acknowledge(staff, found, version=found.version, seen=0,
                             definitions={i.id: "Our understanding" for i in found.issues},
                             handler_id=staff.id, on=sent_on - timedelta(days=6))
        found = complaint(found.reference)
        responses.respond(staff, found, version=found.version, seen=0, on=sent_on,
                         draft=responses.ResponseDraft(decisions=[
                             responses.IssueDecision(i.id, "upheld", "Reasons")
                             for i in found.issues]))
        return found.reference


def test_close_no_reply_closes_after_21_working_days_and_is_idempotent(ids_app):
    app = ids_app
    sent_on = date(2026, 3, 16)
    ref = _responded(app, sent_on)
    with app.test_request_context():
        found = complaint(ref)
        due = deadlines.raw_deadlines(found)["close_if_no_reply"].due_on
        # 21 working days after Monday 16 March 2026, skipping Good Friday (3 April)
        # and Easter Monday (6 April).
        assert due == date(2026, 4, 16)
        handler = db.session.get(User, found.handler_id)
        response = stage1_views.case_view(handler, found).responses[0]
        assert response.content["next_steps"]["escalate_by"] == due.isoformat()
        assert response.content["next_steps"]["reasons_required"] is True
    cli = app.test_cli_runner()

    on_the_day = cli.invoke(args=["complaints", "close-no-reply", "--today", due.isoformat()])
    assert on_the_day.exit_code == 0, on_the_day.output
    assert "0 complaint(s) closed" in on_the_day.output

    after = (due + timedelta(days=1)).isoformat()
    first = cli.invoke(args=["complaints", "close-no-reply", "--today", after])
    assert first.exit_code == 0, first.output
    assert f"Closed {ref}" in first.output and "1 complaint(s) closed" in first.output
    second = cli.invoke(args=["complaints", "close-no-reply", "--today", after])
    assert "0 complaint(s) closed" in second.output

    with app.app_context():
        found = complaint(ref)
        assert found.status == "closed" and found.closed_reason == "no_reply"
        assert found.closed_on == due + timedelta(days=1)
        closing = db.session.scalars(select(Event).where(
            Event.complaint_id == found.id, Event.kind == "complaint_closed")).all()
        assert len(closing) == 1 and "did not hear back" in closing[0].summary
        assert closing[0].internal is False and closing[0].actor_id is None
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.kind == "closed")) == 1


def test_close_no_reply_leaves_a_complaint_the_resident_answered(ids_app):
    app = ids_app
    ref = _responded(app, date(2026, 3, 2))
    with app.test_request_context():
        found = complaint(ref)
        from portal.services.stage1 import resident as resident_actions

        resident_actions.add_information(found, found.resident, "I am not happy with this.", [])
        closed = stage1_jobs.close_no_reply(date(2026, 5, 1))
        assert closed == []
        assert complaint(ref).status == "stage1_responded"


def test_close_no_reply_ignores_profiles_without_the_rule(app):
    with app.test_request_context():
        staff = make_staff("complaints_manager")
        found = make_complaint(make_resident(), received=date(2026, 3, 2))
        found.status = "stage1_responded"
        found.stage1_sent_on = date(2026, 3, 3)
        db.session.commit()
        assert stage1_jobs.close_no_reply(date(2027, 1, 1)) == []
        assert db.session.scalar(select(Complaint.status)) == "stage1_responded"
        assert staff.id


def test_close_no_reply_runs_safely_at_the_same_time_as_itself(ids_app):
    import threading

    app = ids_app
    refs = [_responded(app, date(2026, 3, 16)) for _ in range(4)]
    results: list[list[str]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run():
        try:
            with app.app_context():
                start.wait()
                results.append(stage1_jobs.close_no_reply(date(2026, 5, 1)))
                db.session.remove()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    closed = [ref for result in results for ref in result]
    assert sorted(closed) == sorted(refs)  # each closed once, by one run or the other
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event).where(
            Event.kind == "complaint_closed")) == 4
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.kind == "closed")) == 4
