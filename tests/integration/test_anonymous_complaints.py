"""Anonymous complaints (issue 16 §2): southern-2022 "Anonymous complaints": "we'll still
record and monitor anonymous complaints" (its profile: who.anonymous = "in_confidence"),
so anyone can send one without signing in, limited per client address, and staff see
them; ISHA 001 §2.3 ("Complaints submitted anonymously – although we may still
investigate the matter") and the Code profile show what the policy says instead."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal import create_app
from portal.data.db import db
from portal.data.models import AnonymousReport, User
from portal.services.accounts import throttle
from portal.services.intake import anonymous
from tests.conftest import make_settings
from tests.integration.test_staff_support import get, sign_in
from tests.support.factories import make_staff
from tests.support.web import csrf_token

REPORT = {"category": "neighbourhood", "summary": "Fly-tipping behind Block C",
          "details": "Bags of rubbish have been left for two weeks.",
          "place": "Behind Block C, Mill Estate"}


@pytest.fixture
def southern(tmp_path, database_url):
    app = create_app(make_settings(tmp_path, database_url, profile="southern-2022"))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(AnonymousReport))


def test_anyone_can_send_one_and_staff_see_it(southern):
    client = southern.test_client()
    assert "make a complaint anonymously" in get(client, "/")
    page = get(client, "/anonymous-complaint")
    assert "we do not ask for your name" in page and 'name="email"' not in page
    token = csrf_token(page)
    # Nothing typed: the form again, with the error summary; what was typed kept.
    response = client.post("/anonymous-complaint", data={
        "csrf_token": token, "category": "neighbourhood", "place": "Block C"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in html
    assert 'href="#summary"' in html and "Block C" in html
    response = client.post("/anonymous-complaint", data={"csrf_token": token, **REPORT})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Anonymous complaint received" in html
    with southern.app_context():
        [found] = db.session.scalars(select(AnonymousReport)).all()
        assert found.reference.startswith("ANON-") and found.reference in html
        assert found.summary == "Fly-tipping behind Block C"
        assert found.place == "Behind Block C, Mill Estate"
        assert db.session.scalar(select(func.count()).select_from(User)) == 0  # no account
        staff_email = make_staff("case_handler").email
        admin_email = make_staff("administrator").email
    staff = southern.test_client()
    sign_in(staff, staff_email)
    listed = get(staff, "/staff/anonymous")
    assert "Anonymous complaints: 1" in listed and "Fly-tipping behind Block C" in listed
    admin = southern.test_client()
    sign_in(admin, admin_email)
    assert admin.get("/staff/anonymous").status_code == 403
    assert client.get("/staff/anonymous").status_code in (302, 303)  # sign in first


def test_a_client_is_limited(southern, monkeypatch):
    monkeypatch.setitem(throttle.LIMITS, "anonymous_report",
                        throttle.Limit(2, throttle.LIMITS["anonymous_report"].window))
    client = southern.test_client()
    token = csrf_token(get(client, "/anonymous-complaint"))
    for _ in range(2):
        assert client.post("/anonymous-complaint",
                           data={"csrf_token": token, **REPORT}).status_code == 200
    response = client.post("/anonymous-complaint", data={"csrf_token": token, **REPORT})
    html = response.get_data(as_text=True)
    assert response.status_code == 429 and "Too many attempts" in html
    assert "Fly-tipping behind Block C" in html  # nothing typed is lost
    with southern.app_context():
        assert _count() == 2


def test_profiles_that_exclude_them_show_the_signpost(tmp_path, database_url):
    for profile, words in (("isha", "although we may still investigate the matter"),
                           ("hos-code-2024", "does not provide for anonymous complaints")):
        app = create_app(make_settings(tmp_path / profile, database_url, profile=profile))
        try:
            client = app.test_client()
            page = get(client, "/anonymous-complaint")
            assert words in page and 'name="details"' not in page
            assert "make a complaint anonymously" not in get(client, "/")
            response = client.post("/anonymous-complaint", data=REPORT)
            assert response.status_code in (200, 400)
            with app.app_context():
                assert _count() == 0
                assert not anonymous.accepted()
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
