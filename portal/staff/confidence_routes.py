"""A complaint made in confidence (southern-2022 "Anonymous complaints"): recording, on
the resident's say-so, that they gave permission to share who made it. Only the officer
who received it and the complaints team can: the service checks (a 403 for anyone else)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user, login_required

from portal.services.accounts import access
from portal.services.records import confidence as withholding
from portal.services.stage1 import confidence
from portal.staff import forms
from portal.staff._shared import act, bp, staff_can, versions


@bp.route("/complaints/<reference>/disclose", methods=["GET", "POST"])
@login_required
@staff_can("view_complaint")
def disclose_identity(reference: str):
    found = access.complaint_for(current_user, reference)
    if not withholding.withheld(found):
        abort(404)
    confidence.require_may_record(current_user, found)

    def perform(f):
        confidence.disclose_for_resident(current_user, found, how=f.how.data, **versions(f))

    return act(found, forms.DiscloseForm(), "staff/disclose.html", perform,
               "Recorded. Everyone working on this complaint can now see who made it.")
