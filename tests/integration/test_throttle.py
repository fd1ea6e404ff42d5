"""Limits on what can be tried again and again from outside (guessing passwords, asking
for emails, signing petitions), counted in the database so they hold on every server."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from portal.data.db import db
from portal.data.models import OutboxMessage, ThrottleHit
from portal.services.accounts import throttle
from tests.integration.test_petitions_journey import _start
from tests.support.factories import PASSWORD, make_resident
from tests.support.web import post

WRONG = "not the password"


def _sign_in(client, email: str, password: str, status: int):
    return post(client, "/sign-in", {"email": email, "password": password}, status=status)


def test_ten_wrong_passwords_lock_the_account_for_a_while_but_nobody_else(app, client):
    with app.app_context():
        make_resident("Jo Resident", email="jo@example.org")
        make_resident("Sam Other", email="sam@example.org")
    for _ in range(10):
        _sign_in(client, "jo@example.org", WRONG, 400)
    # The right password no longer helps, and the page says what to do (not a 500).
    page = _sign_in(client, "JO@example.org ", PASSWORD, 429).get_data(as_text=True)
    assert "Too many attempts. Wait 15 minutes, then try again." in page
    assert 'value="JO@example.org' in page or 'value="jo@example.org' in page
    # Another account from the same browser is not locked.
    _sign_in(client, "sam@example.org", PASSWORD, 303)
    with app.app_context():
        keys = set(db.session.scalars(select(ThrottleHit.key)))
        assert keys and not any("jo@" in k or "127.0.0.1" in k for k in keys)
        # 15 minutes later the count has run out.
        db.session.execute(update(ThrottleHit).values(
            at=ThrottleHit.at - timedelta(minutes=16)))
        db.session.commit()
    _sign_in(app.test_client(), "jo@example.org", PASSWORD, 303)


def test_a_sign_in_form_with_errors_is_a_400_and_a_pasted_space_is_forgiven(app, client):
    with app.app_context():
        make_resident("Jo Resident", email="jo@example.org")
    page = _sign_in(client, "not-an-email", WRONG, 400).get_data(as_text=True)
    assert "Enter an email address in the correct format" in page
    _sign_in(client, " jo@example.org ", PASSWORD, 303)


def test_a_correct_password_starts_the_count_again(app, client):
    with app.app_context():
        make_resident("Jo Resident", email="jo@example.org")
    for _ in range(9):
        _sign_in(client, "jo@example.org", WRONG, 400)
    _sign_in(client, "jo@example.org", PASSWORD, 303)
    other = app.test_client()
    for _ in range(9):
        _sign_in(other, "jo@example.org", WRONG, 400)
    _sign_in(other, "jo@example.org", PASSWORD, 303)


def test_password_reset_emails_to_one_address_are_limited_without_saying_so(app, client):
    with app.app_context():
        make_resident("Jo Resident", email="jo@example.org")
    for _ in range(7):
        response = post(client, "/forgot-password", {"email": "jo@example.org"}, status=303)
        assert response.headers["Location"].endswith("/check-your-email")
    with app.app_context():
        sent = db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.kind == "reset_password"))
    assert sent == throttle.LIMITS["email_sent"].attempts == 5


def test_petition_signatures_from_one_client_are_limited(app, client, monkeypatch):
    monkeypatch.setitem(throttle.LIMITS, "petition_sign",
                        throttle.Limit(2, timedelta(hours=1)))
    _petition_id, share = _start(app, client)
    signer = app.test_client()
    people = [("Ann Able", "1 Rose Road"), ("Ben Baker", "2 Rose Road"),
              ("Cat Cole", "3 Rose Road")]
    for i, (name, line1) in enumerate(people):
        data = {"name": name, "address_line_1": line1, "town": "London",
                "postcode": "E1 1AA", "signed_name": name, "declaration": "y"}
        response = post(signer, share, data, status=303 if i < 2 else 429)
    page = response.get_data(as_text=True)
    assert "Too many attempts" in page and "govuk-error-summary" in page
    assert 'value="Cat Cole"' in page  # what they typed is kept


def test_thirty_wrong_passwords_at_once_get_no_more_than_ten_checks(app):
    """The count and the check are one step: simultaneous guesses cannot all pass the
    check before any of them is counted."""
    import threading

    from tests.support.web import csrf_token

    with app.app_context():
        make_resident("Jo Resident", email="jo@example.org")
    clients = [app.test_client() for _ in range(30)]
    tokens = [csrf_token(c.get("/sign-in").get_data(as_text=True)) for c in clients]
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def guess(client, token):
        start.wait()
        response = client.post("/sign-in", data={"email": "jo@example.org",
                                                 "password": WRONG, "csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=pair)
               for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) == [400, 429], statuses
    assert statuses.count(400) == throttle.LIMITS["sign_in_email"].attempts == 10
    with app.app_context():
        kept = db.session.scalar(select(func.count(ThrottleHit.id)).where(
            ThrottleHit.bucket == "sign_in_email"))
    assert kept == 10  # refused attempts are not kept, so the pause does not grow


def test_registrations_from_one_client_are_limited_without_revealing_an_account(app, client):
    from portal.data.models import User

    with app.app_context():
        make_resident("Jo Resident", email="taken@example.org")
    limit = throttle.LIMITS["register_client"].attempts
    pages = {}
    for n in range(30):
        email = "taken@example.org" if n in (25, 29) else f"new{n}@example.org"
        data = {"account_type": "resident", "name": f"Person {n}", "email": email,
                "password": PASSWORD, "confirm": PASSWORD}
        response = post(client, "/register", data)
        assert response.status_code == (303 if n < limit else 429), (n, response.status_code)
        if n >= limit:
            pages[email] = response.get_data(as_text=True)
    for page in pages.values():
        assert "Too many attempts" in page and "govuk-error-summary" in page
    # The same words for an address with an account and one without.
    strip = [p.replace("taken@example.org", "X").replace("new28@example.org", "X")
             for p in (pages["taken@example.org"], pages["new28@example.org"])]
    assert _without_tokens(strip[0]) == _without_tokens(strip[1])
    with app.app_context():
        made = db.session.scalar(select(func.count(User.id)).where(
            User.email.like("new%")))
    assert made == limit
    # Asking for a reset from the same client has its own count.
    post(client, "/forgot-password", {"email": "taken@example.org"}, status=303)


def _without_tokens(page: str) -> str:
    import re

    return re.sub(r'(value|content)="[^"]*"', "", page).replace("Person 25", "").replace(
        "Person 28", "").replace("Person 29", "")
