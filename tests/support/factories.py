"""Build people and complaints for tests through the real services."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from werkzeug.security import generate_password_hash

from portal.data.db import db
from portal.data.models import User, utcnow
from portal.services.intake import drafts as complaint_service
from portal.services.intake import submission

PASSWORD = "correct horse battery"
# The tests' password hash: cheap, where production's scrypt takes ~0.1-0.2 s a hash
# (tests/unit/test_config.py checks production keeps it). The tests' apps hash with it too.
TEST_PASSWORD_HASH = "pbkdf2:sha256:1000"
_n = itertools.count(1)


def make_resident(name: str = "Jo Resident", email: str | None = None, **extra) -> User:
    user = User(email=email or f"resident{next(_n)}@example.org", name=name, kind="resident",
                password_hash=generate_password_hash(PASSWORD, method=TEST_PASSWORD_HASH),
                email_verified_at=utcnow(), **extra)
    db.session.add(user)
    db.session.commit()
    return user


def make_staff(role: str, name: str | None = None, email: str | None = None) -> User:
    user = User(email=email or f"{role}{next(_n)}@staff.example.org",
                name=name or role.replace("_", " ").title(), kind="staff", staff_role=role,
                password_hash=generate_password_hash(PASSWORD, method=TEST_PASSWORD_HASH),
                email_verified_at=utcnow())
    db.session.add(user)
    db.session.commit()
    return user


ISSUES = [
    {"summary": "Damp in the bedroom not fixed", "details": "Reported in March, no visit.",
     "happened_on": "2026-09-01", "aware_on": "2026-09-01",
     "outcome_wanted": "Fix the damp and apologise."},
    {"summary": "Repair appointment missed", "details": "Nobody came on 3 October.",
     "happened_on": "2026-10-03", "aware_on": "2026-10-03",
     "outcome_wanted": "Compensation for the day off work."},
]


def make_complaint(resident: User | None = None, *, issues=None, received: date | None = None,
                   contact_method: str = "email", adjustments=(), category: str = "repairs"):
    """A submitted complaint (status "received"), received on `received` (London date)."""
    resident = resident or make_resident()
    draft = complaint_service.new_draft(resident)
    complaint_service.save_answers(
        draft, category=category, contact_method=contact_method, contact_times="Mornings",
        adjustments=list(adjustments), screening=[],
    )
    for issue in issues or ISSUES:
        complaint_service.save_issue(draft, None, issue)
    now = None
    if received is not None:
        now = datetime(received.year, received.month, received.day, 12, 0, tzinfo=UTC)
    return submission.submit(draft, resident, now=now)
