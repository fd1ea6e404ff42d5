"""Who may call a view, for the blueprints that serve people (not staff).

Every view carries a mark of who may call it (tests/architecture checks): `person_required`
(a signed-in resident or representative, never staff), `signatory_token` (anyone holding a
petition signer's own link) or, on the staff blueprint, `staff_can(action)` (staff whose role
has that permission: `staff_permission`). A few pages are public, listed by name in the test.
"""

from __future__ import annotations

import inspect
from functools import wraps

from flask import redirect, url_for
from flask_login import current_user, login_required

WHO_MAY_CALL = "who_may_call"


def person_required(view):
    """Signed in, and not staff: residents and representatives. Staff are sent to their own
    page for the complaint (or the queue), never served the resident's page or file: staff
    see and download through the staff routes, by their role's permission."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if current_user.is_staff:
            reference = kwargs.get("reference")
            target = (url_for("staff.complaint", reference=reference) if reference
                      else url_for("staff.queue"))
            return redirect(target, 303)
        return view(*args, **kwargs)

    setattr(wrapped, WHO_MAY_CALL, "person")
    return wrapped


def signatory_token(view):
    """Called by whoever holds a petition signer's link (no account): the view finds
    everything through its `token` argument and nothing else."""
    if "token" not in inspect.signature(view).parameters:
        raise TypeError(f"{view.__name__} is for link holders but takes no token")
    setattr(view, WHO_MAY_CALL, "signatory")
    return view
