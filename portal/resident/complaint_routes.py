"""The resident's complaint once sent: the confirmation, the complaint page, and what
they can do on it (add information, withdraw, correct our understanding, say they are
satisfied, download a document)."""

from __future__ import annotations

import re
from html import unescape

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user

from portal.domain import lifecycle, next_steps, ombudsman
from portal.domain import restrictions as restriction_words
from portal.resident import forms
from portal.resident._shared import bp
from portal.services.accounts import access
from portal.services.intake import drafts as complaints
from portal.services.records import clock, documents, shown_documents, timeline
from portal.services.records import deadlines as deadline_service
from portal.services.records.casework import CaseworkError
from portal.services.stage1 import confidence, restrictions
from portal.services.stage1 import resident as resident_actions
from portal.web.guards import person_required
from portal.web.htmx import page_or_fragment
from portal.web.uploads import checked_files

STEPS = ["category", "issues", "questions", "contact", "adjustments", "support", "evidence",
         "check"]


def _today():
    return clock.today()


# -- after submitting ---------------------------------------------------------------------


@bp.get("/complaints/<reference>/confirmation")
@person_required
def confirmation(reference: str):
    if access.made_for_someone_else(current_user, reference):  # a representative's
        return redirect(url_for("representatives.sent", reference=reference), 303)
    complaint = access.complaint_for(current_user, reference)
    today = _today()
    return render_template("resident/confirmation.html", complaint=complaint,
                           lead=_lead(complaint, complaint, today, None),
                           answer=deadline_service.expected_stage1_response(complaint, today),
                           next_steps=next_steps, today=today)


def _lead(complaint, followed, today, resident: str | None) -> str:
    """The one sentence the page leads with, from the stored next due date (the same one
    the list of complaints words)."""
    step = next_steps.next_step(followed.status, followed.next_due_on,
                                followed.next_due_key, today, resident)
    late_pending = (followed.status == "stage2_requested" and followed.stage2_late
                    and followed.stage2_late_decision is None)
    return next_steps.page_lead(step, followed.status, current_app.config["PORTAL"].landlord_phone,
                                complaint.reference, resident, late_pending)


def _due_rows(followed, today, resident: str | None) -> list[tuple]:
    """Each due date as (due, what the person gets, state). The answer's date is shown
    as "about" before we acknowledge; a late request for a review not yet accepted shows
    no date for the review's answer (it would read as a promise)."""
    dues = deadline_service.complaint_deadlines(followed)
    expected = deadline_service.expected_stage1_response(followed, today)
    if expected is not None:
        dues.append(expected)
    if followed.stage2_late and followed.stage2_late_decision is None:
        dues = [d for d in dues if d.key != "stage2_response"]
    rows = []
    for due in dues:
        state = due.state(today)
        rows.append((due, next_steps.due_sentence(due.key, due.effective_on, state,
                                                  due.done_on, resident, due.about), state))
    return rows


def _complaint_page_context(complaint):
    today = _today()
    followed = resident_actions.handled_in(complaint)  # a communal complaint's, when joined
    resident = None if current_user.id == complaint.resident_id else complaint.resident.name
    shown = shown_documents.shown_documents(complaint)
    return {
        "lead": _lead(complaint, followed, today, resident),
        "due_rows": _due_rows(followed, today, resident),
        "shown": shown,
        "newest_response": (shown_documents.newest_response(shown)
                            if followed.status in lifecycle.RESPONDED
                            or followed.status == "closed" else None),
        "complaint": complaint,
        "today": today,
        "restriction": restrictions.shown_to(current_user),
        "restriction_words": restriction_words,
        "status_words": lifecycle.resident_words(followed.status),
        "agreed": timeline.agreed_contact_rows(complaint, today),
        "next_contact": timeline.next_agreed_contact(complaint, today),
        "events": timeline.resident_entries(complaint),
        "is_open": followed.status in lifecycle.OPEN,
        "lifecycle": lifecycle,
        "ombudsman": ombudsman,
    }


@bp.get("/complaints/<reference>")
@person_required
def complaint(reference: str):
    found = access.complaint_for(current_user, reference)
    return page_or_fragment("resident/complaint.html", "status",
                            **_complaint_page_context(found))


@bp.route("/complaints/<reference>/add-information", methods=["GET", "POST"])
@person_required
def add_information(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.InformationForm()
    if form.validate_on_submit():
        good, problems = checked_files()
        if problems:
            form.files.errors = problems
        elif not good and not (form.text.data or "").strip():
            form.text.errors = ["Enter the information you want to add, or select a file to "
                                "upload"]
        else:
            try:
                resident_actions.add_information(found, current_user,
                                           (form.text.data or "").strip(), good)
            except complaints.ComplaintError as error:
                form.text.errors = [str(error)]
            else:
                flash("Thank you. We have added this to your complaint.")
                return redirect(url_for("resident.complaint", reference=reference), 303)
    return render_template("resident/add_information.html", form=form, complaint=found,
                           allowed=documents.ALLOWED_WORDS), (400 if form.errors else 200)


@bp.route("/complaints/<reference>/withdraw", methods=["GET", "POST"])
@person_required
def withdraw(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.WithdrawForm()
    if form.validate_on_submit():
        try:
            resident_actions.withdraw(found, current_user, form.reason.data)
        except complaints.ComplaintError as error:
            form.reason.errors = [str(error)]
        else:
            flash("Your complaint has been withdrawn.")
            return redirect(url_for("resident.complaint", reference=reference), 303)
    return render_template("resident/withdraw.html", form=form, complaint=found)


@bp.route("/complaints/<reference>/correct-our-understanding", methods=["GET", "POST"])
@person_required
def correct(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.CorrectionForm()
    if form.validate_on_submit():
        try:
            resident_actions.ask_to_correct_definition(found, current_user, form.text.data.strip())
        except complaints.ComplaintError as error:
            form.text.errors = [str(error)]
        else:
            flash("Thank you. Your case handler will look at this and contact you.")
            return redirect(url_for("resident.complaint", reference=reference), 303)
    return render_template("resident/correct.html", form=form, complaint=found)


@bp.post("/complaints/<reference>/satisfied")
@person_required
def satisfied(reference: str):
    found = access.complaint_for(current_user, reference)
    try:
        resident_actions.say_satisfied(found, current_user)
    except complaints.ComplaintError as error:
        flash(str(error), "info")
    else:
        flash("Thank you. Your complaint is now closed.")
    return redirect(url_for("resident.complaint", reference=reference), 303)


@bp.post("/complaints/<reference>/disclose")
@person_required
def disclose_identity(reference: str):
    """The resident lets the people handling a complaint made in confidence know who they
    are (southern-2022 "Anonymous complaints"); only the resident, never a representative."""
    found = access.complaint_for(current_user, reference)
    if found.resident_id != current_user.id:
        abort(404)
    try:
        confidence.disclose_by_resident(current_user, found)
    except CaseworkError as error:
        flash(str(error))
    else:
        flash("Thank you. The people handling your complaint can now see who made it.")
    return redirect(url_for("resident.complaint", reference=reference), 303)


@bp.get("/complaints/<reference>/documents/<int:document_id>")
@person_required
def download(reference: str, document_id: int):
    """The exact stored bytes; residents see only their own, non-internal files."""
    import io

    document = access.own_document(current_user, reference, document_id)
    response = send_file(io.BytesIO(document.file.data), mimetype=document.content_type,
                         as_attachment=True, download_name=document.filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["ETag"] = document.file.sha256
    return response


@bp.get("/complaints/<reference>/documents/<int:document_id>/letter")
@person_required
def letter(reference: str, document_id: int):
    """A letter's web version: the HTML its PDF was laid out from, under the very checks
    of the download (access.letter_html_for shares document_for's query)."""
    found = access.complaint_for(current_user, reference)
    html = access.letter_html_for(current_user, found, document_id)
    shown = next((s for s in shown_documents.shown_documents(found)
                  if s.document.id == document_id), None)
    body = letter_body(html)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    title = unescape(re.sub(r"<[^>]+>|\s+", " ", heading.group(1)).strip()) if heading else ""
    response = current_app.make_response(render_template(
        "resident/letter.html", complaint=found, shown=shown, letter_body=body,
        title=title or "Letter"))
    response.headers["Cache-Control"] = "private, no-store"
    return response


def letter_body(html: str) -> str:
    """What is inside the stored letter's <body> (its <head>, with the PDF's page CSS,
    stays out: the portal's own styles lay it out on screen)."""
    start = html.find(">", html.find("<body")) + 1
    end = html.rfind("</body>")
    # Inline style attributes are the PDF's layout; the page's CSP refuses them anyway.
    return re.sub(r'\s+style="[^"]*"', "", html[start:end if end != -1 else len(html)])
