"""The database fails while a form is being saved: a 503 with Retry-After, nothing
saved, and what the person typed shown back in a form that sends it again."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from portal.data.db import db
from portal.data.models import Draft
from portal.services.intake import drafts as intake
from tests.support.factories import make_resident
from tests.support.web import csrf_token, sign_in


def _locked(*_args, **_kwargs):
    raise OperationalError("UPDATE drafts", {}, Exception("database is locked"))


def test_a_question_page_that_cannot_be_saved_keeps_what_was_typed(app, monkeypatch):
    client = app.test_client()
    with app.app_context():
        resident = make_resident(email="locked@example.org")
        draft_id = intake.new_draft(resident).id
        intake.save_answers(db.session.get(Draft, draft_id), category="repairs")
    sign_in(client, "locked@example.org")
    url = f"/complaints/new/{draft_id}/issues/0"
    token = csrf_token(client.get(url).get_data(as_text=True))
    monkeypatch.setattr(intake, "save_issue", _locked)
    words = "The boiler has been broken since 3 November & nobody came <twice>"
    response = client.post(url, data={
        "csrf_token": token, "summary": "Broken boiler", "details": words,
        "happened_on-day": "3", "happened_on-month": "11", "happened_on-year": "2026",
        "outcome_wanted": "Fix it"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    html = response.get_data(as_text=True)
    assert "Sorry, we could not save that just now" in html
    assert "Broken boiler" in html and "nobody came &lt;twice&gt;" in html
    assert f'action="{url}"' in html and 'name="csrf_token"' in html
    with app.app_context():
        assert (db.session.get(Draft, draft_id).answers or {}).get("issues") in (None, [])


def test_a_page_that_cannot_be_read_says_try_again_not_a_500(app, monkeypatch):
    client = app.test_client()
    with app.app_context():
        make_resident(email="reader@example.org")
    sign_in(client, "reader@example.org")
    monkeypatch.setattr(intake, "drafts_of", _locked)
    response = client.get("/complaints")
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert "Try again in a minute" in response.get_data(as_text=True)
