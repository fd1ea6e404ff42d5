"""Pages anyone can read: the start page, how the landlord's policy works, and how it
has done (the complaints performance the landlord has published)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from portal.domain.code_check import departures
from portal.domain.policy import RULE_LABELS
from portal.services.records.policy import current_calendar, current_profile
from portal.services.reporting import annual

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


@bp.get("/complaints-performance")
def performance():
    return render_template("public/performance.html", reports=annual.published_reports())


@bp.get("/complaints-performance/<int:year>.pdf")
def performance_pdf(year: int):
    found = annual.public_pdf(year) if 2000 <= year <= 2100 else None
    if found is None:
        abort(404)
    data, name = found
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
