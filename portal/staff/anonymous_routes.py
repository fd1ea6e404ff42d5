"""Anonymous complaints as staff see them: every one, newest first, to investigate and
learn from (southern-2022 "Anonymous complaints")."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from portal.services.intake import anonymous
from portal.staff._shared import bp, staff_can
from portal.web.paging import page_asked


@bp.get("/anonymous")
@login_required
@staff_can("view_complaint")
def anonymous_reports():
    return render_template("staff/anonymous.html",
                           found=anonymous.reports(current_user, page_asked()),
                           recorded=anonymous.accepted())
