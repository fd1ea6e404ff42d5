"""Rows inserted in bulk, a few statements for hundreds of rows, for the tests of lists
that page in the database and of pages whose statement count must not grow.

Each returns the new ids in the order given (the order a list's tie-breaker uses).
The rows are what the lists read; they skip the services (no events, no emails)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from portal.data.db import db
from portal.data.models import Action, Complaint, ContactTask, OutboxMessage
from portal.data.representation import Authority

_serial = itertools.count(700_000)


def _ids(model, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    found = db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True),
                               rows).all()
    db.session.commit()
    return list(found)


def complaints(resident_id: int, received: list[date], *, status: str = "stage1",
               handler_id: int | None = None) -> list[int]:
    """A complaint of `resident_id` received on each date (noon UTC)."""
    return _ids(Complaint, [{
        "reference": f"CMP-2024-{next(_serial):06d}", "resident_id": resident_id,
        "submitted_by_id": resident_id, "status": status, "stage": 1,
        "category": "repairs", "profile": "hos-code-2024", "contact_method": "email",
        "adjustments": [], "screening": [], "panel_members": [],
        "received_at": datetime(on.year, on.month, on.day, 12, tzinfo=UTC),
        "received_on": on, "version": 1, "handler_id": handler_id,
        "acknowledged_on": on + timedelta(days=2),
    } for on in received])


def actions(complaint_ids: list[int], due: list[date], *,
            done: list[date | None] | None = None, kind: str = "promised") -> list[int]:
    """One action per due date (`Promise N`, N from 0), on the complaints in turn."""
    done = done or [None] * len(due)
    return _ids(Action, [{
        "complaint_id": complaint_ids[n % len(complaint_ids)], "description": f"Promise {n:04d}",
        "owner": "Repairs team", "due_on": on, "done_on": done[n], "kind": kind,
    } for n, on in enumerate(due)])


def ombudsman_cases(complaint_ids: list[int], started: date, recorded_by_id: int, *,
                    determined: bool | None = None) -> None:
    """One Ombudsman investigation per complaint: determined or not, or (None) every
    other one determined."""
    from portal.data.models import OmbudsmanCase

    def done(n: int) -> bool:
        return bool(n % 2) if determined is None else determined

    db.session.execute(insert(OmbudsmanCase), [{
        "complaint_id": cid, "started_on": started, "recorded_by_id": recorded_by_id,
        "findings": ["maladministration"] if done(n) else [],
        "determined_on": started + timedelta(days=30) if done(n) else None,
    } for n, cid in enumerate(complaint_ids)])
    db.session.commit()


def contact_tasks(complaint_ids: list[int], made: list[datetime], *,
                  done: list[datetime | None] | None = None,
                  done_by_id: int | None = None) -> list[int]:
    """One letter task per time made (`Letter N`, N from 0), on the complaints in turn."""
    done = done or [None] * len(made)
    return _ids(ContactTask, [{
        "complaint_id": complaint_ids[n % len(complaint_ids)], "kind": "acknowledged",
        "method": "letter", "recipient_name": f"Recipient {n:04d}",
        "address": "1 Example Street\nLondon", "subject": f"Letter {n:04d}",
        "text": "Dear Recipient,\n\nWe have received your complaint.", "large_print": False,
        "created_at": at, "done_at": done[n],
        "done_by_id": done_by_id if done[n] is not None else None,
        "outcome": "Posted" if done[n] is not None else None,
    } for n, at in enumerate(made)])


def outbox_messages(count: int, *, attempts: int = 0, subject: str = "Email") -> list[int]:
    """`count` emails (`Email N`, N from 0), the last the newest."""
    return _ids(OutboxMessage, [{
        "to": f"person{n}@example.org", "subject": f"{subject} {n:04d}", "text": "Hello",
        "html": "<p>Hello</p>", "kind": "received", "attempts": attempts,
        "last_error": "refused" if attempts else None,
    } for n in range(count)])


def authorities(representative_id: int, made: list[datetime], *, status: str = "pending",
                resident_id: int | None = None, complaint_id: int | None = None,
                scope: str = "complaint", name: str = "Resident") -> list[int]:
    """One authority per time asked for (for `Resident N`, N from 0)."""
    return _ids(Authority, [{
        "representative_id": representative_id, "resident_id": resident_id,
        "resident_name": f"{name} {n:04d}", "relationship_kind": "advocate",
        "organisation": "Citizens Advice", "scope": scope, "complaint_id": complaint_id,
        "status": status, "method": "letter", "correspondence_to": "both", "created_at": at,
    } for n, at in enumerate(made)])


def service_requests(resident_id: int, recorded_by_id: int, count: int, *, start: int = 0,
                     from_complaint_ids: list[int | None] | None = None) -> None:
    """`count` service requests of one resident, SR-2025-<start + n>."""
    from portal.data.models import ServiceRequest

    made = from_complaint_ids or [None] * count
    db.session.execute(insert(ServiceRequest), [{
        "reference": f"SR-2025-{start + n:06d}", "resident_id": resident_id,
        "from_complaint_id": made[n], "summary": f"Request {n}", "reason": "Not reported",
        "recorded_on": date(2025, 6, 2) + timedelta(days=n % 200),
        "recorded_by_id": recorded_by_id,
    } for n in range(count)])
    db.session.commit()


def restrictions(person_id: int, proposed_by_id: int, complaint_ids: list[int]) -> None:
    """A lifted restriction on one person per complaint (a list for staff to page)."""
    from portal.data.models import Restriction

    db.session.execute(insert(Restriction), [{
        "person_id": person_id, "from_complaint_id": complaint_id, "profile": "hos-code-2024",
        "kind": "written_only", "behaviour": "Abusive calls", "detail": "Letters only",
        "starts_on": date(2025, 6, 2), "review_on": date(2026, 6, 2) + timedelta(days=n % 200),
        "status": "lifted", "proposed_by_id": proposed_by_id,
        "proposed_at": datetime(2025, 6, 2, 12, tzinfo=UTC), "version": 1,
    } for n, complaint_id in enumerate(complaint_ids)])
    db.session.commit()


def anonymous_reports(count: int, *, start: int = 0) -> None:
    """`count` anonymous complaints, ANON-2025-<start + n>."""
    from portal.data.models import AnonymousReport

    db.session.execute(insert(AnonymousReport), [{
        "reference": f"ANON-2025-{start + n:06d}", "received_on": date(2025, 6, 2)
        + timedelta(days=n % 200), "received_at": datetime(2025, 6, 2, 12, tzinfo=UTC),
        "category": "neighbourhood", "summary": f"Report {n}", "details": "Rubbish",
    } for n in range(count)])
    db.session.commit()


def drafts(user_id: int, changed: list[datetime], *, label: str = "Draft",
           for_someone: bool = False) -> list[int]:
    """One draft per time last changed (`label N` its first issue's summary, and, made
    for someone else, who it is for)."""
    from portal.data.models import Draft

    rows = []
    for n, at in enumerate(changed):
        answers: dict = {"issues": [{"summary": f"{label} {n:04d}"}]}
        if for_someone:
            answers["on_behalf"] = {"resident_name": f"{label} {n:04d}", "scope": "complaint"}
        rows.append({"user_id": user_id, "answers": answers, "created_at": changed[0],
                     "updated_at": at})
    return _ids(Draft, rows)


def petitions(lead_id: int, made: list[datetime], *, subject: str = "Lifts") -> list[int]:
    """One petition gathering signatures per time started (`subject N`)."""
    from portal.data.representation import Petition

    return _ids(Petition, [{
        "lead_id": lead_id, "subject": f"{subject} {n:04d}", "issues_text": "Lifts",
        "actions_requested": "Mend them", "summary": "Lifts broken",
        "summary_dated_on": date(2026, 3, 2), "share_token": f"bulk-{next(_serial)}",
        "status": "gathering", "created_at": at} for n, at in enumerate(made)])


def signatures(petition_id: int, signers: list[tuple[str, str]]) -> None:
    """A signature per (household key, status)."""
    from portal.data.representation import Signature

    db.session.execute(insert(Signature), [{
        "petition_id": petition_id, "name": f"Signer {n}", "address": key,
        "postcode": "E1 1AA", "household_key": key, "signed_name": f"Signer {n}",
        "declaration": True, "status": status} for n, (key, status) in enumerate(signers)])
    db.session.commit()
