"""Who may call a view, for the blueprints that serve people (not staff)."""

from __future__ import annotations

from functools import wraps

from flask import redirect, url_for
from flask_login import current_user, login_required


def person_required(view):
    """Signed in, and not staff (staff work from the queue)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if current_user.is_staff:
            return redirect(url_for("staff.queue"), 303)
        return view(*args, **kwargs)

    return wrapped
