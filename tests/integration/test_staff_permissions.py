"""Who may do what: each staff role only its own actions (403 otherwise, on the route and
in the service), residents get 404 on every staff URL, and every POST needs CSRF."""

from __future__ import annotations

import re

import pytest

from portal.data.db import db
from portal.data.models import User
from portal.domain.permissions import PERMISSIONS, STAFF_ROLES
from portal.services.accounts import staff as staff_accounts
from portal.services.records import casework
from portal.services.stage1 import actions as stage1
from tests.integration.test_staff_support import (
    complaint,
    get,
    no_csrf,
    sign_in,
    staff_and_complaint,
)
from tests.support.factories import PASSWORD, make_complaint, make_resident, make_staff

# (URL under /staff/complaints/<ref>, or a bare /staff URL; the permission it needs)
PAGES = [
    ("", "view_complaint"),
    ("/acknowledge", "acknowledge"),
    ("/refuse", "refuse"),
    ("/change-handler", "reassign"),
    ("/log-contact", "log_contact"),
    ("/extend", "extend"),
    ("/resolve-at-first-contact", "resolve_first_contact"),
    ("/stage-1-response", "respond"),
    ("/close", "close"),
    ("/staff", "view_queue"),
    ("/staff/accounts", "manage_staff"),
    ("/staff/accounts/new", "manage_staff"),
]


def _url(path: str, ref: str) -> str:
    return path if path.startswith("/staff") else f"/staff/complaints/{ref}{path}"


@pytest.mark.parametrize("role", list(STAFF_ROLES))
def test_each_role_reaches_only_its_own_pages(app, client, role):
    email, ref = staff_and_complaint(app, role)
    sign_in(client, email)
    for path, permission in PAGES:
        expected = 200 if permission in PERMISSIONS[role] else 403
        html = get(client, _url(path, ref), status=expected)
        if expected == 403:
            assert "You do not have permission to do this" in html


@pytest.mark.parametrize("role", list(STAFF_ROLES))
def test_a_forbidden_post_changes_nothing(app, client, role):
    email, ref = staff_and_complaint(no_csrf(app), role)
    sign_in(client, email)
    for path, permission in PAGES:
        if not path or path.startswith("/staff") or permission in PERMISSIONS[role]:
            continue
        response = client.post(_url(path, ref), data={"summary": "x", "reason": "x"})
        assert response.status_code == 403, path
    with app.app_context():
        assert complaint(ref).status == "received"


def test_the_services_check_the_role_too(app):
    email, ref = staff_and_complaint(app, "reviewer")
    with app.test_request_context():
        reviewer = db.session.scalar(db.select(User).where(User.email == email))
        found = complaint(ref)
        calls = [
            lambda: stage1.acknowledge(reviewer, found, version=found.version, seen=0,
                                         definitions={}, handler_id=reviewer.id),
            lambda: stage1.refuse(reviewer, found, version=found.version, seen=0,
                                    reasons=["late"], detail=""),
            lambda: stage1.resolve_first_contact(reviewer, found, version=found.version,
                                                   seen=0, summary="x", agreed=True,
                                                   agreed_by="Jo", agreed_how="phone",
                                                   agreed_on=found.received_on),
            lambda: staff_accounts.staff_accounts(reviewer),
        ]
        for call in calls:
            with pytest.raises(casework.NotAllowed):
                call()
        assert complaint(ref).status == "received"


def test_residents_get_404_on_every_staff_url(app, client):
    _email, ref = staff_and_complaint(no_csrf(app))
    with app.app_context():
        resident = make_resident("Rae Resident").email
    sign_in(client, resident)
    for path, _permission in PAGES:
        get(client, _url(path, ref), status=404)
        if path not in ("", "/staff", "/staff/accounts"):
            assert client.post(_url(path, ref), data={"summary": "x"}).status_code == 404
    with app.app_context():
        assert complaint(ref).status == "received"


def test_signed_out_people_are_sent_to_sign_in(app, client):
    _email, ref = staff_and_complaint(app)
    for path, _permission in PAGES:
        response = client.get(_url(path, ref))
        assert response.status_code == 302
        assert "/sign-in" in response.headers["Location"]


def test_a_post_without_the_csrf_token_is_refused(app, client):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    email, ref = staff_and_complaint(app, "complaints_manager")
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/sign-in", data={"email": email, "password": PASSWORD,
                                         "csrf_token": token}).status_code == 303
    url = f"/staff/complaints/{ref}/resolve-at-first-contact"
    form = get(client, url)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    response = client.post(url, data={"summary": "Fixed it", "version": version, "seen": "0"})
    assert response.status_code == 400
    with app.app_context():
        assert complaint(ref).status == "received"
    # With the token it goes through.
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    from portal.services.records import clock

    today = clock.today()
    response = client.post(url, data={"summary": "Fixed it", "version": version, "seen": "0",
                                      "agreed": "y", "agreed_by": "Jo Resident",
                                      "agreed_how": "phone", "agreed_on-day": today.day,
                                      "agreed_on-month": today.month,
                                      "agreed_on-year": today.year, "csrf_token": token})
    assert response.status_code == 303


def test_an_administrator_switches_a_leaver_off_and_their_session_ends(app, client):
    from tests.support.factories import make_staff
    from tests.support.web import get, post, sign_in

    with app.app_context():
        admin = make_staff("administrator", name="Ade Admin")
        leaver = make_staff("case_handler", name="Lee Leaver")
        admin_email, leaver_email, leaver_id = admin.email, leaver.email, leaver.id
    theirs = app.test_client()
    sign_in(theirs, leaver_email)
    assert theirs.get("/staff").status_code == 200
    sign_in(client, admin_email)
    page = get(client, "/staff/accounts").get_data(as_text=True)
    assert 'Switch off<span class="govuk-visually-hidden"> Lee Leaver' in page
    assert "Switch off<span class=\"govuk-visually-hidden\"> Ade Admin" not in page
    post(client, f"/staff/accounts/{leaver_id}/switch-off", {}, status=303,
         from_url="/staff/accounts")
    page = get(client, "/staff/accounts").get_data(as_text=True)
    assert "Lee Leaver can no longer sign in." in page
    assert 'Switch on<span class="govuk-visually-hidden"> Lee Leaver' in page
    # Their open session has ended, and they cannot sign in again.
    assert theirs.get("/staff").status_code in (302, 303, 401)
    again = app.test_client()
    response = post(again, "/sign-in", {"email": leaver_email, "password": "correct horse battery"})
    assert response.status_code == 400
    # Switched on again, they can.
    post(client, f"/staff/accounts/{leaver_id}/switch-on", {}, status=303,
         from_url="/staff/accounts")
    sign_in(app.test_client(), leaver_email)


def test_an_administrator_cannot_switch_themselves_off(app, client):
    from tests.support.factories import make_staff
    from tests.support.web import get, post, sign_in

    with app.app_context():
        admin = make_staff("administrator", name="Ade Admin")
        admin_email, admin_id = admin.email, admin.id
    sign_in(client, admin_email)
    post(client, f"/staff/accounts/{admin_id}/switch-off", {}, status=303,
         from_url="/staff/accounts")
    page = get(client, "/staff/accounts").get_data(as_text=True)
    assert "You cannot switch off your own account" in page


def test_the_acknowledge_page_links_only_to_what_the_role_may_do(app, client):
    """A case handler may not refuse a complaint: the page does not offer it (issue 15,
    item 12); customer services may, and are offered it."""
    with app.app_context():
        found = make_complaint()
        reference = found.reference
        make_staff("case_handler", email="ch@staff.example")
        make_staff("customer_services", email="cs@staff.example")
    sign_in(client, "ch@staff.example")
    page = get(client, f"/staff/complaints/{reference}/acknowledge")
    assert "/refuse" not in page and "Resolve it at first contact" in page
    other = app.test_client()
    sign_in(other, "cs@staff.example")
    page = get(other, f"/staff/complaints/{reference}/acknowledge")
    assert f"/staff/complaints/{reference}/refuse" in page and "resolve it at first contact" in page
