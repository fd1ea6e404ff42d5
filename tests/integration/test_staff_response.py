"""The stage 1 response: one transaction for the letter, the decisions, the actions,
the status and the email; the resident downloads exactly the stored bytes."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import Action, Document, Event, OutboxMessage, Response
from portal.services.correspondence import letters
from portal.services.records import casework
from tests.integration.test_staff_support import (
    acknowledge,
    act,
    complaint,
    date_fields,
    get,
    no_csrf,
    response_data,
    sign_in,
    staff_and_complaint,
)


def _ready(app, client, **complaint_args):
    email, ref = staff_and_complaint(no_csrf(app), **complaint_args)
    sign_in(client, email)
    acknowledge(client, ref)
    return ref


def _count(model, **where):
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.session.scalar(query)


def test_response_is_issued_stored_once_and_downloaded_exactly(app, client):
    ref = _ready(app, client, adjustments=["large_print"])
    url = f"/staff/complaints/{ref}/stage-1-response"
    with app.app_context():
        due = casework.today() + timedelta(days=14)
    act(client, url, response_data(**date_fields("actions-0-due_on", due)))

    with app.app_context():
        found = complaint(ref)
        assert found.status == "stage1_responded"
        assert found.stage1_sent_on == casework.today()
        assert [i.decision for i in found.issues] == ["upheld", "partially_upheld"]
        [response] = db.session.scalars(select(Response)).all()
        assert response.stage == 1 and response.kind == "response"
        assert response.content["issues"][0]["decision"] == "upheld"
        assert response.content["compensation"] == "150"
        assert response.document.kind == "response_letter"
        assert response.large_print_document.kind == "response_letter"
        stored = response.document.file
        assert stored.sha256 == hashlib.sha256(stored.data).hexdigest()
        assert stored.data.startswith(b"%PDF-")
        [action] = db.session.scalars(select(Action)).all()
        assert (action.description, action.owner, action.due_on) == ("Treat the damp",
                                                                     "Repairs team", due)
        assert action.response_id == response.id
        [mail] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "responded")).all()
        link = re.search(r"http://\S+/documents/(\d+)", mail.text)
        assert int(link.group(1)) == response.document_id
        assert "Large print" in mail.text
        assert _count(Event, kind="stage1_responded") == 1
        document_id, resident_email = response.document_id, found.resident.email
        expected = stored.data

    resident = app.test_client()
    sign_in(resident, resident_email)
    download = resident.get(f"/complaints/{ref}/documents/{document_id}")
    assert download.status_code == 200
    assert download.data == expected
    assert download.headers["ETag"].strip('"') == hashlib.sha256(expected).hexdigest()
    # Staff download the same bytes.
    assert client.get(f"/staff/complaints/{ref}/documents/{document_id}").data == expected


def test_render_failure_saves_nothing_and_keeps_what_was_typed(app, client, monkeypatch):
    ref = _ready(app, client)
    url = f"/staff/complaints/{ref}/stage-1-response"

    def broken(*args, **kwargs):
        raise RuntimeError("the PDF engine fell over")

    monkeypatch.setattr(letters, "pdf_from_html", broken)
    with app.app_context():
        due = casework.today() + timedelta(days=7)
        before = _count(Event)
    data = response_data(**date_fields("actions-0-due_on", due),
                         apology="A very particular apology, typed with care.")
    response = act(client, url, data, status=400)
    html = response.get_data(as_text=True)
    assert "The letter could not be created. Nothing has been sent. Try again." in html
    assert "A very particular apology, typed with care." in html
    assert "Treat the damp" in html and 'value="£150"' in html
    assert 'value="upheld" checked' in html
    assert html.count("<title>Error: ") == 1

    with app.app_context():
        found = complaint(ref)
        assert found.status == "stage1" and found.stage1_sent_on is None
        assert [i.decision for i in found.issues] == [None, None]
        assert _count(Response) == 0 and _count(Action) == 0
        assert _count(Document, kind="response_letter") == 0
        assert _count(OutboxMessage, kind="responded") == 0
        assert _count(Event) == before

    # Once the engine works again, the same form goes through.
    monkeypatch.undo()
    act(client, url, data, page=html)
    with app.app_context():
        assert complaint(ref).status == "stage1_responded"


def test_add_another_action_keeps_the_form_and_saves_nothing(app, client):
    ref = _ready(app, client)
    url = f"/staff/complaints/{ref}/stage-1-response"
    page = get(client, url)
    assert 'name="actions-1-description"' not in page
    response = act(client, url, {**response_data(), "add_action": "y"}, status=200, page=page)
    html = response.get_data(as_text=True)
    assert 'name="actions-1-description"' in html and 'id="actions-1-due_on-day"' in html
    assert "The damp was reported and not fixed." in html
    with app.app_context():
        assert complaint(ref).status == "stage1" and _count(Response) == 0


def test_response_form_validates_money_decisions_and_half_filled_actions(app, client):
    ref = _ready(app, client)
    url = f"/staff/complaints/{ref}/stage-1-response"
    response = act(client, url, response_data(**{
        "compensation": "lots", "issues-1-decision": "", "actions-0-owner": ""}), status=400)
    html = response.get_data(as_text=True)
    assert "Compensation must be an amount in pounds" in html
    assert "Select a decision for issue 2" in html and 'href="#issues-1-decision"' in html
    assert "Enter who will do action 1" in html
    assert "Enter the due date for action 1" in html
    with app.app_context():
        assert _count(Response) == 0


def test_letter_gets_decisions_money_actions_and_next_steps(app, client, monkeypatch):
    ref = _ready(app, client)
    seen = {}
    real = letters.render_html  # the PDF is laid out from what this renders

    def spy(template, context, **kwargs):
        seen.update(context, template=template)
        return real(template, context, **kwargs)

    monkeypatch.setattr(letters, "render_html", spy)
    act(client, f"/staff/complaints/{ref}/stage-1-response",
        response_data(compensation="1,200.5", **{"actions-0-description": "",
                                                  "actions-0-owner": ""}))
    assert seen["template"] == "documents/response.html"
    assert seen["compensation"] == "£1,200.50"
    assert seen["actions"] == []
    assert [i["decision_label"] for i in seen["issues"]] == ["Upheld", "Partially upheld"]
    steps = seen["next_steps"]
    # The Code's own profile sets no window and must not require reasons (6.12).
    assert steps["can_escalate"] and steps["escalate_by"] is None
    assert steps["reasons_required"] is False and not steps["final"]
    assert seen["recipient"]["address_lines"] == ["1 Example Street", "E1 1AA"]
    assert seen["signed_by"]["role"] == "Complaints manager"


def test_the_letter_is_rendered_before_anything_is_written(app, client, monkeypatch):
    """WeasyPrint can take a second or more: on SQLite the write lock (taken at the first
    write) must not be held while it works, or every other writer waits."""
    ref = _ready(app, client)
    states, calls = [], []
    real = letters.pdf_from_html

    def spy(html):
        calls.append(html)
        connection = db.session.connection()
        if connection.dialect.name == "sqlite":
            states.append(connection.connection.driver_connection.in_transaction)
        return real(html)

    monkeypatch.setattr(letters, "pdf_from_html", spy)
    act(client, f"/staff/complaints/{ref}/stage-1-response",
        response_data(**{"actions-0-description": "", "actions-0-owner": ""}))
    assert calls and all(state is False for state in states)
    with app.app_context():
        assert _count(Response) == 1
