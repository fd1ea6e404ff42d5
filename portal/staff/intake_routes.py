"""A complaint received by phone, by letter or in person, logged by staff for the resident
(issue 16 §2): their account, or a new one without an email address."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.services.correspondence.tell import how_told
from portal.services.intake import by_staff
from portal.services.records import casework, confidence
from portal.staff import seeds_forms
from portal.staff._shared import bp, staff_can


@bp.route("/complaints/new", methods=["GET", "POST"])
@login_required
@staff_can("log_complaint")
def log_complaint():
    form = seeds_forms.LogComplaintForm()
    if form.validate_on_submit():
        received = by_staff.Received(**{name: getattr(form, name).data for name in (
            "channel", "has_account", "resident_email", "resident_name", "resident_address",
            "resident_postcode", "category", "summary", "details", "happened_on",
            "outcome_wanted", "contact_method", "contact_phone", "in_confidence")})
        try:
            complaint = by_staff.log_complaint(current_user, received)
        except casework.CaseworkError as error:
            form.problem(str(error), error.field)
        else:
            flash(f"Complaint {complaint.reference} logged for {complaint.resident.name}. "
                  f"{how_told(complaint)}")
            return redirect(url_for("staff.complaint", reference=complaint.reference), 303)
    status = 400 if request.method == "POST" else 200
    return render_template("staff/log_complaint.html", form=form,
                           offers_confidence=confidence.offered()), status
