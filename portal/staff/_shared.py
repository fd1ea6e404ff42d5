"""What the staff blueprint's route modules share: the blueprint, the permission check
on every route, and the one way an action page runs (`act`). Route modules import from
here, never from each other."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.domain import lifecycle
from portal.domain import restrictions as restriction_words
from portal.domain.permissions import STAFF_ROLES
from portal.services.correspondence.tell import will_tell
from portal.services.records import casework
from portal.services.records.policy import profiles
from portal.services.responses import payments
from portal.services.responses import respond as responses
from portal.services.stage1 import restrictions

bp = Blueprint("staff", __name__, url_prefix="/staff")


def forbidden():
    """The 403 page: the role may not do this (or not to this complaint)."""
    return _forbidden()


def _forbidden():
    return render_template(
        "errors/error.html", title="You do not have permission to do this",
        message="Your role does not allow this. If you think it should, ask your complaints "
        "manager."), 403


def staff_can(action: str):
    """404 for anyone who is not staff; 403 for a role without `action`."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not getattr(current_user, "is_staff", False):
                abort(404)
            if not casework.allowed(current_user, action):
                return _forbidden()
            return view(*args, **kwargs)

        wrapped.staff_permission = action
        return wrapped

    return decorator


def reports_can(permission: str = "reports"):
    """`staff_can`, except that a signed-in resident or representative is told plainly
    that they may not see the reports (403) rather than shown a 404."""

    def decorator(view):
        guarded = staff_can(permission)(view)

        @wraps(guarded)
        def wrapped(*args, **kwargs):
            if current_user.is_authenticated and not current_user.is_staff:
                return _forbidden()
            return guarded(*args, **kwargs)

        wrapped.staff_permission = permission
        return wrapped

    return decorator


@bp.errorhandler(casework.NotAllowed)
def not_allowed(_error):
    return _forbidden()


@bp.context_processor
def staff_words():
    return {"lifecycle": lifecycle, "roles": STAFF_ROLES, "allowed": casework.allowed,
            "offset_rule": lambda c: profiles()[c.profile].compensation_offset,
            "restriction_in_force": restrictions.in_force,
            "restriction_kind": restriction_words.kind_words, "will_tell": will_tell,
            "may_record_payment": payments.may_record, "offered_in": payments.offered_in}


def act(complaint, form, template: str, perform, done: str, **context):
    """GET shows the form; a valid POST runs `perform(form)` and redirects to the
    complaint; anything else shows the form again, with what went wrong."""
    conflict = None
    if request.method == "GET":
        form.set_version(complaint.version, casework.last_event_id(complaint))
    elif form.validate_on_submit():
        try:
            perform(form)
        except casework.VersionConflict as error:
            conflict = error
            form.set_version(error.version, error.seen)
            form.problem(f"{casework.CONFLICT}. Check what changed, then send the form again.",
                         target="changes")
        except casework.CaseworkError as error:
            form.problem(str(error), error.field)
        else:
            if "{told}" in done:  # how the resident (and anyone else) is being told
                from portal.services.correspondence.tell import how_told

                done = done.format(told=how_told(complaint))
            flash(done)
            return redirect(url_for("staff.complaint", reference=complaint.reference), 303)
    status = 409 if conflict else (400 if form.errors else 200)
    return render_template(template, form=form, complaint=complaint, conflict=conflict,
                           **context), status


def versions(form) -> dict:
    return {"version": form.version_value, "seen": form.seen_value}


def response_draft(found, form) -> responses.ResponseDraft:
    return responses.ResponseDraft(
        decisions=[responses.IssueDecision(issue.id, row.form.decision.data, row.form.reasons.data)
                   for issue, row in zip(found.issues, form.issues.entries, strict=False)],
        apology=(form.apology.data or "").strip(),
        explanation=(form.explanation.data or "").strip(),
        compensation=form.compensation_amount,
        offset_agreement=((form.offset_agreement.data or "").strip() or "-"
                          if form.offset.data == "offset" else ""),
        actions=[responses.ActionPlan(a.description.data.strip(), a.owner.data.strip(),
                                     a.due_on.data) for a in form.filled_actions()],
        learning=(form.learning.data or "").strip(),
    )


def one_entry_per_issue(entries, issues) -> None:
    """A sent form with fewer definitions than the complaint has issues (a field left out
    by a hand-made request) gets empty ones, which validation then asks for: the page
    shows one box per issue and must not fail for want of one."""
    while len(entries) < len(issues):
        entries.append_entry("")
