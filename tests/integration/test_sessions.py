"""A signed-in session ends for good: a cookie copied before signing out, a password reset
or a switch-off is refused afterwards, and every session ends after its idle and absolute
time limits (portal.web.sessions)."""

from __future__ import annotations

import re
import time

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import OutboxMessage
from portal.web.sessions import LAST_SEEN, SIGNED_IN_AT
from tests.support.factories import make_resident, make_staff
from tests.support.web import post, sign_in


def _copy(client, app):
    """A second browser holding a copy of this one's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _signed_in(client, url: str = "/complaints") -> bool:
    response = client.get(url)
    if response.status_code == 200:
        return True
    assert response.status_code in (302, 303, 404), response.status_code
    if response.status_code != 404:
        assert "/sign-in" in response.headers["Location"]
    return False


def _shift(client, **seconds_ago) -> None:
    """Move the session's sign-in and last-seen times into the past."""
    with client.session_transaction() as session:
        for key, ago in seconds_ago.items():
            session[key] = time.time() - ago


def test_a_cookie_copied_before_signing_out_is_refused_after(client, app):
    with app.app_context():
        make_resident(email="out@example.org")
    sign_in(client, "out@example.org")
    other_device = app.test_client()
    sign_in(other_device, "out@example.org")
    copied = _copy(client, app)
    assert _signed_in(copied)
    post(client, "/sign-out", from_url="/complaints", status=303)
    assert not _signed_in(client)
    assert not _signed_in(copied)
    assert not _signed_in(other_device)  # signing out ends every session of the account
    sign_in(client, "out@example.org")  # and signing in again works
    assert _signed_in(client)
    assert not _signed_in(copied)


def test_a_cookie_copied_before_a_password_reset_is_refused_after(client, app):
    with app.app_context():
        make_resident(email="reset@example.org")
    sign_in(client, "reset@example.org")
    copied = _copy(client, app)
    post(app.test_client(), "/forgot-password", {"email": "reset@example.org"}, status=303)
    with app.app_context():
        text = db.session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.to == "reset@example.org").order_by(OutboxMessage.id.desc())).first()
    link = re.search(r"http://127\.0\.0\.1:5000(/reset-password/\S+)", text).group(1)
    post(app.test_client(), link, {"password": "a brand new passphrase",
                                   "confirm": "a brand new passphrase"}, status=303)
    assert not _signed_in(copied)
    assert not _signed_in(client)


def test_a_cookie_copied_before_a_switch_off_is_refused_even_once_switched_on(client, app):
    with app.app_context():
        admin, leaver = make_staff("administrator"), make_staff("case_handler")
        admin_email, leaver_email, leaver_id = admin.email, leaver.email, leaver.id
    sign_in(client, leaver_email)
    copied = _copy(client, app)
    assert _signed_in(copied, "/staff")
    boss = app.test_client()
    sign_in(boss, admin_email)
    post(boss, f"/staff/accounts/{leaver_id}/switch-off", {}, status=303,
         from_url="/staff/accounts")
    assert not _signed_in(copied, "/staff")
    post(boss, f"/staff/accounts/{leaver_id}/switch-on", {}, status=303,
         from_url="/staff/accounts")
    assert not _signed_in(copied, "/staff")
    assert not _signed_in(client, "/staff")


def test_a_resident_s_session_ends_after_two_hours_unused(client, app):
    with app.app_context():
        make_resident(email="idle@example.org")
    sign_in(client, "idle@example.org")
    _shift(client, last_seen=119 * 60)
    assert _signed_in(client)  # and using it starts the idle time again
    with client.session_transaction() as session:
        assert time.time() - session[LAST_SEEN] < 5
    _shift(client, last_seen=121 * 60)
    response = client.get("/complaints")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "you were signed out after 120 minutes without using the service" in page
    assert not _signed_in(client)


def test_a_staff_session_ends_after_an_hour_unused(client, app):
    with app.app_context():
        email = make_staff("case_handler").email
    sign_in(client, email)
    _shift(client, last_seen=59 * 60)
    assert _signed_in(client, "/staff")
    _shift(client, last_seen=61 * 60)
    assert not _signed_in(client, "/staff")


def test_every_session_ends_twelve_hours_after_signing_in_however_busy(client, app):
    with app.app_context():
        make_resident(email="busy@example.org")
    sign_in(client, "busy@example.org")
    _shift(client, signed_in_at=11 * 3600 + 59 * 60, last_seen=10)
    assert _signed_in(client)
    _shift(client, signed_in_at=12 * 3600 + 60, last_seen=10)
    assert not _signed_in(client)


def test_a_session_without_its_times_is_refused(client, app):
    with app.app_context():
        make_resident(email="old@example.org")
    sign_in(client, "old@example.org")
    with client.session_transaction() as session:
        del session[SIGNED_IN_AT]
    assert not _signed_in(client)


def test_the_limits_are_settings(tmp_path, database_url):
    from portal import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings(tmp_path, database_url, resident_idle_minutes=5,
                                   session_hours=1))
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 3600
    client = app.test_client()
    with app.app_context():
        make_resident(email="short@example.org")
    sign_in(client, "short@example.org")
    _shift(client, last_seen=6 * 60)
    assert not _signed_in(client)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
