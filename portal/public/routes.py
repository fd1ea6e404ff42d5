"""Pages anyone can read: the start page and how the landlord's policy works."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.domain.code_check import departures
from portal.domain.policy import RULE_LABELS
from portal.services.records.policy import current_calendar, current_profile

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
