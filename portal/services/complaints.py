"""A resident's side of a complaint: drafts, submission and what they can do
while it is open. Every function commits once, or not at all."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.data.db import db
from portal.data.models import Complaint, Counter, Document, Draft, Issue, User, utcnow
from portal.domain import lifecycle
from portal.domain.calendar import london_date
from portal.domain.screening import ScreenAnswers, Warning, screen
from portal.services import events, representation
from portal.services.documents import MAX_FILES, Checked, UploadError, add_document
from portal.services.outbox import external_url, queue_email
from portal.services.policy import current_profile
from portal.services.recipients import address_lines


class ComplaintError(ValueError):
    """Something the person can put right; the message says what."""


# -- drafts --------------------------------------------------------------------


def new_draft(user: User) -> Draft:
    draft = Draft(user_id=user.id, answers={"issues": []})
    db.session.add(draft)
    db.session.commit()
    return draft


def draft_for(user: User, draft_id: int) -> Draft | None:
    return db.session.scalar(
        select(Draft).where(Draft.id == draft_id, Draft.user_id == user.id)
    )


def drafts_of(user: User) -> list[Draft]:
    return list(db.session.scalars(
        select(Draft).where(Draft.user_id == user.id).order_by(Draft.updated_at.desc())
    ))


def save_answers(draft: Draft, **answers) -> None:
    merged = dict(draft.answers or {})
    merged.update({k: _json(v) for k, v in answers.items()})
    draft.answers = merged
    draft.updated_at = utcnow()
    db.session.commit()


def save_issue(draft: Draft, index: int | None, issue: dict) -> int:
    """Add (index None) or replace an issue; returns its index."""
    answers = dict(draft.answers or {})
    issues = list(answers.get("issues", []))
    issue = {k: _json(v) for k, v in issue.items()}
    if index is None or index >= len(issues):
        issues.append(issue)
        index = len(issues) - 1
    else:
        issues[index] = issue
    answers["issues"] = issues
    draft.answers = answers
    draft.updated_at = utcnow()
    db.session.commit()
    return index


def remove_issue(draft: Draft, index: int) -> None:
    answers = dict(draft.answers or {})
    issues = list(answers.get("issues", []))
    if 0 <= index < len(issues):
        issues.pop(index)
    answers["issues"] = issues
    draft.answers = answers
    db.session.commit()


def attach_to_draft(draft: Draft, user: User, files: list[Checked]) -> None:
    if len(draft.documents) + len(files) > MAX_FILES:
        raise UploadError(f"You can add up to {MAX_FILES} files")
    for checked in files:
        add_document(kind="evidence", checked=checked, uploaded_by_id=user.id, draft_id=draft.id)
    db.session.commit()


def remove_draft_document(draft: Draft, document_id: int) -> None:
    document = db.session.scalar(
        select(Document).where(Document.id == document_id, Document.draft_id == draft.id)
    )
    if document is not None:
        db.session.delete(document)
        db.session.commit()


def _json(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def plural(count: int, word: str, words: str | None = None) -> str:
    """"1 issue", "2 issues"."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


# -- the address for letters ---------------------------------------------------------------


def known_address(draft: Draft, user: User) -> tuple[str, ...] | None:
    """The address we already have for the person the complaint is for, as lines: the
    resident's account, or what a representative gave when they started the draft."""
    on_behalf = (draft.answers or {}).get("on_behalf")
    if on_behalf:
        address, postcode = on_behalf.get("resident_address"), on_behalf.get("resident_postcode")
    else:
        address, postcode = user.address, user.postcode
    if not (address or "").strip():
        return None
    return address_lines(address, postcode)


def letter_address_for(draft: Draft, user: User) -> dict | None:
    """The address for letters as the contact question asks for it ({line_1, line_2,
    town, postcode}): the one given in the draft, else the one we already have, split
    into the question's boxes, else None."""
    given = (draft.answers or {}).get("letter_address")
    if given:
        return given
    on_behalf = (draft.answers or {}).get("on_behalf")
    address = on_behalf.get("resident_address") if on_behalf else user.address
    postcode = on_behalf.get("resident_postcode") if on_behalf else user.postcode
    lines = [p.strip() for p in (address or "").splitlines() if p.strip()]
    if len(lines) == 1:  # written on one line: "Flat 2, 10 Mill Lane, London"
        lines = list(address_lines(lines[0], None))
    if not lines:
        return None
    return {"line_1": lines[0], "line_2": ", ".join(lines[1:-1]),
            "town": lines[-1] if len(lines) > 1 else "", "postcode": postcode or ""}


def _written(address: dict) -> str:
    return "\n".join(p for p in (address["line_1"], address.get("line_2"), address["town"]) if p)


def _keep_letter_address(answers: dict, resident: User, on_behalf: dict | None) -> None:
    """Inside `submit`: letters need an address, so the one given with "Letter" goes on
    the resident's account. A representative's address never replaces one a resident's
    existing account already has (their authority is not yet checked); an account made
    for the resident just now takes it."""
    address = answers.get("letter_address") if answers.get("contact_method") == "letter" else None
    if not address:
        return
    if on_behalf and resident.address and (resident.address, resident.postcode) != (
            on_behalf.get("resident_address"), on_behalf.get("resident_postcode")):
        return
    resident.address = _written(address)
    resident.postcode = address["postcode"]


def screening_for(draft: Draft, today: date) -> list[Warning]:
    answers = draft.answers or {}
    issues = answers.get("issues", [])
    flags = set(answers.get("screening", []))
    return screen(
        current_profile(),
        ScreenAnswers(
            happened_on=tuple(_date(i.get("happened_on")) for i in issues),
            aware_on=tuple(_date(i.get("aware_on")) for i in issues),
            legal_proceedings="legal" in flags,
            insurance_claim="insurance" in flags,
            service_request="not_reported" in flags,
            category=answers.get("category", ""),
        ),
        today,
    )


REQUIRED = ("category", "issues", "contact_method")


def missing_answers(draft: Draft) -> list[str]:
    answers = draft.answers or {}
    missing = []
    if not answers.get("category"):
        missing.append("category")
    if not answers.get("issues"):
        missing.append("issues")
    if not answers.get("contact_method"):
        missing.append("contact")
    elif answers["contact_method"] == "letter" and not answers.get("letter_address"):
        owner = db.session.get(User, draft.user_id)
        if known_address(draft, owner) is None:
            missing.append("contact")  # a letter needs an address to go to
    if "adjustments" not in answers:
        missing.append("adjustments")
    return missing


# -- submission -------------------------------------------------------------------


def next_reference(year: int) -> str:
    """CMP-2026-000123: a per-year sequence, safe with several app servers
    (the counter row is locked for the rest of the transaction)."""
    name = f"complaint-{year}"
    query = select(Counter).where(Counter.name == name).with_for_update()
    counter = db.session.scalar(query)
    if counter is None:
        try:
            with db.session.begin_nested():  # a savepoint: another server may win the race
                db.session.add(Counter(name=name, value=0))
        except IntegrityError:
            pass
        counter = db.session.scalar(query)
    counter.value += 1
    db.session.flush()
    return f"CMP-{year}-{counter.value:06d}"


def submit(draft: Draft, user: User, now: datetime | None = None) -> Complaint:
    """Turn a complete draft into a complaint, all in one transaction."""
    if missing_answers(draft):
        raise ComplaintError("Some answers are missing")
    now = now or utcnow()
    today = london_date(now)
    answers = draft.answers
    warnings = screening_for(draft, today)
    on_behalf = answers.get("on_behalf")  # made by a representative (services.representation)
    try:
        resident = representation.resident_for(on_behalf) if on_behalf else user
        complaint = Complaint(
            reference=next_reference(today.year),
            resident_id=resident.id,
            submitted_by_id=user.id,
            status="received",
            stage=1,
            category=answers["category"],
            profile=current_app.config["PORTAL"].profile,
            contact_method=answers["contact_method"],
            contact_times=answers.get("contact_times") or None,
            contact_phone=answers.get("contact_phone") or None,
            adjustments=list(answers.get("adjustments", [])),
            adjustments_detail=answers.get("adjustments_detail") or None,
            vulnerability=answers.get("vulnerability") or None,
            screening=[w.code for w in warnings],
            received_at=now,
            received_on=today,
        )
        db.session.add(complaint)
        db.session.flush()
        for position, issue in enumerate(answers["issues"], start=1):
            db.session.add(Issue(
                complaint_id=complaint.id, position=position, summary=issue["summary"],
                details=issue["details"], happened_on=_date(issue.get("happened_on")),
                aware_on=_date(issue.get("aware_on")), outcome_wanted=issue["outcome_wanted"],
            ))
        moved = list(draft.documents)
        for document in moved:
            document.complaint_id = complaint.id
            document.draft_id = None
        _keep_letter_address(answers, resident, on_behalf)
        events.record(
            complaint, "complaint_submitted",
            f"Complaint received with {plural(len(answers['issues']), 'issue')}", user, at=now,
            issues=len(answers["issues"]), screening=[w.code for w in warnings],
        )
        if on_behalf:
            representation.record_on_behalf(complaint, user, resident, on_behalf, moved)
        else:
            queue_email(
                user.email, "complaint_received", "We have received your complaint",
                {"name": user.name, "reference": complaint.reference,
                 "url": external_url("resident.complaint", reference=complaint.reference)},
                complaint_id=complaint.id,
            )
        db.session.flush()
        db.session.delete(draft)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return complaint


# -- while it is open -----------------------------------------------------------------


def _require(action: str, complaint: Complaint) -> None:
    if not lifecycle.can_move(action, complaint.status):
        raise ComplaintError("You cannot do that now: the complaint is "
                             + lifecycle.resident_words(complaint.status).lower())


def add_information(complaint: Complaint, user: User, text: str, files: list[Checked]) -> None:
    """Text, files, or both."""
    _require("add_information", complaint)
    if not text and not files:
        raise ComplaintError("Enter the information you want to add, or select a file to "
                             "upload")
    for checked in files:
        add_document(kind="evidence", checked=checked, uploaded_by_id=user.id,
                     complaint_id=complaint.id)
    names = ", ".join(c.filename for c in files)
    added = f"{plural(len(files), 'file')}: {names}"
    summary = ("Added more information" + (f" and {added}" if files else "") if text
               else f"Added {added}")
    events.record(complaint, "information_added", summary, user, text=text,
                  files=[c.filename for c in files])
    db.session.commit()


def withdraw(complaint: Complaint, user: User, reason: str | None) -> None:
    _require("withdraw", complaint)
    complaint.status = "withdrawn"
    complaint.closed_on = london_date(utcnow())
    complaint.closed_reason = "withdrawn"
    events.record(complaint, "complaint_withdrawn", "The complaint was withdrawn", user,
                  reason=reason or "")
    db.session.commit()


def ask_to_correct_definition(complaint: Complaint, user: User, text: str) -> None:
    _require("add_information", complaint)
    events.record(complaint, "definition_correction_requested",
                  "Asked us to correct our understanding of the complaint", user, text=text)
    db.session.commit()


def say_satisfied(complaint: Complaint, user: User) -> None:
    if complaint.status not in lifecycle.RESPONDED:
        raise ComplaintError("You can tell us you are satisfied after our response")
    complaint.status = "closed"
    complaint.closed_on = london_date(utcnow())
    complaint.closed_reason = "resident_satisfied"
    events.record(complaint, "complaint_closed", "Closed: you told us you are satisfied", user,
                  reason="resident_satisfied")
    db.session.commit()


def complaints_of(user: User) -> list[Complaint]:
    return list(db.session.scalars(
        select(Complaint).where(Complaint.resident_id == user.id)
        .order_by(Complaint.received_at.desc())
    ))


def handled_in(complaint: Complaint) -> Complaint:
    """The complaint whose progress this one follows: the communal complaint it was
    joined into (seed 001 §2.3: handled together, each resident answered), else itself.
    A joined complaint's own status and dates stop where they were when it was joined."""
    if complaint.joined_into_id is None:
        return complaint
    return db.session.get(Complaint, complaint.joined_into_id) or complaint
