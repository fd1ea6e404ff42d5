"""Email goes into the outbox table in the caller's transaction, so an event
never happens without its message (or the other way round). `flask
notifications send` delivers it; in development it waits to be read with
`flask outbox list` / `flask outbox show ID`."""

from __future__ import annotations

from flask import current_app, has_request_context, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import defer

from portal.data.db import db
from portal.data.models import OutboxMessage
from portal.services.records.paging import PER_PAGE, Page, paged


def external_url(endpoint: str, **values) -> str:
    """An absolute link built on PORTAL_BASE_URL, never on the request's Host
    header (a forged Host must not end up in a password-reset email)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context():
            path = url_for(endpoint, **values)
    return current_app.config["PORTAL"].base_url.rstrip("/") + path


def queue_email(
    to: str, kind: str, subject: str, context: dict, complaint_id: int | None = None
) -> OutboxMessage:
    """Render `email/{kind}.txt` and `.html` and add the message to the session.

    The subject never carries personal detail; the caller commits."""
    context = {"landlord": current_app.config["PORTAL"].landlord_name, **context}
    message = OutboxMessage(
        to=to,
        kind=kind,
        subject=subject,
        text=render_template(f"email/{kind}.txt", **context),
        html=render_template(f"email/{kind}.html", **context),
        complaint_id=complaint_id,
    )
    db.session.add(message)
    return message


def recent_messages(page: int = 1, per_page: int = PER_PAGE) -> Page[OutboxMessage]:
    """One page of the outbox, the newest first (without the messages' bodies)."""
    return paged(select(OutboxMessage)
                 .options(defer(OutboxMessage.text), defer(OutboxMessage.html))
                 .order_by(OutboxMessage.id.desc()), page, per_page=per_page)


def message(message_id: int) -> OutboxMessage | None:
    return db.session.get(OutboxMessage, message_id)
