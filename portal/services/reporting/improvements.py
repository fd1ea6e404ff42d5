"""The learning log, write side: the managers' list of root causes, the root cause a
handler gives a complaint, and the service improvements. Every change is an event in
the append-only log (an improvement's or a theme's with no complaint; a root cause on
the complaint's own timeline, internal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from portal.data.db import db
from portal.data.learning import IMPROVEMENT_STATUSES
from portal.data.models import Complaint, Improvement, Theme, User, improvement_complaints
from portal.domain import lifecycle
from portal.services.records import events
from portal.services.records.casework import (
    CaseworkError,
    changing,
    require_allowed,
    required_text,
)

CHANGED = "Someone else changed this improvement: check it, then save again"
MOST_LINKED = 50


def add_theme(actor: User, name: str | None) -> Theme:
    require_allowed(actor, "manage_learning")
    name = required_text(name, "Enter the root cause", "name")[:80]
    if db.session.scalar(select(Theme.id).where(func.lower(Theme.name) == name.lower())):
        raise CaseworkError(f"“{name}” is already on the list", "name")
    theme = Theme(name=name, active=True)
    db.session.add(theme)
    db.session.flush()
    events.record(None, "theme_added", f"Root cause added to the list: {name}", actor,
                  internal=True, theme_id=theme.id, name=name)
    db.session.commit()
    return theme


def set_theme_active(actor: User, theme_id: int, active: bool) -> Theme:
    """Retire a root cause (no longer offered; complaints keep it) or bring it back."""
    require_allowed(actor, "manage_learning")
    theme = db.session.get(Theme, theme_id)
    if theme is None:
        raise CaseworkError("That root cause is not on the list")
    if theme.active != active:
        theme.active = active
        events.record(None, "theme_restored" if active else "theme_retired",
                      f"Root cause {'offered again' if active else 'retired'}: {theme.name}",
                      actor, internal=True, theme_id=theme.id)
    db.session.commit()
    return theme


def set_root_cause(actor: User, complaint: Complaint, *, version: int | None,
                   seen: int | None, theme_id: int | None) -> None:
    """The handler's view of why the complaint happened, from the managers' list."""
    require_allowed(actor, "set_root_cause")
    theme = db.session.get(Theme, theme_id) if theme_id else None
    if theme is None or (not theme.active and theme.id != complaint.root_cause_id):
        raise CaseworkError("Select the root cause from the list", "theme")
    with changing(complaint, version, seen):
        previous = complaint.root_cause_id
        complaint.root_cause_id = theme.id
        events.record(complaint, "root_cause_set", f"Root cause recorded: {theme.name}",
                      actor, internal=True, theme_id=theme.id, previous=previous)


@dataclass
class ImprovementDraft:
    title: str = ""
    description: str = ""
    owner: str = ""
    status: str = "proposed"
    proposed_on: date | None = None
    due_on: date | None = None
    done_on: date | None = None
    theme_id: int | None = None
    category: str | None = None
    references: list[str] = field(default_factory=list)


def _checked(draft: ImprovementDraft) -> ImprovementDraft:
    draft.title = required_text(draft.title, "Enter a title for the improvement", "title")
    draft.description = required_text(draft.description,
                                      "Enter what the improvement is", "description")
    draft.owner = required_text(draft.owner, "Enter who owns the improvement", "owner")
    if draft.status not in IMPROVEMENT_STATUSES:
        raise CaseworkError("Select the status", "status")
    if draft.proposed_on is None:
        raise CaseworkError("Enter the date it was proposed", "proposed_on")
    if draft.status == "done" and draft.done_on is None:
        raise CaseworkError("Enter the date it was done", "done_on")
    if draft.status != "done":
        draft.done_on = None
    if draft.done_on is not None and draft.done_on < draft.proposed_on:
        raise CaseworkError("The date it was done must be on or after the date it was "
                            "proposed", "done_on")
    if draft.theme_id and db.session.get(Theme, draft.theme_id) is None:
        raise CaseworkError("Select the root cause from the list", "theme")
    if draft.category and draft.category not in lifecycle.CATEGORIES:
        raise CaseworkError("Select the category from the list", "category")
    references = list(dict.fromkeys(r.strip().upper() for r in draft.references if r.strip()))
    if len(references) > MOST_LINKED:
        raise CaseworkError(f"Link up to {MOST_LINKED} complaints", "references")
    draft.references = references
    return draft


def _complaint_ids(references: list[str]) -> list[int]:
    if not references:
        return []
    found = dict(db.session.execute(select(Complaint.reference, Complaint.id)
                                    .where(Complaint.reference.in_(references))).all())
    missing = [r for r in references if r not in found]
    if missing:
        raise CaseworkError(f"No complaint has the reference {', '.join(missing)}",
                            "references")
    return [found[r] for r in references]


def improvement(actor: User, improvement_id: int) -> Improvement | None:
    require_allowed(actor, "reports")
    return db.session.get(Improvement, improvement_id)


def linked_references(improvement_id: int) -> list[str]:
    return linked_for([improvement_id]).get(improvement_id, [])


def linked_for(ids: list[int]) -> dict[int, list[str]]:
    """The complaints each improvement came from, for a page of them (one query)."""
    found: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return found
    link = improvement_complaints.c
    for improvement_id, reference in db.session.execute(
            select(link.improvement_id, Complaint.reference)
            .join(Complaint, link.complaint_id == Complaint.id)
            .where(link.improvement_id.in_(ids))
            .order_by(link.improvement_id, Complaint.reference)):
        found[improvement_id].append(reference)
    return found


def save_improvement(actor: User, improvement_id: int | None, draft: ImprovementDraft, *,
                     version: int | None) -> Improvement:
    """Add an improvement (`improvement_id` None) or change one; `version` is the one the
    person saw. One event says what it is now."""
    require_allowed(actor, "manage_learning")
    draft = _checked(draft)
    ids = _complaint_ids(draft.references)
    try:
        if improvement_id is None:
            found = Improvement()
            db.session.add(found)
            kind = "improvement_added"
        else:
            found = db.session.get(Improvement, improvement_id)
            if found is None:
                raise CaseworkError("That improvement is not on the log")
            if version != found.version:
                raise CaseworkError(CHANGED)
            kind = "improvement_changed"
        for name in ("title", "description", "owner", "status", "proposed_on", "due_on",
                     "done_on", "category"):
            setattr(found, name, getattr(draft, name))
        found.theme_id = draft.theme_id or None
        db.session.flush()
        db.session.execute(improvement_complaints.delete().where(
            improvement_complaints.c.improvement_id == found.id))
        if ids:
            db.session.execute(improvement_complaints.insert(),
                               [{"improvement_id": found.id, "complaint_id": i} for i in ids])
        words = IMPROVEMENT_STATUSES[draft.status].lower()
        events.record(None, kind, f"Service improvement ({words}): {draft.title}", actor,
                      internal=True,
                      improvement_id=found.id, status=draft.status, done_on=draft.done_on,
                      complaints=draft.references)
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise CaseworkError(CHANGED) from error
    except BaseException:
        db.session.rollback()
        raise
    return found
