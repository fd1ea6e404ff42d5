"""An administrator sets TP09, a complaint home's stock type and whether the public
performance page is published, in the portal; the forms say what to fix and keep what
was typed; others are refused; hidden, the page is a 404 and the footer link goes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.data.models import Complaint, Event, Tp09Result
from portal.services.reporting import publishing
from tests.support.factories import make_complaint, make_staff
from tests.support.web import get, post, sign_in

PAGE = "/staff/reports/figures"


@pytest.mark.parametrize("role", ["complaints_manager", "board_member", "case_handler"])
def test_only_an_administrator(app, client, role):
    with app.app_context():
        email = make_staff(role).email
    sign_in(client, email)
    assert client.get(PAGE).status_code == 403


def test_tp09_and_stock_type(app, client):
    from portal.data.db import db

    with app.app_context():
        email = make_staff("administrator").email
        reference = make_complaint().reference
    sign_in(client, email)
    get(client, PAGE)
    response = post(client, f"{PAGE}/tp09", {"year": "2026", "percent": "101",
                                             "respondents": "850"}, from_url=PAGE)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "between 0 and 100" in html
    assert 'value="101"' in html and 'value="850"' in html
    response = post(client, f"{PAGE}/tp09", {"year": "2026", "percent": "71.44",
                                             "respondents": "850"}, from_url=PAGE)
    assert response.status_code == 303
    response = post(client, f"{PAGE}/stock-type", {"reference": "CMP-2026-999999",
                                                   "stock_type": "LCHO"}, from_url=PAGE)
    assert response.status_code == 400
    assert "No complaint has the reference CMP-2026-999999" in response.get_data(as_text=True)
    response = post(client, f"{PAGE}/stock-type", {"reference": reference.lower(),
                                                   "stock_type": "LCHO"}, from_url=PAGE)
    assert response.status_code == 303
    with app.app_context():
        found = db.session.get(Tp09Result, 2026)
        assert (found.percent, found.respondents) == (Decimal("71.4"), 850)
        complaint = db.session.scalar(select(Complaint).where(
            Complaint.reference == reference))
        assert complaint.stock_type == "LCHO"
        event = db.session.scalar(select(Event).where(Event.kind == "stock_type_set"))
        assert event.actor_id is not None and event.internal


def test_hiding_the_public_page(app, client):
    from portal.data.db import db

    with app.app_context():
        email = make_staff("administrator").email
    public = app.test_client()
    assert public.get("/complaints-performance").status_code == 200
    assert "Our complaints performance" in public.get("/").get_data(as_text=True)
    sign_in(client, email)
    response = post(client, f"{PAGE}/publishing", {}, from_url=PAGE)
    assert response.status_code == 400
    assert "Select whether to publish the page" in response.get_data(as_text=True)
    assert post(client, f"{PAGE}/publishing", {"shown": "no"},
                from_url=PAGE).status_code == 303
    assert public.get("/complaints-performance").status_code == 404
    assert public.get("/complaints-performance/2026.pdf").status_code == 404
    assert "Our complaints performance" not in public.get("/").get_data(as_text=True)
    with app.app_context():
        assert publishing.performance_shown() is False
        assert db.session.scalar(select(Event.summary).where(
            Event.kind == "setting_changed")) == "Public complaints performance page hidden"
    assert post(client, f"{PAGE}/publishing", {"shown": "yes"},
                from_url=PAGE).status_code == 303
    assert public.get("/complaints-performance").status_code == 200
