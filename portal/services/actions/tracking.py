"""Actions promised in responses, and the Housing Ombudsman's orders and
recommendations (IVH 004 §7.2), tracked to completion across complaints (Code 6.6, 7.3):
the list staff work from, and marking one done with what was done, for an Ombudsman
order the evidence of compliance (an event the resident sees)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import contains_eager

from portal.data.db import db
from portal.data.models import Action, Complaint, User
from portal.domain import deadlines as engine
from portal.domain import lifecycle
from portal.services.correspondence.tell import tell
from portal.services.records import clock, confidence, events
from portal.services.records.casework import (
    CaseworkError,
    changing,
    long_date,
    require_allowed,
    required_text,
)
from portal.services.records.paging import Page, paged

TRACK_TABS = {
    "outstanding": "Still to do",
    "overdue": "Overdue",
    "done": "Done",
    "all": "All",
    "ombudsman": "Ombudsman orders",
}
OMBUDSMAN_KINDS = ("ombudsman_order", "ombudsman_recommendation")
KIND_WORDS = {"promised": "Promised in a response", "ombudsman_order": "Ombudsman order",
              "ombudsman_recommendation": "Ombudsman recommendation"}
STATE_WORDS = {
    "done": "Done",
    "done_late": "Done late",
    "overdue": "Overdue",
    "due_today": "Due today",
    "to_do": "To do",
}


@dataclass(frozen=True)
class ActionRow:
    action: Action
    reference: str
    resident: str
    status_words: str
    version: int
    state: str

    @property
    def state_words(self) -> str:
        return STATE_WORDS[self.state]


def action_rows(complaint: Complaint, on: date) -> list[ActionRow]:
    """One complaint's actions, soonest due first (the complaint pages use this)."""
    found = db.session.scalars(select(Action).where(Action.complaint_id == complaint.id)
                               .order_by(Action.due_on, Action.id))
    return [_row(a, complaint, on) for a in found]


def _row(action: Action, complaint: Complaint, on: date,
         actor: User | None = None) -> ActionRow:
    name = (confidence.identity(actor, complaint).name if actor is not None
            else complaint.resident.name)  # (staff lists: withheld if made in confidence)
    return ActionRow(action, complaint.reference, name,
                     lifecycle.staff_words(complaint.status), complaint.version,
                     engine.action_state(action.due_on, action.done_on, on))


def tracked_actions(actor: User, tab: str = "outstanding", page: int = 1,
                    on: date | None = None) -> Page[ActionRow]:
    """One page of every complaint's actions for the list at /staff/actions, soonest due
    first (so overdue first), filtered, counted and paged in the database."""
    require_allowed(actor, "view_complaint")
    on = on or clock.today()
    where = []
    if tab in ("outstanding", "overdue"):
        where.append(Action.done_on.is_(None))
    elif tab == "done":
        where.append(Action.done_on.is_not(None))
    if tab == "overdue":  # from the day after it was due (domain.deadlines.action_state)
        where.append(Action.due_on < on)
    if tab == "ombudsman":  # still to do, on the (kind, done_on, due_on, id) index
        where += [Action.kind.in_(OMBUDSMAN_KINDS), Action.done_on.is_(None)]
    # Done: the most recently done first, along the (done_on, due_on, id) index; the rest
    # soonest due first (so overdue first).
    order = ((Action.done_on.desc(), Action.due_on.desc(), Action.id.desc()) if tab == "done"
             else (Action.due_on, Action.id))
    query = (select(Action, Complaint).join(Complaint, Action.complaint_id == Complaint.id)
             .join(User, Complaint.resident_id == User.id).where(*where)
             .options(contains_eager(Complaint.resident)).order_by(*order))
    # Every action has its complaint and every complaint its resident (non-null foreign
    # keys), so the actions alone are counted, on an index rather than the whole table.
    count = select(func.count()).select_from(Action).where(*where)
    return paged(query, page, scalars=False, count=count,
                 row=lambda r: _row(r.Action, r.Complaint, on, actor))


def action_for(action_id: int) -> tuple[Action | None, str]:
    """The action and its complaint's reference ("" when there is no such action, which
    the complaint lookup then turns into a 404)."""
    action = db.session.get(Action, action_id)
    if action is None:
        return None, ""
    return action, db.session.get(Complaint, action.complaint_id).reference


def complete_action(actor: User, action: Action, *, version: int | None, seen: int | None,
                    done_on: date | None, note: str | None, on: date | None = None) -> None:
    """Mark an action done: the resident sees it in their timeline and is emailed."""
    require_allowed(actor, "track_actions")
    on = on or clock.today()
    complaint = db.session.get(Complaint, action.complaint_id)
    if action.done_on is not None:
        raise CaseworkError(f"This action was already marked done on {long_date(action.done_on)}")
    if done_on is None:
        raise CaseworkError("Enter the date it was done", "done_on")
    if done_on > on:
        raise CaseworkError("The date it was done must be today or in the past", "done_on")
    if done_on < complaint.received_on:
        raise CaseworkError("The date it was done must be on or after "
                            f"{long_date(complaint.received_on)}, when we received the complaint",
                            "done_on")
    ordered = action.kind in OMBUDSMAN_KINDS
    note = required_text(note, "Enter the evidence of compliance, which the resident will see"
                         if ordered else "Enter what was done, which the resident will see",
                         "note")
    with changing(complaint, version, seen):
        # Only if nobody marked it done meanwhile (two people, one action).
        marked = db.session.execute(update(Action).where(
            Action.id == action.id, Action.done_on.is_(None)).values(done_on=done_on,
                                                                     evidence=note))
        if marked.rowcount != 1:
            raise CaseworkError("Someone else has just marked this action done")
        db.session.refresh(action)
        late = done_on > action.due_on
        what = f"{KIND_WORDS[action.kind]} done" if ordered else "Done"
        events.record(complaint, "action_completed",
                      f"{what}{' (late)' if late else ''}: {action.description}", actor,
                      action_id=action.id, done_on=done_on, due_on=action.due_on, late=late,
                      text=note, action_kind=action.kind)
        tell(complaint, "action_done", "An action on your complaint is done",
              description=action.description, done_on=done_on, note=note)
