"""The annual complaints performance and service improvement report (Code section 8):
the self-assessment and the report's words edited as a draft, the draft as a PDF, and
publishing it once (services.reporting.annual). Reading needs `reports`; saving and
publishing `edit_annual_report` (complaints managers)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import TextAreaField

from portal.domain.self_assessment import PROVISIONS
from portal.services.records import casework
from portal.services.records.casework import CaseworkError
from portal.services.reporting import annual
from portal.staff._shared import _forbidden, bp, reports_can
from portal.staff.forms import StaffForm
from portal.web.forms import whole_number


class AnnualForm(StaffForm):
    """The report's words; the self-assessment rows are read from the form by provision
    (complies-REF, evidence-REF, commentary-REF). `version` is the draft's."""

    improvements = TextAreaField("Service improvements made this year")
    determinations = TextAreaField("Housing Ombudsman determinations")
    governing_body_response = TextAreaField("The governing body's response")


def _rows_typed() -> dict[str, dict]:
    return {p.ref: {"complies": request.form.get(f"complies-{p.ref}", ""),
                    "evidence": request.form.get(f"evidence-{p.ref}", ""),
                    "commentary": request.form.get(f"commentary-{p.ref}", "")}
            for p in PROVISIONS}


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        abort(404)
    return year


@bp.route("/reports/annual/<int:year>", methods=["GET", "POST"])
@login_required
@reports_can()
def annual_report(year: int):
    year = _year(year)
    found = annual.draft(current_user, year)
    form = AnnualForm(data={"version": found.version, "improvements": found.improvements,
                            "determinations": found.determinations,
                            "governing_body_response": found.governing_body_response})
    rows, status = found.rows, 200
    if request.method == "POST":
        if not annual_allowed():
            return _forbidden()
        form = AnnualForm()
        typed = _rows_typed()
        rows = [{**row, **typed[row["ref"]]} for row in found.rows]
        if form.validate_on_submit():
            try:
                annual.save(current_user, year, rows=typed,
                            improvements=form.improvements.data or "",
                            determinations=form.determinations.data or "",
                            governing_body_response=form.governing_body_response.data or "",
                            version=whole_number(form.version.data))
            except CaseworkError as error:
                form.problem(str(error), target=error.field or "main-content")
            else:
                flash("The draft is saved.")
                return redirect(url_for("staff.annual_report", year=year), 303)
        status = 400
    return render_template("staff/reports/annual.html", form=form, found=found, rows=rows,
                           can_edit=annual_allowed()), status


def annual_allowed() -> bool:
    return casework.allowed(current_user, "edit_annual_report")


@bp.get("/reports/annual/<int:year>/draft.pdf")
@login_required
@reports_can()
def annual_report_draft_pdf(year: int):
    found = annual.draft(current_user, _year(year))
    data = annual.render(found)
    name = f"DRAFT-complaints-annual-report-{found.year.label.replace('/', '-')}.pdf"
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/reports/annual/<int:year>/publish")
@login_required
@reports_can("edit_annual_report")
def annual_report_publish(year: int):
    try:
        published = annual.publish(current_user, _year(year))
    except CaseworkError as error:
        flash(str(error))
        return redirect(url_for("staff.annual_report", year=year), 303)
    flash(f"Published. SHA-256 {published.sha256}")
    return redirect(url_for("staff.annual_report", year=year), 303)


@bp.get("/reports/annual/<int:year>/published.pdf")
@login_required
@reports_can()
def annual_report_pdf(year: int):
    found = annual.pdf_of(current_user, _year(year))
    if found is None:
        abort(404)
    data, name = found
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
