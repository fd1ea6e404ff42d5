"""The staff work list: letters to post, calls to make and texts to send for people who
do not hear from us by email (services.worklist), on the staff blueprint.

Imported at the end of portal/staff/routes.py. Viewing needs `view_complaint`, marking
done `log_contact`; services.worklist checks both again.
"""

from __future__ import annotations

import io

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from portal.services.correspondence import worklist
from portal.services.records import casework
from portal.staff._shared import bp, staff_can
from portal.staff.worklist_forms import TaskDoneForm
from portal.web.paging import page_asked


@bp.app_context_processor
def worklist_link():
    """`contact_tasks_link()` for the header: the link's words with the number waiting
    (one COUNT, only on staff pages that show it), or None for someone who may not see
    the work list. An error page after a failed transaction still gets its link."""

    def words() -> str | None:
        if "portal_worklist_words" not in g:  # the header can show it more than once
            try:
                waiting = worklist.open_count(current_user)
            except SQLAlchemyError:
                return "Letters and calls to make"
            g.portal_worklist_words = (None if waiting is None
                                       else f"Letters and calls to make ({waiting})")
        return g.portal_worklist_words

    def actions_link() -> bool:
        return bool(current_user.is_authenticated and current_user.is_staff
                    and casework.allowed(current_user, "track_actions"))

    return {"contact_tasks_link": words, "actions_link": actions_link}


@bp.context_processor
def worklist_for_complaint():
    """`complaint_contact_tasks(c)` for templates/staff/worklist/_complaint.html."""
    return {"complaint_contact_tasks": lambda c: worklist.for_complaint(current_user, c)}


@bp.get("/contact-tasks")
@login_required
@staff_can("view_complaint")
def contact_tasks():
    to_do = worklist.open_tasks(current_user, page_asked())
    done = worklist.done_tasks(current_user, page_asked("done_page"))
    return render_template("staff/worklist/list.html", to_do=to_do, done=done,
                           recent_days=worklist.RECENT_DAYS)


def _row(task_id: int) -> worklist.Row:
    row = worklist.task_for(current_user, task_id)
    if row is None:
        abort(404)
    return row


def _page(row: worklist.Row, form: TaskDoneForm, status: int = 200):
    task = row.task
    return render_template(
        "staff/worklist/task.html", row=row, task=task, form=form,
        has_letter=worklist.has_letter(task), has_large=worklist.has_large_letter(task),
        methods=worklist.METHODS), status


@bp.get("/contact-tasks/<int:task_id>")
@login_required
@staff_can("view_complaint")
def contact_task(task_id: int):
    return _page(_row(task_id), TaskDoneForm())


@bp.get("/contact-tasks/<int:task_id>/letter.pdf")
@login_required
@staff_can("view_complaint")
def contact_task_letter(task_id: int):
    task = _row(task_id).task
    large = request.args.get("large") == "1"
    if not worklist.has_letter(task) or (large and not worklist.has_large_letter(task)):
        abort(404)
    try:
        pdf = worklist.letter_pdf(task, large, current_user)
    except casework.CaseworkError as error:
        flash(str(error))
        return redirect(url_for("staff.contact_task", task_id=task_id), 303)
    response = send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                         download_name=worklist.letter_filename(task, large))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/contact-tasks/<int:task_id>/done")
@login_required
@staff_can("log_contact")
def complete_contact_task(task_id: int):
    row = _row(task_id)
    form = TaskDoneForm()
    if form.validate_on_submit():
        if row.task.method == "phone" and form.reached.data not in ("yes", "no", "posted"):
            form.problem("Select whether you spoke to them", "reached")
            return _page(row, form, 400)
        try:
            if row.task.method == "phone" and form.reached.data == "no":
                worklist.attempted(current_user, row.task, form.outcome.data)
                flash(f"Attempt recorded: the call to {row.task.recipient_name} is still on "
                      "the list.")
                return redirect(url_for("staff.contact_task", task_id=task_id), 303)
            worklist.complete(current_user, row.task, form.outcome.data,
                              posted_instead=(row.task.method == "phone"
                                              and form.reached.data == "posted"))
        except worklist.AlreadyDone as error:
            form.problem(str(error))
            return _page(worklist.task_for(current_user, task_id), form, 409)
        except casework.CaseworkError as error:
            form.problem(str(error), error.field)
        else:
            flash(_done_words(row))
            return redirect(url_for("staff.contact_tasks"), 303)
    return _page(row, form, 400)


def _done_words(row: worklist.Row) -> str:
    task = row.task
    what = {"letter": "Letter marked as posted", "phone": "Call recorded",
            "text": "Text recorded"}.get(task.method, "Marked as done")
    return f"{what}: {task.recipient_name}, {row.reference}."
