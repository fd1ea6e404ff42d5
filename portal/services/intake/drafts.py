"""A complaint being written: the server-side draft, its answers, issues and files,
what is still missing, and the screening shown before it is sent. Every function
commits once, or not at all."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Document, Draft, User, utcnow
from portal.domain.screening import ScreenAnswers, Warning, screen
from portal.services.correspondence.recipients import address_lines
from portal.services.records.documents import MAX_FILES, Checked, UploadError, add_document
from portal.services.records.paging import Page, paged
from portal.services.records.policy import current_profile


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


def drafts_of(user: User, page: int = 1, *, on_behalf: bool | None = None) -> Page[Draft]:
    """One page of the person's drafts, the latest changed first (the id breaking
    ties). `on_behalf`: True, only those they are making for someone else (a
    representative's draft names who it is for); False, only their own; None, all.
    Chosen in the query, so the page and its count agree."""
    query = select(Draft).where(Draft.user_id == user.id)
    if on_behalf is not None:
        named = Draft.answers[("on_behalf", "resident_name")].as_string()
        query = query.where(named.is_not(None) if on_behalf else named.is_(None))
    return paged(query.order_by(Draft.updated_at.desc(), Draft.id.desc()), page)


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


def answer_date(value: str | None) -> date | None:
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


def keep_letter_address(answers: dict, resident: User, on_behalf: dict | None) -> None:
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
            happened_on=tuple(answer_date(i.get("happened_on")) for i in issues),
            aware_on=tuple(answer_date(i.get("aware_on")) for i in issues),
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
