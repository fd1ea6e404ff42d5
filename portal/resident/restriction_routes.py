"""A resident's appeal against a restriction on their contact (IDS 002 §10.6): it starts
a new complaint through the normal intake, with its category and summary filled in."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from portal.resident._shared import bp
from portal.services.records.casework import CaseworkError
from portal.services.stage1 import restrictions
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
