"""Registering, asking for a password reset and asking for the confirmation email again do
the same work whether or not the address has an account, so the time taken does not tell
(counted, not timed: the password hashing, the link token and the email written)."""

from __future__ import annotations

from collections import Counter

import pytest
from itsdangerous import URLSafeTimedSerializer

from portal.services.accounts import users
from portal.services.correspondence import outbox
from tests.support.factories import make_resident
from tests.support.web import post


@pytest.fixture
def work(monkeypatch) -> Counter:
    """What each request costs: password hashes, signed tokens, email templates rendered."""
    counts: Counter = Counter()

    def counting(name, real, key=lambda *a, **k: True):
        def wrapper(*args, **kwargs):
            if key(*args, **kwargs):
                counts[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(users, "generate_password_hash",
                        counting("hash", users.generate_password_hash))
    ours = lambda serializer, *a, **k: b"portal-" in (  # noqa: E731  (not CSRF tokens)
        serializer.salt if isinstance(serializer.salt, bytes) else serializer.salt.encode())
    monkeypatch.setattr(URLSafeTimedSerializer, "dumps",
                        counting("token", URLSafeTimedSerializer.dumps, ours))
    is_email = lambda template, *a, **k: template.startswith("email/")  # noqa: E731
    monkeypatch.setattr(users, "render_template",
                        counting("email", users.render_template, is_email))
    monkeypatch.setattr(outbox, "render_template",
                        counting("email", outbox.render_template, is_email))
    return counts


def _cost(work: Counter, client, url: str, data: dict) -> Counter:
    page = client.get(url if url != "/resend-confirmation" else "/check-your-email")
    assert page.status_code == 200
    work.clear()
    post(client, url, data, from_url=url if url != "/resend-confirmation"
         else "/check-your-email", status=303)
    return Counter(work)


def test_registering_hashes_the_password_for_a_known_address_too(app, client, work):
    with app.app_context():
        make_resident(email="known@example.org")
    form = {"account_type": "resident", "name": "Someone", "password": "a long passphrase",
            "confirm": "a long passphrase"}
    known = _cost(work, client, "/register", {**form, "email": "known@example.org"})
    unknown = _cost(work, client, "/register", {**form, "email": "new@example.org"})
    assert known["hash"] == unknown["hash"] == 1
    assert known["email"] == unknown["email"] == 2  # "you already have an account" / "confirm"


def test_asking_for_a_reset_costs_the_same_with_or_without_an_account(app, client, work):
    with app.app_context():
        make_resident(email="known@example.org")
        make_resident(email="off@example.org", is_active=False)
    known = _cost(work, client, "/forgot-password", {"email": "known@example.org"})
    unknown = _cost(work, client, "/forgot-password", {"email": "nobody@example.org"})
    switched_off = _cost(work, client, "/forgot-password", {"email": "off@example.org"})
    assert known == unknown == switched_off
    assert known["token"] == 1 and known["email"] == 2


def test_asking_for_the_confirmation_again_costs_the_same_with_or_without_an_account(
        app, client, work):
    with app.app_context():
        from portal.data.db import db

        make_resident(email="unconfirmed@example.org").email_verified_at = None
        db.session.commit()
        make_resident(email="confirmed@example.org")
    costs = [_cost(work, client, "/resend-confirmation", {"email": email})
             for email in ("unconfirmed@example.org", "nobody@example.org",
                           "confirmed@example.org")]
    assert costs[0] == costs[1] == costs[2]
    assert costs[0]["token"] == 1 and costs[0]["email"] == 2
