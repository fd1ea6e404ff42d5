"""The outbox delivered through a real SMTP server on loopback."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from portal.data.db import db
from portal.data.models import OutboxMessage
from portal.services.correspondence.outbox import queue_email
from portal.services.correspondence.sending import MAX_ATTEMPTS, send_due
from tests.support.factories import make_complaint


def test_a_message_is_delivered_with_text_and_html_and_no_personal_subject(mail_app, smtp):
    with mail_app.app_context():
        complaint = make_complaint()
        email, reference = complaint.resident.email, complaint.reference
        report = send_due()
        assert report.sent == 1
        message = db.session.scalar(select(OutboxMessage))
        assert message.sent_at is not None and message.attempts == 1
    received = smtp.messages[0]
    assert received["To"] == email
    assert received["Subject"] == "We have received your complaint"
    assert "Riverside Homes" in received["From"]
    assert received["Message-ID"] == f"<outbox-{message.id}@riverside.example>"
    text = received.get_body(preferencelist=("plain",)).get_content()
    html = received.get_body(preferencelist=("html",)).get_content()
    assert reference in text and reference in html
    assert "http://127.0.0.1:5000/complaints/" in text


def test_running_again_sends_nothing_twice(mail_app, smtp):
    with mail_app.app_context():
        make_complaint()
        send_due()
        assert send_due().sent == 0
    assert len(smtp.messages) == 1


def test_server_down_then_up_every_message_arrives_exactly_once(mail_app, smtp):
    smtp.stop()
    with mail_app.app_context():
        for _ in range(3):
            make_complaint()
        start = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        report = send_due(now=lambda: start)
        assert (report.sent, report.failed) == (0, 3)
        waiting = db.session.scalars(select(OutboxMessage)).all()
        assert all(m.attempts == 1 and "Error" in m.last_error for m in waiting)
        assert all(m.next_attempt_at is not None for m in waiting)
        # Not due again yet: nothing is tried, nothing lost.
        assert send_due(now=lambda: start + timedelta(seconds=30)).failed == 0
        smtp.start()
        report = send_due(now=lambda: start + timedelta(minutes=2))
        assert report.sent == 3
        assert send_due(now=lambda: start + timedelta(hours=9)).sent == 0
    assert len(smtp.messages) == 3
    assert len({m["Message-ID"] for m in smtp.messages}) == 3


def test_gives_up_loudly_after_the_limit(mail_app, smtp):
    from portal.services.correspondence.sending import failing_messages

    smtp.stop()
    with mail_app.app_context():
        make_complaint()
        at = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        for _ in range(MAX_ATTEMPTS):
            send_due(now=lambda at=at: at)
            at += timedelta(days=1)
        message = db.session.scalar(select(OutboxMessage))
        assert message.gave_up_at is not None and message.attempts == MAX_ATTEMPTS
        assert [m.id for m in failing_messages().items] == [message.id]  # shown to staff
    result = mail_app.test_cli_runner().invoke(args=["outbox", "list"])
    assert "gave up" in result.output


def test_cli_without_smtp_leaves_messages_in_the_outbox(app):
    with app.app_context():
        make_complaint()
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert "messages stay in the outbox" in result.output
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage)).sent_at is None


def test_cli_sends(mail_app, smtp):
    with mail_app.app_context():
        make_complaint()
    result = mail_app.test_cli_runner().invoke(args=["notifications", "send"])
    assert "sent 1" in result.output
    assert len(smtp.messages) == 1


def test_senders_at_once_send_each_message_once_on_either_database(mail_app, smtp):
    """Overlapping `notifications send` runs (cron every minute, a slow SMTP server):
    each message is claimed by one conditional UPDATE, so none goes twice."""
    with mail_app.app_context():
        for _ in range(51):
            queue_email("someone@example.org", "complaint_received", "Test",
                        {"name": "A", "reference": "CMP-2026-000001", "url": "http://x"})
        db.session.commit()
    results = []

    def sender():
        with mail_app.app_context():
            results.append(send_due())
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(r.sent for r in results) == 51
    assert len(smtp.messages) == 51
    assert len({m["Message-ID"] for m in smtp.messages}) == 51
    with mail_app.app_context():
        unsent = db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
        assert unsent == 0
