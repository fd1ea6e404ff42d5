"""The staff side: the queue, the complaint page and one page per action.

Every route is `@login_required` and `@staff_can(action)`: not staff is a 404 (a URL
reveals nothing), a role without the permission a 403. The services check the
permission again, so no route can get round it. Views stay thin: form -> service ->
303 redirect, or the same page again with an error summary.
"""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from portal.domain import lifecycle
from portal.domain import restrictions as restriction_words
from portal.domain.permissions import STAFF_ROLES
from portal.services.accounts import access
from portal.services.accounts import staff as staff_accounts
from portal.services.records import casework
from portal.services.stage1 import actions as stage1
from portal.services.stage1 import closing, restrictions
from portal.services.stage1 import queue as stage1_queue
from portal.services.stage1 import views as stage1_views
from portal.staff import forms
from portal.staff._shared import (
    act,
    bp,
    one_entry_per_issue,
    staff_can,
    versions,
)
from portal.web.htmx import page_or_fragment
from portal.web.paging import page_asked

# -- the queue and the complaint page ----------------------------------------------------------


@bp.get("")
@login_required
@staff_can("view_queue")
def queue():
    page = stage1_queue.queue(current_user, tab=request.args.get("tab", "open"),
                              q=request.args.get("q", ""), page=page_asked(),
                              handler=request.args.get("handler", type=int),
                              category=request.args.get("category") or None)
    return page_or_fragment("staff/queue.html", "results", page=page,
                            tabs=stage1_queue.tabs_for(current_user),
                            handlers=casework.handler_names(), categories=lifecycle.CATEGORIES)


@bp.get("/complaints/<reference>")
@login_required
@staff_can("view_complaint")
def complaint(reference: str):
    found = access.complaint_for(current_user, reference)
    return render_template("staff/complaint.html", case=stage1_views.case_view(current_user, found),
                           complaint=found,
                           restriction=restrictions.open_for(found.resident_id),
                           restriction_words=restriction_words, today=casework.today())


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


@bp.route("/complaints/<reference>/acknowledge", methods=["GET", "POST"])
@login_required
@staff_can("acknowledge")
def acknowledge_complaint(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.AcknowledgeForm()
    choices = casework.handler_choices(current_user)
    form.handler.choices = [(u.id, f"{u.name}, {STAFF_ROLES[u.staff_role]}") for u in choices]
    if request.method == "GET":
        for issue in found.issues:  # written by the handler, never prefilled (Code 5.6)
            form.definitions.append_entry(issue.definition or "")
        if any(u.id == current_user.id for u in choices):
            form.handler.data = current_user.id
    one_entry_per_issue(form.definitions, found.issues)

    def perform(f):
        stage1.acknowledge(
            current_user, found, handler_id=f.handler.data, **versions(f),
            definitions={i.id: e.data for i, e in zip(found.issues, f.definitions, strict=False)})

    return act(found, form, "staff/acknowledge.html", perform,
                "Complaint acknowledged. {told}")


@bp.route("/complaints/<reference>/change-handler", methods=["GET", "POST"])
@login_required
@staff_can("reassign")
def change_handler(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.ChangeHandlerForm()
    form.handler.choices = [(u.id, f"{u.name}, {STAFF_ROLES[u.staff_role]}")
                            for u in casework.handler_choices(current_user)]

    def perform(f):
        stage1.change_handler(current_user, found, handler_id=f.handler.data,
                                reason=f.reason.data, **versions(f))

    return act(found, form, "staff/change_handler.html", perform,
                "Case handler changed, with the reason. {told}")


@bp.route("/complaints/<reference>/log-contact", methods=["GET", "POST"])
@login_required
@staff_can("log_contact")
def log_contact(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.ContactForm()
    if request.method == "GET":
        form.next_method.data = found.contact_method

    def perform(f):
        stage1.log_contact(current_user, found, method=f.method.data, notes=f.notes.data,
                             shared=f.shared.data == "yes", next_on=f.next_on.data,
                             next_method=f.next_method.data, **versions(f))

    return act(found, form, "staff/log_contact.html", perform, "Contact recorded.",
                can_agree=casework.allowed(current_user, "agree_contact")
                and lifecycle.can_move("agree_contact", found.status))


@bp.route("/complaints/<reference>/extend", methods=["GET", "POST"])
@login_required
@staff_can("extend")
def extend_stage1(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.ExtendForm()
    current, latest = stage1.extension_window(found)

    def perform(f):
        stage1.extend(current_user, found, new_on=f.new_on.data, reason=f.reason.data,
                        **versions(f))

    return act(found, form, "staff/extend.html", perform,
                "Stage 1 response date extended, with the reason. {told}",
                current=current, latest=latest,
                stage=1, at_stage=lifecycle.can_move("extend", found.status))


@bp.route("/complaints/<reference>/resolve-at-first-contact", methods=["GET", "POST"])
@login_required
@staff_can("resolve_first_contact")
def resolve_first_contact(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        stage1.resolve_first_contact(current_user, found, summary=f.summary.data,
                                     agreed=bool(f.agreed.data), agreed_by=f.agreed_by.data,
                                     agreed_how=f.agreed_how.data, agreed_on=f.agreed_on.data,
                                     **versions(f))

    return act(found, forms.ResolveForm(), "staff/resolve.html", perform,
                "Complaint resolved at first contact with the resident's agreement, and "
                "closed. The written confirmation is their stage 1 response. {told}")


@bp.route("/complaints/<reference>/higher-risk-building", methods=["GET", "POST"])
@login_required
@staff_can("acknowledge")
def confirm_building(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.BuildingForm()
    if request.method == "GET" and found.higher_risk_building is not None:
        form.higher_risk.data = "yes" if found.higher_risk_building else "no"

    def perform(f):
        stage1.confirm_building(current_user, found, higher_risk=f.higher_risk.data,
                                **versions(f))

    return act(found, form, "staff/higher_risk.html", perform,
               "Recorded whether the home is in a higher-risk building.")


@bp.route("/complaints/<reference>/close-now", methods=["GET", "POST"])
@login_required
@staff_can("close")
def close_mid_stage(reference: str):
    """Closed while being looked at, with a letter (IDS 002 §5.6; ISHA 001 §2.3)."""
    found = access.complaint_for(current_user, reference)
    grounds = closing.closing_grounds(found)
    form = forms.CloseMidStageForm()
    form.ground.choices = [(g.code, g.title) for g in grounds]

    def perform(f):
        closing.close_mid_stage(current_user, found, ground=f.ground.data,
                                detail=f.detail.data, **versions(f))

    return act(found, form, "staff/close_mid_stage.html", perform,
               "Complaint closed. The letter says why and what the resident can do. {told}",
               grounds=grounds, hints={g.code: f"{g.explanation} ({g.cite})" for g in grounds})


@bp.route("/complaints/<reference>/reopen", methods=["GET", "POST"])
@login_required
@staff_can("close")
def reopen_complaint(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        closing.reopen(current_user, found, note=f.note.data, **versions(f))

    return act(found, forms.ReopenForm(), "staff/reopen.html", perform,
               "Complaint reopened where it was. {told}")


@bp.route("/complaints/<reference>/close", methods=["GET", "POST"])
@login_required
@staff_can("close")
def close_complaint(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        stage1.close(current_user, found, reason=f.reason.data, **versions(f))

    return act(found, forms.CloseForm(), "staff/close.html", perform,
                "Complaint closed. {told}")


# -- staff accounts -----------------------------------------------------------------------


@bp.get("/accounts")
@login_required
@staff_can("manage_staff")
def list_accounts():
    return render_template("staff/accounts.html",
                           people=staff_accounts.staff_accounts(current_user))


@bp.post("/accounts/<int:user_id>/switch-off", defaults={"change": "switch_off"})
@bp.post("/accounts/<int:user_id>/switch-on", defaults={"change": "switch_on"})
@login_required
@staff_can("manage_staff")
def switch_account(user_id: int, change: str):
    form = forms.StaffForm()
    if form.validate_on_submit():
        try:
            person = staff_accounts.set_staff_active(current_user, user_id, change == "switch_on")
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
            user = staff_accounts.create_staff_account(
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
    from portal.services.correspondence.outbox import recent_messages
    from portal.services.correspondence.sending import failing_messages

    return render_template("staff/outbox.html", messages=recent_messages(page_asked()),
                           failing=failing_messages())


@bp.get("/outbox/<int:message_id>")
@login_required
@staff_can("read_outbox")
def outbox_message(message_id: int):
    from portal.services.correspondence.outbox import message

    found = message(message_id)
    if found is None:
        abort(404)
    return render_template("staff/outbox_message.html", message=found)
