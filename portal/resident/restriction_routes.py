"""A resident's appeal against a restriction on their contact (IDS 002 §10.6): it starts
a new complaint through the normal intake, with its category and summary filled in."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.domain import restrictions as restriction_words
from portal.resident import forms
from portal.resident._shared import bp
from portal.services.records.casework import CaseworkError
from portal.services.stage1 import restriction_requests, restrictions
from portal.web.guards import person_required


@bp.post("/complaints/appeal-restriction")
@person_required
def appeal_restriction():
    try:
        draft = restrictions.start_appeal(current_user)
    except CaseworkError as error:
        flash(str(error), "info")
        return redirect(url_for("resident.dashboard"), 303)
    return redirect(url_for("resident.issue", draft_id=draft.id, index=0), 303)


@bp.route("/restriction/review", methods=["GET", "POST"])
@person_required
def ask_restriction_review():
    """Ask for a review of a restriction, where the policy offers one on request
    (southern-2022: once); a second request is refused, saying when they asked."""
    restriction = restrictions.shown_to(current_user)
    form = forms.RestrictionReviewForm()
    if form.validate_on_submit():
        try:
            restriction_requests.ask_for_review(current_user, form.reason.data)
        except CaseworkError as error:
            form.reason.errors = [str(error)]
        else:
            flash("Thank you. We will review the restriction and write to you with the "
                  "outcome.")
            return redirect(url_for("resident.dashboard"), 303)
    status = 400 if request.method == "POST" else 200
    return render_template("resident/restriction_review.html", form=form,
                           restriction=restriction, restriction_words=restriction_words,
                           may_ask=restriction_requests.may_ask(restriction)), status


@bp.context_processor
def restriction_review_words():
    """Whether the policy offers a review on request rather than an appeal."""
    return {"restriction_review_offered":
            lambda r: restriction_requests.allowed_requests(r) > 0}
