"""The staff work list: letters to post, calls to make and texts to send for people who
do not hear from us by email (`ContactTask`, written by services.correspondence).

- Any member of staff who may view complaints (`view_complaint`) sees every task; any
  who may log a contact (`log_contact`) marks one done. Checked here, whatever the route.
- A task is due the next working day after it was made (the portal's working-day
  calendar, closure days included).
- `letter_pdf` gives the letter to print: the formal letter the event produced (its
  large-print copy when asked for), else the message set as a letter on the landlord's
  letterhead (`documents/notice.html`), in large print when asked for.
- `complete` marks a task done once: a conditional UPDATE (`done_at IS NULL`) inside the
  transaction, so two people pressing "Mark as done" at the same moment record it once.
  It writes an event, and for a call or a text a contact (internal note) that counts
  as a contact on the complaint (it can keep an agreed contact date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from portal.data.db import db
from portal.data.models import Complaint, ContactLog, ContactTask, User, utcnow
from portal.domain.calendar import london_date
from portal.domain.permissions import STAFF_ROLES
from portal.services.correspondence import letters
from portal.services.records import clock, confidence, events
from portal.services.records.casework import LETTER_FAILED, CaseworkError, NotAllowed, allowed
from portal.services.records.paging import Page, paged
from portal.services.records.policy import current_calendar

METHODS = {"letter": "Letter", "phone": "Phone call", "text": "Text message"}
OUTCOME_LIMIT = 2000
RECENT_DAYS = 14
NEEDS_OUTCOME = {
    "phone": "Enter what happened when you phoned",
    "text": "Enter what happened when you sent the text",
}


class AlreadyDone(Exception):
    """Someone marked this task done first: nothing was recorded again."""

    def __init__(self, task: ContactTask) -> None:
        who = task.done_by.name if task.done_by else "someone else"
        when = _long(london_date(task.done_at)) if task.done_at else "earlier"
        super().__init__(f"{who} already marked this as done on {when}. Nothing has been "
                         "recorded again.")
        self.task = task


@dataclass(frozen=True)
class Row:
    """A task as the list shows it."""

    task: ContactTask
    reference: str
    due_on: date
    state: str  # "overdue" | "due_today" | "to_do" | "done"

    @property
    def method_words(self) -> str:
        return METHODS.get(self.task.method, self.task.method)


def _may_view(actor: User) -> None:
    if not allowed(actor, "view_complaint"):
        raise NotAllowed("view_complaint")


def _long(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def due_on(task: ContactTask) -> date:
    """The next working day after the task was made."""
    return current_calendar().add_working_days(london_date(task.created_at), 1)


def _row(task: ContactTask, today: date) -> Row:
    due = due_on(task)
    if task.done_at is not None:
        state = "done"
    elif today > due:
        state = "overdue"
    elif today == due:
        state = "due_today"
    else:
        state = "to_do"
    return Row(task, task.complaint.reference, due, state)


def _with_people():
    return (joinedload(ContactTask.complaint).joinedload(Complaint.resident),
            joinedload(ContactTask.done_by), joinedload(ContactTask.assigned_to))


def _tasks(actor: User):
    """Tasks, less those for a complaint made in confidence whose maker the actor may not
    see (a task names them, and has their address or phone: records.confidence)."""
    return (select(ContactTask).join(Complaint, Complaint.id == ContactTask.complaint_id)
            .where(confidence.visible_to(actor)))


def open_tasks(actor: User, page: int = 1) -> Page[Row]:
    """One page of the tasks not yet done, oldest first."""
    _may_view(actor)
    today = clock.today()
    return paged(_tasks(actor).where(ContactTask.done_at.is_(None))
                 .options(*_with_people()).order_by(ContactTask.created_at, ContactTask.id),
                 page, row=lambda t: _row(t, today))


def done_tasks(actor: User, page: int = 1, days: int = RECENT_DAYS) -> Page[Row]:
    """One page of the tasks done in the last `days` days, most recent first."""
    _may_view(actor)
    since = utcnow() - timedelta(days=days)
    today = clock.today()
    return paged(_tasks(actor)
                 .where(ContactTask.done_at.is_not(None), ContactTask.done_at >= since)
                 .options(*_with_people())
                 .order_by(ContactTask.done_at.desc(), ContactTask.id.desc()),
                 page, row=lambda t: _row(t, today))


# Built once, the person bound as `:actor`: the header counts these on every staff page,
# and building the statement took longer than the database takes to count.
_OPEN_COUNT = select(func.count(ContactTask.id)).where(ContactTask.done_at.is_(None))
_OPEN_COUNT_VISIBLE = (_OPEN_COUNT.join(Complaint, Complaint.id == ContactTask.complaint_id)
                       .where(confidence.visible_condition()))


def open_count(actor: User) -> int | None:
    """How many tasks are waiting (one COUNT on an indexed column), or None when the
    actor may not see the work list."""
    if actor is None or not getattr(actor, "is_staff", False) or not allowed(
            actor, "view_complaint"):
        return None
    if confidence.team_may_see(actor):
        return db.session.execute(_OPEN_COUNT).scalar() or 0
    return db.session.execute(_OPEN_COUNT_VISIBLE, {"actor": actor.id}).scalar() or 0


def task_for(actor: User, task_id: int) -> Row | None:
    """One task, or None when there is no such task."""
    _may_view(actor)
    task = db.session.scalar(
        _tasks(actor).where(ContactTask.id == task_id).options(*_with_people()))
    return _row(task, clock.today()) if task is not None else None


def for_complaint(actor: User, complaint: Complaint) -> list[Row]:
    """The complaint's tasks not yet done, oldest first ([] for someone who may not see
    the work list)."""
    if not allowed(actor, "view_complaint"):
        return []
    found = db.session.scalars(
        _tasks(actor).where(ContactTask.complaint_id == complaint.id,
                                  ContactTask.done_at.is_(None))
        .order_by(ContactTask.created_at, ContactTask.id))
    today = clock.today()
    return [_row(t, today) for t in found]


# -- the letter ---------------------------------------------------------------------------


def has_letter(task: ContactTask) -> bool:
    """Whether there is a letter to print: always for a letter; for a call or a text
    when there is the formal letter or an address to post one to instead."""
    return task.method == "letter" or task.document_id is not None or bool(task.address)


def has_large_letter(task: ContactTask) -> bool:
    """A large-print letter is offered when the event stored a large-print copy, or, when
    the message is set as a letter here, when the person asked for large print."""
    if task.document_id is not None:
        return task.large_print_document_id is not None
    return task.large_print


def letter_filename(task: ContactTask, large: bool) -> str:
    document = _stored(task, large)
    if document is not None:
        return document.filename
    reference = task.complaint.reference
    return f"{reference}-{task.kind.replace('_', '-')}-letter{'-large-print' if large else ''}.pdf"


def _stored(task: ContactTask, large: bool):
    if large and task.large_print_document is not None:
        return task.large_print_document
    return task.document


def letter_pdf(task: ContactTask, large: bool, actor: User | None = None) -> bytes:
    """The letter to print, as PDF bytes: the stored formal letter (exactly as stored),
    else the task's message set as a letter on the letterhead (signed by `actor`)."""
    if actor is not None:
        _may_view(actor)
    document = _stored(task, large)
    if document is not None:
        return document.file.data
    try:
        return letters.render_pdf("documents/notice.html", notice_context(task, actor),
                                  large_print=large)
    except Exception as error:
        current_app.logger.exception("letter for contact task %s failed", task.id)
        raise CaseworkError(LETTER_FAILED) from error


_DEAR = re.compile(r"^Dear [^\n]*,?\s*$")
_ON_BEHALF = re.compile(r"^We are writing to you on behalf of [^\n]*\.$")
_HEADING_END = (".", ",", ":", ";", "!", "?")


@dataclass(frozen=True)
class Block:
    """A piece of the message set as a letter: a heading, a paragraph (its lines kept)
    or a bulleted list (lines that start with "- ")."""

    kind: str  # "heading" | "paragraph" | "list"
    lines: tuple[str, ...]


def _heading(line: str) -> bool:
    line = line.strip()
    return (0 < len(line) <= 60 and not line.endswith(_HEADING_END) and "://" not in line
            and not line.startswith("- ") and line[0].isupper())


def notice_blocks(task: ContactTask) -> list[Block]:
    """The message as letter blocks. The letter adds its own greeting, "on behalf of"
    line and sign-off, so the email's are dropped."""
    parts = letters.paragraphs(task.text)
    if parts and _DEAR.match(parts[0].splitlines()[0]):
        rest = parts[0].split("\n", 1)[1].strip() if "\n" in parts[0] else ""
        parts = ([rest] if rest else []) + parts[1:]
    if parts and _ON_BEHALF.match(parts[0]):
        parts = parts[1:]
    landlord = current_app.config["PORTAL"].landlord_name
    if parts and parts[-1].strip() == landlord:
        parts = parts[:-1]
    blocks: list[Block] = []
    for part in parts:
        lines = [line.strip() for line in part.splitlines() if line.strip()]
        if len(lines) > 1 and _heading(lines[0]):
            blocks.append(Block("heading", (lines[0],)))
            lines = lines[1:]
        if all(line.startswith("- ") for line in lines):
            blocks.append(Block("list", tuple(line[2:].strip() for line in lines)))
        else:
            blocks.append(Block("paragraph", tuple(lines)))
    return blocks


def notice_context(task: ContactTask, actor: User | None) -> dict:
    settings = current_app.config["PORTAL"]
    signer = ({"name": actor.name, "role": STAFF_ROLES.get(actor.staff_role or "", "")}
              if actor is not None else {"name": "Complaints team", "role": ""})
    return {
        "landlord": settings,
        "recipient": {"name": task.recipient_name,
                      "address_lines": (task.address or "").splitlines()},
        "on_behalf_of": task.on_behalf_of,
        "reference": task.complaint.reference,
        "issued_on": clock.today(),
        "signed_by": signer,
        "subject": task.subject,
        "blocks": notice_blocks(task),
    }


# -- done -----------------------------------------------------------------------------------


class _AlreadyDoneSignal(Exception):
    pass


def attempted(actor: User, task: ContactTask, outcome: str | None) -> None:
    """A call that did not reach the person: an internal note of the attempt; the task
    stays open and no contact is logged (it must not keep an agreed contact date)."""
    if not allowed(actor, "log_contact"):
        raise NotAllowed("log_contact")
    _require_named_contact(actor, task)
    outcome = (outcome or "").strip()
    if not outcome:
        raise CaseworkError("Enter what happened, for example “No answer, left a "
                            "voicemail asking them to call us”", "outcome")
    if len(outcome) > OUTCOME_LIMIT:
        raise CaseworkError(f"What happened must be {OUTCOME_LIMIT:,} characters or fewer",
                            "outcome")
    if task.done_at is not None:
        raise AlreadyDone(task)
    events.record(task.complaint, "contact_attempted",
                  f"Tried to phone {task.recipient_name}: {outcome}", actor, internal=True,
                  task_id=task.id, method=task.method, subject=task.subject)
    db.session.commit()


def _require_named_contact(actor: User, task: ContactTask) -> None:
    """A task for a person whose restriction names one contact is theirs to do."""
    if task.assigned_to_id is not None and task.assigned_to_id != actor.id:
        who = task.assigned_to.name if task.assigned_to else "their named contact"
        raise CaseworkError(f"Only {who}, the named contact in a restriction on this "
                            "person’s contact, can do this. Pass it to them", "outcome")


def complete(actor: User, task: ContactTask, outcome: str | None, *,
             posted_instead: bool = False) -> None:
    """Mark the task done, once. Raises NotAllowed, CaseworkError (field "outcome") or
    AlreadyDone (someone did it first: nothing recorded). `posted_instead`: a call or
    text that could not be made, the letter posted in its place (no contact logged)."""
    if not allowed(actor, "log_contact"):
        raise NotAllowed("log_contact")
    _require_named_contact(actor, task)
    outcome = (outcome or "").strip()
    if not outcome and task.method in NEEDS_OUTCOME and not posted_instead:
        raise CaseworkError(NEEDS_OUTCOME[task.method], "outcome")
    if len(outcome) > OUTCOME_LIMIT:
        raise CaseworkError(f"What happened must be {OUTCOME_LIMIT:,} characters or fewer",
                            "outcome")
    task_id, method = task.id, task.method
    now = utcnow()
    try:
        marked = db.session.execute(
            update(ContactTask)
            .where(ContactTask.id == task_id, ContactTask.done_at.is_(None))
            .values(done_at=now, done_by_id=actor.id, outcome=outcome or None)
            .execution_options(synchronize_session=False))
        if marked.rowcount != 1:
            raise _AlreadyDoneSignal
        complaint = task.complaint
        name = task.recipient_name
        if posted_instead or method == "letter":
            why = (f" (we could not reach {name} by "
                   f"{'phone' if method == 'phone' else 'text'})" if posted_instead else "")
            events.record(complaint, "contact_task_done",
                          f"Letter posted{why}: {task.subject}", actor, task_id=task_id,
                          method="letter", to=name, outcome=outcome or None)
            if outcome:  # the staff note stays internal: the resident sees the letter went
                events.record(complaint, "contact_task_note",
                              f"Note on the letter to {name}: {outcome}", actor,
                              internal=True, task_id=task_id)
        else:
            words = f"Phoned {name}" if method == "phone" else f"Text sent to {name}"
            events.record(complaint, "contact_task_done", f"{words}: {outcome}", actor,
                          internal=True, task_id=task_id, method=method, to=name,
                          subject=task.subject)
            db.session.add(ContactLog(complaint_id=complaint.id, happened_at=now,
                                      method=method, notes=f"{task.subject}: {outcome}",
                                      shared=False, by_id=actor.id))
        db.session.commit()
    except _AlreadyDoneSignal:
        db.session.rollback()
        fresh = db.session.get(ContactTask, task_id, populate_existing=True)
        raise AlreadyDone(fresh) from None
    except BaseException:
        db.session.rollback()
        raise
    db.session.refresh(task)
