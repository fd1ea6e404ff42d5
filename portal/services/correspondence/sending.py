"""Delivering the outbox over SMTP: at most one sender per message at a time,
retries with backoff, and a loud give-up after a limit.

`flask notifications send` runs this from cron or a systemd timer. Each message is
claimed by one conditional UPDATE that moves its `next_attempt_at` a lease ahead
(`CLAIM`) only if it is still due, committed before the SMTP conversation: of several
senders (on several servers, on PostgreSQL or SQLite) exactly one gets each message, and
no database lock is held while the SMTP server is slow. A sender that dies holding a
claim only delays the message until the lease ends; one that dies after the SMTP server
accepted a message and before recording it may send that one again (its Message-ID is
the same).
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import defer

from portal.data.db import db
from portal.data.models import OutboxMessage
from portal.services.records import clock
from portal.services.records.paging import Page, paged

MAX_ATTEMPTS = 8
# Wait after the n-th failed attempt: 1, 5, 15, 30 minutes, 1, 2, 4 hours.
BACKOFF_MINUTES = (1, 5, 15, 30, 60, 120, 240)
# How long a claimed message is left to its sender before another may try it.
CLAIM = timedelta(minutes=10)
FAILING_LISTED = 20  # on the outbox page; the count says how many in all


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0


def backoff(attempts: int) -> timedelta:
    index = min(attempts, len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[max(index, 0)])


def build_email(message: OutboxMessage) -> EmailMessage:
    settings = current_app.config["PORTAL"]
    email = EmailMessage()
    email["From"] = formataddr((settings.landlord_name, settings.mail_from))
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    domain = settings.mail_from.rsplit("@", 1)[-1]
    # The outbox id in the Message-ID: a receiving system can spot a repeat.
    email["Message-ID"] = f"<outbox-{message.id}@{domain}>"
    email.set_content(message.text)
    email.add_alternative(message.html, subtype="html")
    return email


def smtp_connection() -> smtplib.SMTP:
    settings = current_app.config["PORTAL"]
    connection = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15)
    if settings.smtp_tls:
        connection.starttls()
    if settings.smtp_user:
        connection.login(settings.smtp_user, settings.smtp_password)
    return connection


def _due(now: datetime):
    return (OutboxMessage.sent_at.is_(None), OutboxMessage.gave_up_at.is_(None),
            or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now))


def _claim_next(now: datetime, tries: int = 50) -> OutboxMessage | None:
    """The next due message, claimed for this sender (committed), or None."""
    for _ in range(tries):
        candidate = db.session.scalar(select(OutboxMessage.id).where(*_due(now))
                                      .order_by(OutboxMessage.id).limit(1))
        if candidate is None:
            db.session.rollback()
            return None
        claimed = db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == candidate, *_due(now))
            .values(next_attempt_at=now + CLAIM)
            .execution_options(synchronize_session=False)).rowcount
        db.session.commit()
        if claimed:  # (the commit expired the session: this reads the row as claimed)
            return db.session.get(OutboxMessage, candidate)
    return None  # others kept taking the candidates first: the next run sends the rest


def send_due(
    limit: int = 500,
    connect: Callable[[], smtplib.SMTP] = smtp_connection,
    now: Callable[[], datetime] = clock.now,
) -> SendReport:
    """Send what is due, one message per transaction. Returns what happened."""
    report = SendReport()
    connection: smtplib.SMTP | None = None
    try:
        for _ in range(limit):
            message = _claim_next(now())
            if message is None:
                db.session.rollback()
                break
            try:
                if connection is None:
                    connection = connect()
                connection.send_message(build_email(message))
            except (TimeoutError, OSError, smtplib.SMTPException) as error:
                connection = _close(connection)
                _failed(message, error, now(), report)
            else:
                message.sent_at = now()
                message.attempts += 1
                message.last_error = None
                message.next_attempt_at = None
                report.sent += 1
            db.session.commit()
    finally:
        _close(connection)
    return report


def _failed(message: OutboxMessage, error: Exception, at: datetime, report: SendReport) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.gave_up_at = at
        report.gave_up += 1
        current_app.logger.error(
            "Gave up on outbox message %s to %s after %s attempts: %s",
            message.id, message.to, message.attempts, message.last_error,
        )
    else:
        message.next_attempt_at = at + backoff(message.attempts)
        report.failed += 1


def _close(connection: smtplib.SMTP | None) -> None:
    if connection is not None:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return None


def failing_messages(limit: int = FAILING_LISTED) -> Page[OutboxMessage]:
    """Messages that are retrying or given up, shown to staff, never hidden: how many
    there are, and the `limit` most recent (each is marked in the outbox list too)."""
    return paged(select(OutboxMessage)
                 .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts > 0)
                 .options(defer(OutboxMessage.text), defer(OutboxMessage.html))
                 .order_by(OutboxMessage.id.desc()), 1, per_page=limit)
