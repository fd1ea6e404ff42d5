"""What staff see of a complaint: the complaint page (reads only). The queue is
stage1.queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.data.db import db
from portal.data.models import (
    Action,
    Complaint,
    ContactLog,
    Event,
    Response,
    User,
)
from portal.domain import lifecycle
from portal.services.records import confidence, deadlines
from portal.services.records.casework import (
    allowed,
    last_event_id,
    require_allowed,
    today,
)
from portal.services.records.policy import profiles
from portal.services.records.timeline import AgreedRow, agreed_contact_rows
from portal.services.stage1 import closing, safeguarding

# -- the complaint page ---------------------------------------------------------------------


@dataclass(frozen=True)
class CaseView:
    complaint: Complaint
    today: date
    status_words: str
    deadlines: list[deadlines.Due]
    agreed: list[AgreedRow]
    contacts: list[ContactLog]
    events: list[Event]
    responses: list[Response]
    actions: list[Action]
    can_do: list[str]
    last_event_id: int
    profile_name: str
    extension_limit: date | None = None
    notes: dict = field(default_factory=dict)
    # Who made it, as this person may see it (a complaint made in confidence: withheld).
    identity: confidence.Identity | None = None
    viewer: User | None = None

    def name_of(self, person: User | None) -> str:
        """A name on the page (an event's actor, a contact's author), withheld when it is
        the resident's on a complaint made in confidence the viewer may not see."""
        return confidence.shown_name(self.viewer, self.complaint, person)

    def words(self, text: str | None) -> str | None:
        """Recorded words, with who made it taken out where it is withheld."""
        return confidence.redact(self.viewer, self.complaint, text)

    def document_withheld(self, document) -> bool:
        return confidence.document_withheld(self.viewer, self.complaint, document)


def agreed_contacts(complaint: Complaint, on: date) -> list[AgreedRow]:
    return agreed_contact_rows(complaint, on)


ACTIONS = ("acknowledge", "refuse", "resolve_first_contact", "confirm_building", "reassign",
           "log_contact", "extend", "respond", "close", "close_mid_stage", "reopen")


def available(actor: User, complaint: Complaint) -> list[str]:
    """The actions this actor may take on this complaint now, in page order."""
    found = []
    needs = {"confirm_building": "acknowledge", "close_mid_stage": "close", "reopen": "close"}
    for action in ACTIONS:
        if not allowed(actor, needs.get(action, action)):
            continue
        if action == "confirm_building":  # IVH 004 §5.1: before the stage 1 response
            profile = profiles()[complaint.profile]
            ok = (profile.building_safety_regulator and complaint.category == "building_safety"
                  and complaint.status in ("received", "stage1"))
        elif action == "close_mid_stage":
            ok = (lifecycle.can_move(action, complaint.status)
                  and bool(closing.closing_grounds(complaint)))
        elif action == "reopen":
            ok = closing.can_reopen(complaint)
        elif action == "reassign":
            ok = complaint.status in lifecycle.OPEN and complaint.handler_id is not None
        elif action == "close":
            ok = complaint.status in lifecycle.RESPONDED
        else:
            ok = lifecycle.can_move(action, complaint.status)
        if ok:
            found.append(action)
    return found


def case_view(actor: User, complaint: Complaint, on: date | None = None) -> CaseView:
    require_allowed(actor, "view_complaint")
    on = on or today()
    return CaseView(
        complaint=complaint,
        today=on,
        status_words=lifecycle.staff_words(complaint.status),
        deadlines=deadlines.complaint_deadlines(complaint),
        agreed=agreed_contacts(complaint, on),
        contacts=list(complaint.contacts),
        events=list(db.session.scalars(
            select(Event).where(Event.complaint_id == complaint.id)
            .options(selectinload(Event.actor)).order_by(Event.id)
        )),
        responses=list(db.session.scalars(
            select(Response).where(Response.complaint_id == complaint.id).order_by(Response.id)
        )),
        actions=list(db.session.scalars(
            select(Action).where(Action.complaint_id == complaint.id).order_by(Action.due_on)
        )),
        can_do=available(actor, complaint),
        last_event_id=last_event_id(complaint),
        profile_name=profiles()[complaint.profile].name,
        extension_limit=(deadlines.max_extension(complaint, 1)
                         if complaint.status == "stage1" else None),
        identity=confidence.identity(actor, complaint),
        viewer=actor,
    )


def exclusions_for(complaint: Complaint):
    """The reasons this complaint may be refused for (never the time limit for a
    safeguarding concern)."""
    return safeguarding.refusable(complaint, profiles()[complaint.profile].exclusions)
