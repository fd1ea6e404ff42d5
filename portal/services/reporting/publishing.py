"""Whether the public complaints performance page is published: an administrator's
setting (shown unless hidden). Hidden, the page and its PDFs are a 404 and the footer
link goes. The page reads the setting itself; the footer link on every page reads a copy
kept for up to a minute per server (so no page sends another statement)."""

from __future__ import annotations

import time

from flask import current_app

from portal.data.db import db
from portal.data.models import Setting, User
from portal.services.records import events
from portal.services.records.casework import require_allowed

NAME = "public_performance"
SHOWN, HIDDEN = "shown", "hidden"
KEPT_FOR = 60.0  # seconds


def performance_shown() -> bool:
    found = db.session.get(Setting, NAME)
    return found is None or found.value != HIDDEN


def performance_shown_lately() -> bool:
    """The setting as read within the last minute on this server. A page whose footer
    cannot read it (the database down, or not yet made) leaves the link out rather
    than fail: the start page still shows, and the next page asks again."""
    from sqlalchemy.exc import SQLAlchemyError

    kept = current_app.extensions.setdefault("portal_publishing", {})
    now = time.monotonic()
    if "at" not in kept or now - kept["at"] > KEPT_FOR:
        try:
            shown = performance_shown()
        except SQLAlchemyError:
            db.session.rollback()
            return False
        kept.update(at=now, shown=shown)
    return kept["shown"]


def set_performance_shown(actor: User, shown: bool) -> bool:
    """Publish or hide the page; an event records who and when. Returns whether it
    changed."""
    require_allowed(actor, "manage_report_figures")
    try:
        found = db.session.get(Setting, NAME)
        value = SHOWN if shown else HIDDEN
        if (found.value if found else SHOWN) == value and found is not None:
            return False
        if found is None:
            found = Setting(name=NAME, value=value, updated_by_id=actor.id)
            db.session.add(found)
        else:
            found.value, found.updated_by_id = value, actor.id
        events.record(None, "setting_changed", "Public complaints performance page "
                      f"{'published' if shown else 'hidden'}", actor, internal=True,
                      name=NAME, value=value)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    current_app.extensions.pop("portal_publishing", None)
    return True
