"""Staff routes for stage 2, the Panel and tracked actions, on the staff blueprint.

Imported at the end of portal/staff/routes.py. Every route is `@login_required` and
`@staff_can(action)`; the services check the role, the status and the reviewer's
independence (Code 6.13) again, so no route can get round them.
"""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.domain.permissions import STAFF_ROLES
from portal.services.accounts import access
from portal.services.actions import tracking
from portal.services.correspondence.tell import how_told
from portal.services.records import casework
from portal.services.records import deadlines as due_dates
from portal.services.responses import respond as responses
from portal.services.review import casework as review_casework
from portal.services.review import panel
from portal.services.review import views as review_views
from portal.staff import forms, stage2_forms
from portal.staff._shared import (
    act,
    bp,
    one_entry_per_issue,
    staff_can,
    versions,
)
from portal.web.paging import page_asked


@bp.context_processor
def stage2_helpers():
    def review_view(actor, complaint):
        """What the page shows of stage 2, worked out once per request."""
        key = ("portal_review_view", actor.id, complaint.id)
        if key not in g.setdefault("portal_views", {}):
            g.portal_views[key] = review_views.review_view(actor, complaint)
        return g.portal_views[key]

    return {"review_view": review_view,
            "panel_decisions": review_views.panel_decisions,
            "understanding": responses.understanding}


def _people(users) -> list[tuple[int, str]]:
    return [(u.id, f"{u.name}, {STAFF_ROLES.get(u.staff_role, '')}") for u in users]


@bp.route("/complaints/<reference>/late-request", methods=["GET", "POST"])
@login_required
@staff_can("review")
def decide_late_request(reference: str):
    found = access.complaint_for(current_user, reference)
    form = stage2_forms.LateDecisionForm()
    reasons = review_casework.decline_reasons(found)
    form.reasons.choices = [(e.code, e.title) for e in reasons]
    closes, _ = due_dates.stage2_window(found, casework.today())

    def perform(f):
        review_casework.decide_late(current_user, found, accept=f.accept, reasons=f.reasons.data,
                             detail=f.detail.data, **versions(f))

    done = ("Late request accepted. Acknowledge the review next."
            if request.form.get("decision") == "accept"
            else "Late request declined. {told}")
    return act(found, form, "staff/stage2/late.html", perform, done, exclusions=reasons,
                closes=closes)


@bp.route("/complaints/<reference>/stage-2-acknowledge", methods=["GET", "POST"])
@login_required
@staff_can("review")
def acknowledge_stage2(reference: str):
    found = access.complaint_for(current_user, reference)
    form = stage2_forms.Stage2AcknowledgeForm()
    choices = review_casework.reviewer_choices(current_user, found)
    form.reviewer.choices = _people(choices)
    if request.method == "GET":
        for issue in found.issues:
            form.definitions.append_entry(
                issue.stage2_definition or review_casework.suggested_stage2_definition(issue))
        if any(u.id == current_user.id for u in choices):
            form.reviewer.data = current_user.id
    one_entry_per_issue(form.definitions, found.issues)

    def perform(f):
        review_casework.acknowledge_stage2(
            current_user, found, reviewer_id=f.reviewer.data, **versions(f),
            definitions={i.id: e.data for i, e in zip(found.issues, f.definitions, strict=False)})

    view = review_views.review_view(current_user, found)
    return act(found, form, "staff/stage2/acknowledge.html", perform,
                "Review acknowledged and reviewer assigned. {told}",
                involved=view.involved, reviewer_rule=view.reviewer_rule)


@bp.route("/complaints/<reference>/change-reviewer", methods=["GET", "POST"])
@login_required
@staff_can("reassign")
def change_reviewer(reference: str):
    found = access.complaint_for(current_user, reference)
    form = stage2_forms.ChangeReviewerForm()
    form.reviewer.choices = _people(review_casework.reviewer_choices(current_user, found))

    def perform(f):
        review_casework.change_reviewer(current_user, found, reviewer_id=f.reviewer.data,
                                 reason=f.reason.data, **versions(f))

    return act(found, form, "staff/stage2/change_reviewer.html", perform,
                "Reviewer changed, with the reason. {told}",
                involved=review_views.review_view(current_user, found).involved)


@bp.route("/complaints/<reference>/stage-2-extend", methods=["GET", "POST"])
@login_required
@staff_can("review")
def extend_stage2(reference: str):
    found = access.complaint_for(current_user, reference)
    current, latest = due_dates.extension_window(found, 2)

    def perform(f):
        review_casework.extend_stage2(current_user, found, new_on=f.new_on.data,
                               reason=f.reason.data, **versions(f))

    return act(found, forms.ExtendForm(), "staff/extend.html", perform,
                "Stage 2 response date extended, with the reason. {told}",
                current=current, latest=latest, stage=2, at_stage=found.status == "stage2")


@bp.route("/complaints/<reference>/pass-back", methods=["GET", "POST"])
@login_required
@staff_can("review")
def pass_back(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        review_casework.pass_back(current_user, found, note=f.note.data, **versions(f))

    return act(found, stage2_forms.PassBackForm(), "staff/stage2/pass_back.html", perform,
                "Passed back to the case handler. {told}")


@bp.route("/complaints/<reference>/panel-meeting", methods=["GET", "POST"])
@login_required
@staff_can("review")
def arrange_panel(reference: str):
    found = access.complaint_for(current_user, reference)
    form = stage2_forms.PanelForm()
    form.member.choices = _people(panel.panel_choices(found))

    def perform(f):
        panel.arrange_panel(current_user, found, meeting_on=f.meeting_on.data,
                               member_id=f.member.data, forum_members=f.forum_list,
                               held=f.held.data == "yes", **versions(f))

    return act(found, form, "staff/stage2/panel.html", perform,
                "Panel meeting recorded.", limit=due_dates.panel_limit(found))


# -- actions promised in responses, across complaints ------------------------------------


@bp.get("/actions")
@login_required
@staff_can("view_complaint")
def actions():
    tab = request.args.get("tab", "outstanding")
    tab = tab if tab in tracking.TRACK_TABS else "outstanding"
    return render_template("staff/stage2/actions.html", tab=tab, tabs=tracking.TRACK_TABS,
                           found=tracking.tracked_actions(current_user, tab, page_asked()))


@bp.route("/actions/<int:action_id>/done", methods=["GET", "POST"])
@login_required
@staff_can("track_actions")
def complete_action(action_id: int):
    action, reference = tracking.action_for(action_id)
    found = access.complaint_for(current_user, reference)
    form = stage2_forms.ActionDoneForm()
    conflict = None
    if request.method == "GET":
        form.set_version(found.version, casework.last_event_id(found))
        form.done_on.process(None, casework.today())
    elif form.validate_on_submit():
        try:
            tracking.complete_action(current_user, action, done_on=form.done_on.data,
                                     note=form.note.data, **versions(form))
        except casework.VersionConflict as error:
            conflict = error
            form.set_version(error.version, error.seen)
            form.problem(f"{casework.CONFLICT}. Check what changed, then send the form again.",
                         target="changes")
        except casework.CaseworkError as error:
            form.problem(str(error), error.field)
        else:
            flash(f"Action marked done. The resident can see it. {how_told(found)}")
            return redirect(url_for("staff.actions"), 303)
    status = 409 if conflict else (400 if form.errors else 200)
    return render_template("staff/stage2/action_done.html", form=form, complaint=found,
                           action=action, conflict=conflict), status
