"""The resident's routes after a response, on the resident blueprint: ask for a review
(stage 2) or the Panel, tell us how we did, and download the Ombudsman pack.

Imported at the end of portal/resident/routes.py. Views stay thin: form -> service ->
303 redirect, or the same page again with the error summary.
"""

from __future__ import annotations

import io

from flask import flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from portal.domain import lifecycle
from portal.resident import review_forms
from portal.resident._shared import bp
from portal.services.accounts import access
from portal.services.records import clock
from portal.services.records import deadlines as deadline_service
from portal.services.review import request as review
from portal.web.guards import person_required


@bp.context_processor
def review_helpers():
    return {"review_page": review.page}


def _back(reference: str):
    return redirect(url_for("resident.complaint", reference=reference), 303)


@bp.route("/complaints/<reference>/ask-for-a-review", methods=["GET", "POST"])
@person_required
def ask_for_review(reference: str):
    found = access.complaint_for(current_user, reference)
    today = clock.today()
    offer = review.offer(found, today)
    if offer is None or offer.stage != 2:
        flash("You cannot ask for a review of this complaint now.", "info")
        return _back(reference)
    form = review_forms.ReviewForm()
    while len(form.issues.entries) < len(found.issues):
        form.issues.append_entry()
    if form.validate_on_submit():
        request = review.ReviewRequest(
            reasons=form.reasons.data, outcome=form.outcome.data,
            late_reason=form.late_reason.data,
            issues=[review.IssueAnswer(issue.id, row.form.unresolved.data)
                    for issue, row in zip(found.issues, form.issues.entries, strict=False)])
        try:
            late = review.request_review(found, current_user, request, on=today)
        except review.ReviewError as error:
            form.problem(str(error), error.field)
        else:
            flash("Your request for a review has been sent. It came after the last day to ask, "
                  "so we will decide whether to accept it and tell you." if late else
                  "Your request for a review has been sent. We will acknowledge it and tell "
                  "you who is reviewing your complaint.")
            return _back(reference)
    return render_template("resident/review/ask.html", form=form, complaint=found,
                           offer=offer, lifecycle=lifecycle,
                           answer_by=deadline_service.expected_stage2_response(found, today),
                           ), (400 if form.errors else 200)


@bp.route("/complaints/<reference>/ask-for-a-panel", methods=["GET", "POST"])
@person_required
def ask_for_panel(reference: str):
    found = access.complaint_for(current_user, reference)
    today = clock.today()
    offer = review.offer(found, today)
    if offer is None or offer.stage != 3:
        flash("You cannot ask for a Panel for this complaint now.", "info")
        return _back(reference)
    form = review_forms.PanelForm()
    if form.validate_on_submit():
        try:
            review.request_panel(found, current_user, review.ReviewRequest(
                reasons=form.reasons.data, outcome=form.outcome.data), on=today)
        except review.ReviewError as error:
            form.problem(str(error), error.field)
        else:
            flash("Your request for a Panel has been sent. We will tell you when it will meet.")
            return _back(reference)
    return render_template("resident/review/panel.html", form=form, complaint=found,
                           offer=offer), (400 if form.errors else 200)


@bp.route("/complaints/<reference>/how-did-we-do", methods=["GET", "POST"])
@person_required
def survey(reference: str):
    found = access.complaint_for(current_user, reference)
    if review.survey_for(found) is not None or found.status != "closed":
        flash("Thank you: you have already told us how we did." if found.status == "closed"
              else "You can tell us how we did once your complaint is closed.", "info")
        return _back(reference)
    form = review_forms.SurveyForm()
    if form.validate_on_submit():
        try:
            review.answer_survey(found, current_user, form.satisfied.data == "yes",
                                 form.answers, form.comments.data)
        except review.ReviewError as error:
            form.problem(str(error), error.field)
        else:
            flash("Thank you for telling us how we did.")
            return _back(reference)
    return render_template("resident/review/survey.html", form=form, complaint=found,
                           questions=review.SURVEY_QUESTIONS), (400 if form.errors else 200)


@bp.get("/complaints/<reference>/ombudsman-pack")
@person_required
def ombudsman_pack(reference: str):
    """One ZIP with the chronology, every letter and every document they can see."""
    found = access.complaint_for(current_user, reference)
    name, data = review.ombudsman_pack(found)
    response = send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                         download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
