"""How long a signed-in session lasts.

A session is a signed cookie holding "user id:session version" (Flask-Login). It ends:

- for every cookie of that account at once, when the account's `session_version` changes:
  signing out, a password reset, a member of staff switched off
  (services.accounts.users.end_sessions and its callers);
- for this cookie, `session_hours` after signing in, whatever is done meanwhile;
- for this cookie, after `staff_idle_minutes` (staff) or `resident_idle_minutes`
  (residents and representatives) with no request.

Both times are kept in the cookie itself (signed, so they cannot be changed) and checked
when the user is loaded; a cookie without them is refused.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, session
from flask_login import user_logged_in

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
# The last-seen time is written again at most this often (each write resends the cookie).
TOUCH_EVERY = 60
_LOGIN_KEYS = ("_user_id", "_fresh", "_id", SIGNED_IN_AT, LAST_SEEN)


def init_sessions(app: Flask, manager) -> None:
    from datetime import timedelta

    settings = app.config["PORTAL"]
    # The cookie's own signature expires too, so a copied cookie never outlives the limit.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=settings.session_hours)
    manager.user_loader(load_user)
    user_logged_in.connect(_stamp, app)


def _stamp(_sender, user, **_extra) -> None:
    now = time.time()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now


def load_user(session_id: str):
    """Flask-Login's loader: the account (if this cookie's version is still its own), only
    while the session is within both time limits."""
    from portal.services.accounts.users import load_session_user

    user = load_session_user(session_id)
    if user is None:
        return None
    settings = current_app.config["PORTAL"]
    idle_minutes = settings.staff_idle_minutes if user.is_staff else settings.resident_idle_minutes
    now = time.time()
    started, seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN)
    if not isinstance(started, int | float) or not isinstance(seen, int | float):
        _end("For your security, you need to sign in again.")
        return None
    if now - started > settings.session_hours * 3600:
        _end(f"For your security, you are signed out {settings.session_hours} hours after "
             "signing in. Sign in again to carry on.")
        return None
    if now - seen > idle_minutes * 60:
        _end(f"For your security, you were signed out after {idle_minutes} minutes without "
             "using the service. Sign in again to carry on.")
        return None
    if now - seen >= TOUCH_EVERY:
        session[LAST_SEEN] = now
    return user


def _end(message: str) -> None:
    for key in _LOGIN_KEYS:
        session.pop(key, None)
    flash(message)
