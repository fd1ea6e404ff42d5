"""What staff see of stage 2 and the Panel on the complaint page (reads only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint, Event, Response, User
from portal.domain import lifecycle
from portal.domain.deadlines import DueDate, Window
from portal.services.actions.tracking import ActionRow, action_rows
from portal.services.records import clock
from portal.services.records import deadlines as due_dates
from portal.services.records.casework import require_allowed
from portal.services.records.policy import profiles
from portal.services.review.casework import (
    available_stage2,
    is_building_safety,
    stage1_people,
)

LABELS = {
    "decide_late": ("staff.decide_late_request", "Decide on the late request"),
    "acknowledge_stage2": ("staff.acknowledge_stage2", "Acknowledge the review and assign a "
                                                       "reviewer"),
    "decline_stage2": ("staff.decline_stage2", "Decline the review"),
    "change_reviewer": ("staff.change_reviewer", "Change the reviewer"),
    "extend_stage2": ("staff.extend_stage2", "Extend the stage 2 response date"),
    "respond_stage2": ("staff.respond_stage2", "Write the stage 2 response"),
    "arrange_panel": ("staff.arrange_panel", "Record the Panel meeting"),
    "respond_panel": ("staff.respond_panel", "Write the Panel response"),
    "pass_back": ("staff.pass_back", "Pass back to the case handler"),
}


@dataclass(frozen=True)
class ReviewView:
    complaint: Complaint
    today: date
    profile_name: str
    reviewer_rule: str
    has_panel: bool
    building_safety: bool
    closes: DueDate | None
    window: Window | None
    reviewer: User | None
    involved: list[str]
    can_do: list[tuple[str, str]]
    responses: dict[str, Response] = field(default_factory=dict)
    panel_request: Event | None = None
    passed_back: Event | None = None
    extension_limit: date | None = None
    panel_limit: DueDate | None = None
    actions: list[ActionRow] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        c = self.complaint
        return bool(c.stage1_sent_on or c.stage2_requested_on or self.actions)


def _last(complaint: Complaint, kind: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.complaint_id == complaint.id,
                                                 Event.kind == kind).order_by(Event.id.desc()))


def review_view(actor: User, complaint: Complaint, on: date | None = None) -> ReviewView:
    require_allowed(actor, "view_complaint")
    on = on or clock.today()
    profile = profiles()[complaint.profile]
    closes, window = due_dates.stage2_window(complaint, on)
    responses = {f"{r.stage}-{r.kind}": r for r in db.session.scalars(
        select(Response).where(Response.complaint_id == complaint.id, Response.stage >= 2))}
    involved = [db.session.get(User, i).name for i in sorted(stage1_people(complaint))]
    return ReviewView(
        complaint=complaint, today=on, profile_name=profile.name,
        reviewer_rule=f"{profile.stage2.reviewer} ({profile.stage2.cite})",
        has_panel=profile.has_panel, building_safety=is_building_safety(complaint),
        closes=closes, window=window, reviewer=complaint.reviewer, involved=involved,
        can_do=[LABELS[a] for a in available_stage2(actor, complaint)],
        responses=responses, panel_request=_last(complaint, "panel_requested"),
        passed_back=(_last(complaint, "stage2_passed_back")
                     if complaint.status == "passed_back" else None),
        extension_limit=(due_dates.max_extension(complaint, 2)
                         if complaint.status == "stage2" else None),
        panel_limit=due_dates.panel_limit(complaint),
        actions=action_rows(complaint, on),
    )


def panel_decisions(response: Response | None) -> list[dict]:
    """The Panel's decision on each issue, from its response (kept there, not on issues)."""
    if response is None:
        return []
    return [{**i, "decision_label": lifecycle.DECISIONS.get(i["decision"], i["decision"])}
            for i in response.content.get("issues", [])]
