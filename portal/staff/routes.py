"""The staff side: the queue, the complaint page and one page per action.

Every route is `@login_required` and `@staff_can(action)`: not staff is a 404 (a URL
reveals nothing), a role without the permission a 403. The services check the
permission again, so no route can get round it. Views stay thin: form -> service ->
303 redirect, or the same page again with an error summary.
"""

from __future__ import annotations

import io
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from portal.domain import lifecycle
from portal.domain.permissions import STAFF_ROLES
from portal.services import access, casework
from portal.staff import forms
from portal.web.htmx import page_or_fragment

bp = Blueprint("staff", __name__, url_prefix="/staff")


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


@bp.errorhandler(casework.NotAllowed)
def not_allowed(_error):
    return _forbidden()


@bp.context_processor
def staff_words():
    return {"lifecycle": lifecycle, "roles": STAFF_ROLES, "allowed": casework.allowed}


# -- the queue and the complaint page ----------------------------------------------------------


@bp.get("")
@login_required
@staff_can("view_queue")
def queue():
    page = casework.queue(current_user, tab=request.args.get("tab", "open"),
                          q=request.args.get("q", ""),
                          page=request.args.get("page", 1, type=int))
    return page_or_fragment("staff/queue.html", "results", page=page, tabs=casework.TABS)


@bp.get("/complaints/<reference>")
@login_required
@staff_can("view_complaint")
def complaint(reference: str):
    found = access.complaint_for(current_user, reference)
    return render_template("staff/complaint.html", case=casework.case_view(current_user, found),
                           complaint=found)


@bp.get("/complaints/<reference>/documents/<int:document_id>")
@login_required
@staff_can("download_document")
def download_document(reference: str, document_id: int):
    found = access.complaint_for(current_user, reference)
    document = access.document_for(current_user, found, document_id)
    response = send_file(io.BytesIO(document.file.data), mimetype=document.content_type,
                         as_attachment=True, download_name=document.filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["ETag"] = document.file.sha256
    return response


# -- actions ------------------------------------------------------------------------------


def _act(complaint, form, template: str, perform, done: str, **context):
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
                from portal.services.correspondence import how_told

                done = done.format(told=how_told(complaint))
            flash(done)
            return redirect(url_for("staff.complaint", reference=complaint.reference), 303)
    status = 409 if conflict else (400 if form.errors else 200)
    return render_template(template, form=form, complaint=complaint, conflict=conflict,
                           **context), status


def _versions(form) -> dict:
    return {"version": form.version_value, "seen": form.seen_value}


@bp.route("/complaints/<reference>/acknowledge", methods=["GET", "POST"])
@login_required
@staff_can("acknowledge")
def acknowledge_complaint(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.AcknowledgeForm()
    choices = casework.handler_choices(current_user)
    form.handler.choices = [(u.id, f"{u.name}, {STAFF_ROLES[u.staff_role]}") for u in choices]
    if request.method == "GET":
        for issue in found.issues:
            form.definitions.append_entry(issue.definition or casework.suggested_definition(issue))
        if any(u.id == current_user.id for u in choices):
            form.handler.data = current_user.id

    def perform(f):
        casework.acknowledge(
            current_user, found, handler_id=f.handler.data, **_versions(f),
            definitions={i.id: e.data for i, e in zip(found.issues, f.definitions, strict=False)})

    return _act(found, form, "staff/acknowledge.html", perform,
                "Complaint acknowledged. {told}")


@bp.route("/complaints/<reference>/refuse", methods=["GET", "POST"])
@login_required
@staff_can("refuse")
def refuse_complaint(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.RefuseForm()
    exclusions = casework.exclusions_for(found)
    form.reasons.choices = [(e.code, e.title) for e in exclusions]

    def perform(f):
        casework.refuse(current_user, found, reasons=f.reasons.data, detail=f.detail.data,
                        **_versions(f))

    return _act(found, form, "staff/refuse.html", perform,
                "Complaint not accepted. The refusal letter has been sent to the resident.",
                exclusions=exclusions)


@bp.route("/complaints/<reference>/change-handler", methods=["GET", "POST"])
@login_required
@staff_can("reassign")
def change_handler(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.ChangeHandlerForm()
    form.handler.choices = [(u.id, f"{u.name}, {STAFF_ROLES[u.staff_role]}")
                            for u in casework.handler_choices(current_user)]

    def perform(f):
        casework.change_handler(current_user, found, handler_id=f.handler.data,
                                reason=f.reason.data, **_versions(f))

    return _act(found, form, "staff/change_handler.html", perform,
                "Case handler changed. The resident has been told why.")


@bp.route("/complaints/<reference>/log-contact", methods=["GET", "POST"])
@login_required
@staff_can("log_contact")
def log_contact(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.ContactForm()
    if request.method == "GET":
        form.next_method.data = found.contact_method

    def perform(f):
        casework.log_contact(current_user, found, method=f.method.data, notes=f.notes.data,
                             shared=f.shared.data == "yes", next_on=f.next_on.data,
                             next_method=f.next_method.data, **_versions(f))

    return _act(found, form, "staff/log_contact.html", perform, "Contact recorded.",
                can_agree=casework.allowed(current_user, "agree_contact")
                and lifecycle.can_move("agree_contact", found.status))


@bp.route("/complaints/<reference>/extend", methods=["GET", "POST"])
@login_required
@staff_can("extend")
def extend_stage1(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.ExtendForm()
    current, latest = casework.extension_window(found)

    def perform(f):
        casework.extend(current_user, found, new_on=f.new_on.data, reason=f.reason.data,
                        **_versions(f))

    return _act(found, form, "staff/extend.html", perform,
                "Stage 1 response date extended. The resident has been told why.",
                current=current, latest=latest,
                stage=1, at_stage=lifecycle.can_move("extend", found.status))


@bp.route("/complaints/<reference>/resolve-at-first-contact", methods=["GET", "POST"])
@login_required
@staff_can("resolve_first_contact")
def resolve_first_contact(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        casework.resolve_first_contact(current_user, found, summary=f.summary.data,
                                       **_versions(f))

    return _act(found, forms.ResolveForm(), "staff/resolve.html", perform,
                "Complaint resolved at first contact and closed.")


@bp.route("/complaints/<reference>/stage-1-response", methods=["GET", "POST"])
@login_required
@staff_can("respond")
def respond_stage1(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.ResponseForm()
    while len(form.issues.entries) < len(found.issues):
        form.issues.append_entry()
    if request.method == "POST" and form.add_action.data:
        added = form.add_row()
        return render_template("staff/respond.html", form=form, complaint=found, conflict=None,
                               added=added, max_actions=forms.MAX_ACTIONS)

    def perform(f):
        casework.respond(current_user, found, draft=_response_draft(found, f), **_versions(f))

    return _act(found, form, "staff/respond.html", perform,
                "Stage 1 response sent. The resident has been emailed a link to it.",
                max_actions=forms.MAX_ACTIONS)


def _response_draft(found, form) -> casework.ResponseDraft:
    return casework.ResponseDraft(
        decisions=[casework.IssueDecision(issue.id, row.form.decision.data, row.form.reasons.data)
                   for issue, row in zip(found.issues, form.issues.entries, strict=False)],
        apology=(form.apology.data or "").strip(),
        explanation=(form.explanation.data or "").strip(),
        compensation=form.compensation_amount,
        actions=[casework.ActionPlan(a.description.data.strip(), a.owner.data.strip(),
                                     a.due_on.data) for a in form.filled_actions()],
        learning=(form.learning.data or "").strip(),
    )


@bp.route("/complaints/<reference>/close", methods=["GET", "POST"])
@login_required
@staff_can("close")
def close_complaint(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        casework.close(current_user, found, reason=f.reason.data, **_versions(f))

    return _act(found, forms.CloseForm(), "staff/close.html", perform,
                "Complaint closed. The resident has been told.")


# -- staff accounts -----------------------------------------------------------------------


@bp.get("/accounts")
@login_required
@staff_can("manage_staff")
def list_accounts():
    return render_template("staff/accounts.html", people=casework.staff_accounts(current_user))


@bp.post("/accounts/<int:user_id>/switch-off", defaults={"change": "switch_off"})
@bp.post("/accounts/<int:user_id>/switch-on", defaults={"change": "switch_on"})
@login_required
@staff_can("manage_staff")
def switch_account(user_id: int, change: str):
    form = forms.StaffForm()
    if form.validate_on_submit():
        try:
            person = casework.set_staff_active(current_user, user_id, change == "switch_on")
        except casework.CaseworkError as error:
            flash(str(error))
        else:
            flash(f"{person.name} can {'now' if person.is_active else 'no longer'} sign in.")
    return redirect(url_for("staff.list_accounts"), 303)


@bp.route("/accounts/new", methods=["GET", "POST"])
@login_required
@staff_can("manage_staff")
def create_account():
    form = forms.StaffAccountForm()
    if form.validate_on_submit():
        try:
            user = casework.create_staff_account(
                current_user, email=form.email.data, name=form.name.data, role=form.role.data,
                password=form.password.data)
        except casework.CaseworkError as error:
            getattr(form, error.field or "email").errors = [str(error)]
        else:
            flash(f"Account created for {user.name}. Give them their initial password "
                  "securely and ask them to change it.")
            return redirect(url_for("staff.list_accounts"), 303)
    return render_template("staff/account_new.html", form=form), (400 if form.errors else 200)


# -- the outbox (administrators): read emails in development ------------------------------


@bp.get("/outbox")
@login_required
@staff_can("read_outbox")
def outbox():
    from portal.services.notifications import failing_messages
    from portal.services.outbox import recent_messages

    return render_template("staff/outbox.html", messages=recent_messages(100),
                           failing=failing_messages())


@bp.get("/outbox/<int:message_id>")
@login_required
@staff_can("read_outbox")
def outbox_message(message_id: int):
    from portal.services.outbox import message

    found = message(message_id)
    if found is None:
        abort(404)
    return render_template("staff/outbox_message.html", message=found)


# Pages added by later issues attach their routes to `bp`.
from portal.staff import (  # noqa: E402,F401
    representation_routes,
    stage2_routes,
    worklist_routes,
)
