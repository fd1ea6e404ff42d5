"""Benchmark: deliver the outbox over SMTP, and run the daily reminder and digest jobs.

Run from the repository root:

    .venv/bin/python bench/bench_notifications.py [--messages 1000] [--complaints 300]

Everything is real and on this machine: a fresh SQLite database migrated to head in a
temporary folder, an aiosmtpd SMTP server on 127.0.0.1 (the one the tests use), and the
portal's own services.

1. send: --messages outbox rows (plain text and HTML parts of realistic size) are
   written, then one `send_due` run delivers them all over SMTP (one connection, each
   message claimed, sent and committed in turn, as `flask notifications send` does).
   Reported: total seconds, messages per second.
2. jobs: --complaints acknowledged complaints, shared between 5 case handlers, each
   with an agreed contact date: half today (for the digest), half on the next working
   day (for the reminder); then `remind_agreed_contacts`
   and `staff_digest` for that day, timed once each (first run: every notice is
   given), then again (second run: every notice is found already given).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from portal import create_app  # noqa: E402
from portal.config import Settings  # noqa: E402


def _app(database_url: str, smtp_port: int):
    import flask_migrate

    app = create_app(Settings(env="test", secret_key="bench", database_url=database_url,
                              smtp_host="127.0.0.1", smtp_port=smtp_port,
                              mail_from="complaints@riverside.example"))
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
    return app


def bench_send(app, count: int, smtp) -> dict:
    from portal.data.db import db
    from portal.data.models import OutboxMessage
    from portal.services.correspondence.sending import send_due

    text = ("Dear Jo Resident,\n\nWe have acknowledged your complaint CMP-2026-000123.\n"
            + "What happens next, and when. " * 40)
    html = "<p>" + text.replace("\n", "<br>") + "</p>"
    with app.app_context():
        for i in range(count):
            db.session.add(OutboxMessage(to=f"resident{i}@example.org", kind="acknowledged",
                                         subject="We have acknowledged your complaint",
                                         text=text, html=html))
        db.session.commit()
        start = time.perf_counter()
        report = send_due(limit=count)
        seconds = time.perf_counter() - start
    assert report.sent == count, report
    assert len(smtp.messages) == count
    return {"seconds": seconds, "per_second": count / seconds}


def bench_jobs(app, count: int) -> dict:
    from portal.data.db import db
    from portal.data.models import AgreedContact
    from portal.services.correspondence import digest, reminders
    from portal.services.records import casework, clock
    from portal.services.records.policy import current_calendar
    from portal.services.stage1 import actions as stage1
    from tests.support.factories import make_complaint, make_resident, make_staff

    results = {}
    with app.test_request_context():
        handlers = [make_staff("case_handler", name=f"Handler {n}") for n in range(5)]
        manager = make_staff("complaints_manager", name="Morgan Manager")
        today = clock.today()
        calendar = current_calendar()
        day = today if calendar.is_working_day(today) else calendar.add_working_days(today, 1)
        tomorrow = calendar.add_working_days(day, 1)
        for i in range(count):
            complaint = make_complaint(make_resident(f"Resident {i}",
                                                     email=f"r{i}@example.org"))
            stage1.acknowledge(manager, complaint, version=complaint.version,
                                 seen=casework.last_event_id(complaint),
                                 definitions={x.id: x.summary for x in complaint.issues},
                                 handler_id=handlers[i % 5].id)
            db.session.add(AgreedContact(complaint_id=complaint.id,
                                         due_on=tomorrow if i % 2 else day,
                                         method="phone", agreed_by_id=handlers[i % 5].id,
                                         agreed_at=clock.now() - timedelta(days=1)))
        db.session.commit()
        for name, job in (("remind_agreed_contacts", reminders.remind_agreed_contacts),
                          ("staff_digest", digest.staff_digest)):
            for run in ("first", "again"):
                start = time.perf_counter()
                done = job(day)
                results[f"{name} ({run})"] = (time.perf_counter() - start, len(done))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--complaints", type=int, default=300)
    args = parser.parse_args()
    from tests.support.smtp import SmtpServer

    smtp = SmtpServer().start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            app = _app(f"sqlite:///{folder}/bench.sqlite", smtp.port)
            send = bench_send(app, args.messages, smtp)
            jobs = bench_jobs(app, args.complaints)
    finally:
        smtp.stop()
    print(f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
          f"{os.cpu_count()} CPUs, SQLite (temporary file), aiosmtpd on 127.0.0.1")
    print(f"\nsend: {args.messages} messages in {send['seconds']:.2f} s "
          f"= {send['per_second']:.0f} messages/s")
    print(f"\njobs over {args.complaints} open complaints (5 case handlers):")
    print(f"| {'job':38} | {'seconds':>8} | {'notices':>7} |")
    print(f"|{'-' * 40}|{'-' * 10}|{'-' * 9}|")
    for name, (seconds, given) in jobs.items():
        print(f"| {name:38} | {seconds:8.2f} | {given:7} |")


if __name__ == "__main__":
    main()
