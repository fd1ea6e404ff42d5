"""Staff drafts of the letters they send (issue 15, item 9): what was typed into a
response (stage 1, stage 2, the Panel), refusal or decline form, kept per complaint per
kind of letter until it is sent, with the version of the complaint it was written on.

Any member of staff allowed to send the letter may save, open and send the draft: it
belongs to the complaint, not to whoever typed it (cover for an absent colleague).
Sending the letter deletes the draft in the same transaction (`discard`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from portal.data.db import db
from portal.data.models import Complaint, Event, User
from portal.data.staff_drafts import StaffDraft
from portal.services.records.casework import changes_since, require_allowed

# kind -> the permission needed to write that letter.
KINDS = {"stage1": "respond", "stage2": "review", "panel": "review",
         "refusal": "refuse", "decline": "review"}
STAGE_KINDS = {1: "stage1", 2: "stage2", 3: "panel"}
# Not kept: the token, the version seen and the buttons (they are the page's, not the
# letter's).
_NOT_KEPT = frozenset({"csrf_token", "version", "seen", "letter_action", "add_action"})


@dataclass(frozen=True)
class Opened:
    draft: StaffDraft
    stale: bool  # the complaint has changed since the draft was saved
    changes: list[Event]  # what happened to it since (its events)


def save(actor: User, complaint: Complaint, kind: str, answers: dict[str, list[str]], *,
         version: int | None, seen: int | None) -> StaffDraft:
    """Keep what was typed (replacing any earlier draft of this letter), with the version
    of the complaint the form was opened on. Commits."""
    require_allowed(actor, KINDS[kind])
    # NUL taken out, as the forms do (PostgreSQL text cannot hold it).
    kept = {name: [str(v).replace("\x00", "") for v in values]
            for name, values in answers.items() if name not in _NOT_KEPT}
    draft = db.session.scalar(select(StaffDraft).where(StaffDraft.complaint_id == complaint.id,
                                                       StaffDraft.kind == kind))
    if draft is None:
        draft = StaffDraft(complaint_id=complaint.id, kind=kind)
        db.session.add(draft)
    draft.answers = kept
    draft.version = complaint.version if version is None else version
    draft.seen = seen or 0
    draft.saved_by_id = actor.id
    db.session.commit()
    return draft


def opened(complaint: Complaint, kind: str) -> Opened | None:
    """The saved draft of this letter, and what has changed on the complaint since it
    was saved (empty when nothing has)."""
    draft = db.session.scalar(select(StaffDraft).where(StaffDraft.complaint_id == complaint.id,
                                                       StaffDraft.kind == kind))
    if draft is None:
        return None
    # Anything recorded since (a contact logged changes no column of the complaint, so
    # the version alone would miss it), or a change to the complaint itself.
    changes = changes_since(complaint.id, draft.seen)
    return Opened(draft, bool(changes) or complaint.version != draft.version, changes)


def answers_of(draft: StaffDraft) -> list[tuple[str, str]]:
    """The saved answers as (name, value) pairs, in the order they were typed."""
    return [(name, value) for name, values in (draft.answers or {}).items()
            for value in values]


def discard(complaint: Complaint, kind: str) -> None:
    """The letter was sent: its draft goes, in the caller's transaction."""
    db.session.execute(delete(StaffDraft).where(StaffDraft.complaint_id == complaint.id,
                                                StaffDraft.kind == kind))
