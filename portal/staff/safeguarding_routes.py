"""Safeguarding: a case handler flags a complaint as raising a safeguarding concern
(issue 16 §4). The complaint then moves to the queue's safeguarding tab."""

from __future__ import annotations

from flask_login import current_user, login_required

from portal.services.accounts import access
from portal.services.stage1 import safeguarding
from portal.staff import forms
from portal.staff._shared import act, bp, staff_can, versions


@bp.route("/complaints/<reference>/safeguarding", methods=["GET", "POST"])
@login_required
@staff_can("flag_safeguarding")
def flag_safeguarding(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        safeguarding.flag(current_user, found, reason=f.reason.data, **versions(f))

    return act(found, forms.SafeguardingForm(), "staff/safeguarding.html", perform,
               "Flagged as a safeguarding concern. The safeguarding lead has been told, and "
               "the complaint is now in the Safeguarding tab.")


@bp.route("/complaints/<reference>/safeguarding/remove", methods=["GET", "POST"])
@login_required
@staff_can("remove_safeguarding")
def remove_safeguarding(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        safeguarding.remove(current_user, found, reason=f.reason.data, **versions(f))

    return act(found, forms.RemoveSafeguardingForm(), "staff/safeguarding_remove.html",
               perform, "Safeguarding flag removed. The complaint is back in the usual "
               "queue, in order of its next due date.")
