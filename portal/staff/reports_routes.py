"""The reports pages: the overview for a period with CH01/CH02, what each figure counted,
exports of the filtered list and of each table, and the homes figures. Everyone here
needs the `reports` permission (complaints managers, administrators, board members);
residents, representatives and handlers get 403."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.domain import lifecycle
from portal.domain import reporting as rules
from portal.services.records import casework, clock
from portal.services.reporting import export as exports
from portal.services.reporting import figures, overview, tsm
from portal.staff._shared import bp, reports_can
from portal.staff.reports_forms import HomesForm, period_from_form
from portal.web.paging import page_asked

MIME = {"csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@bp.app_context_processor
def reports_link():
    def shown() -> bool:
        return bool(current_user.is_authenticated and current_user.is_staff
                    and casework.allowed(current_user, "reports"))

    return {"reports_link": shown}


def _iso(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _period_asked() -> rules.Period:
    """The period in `from` and `to` (ISO dates, as the overview's links give them), or
    the reporting year so far when neither is given; anything else is a 404."""
    if "from" not in request.args and "to" not in request.args:
        return overview.default_period(clock.today())
    start, end = _iso("from"), _iso("to")
    if start is None or end is None or end < start:
        abort(404)
    return rules.Period(start, end)


@bp.get("/reports")
@login_required
@reports_can()
def reports():
    today = clock.today()
    form, period, status = period_from_form(request.args, overview.default_period(today))
    found = overview.overview(current_user, period, today)
    year = figures.year_of(period.end)
    measures = tsm.tsm(year.start.year)
    return render_template("staff/reports/overview.html", form=form, found=found,
                           period=period, tsm=measures, tp09=figures.tp09(year.start.year),
                           year=year, rule_within=tsm.RULES["within"],
                           categories=lifecycle.CATEGORIES,
                           stock_types=rules.STOCK_TYPES), status


@bp.get("/reports/counted/<measure>")
@login_required
@reports_can()
def counted(measure: str):
    if measure not in tsm.MEASURES:
        abort(404)
    period = _period_asked()
    found = tsm.members(current_user, measure, period, page_asked())
    return render_template("staff/reports/counted.html", measure=measure,
                           title=tsm.MEASURES[measure], rule=tsm.rule_for(measure),
                           period=period, found=found)


@bp.get("/reports/complaints.<kind>")
@login_required
@reports_can()
def export_complaints(kind: str):
    if kind not in exports.FORMATS:
        abort(404)
    period = _period_asked()
    stock_type = request.args.get("stock_type") or None
    state = request.args.get("state") or None
    if stock_type not in (None, *rules.STOCK_TYPES) or state not in (None, "open", "closed"):
        abort(404)
    filters = exports.Filters(period.start, period.end, request.args.get("category") or None,
                              stock_type, state)
    if kind == "xlsx" and exports.count(filters) > exports.XLSX_WEB_LIMIT:
        return render_template(
            "errors/error.html", title="Too many complaints for an XLSX download",
            message=f"An XLSX download here holds up to {exports.XLSX_WEB_LIMIT:,} "
            "complaints. Download CSV instead (it opens in any spreadsheet), choose a "
            "shorter period, or use `flask reports export`."), 400
    data = exports.export_for(current_user, filters, kind)
    name = f"complaints-{period.start.isoformat()}-to-{period.end.isoformat()}.{kind}"
    return Response(data, mimetype=MIME[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/reports/tables/<key>.<kind>")
@login_required
@reports_can()
def export_table(key: str, kind: str):
    if kind not in exports.FORMATS:
        abort(404)
    period = _period_asked()
    found = overview.overview(current_user, period, clock.today()).series.get(key)
    if found is None:
        abort(404)
    header = list(found.columns)
    header[0] = header[0] or "Label"
    data = (exports.table_csv(header, found.rows).encode("utf-8") if kind == "csv"
            else exports.table_xlsx(found.title, header, found.rows))
    return Response(data, mimetype=MIME[kind], headers={
        "Content-Disposition": f'attachment; filename="{key}-{period.start.isoformat()}-to-'
                               f'{period.end.isoformat()}.{kind}"'})


@bp.route("/reports/homes", methods=["GET", "POST"])
@login_required
@reports_can("manage_report_figures")
def homes():
    form = HomesForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                figures.set_homes(form.stock_type.data, form.count.number, form.on.data)
            except figures.FigureError as error:
                form.count.errors = [str(error)]
            else:
                flash(f"Saved: {form.count.number:,} {form.stock_type.data} homes on "
                      f"{form.on.data.day} {form.on.data:%B %Y}")
                return redirect(url_for("staff.homes"), 303)
        status = 400
    return render_template("staff/reports/homes.html", form=form,
                           found=figures.homes_figures(), stock_types=rules.STOCK_TYPES), status
