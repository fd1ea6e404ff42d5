"""Helpers for the stage 2 tests (no tests here): an app on any profile, and complaints
taken to a stage 1 response (or further) through the real services, on given dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from portal import create_app
from portal.data.db import db
from portal.data.models import Complaint, Event, OutboxMessage, User
from portal.services.responses import respond as responses
from portal.services.review import casework as review_casework
from portal.services.stage1 import actions as stage1
from tests.conftest import make_settings
from tests.support.factories import make_complaint, make_resident, make_staff

PROFILES = ["isha", "ids", "southern-2022", "ivh", "hos-code-2024"]


@pytest.fixture(name="app_for")
def app_for_fixture(database_url, tmp_path):
    """app_for("ids") -> an app whose complaints follow that profile (same database)."""
    made = []

    def build(profile: str, **overrides):
        app = create_app(make_settings(tmp_path, database_url, profile=profile, **overrides))
        made.append(app)
        return app

    yield build
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@dataclass(frozen=True)
class Case:
    reference: str
    resident_email: str
    handler_email: str
    reviewer_email: str
    manager_email: str
    handler_id: int
    reviewer_id: int
    manager_id: int


def complaint(reference: str) -> Complaint:
    db.session.expire_all()
    return db.session.scalar(select(Complaint).where(Complaint.reference == reference))


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def kinds(reference: str) -> list[str]:
    found = complaint(reference)
    return list(db.session.scalars(select(Event.kind).where(Event.complaint_id == found.id)
                                   .order_by(Event.id)))


def mail(reference: str, kind: str) -> list[OutboxMessage]:
    found = complaint(reference)
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.complaint_id == found.id, OutboxMessage.kind == kind)))


def decisions(found: Complaint, decision: str = "upheld") -> responses.ResponseDraft:
    return responses.ResponseDraft(
        decisions=[responses.IssueDecision(i.id, decision, f"Reasons for {i.summary}.")
                   for i in found.issues],
        apology="We are sorry.",
        actions=[responses.ActionPlan("Treat the damp", "Repairs team", date(2027, 3, 1))])


def responded(app, *, received: date, sent: date, category: str = "repairs",
              handler_role: str = "case_handler", adjustments=(),
              higher_risk: bool | None = None, contact_method: str = "email") -> Case:
    """A complaint received, acknowledged (on `received`) and answered at stage 1 (on
    `sent`), with a case handler, a reviewer and a complaints manager."""
    with app.test_request_context():
        handler = make_staff(handler_role, name="Hal Handler")
        reviewer = make_staff("reviewer", name="Rita Reviewer")
        manager = make_staff("complaints_manager", name="Mo Manager")
        resident = make_resident("Jo Resident", postcode="E1 1AA", address="1 Example Street")
        found = make_complaint(resident, received=received, category=category,
                               adjustments=adjustments, contact_method=contact_method)
        stage1.acknowledge(handler, found, version=found.version, seen=0,
                             definitions={i.id: f"{i.summary}: our understanding."
                                          for i in found.issues},
                             handler_id=handler.id, on=received)
        if higher_risk is not None:  # staff confirm the building (IVH 004 §5.1)
            stage1.confirm_building(handler, found, version=found.version, seen=None,
                                    higher_risk="yes" if higher_risk else "no")
        responses.respond(handler, found, version=found.version, seen=0,
                         draft=decisions(found), on=sent)
        return Case(found.reference, resident.email, handler.email, reviewer.email,
                    manager.email, handler.id, reviewer.id, manager.id)


def ask(app, case: Case, on: date, **answers) -> bool:
    """The resident asks for a review on `on` (through the service)."""
    from portal.services.review import request as review

    with app.test_request_context():
        found = complaint(case.reference)
        request = review.ReviewRequest(reasons=answers.get("reasons", "Still damp."),
                                       outcome=answers.get("outcome", "A damp survey."),
                                       late_reason=answers.get("late_reason", ""))
        return review.request_review(found, user(case.resident_email), request, on=on)


def acknowledge_stage2(app, case: Case, on: date, reviewer_id: int | None = None) -> None:
    with app.test_request_context():
        found = complaint(case.reference)
        review_casework.acknowledge_stage2(user(case.manager_email), found, version=found.version,
                                    seen=0, definitions={i.id: f"Stage 2: {i.summary}"
                                                         for i in found.issues},
                                    reviewer_id=reviewer_id or case.reviewer_id, on=on)


def respond_stage2(app, case: Case, on: date, stage: int = 2) -> None:
    with app.test_request_context():
        found = complaint(case.reference)
        responses.respond(user(case.reviewer_email), found, version=found.version, seen=0,
                         draft=decisions(found, "partially_upheld"), on=on, stage=stage)


def pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    return " ".join(" ".join(pages).split())


@pytest.fixture
def quick_letters(monkeypatch):
    """For tests that never read a letter's PDF: skip WeasyPrint (about 0.2 s a letter).
    The letter's HTML (its web version) is still rendered and stored."""
    from portal.services.correspondence import letters

    monkeypatch.setattr(letters, "pdf_from_html", lambda *args, **kwargs: b"%PDF-1.7 test\n")
