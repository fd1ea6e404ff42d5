"""Pages anyone can read: the start page, how the landlord's policy works, and how it
has done (the complaints performance the landlord has published)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from portal.domain.code_check import departures
from portal.domain.policy import RULE_LABELS
from portal.public.forms import AnonymousForm
from portal.services.accounts import throttle
from portal.services.intake import anonymous
from portal.services.records.casework import CaseworkError
from portal.services.records.policy import current_calendar, current_profile
from portal.services.reporting import annual, publishing

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template("public/home.html", profile=current_profile())


@bp.get("/our-complaints-policy")
def policy():
    profile = current_profile()
    return render_template(
        "public/policy.html",
        profile=profile,
        calendar=current_calendar(),
        departures=departures(profile),
        rule_labels=RULE_LABELS,
    )


@bp.route("/anonymous-complaint", methods=["GET", "POST"])
def anonymous_complaint():
    """Anyone, signed in or not, where the policy records anonymous complaints; elsewhere
    what the policy says instead. Limited per client address, not by a CAPTCHA."""
    profile = current_profile()
    if not anonymous.accepted(profile):
        return render_template("public/anonymous_not_taken.html", profile=profile,
                               exclusion=anonymous.exclusion(profile))
    form = AnonymousForm()
    status = 200
    if form.validate_on_submit():
        try:
            found = anonymous.receive(anonymous.Report(
                category=form.category.data, summary=form.summary.data,
                details=form.details.data, happened_on=form.happened_on.data,
                place=form.place.data), request.remote_addr or "unknown")
        except throttle.TooManyAttempts as error:
            form.problem(str(error))
            status = 429
        except CaseworkError as error:
            form.problem(str(error), error.field)
        else:
            return render_template("public/anonymous_received.html", report=found,
                                   profile=profile)
    if form.errors and status == 200:
        status = 400
    return render_template("public/anonymous.html", form=form, profile=profile), status


@bp.app_context_processor
def performance_link():
    return {"performance_published": publishing.performance_shown_lately}


@bp.get("/complaints-performance")
def performance():
    if not publishing.performance_shown():
        abort(404)
    return render_template("public/performance.html", reports=annual.published_reports())


@bp.get("/complaints-performance/<int:year>.pdf")
def performance_pdf(year: int):
    shown = publishing.performance_shown()
    found = annual.public_pdf(year) if shown and 2000 <= year <= 2100 else None
    if found is None:
        abort(404)
    data, name = found
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
