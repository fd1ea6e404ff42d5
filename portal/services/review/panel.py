"""The Panel (IDS 002 §6.3-6.4), a third stage where the profile has one: its members
(senior staff not involved before, and Tenant Forum members) and its meeting, within a
calendar month of the request. The Panel's response goes through responses.respond."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, Event, User
from portal.domain import deadlines as engine
from portal.services.correspondence.tell import tell
from portal.services.records import clock, events
from portal.services.records import deadlines as due_dates
from portal.services.records.casework import CaseworkError, changing, long_date, require_move
from portal.services.review.casework import (
    require_reviewer,
    reviewers,
    stage1_people,
)


def panel_choices(complaint: Complaint) -> list[User]:
    """Senior staff not previously involved with the case (IDS 002 §6.3): not its handler
    or reviewer, and nobody who has done anything on it."""
    acted = set(db.session.scalars(select(Event.actor_id).where(
        Event.complaint_id == complaint.id, Event.actor_id.is_not(None))))
    involved = acted | stage1_people(complaint) | {complaint.reviewer_id}
    return [u for u in reviewers() if u.id not in involved]


def arrange_panel(actor: User, complaint: Complaint, *, version: int | None, seen: int | None,
                  meeting_on: date | None, member_id: int | None, forum_members: list[str],
                  held: bool, on: date | None = None) -> None:
    """The Panel's meeting date (within 1 calendar month of the request) and members: a
    Corporate Management Team member not previously involved, and Tenant Forum members.
    When `held`, the meeting has happened and the 10 working days for the response start."""
    require_reviewer(actor, complaint)
    require_move("arrange_panel", complaint)
    on = on or clock.today()
    if complaint.panel_met_on is not None:
        raise CaseworkError("The Panel has already met")
    limit = due_dates.panel_limit(complaint)
    if meeting_on is None:
        raise CaseworkError("Enter the date of the Panel meeting", "meeting_on")
    problem = (engine.within_panel_limit(meeting_on, complaint.panel_requested_on, limit)
               if limit is not None else None)
    if problem:
        raise CaseworkError(problem, "meeting_on")
    if held and meeting_on > on:
        raise CaseworkError("A meeting that has happened cannot be in the future", "meeting_on")
    member = next((u for u in panel_choices(complaint) if u.id == member_id), None)
    if member is None:
        raise CaseworkError("Select a member of the Corporate Management Team who has not "
                            "been involved in this complaint", "member")
    forum = [name.strip() for name in forum_members if name.strip()]
    if not forum:
        raise CaseworkError("Enter at least one Tenant Forum member", "forum_members")
    with changing(complaint, version, seen):
        complaint.panel_meeting_on = meeting_on
        complaint.panel_members = [f"{member.name} (Corporate Management Team)",
                                   *(f"{name} (Tenant Forum)" for name in forum)]
        if held:
            complaint.panel_met_on = meeting_on
            events.record(complaint, "panel_met", f"The Panel met on {long_date(meeting_on)}",
                          actor, met_on=meeting_on, members=complaint.panel_members,
                          member_id=member.id)
        else:
            events.record(complaint, "panel_arranged",
                          f"Panel meeting arranged for {long_date(meeting_on)}", actor,
                          meeting_on=meeting_on, members=complaint.panel_members,
                          member_id=member.id)
            tell(complaint, "panel_arranged", "Your Panel meeting", meeting_on=meeting_on,
                  members=complaint.panel_members)
