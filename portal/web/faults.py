"""When the database fails mid-request (locked, gone, a disk error): the person gets a
503 with `Retry-After`, nothing half-saved (each service commits once or rolls back),
and, for a form they sent, what they typed shown back in a form that sends it again
(with a fresh CSRF token). Files cannot be given back by a web page: the page says which
to choose again."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError, TimeoutError

RETRY_AFTER_SECONDS = 30
NOT_SHOWN = {"csrf_token", "version", "seen"}


def _typed() -> list[tuple[str, str, list[str]]]:
    """(field name, words for it, values) for each field the person sent."""
    found = []
    for name in request.form:
        values = [v for v in request.form.getlist(name) if v is not None]
        if name in NOT_SHOWN:
            continue
        words = name.replace("_", " ").replace("-", " ").strip().capitalize()
        found.append((name, words, values))
    return found


def init_faults(app: Flask) -> None:
    @app.errorhandler(OperationalError)
    @app.errorhandler(TimeoutError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error):
        from portal.data.db import db

        current_app.logger.exception("Database error on %s %s", request.method, request.path,
                                     exc_info=error)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 (the database may be gone: the page still shows)
            pass
        sent = request.method == "POST"
        files = [f.filename for f in request.files.values() if f and f.filename] if sent else []
        page = render_template(
            "errors/not_saved.html", sent=sent, typed=_typed() if sent else [],
            hidden=[(n, v) for n in ("version", "seen") for v in request.form.getlist(n)]
            if sent else [],
            files=files, action=request.path)
        return page, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
