"""What an administrator sets for the reports in the portal (not only by command): TP09
from the tenant survey, a complaint home's stock type, and whether the public
complaints performance page is published. One page; each form posts to its own
address and the page comes back with what went wrong, nothing typed lost."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.domain import reporting as rules
from portal.services.records import clock
from portal.services.reporting import figures, publishing
from portal.staff._shared import bp, reports_can
from portal.staff.reports_forms import PublishingForm, StockTypeForm, Tp09Form


def _page(status: int = 200, **forms):
    tp09 = forms.get("tp09") or Tp09Form(formdata=None)
    stock = forms.get("stock") or StockTypeForm(formdata=None)
    shown = publishing.performance_shown()
    publish = forms.get("publish") or PublishingForm(formdata=None,
                                                     shown="yes" if shown else "no")
    if "tp09" not in forms:
        tp09.year.data = str(figures.year_of(clock.today()).start.year)
    year = int(tp09.year.data) if (tp09.year.data or "").isdigit() else None
    current = figures.tp09(year) if year and 2000 <= year <= 2100 else None
    return render_template("staff/reports/figures.html", tp09=tp09, stock=stock,
                           publish=publish, shown=shown, current=current,
                           stock_types=rules.STOCK_TYPES,
                           forms=[f for f in (tp09, stock, publish) if f.errors]), status


@bp.get("/reports/figures")
@login_required
@reports_can("manage_report_figures")
def report_figures():
    return _page()


@bp.post("/reports/figures/tp09")
@login_required
@reports_can("manage_report_figures")
def set_tp09():
    form = Tp09Form()
    if form.validate_on_submit():
        try:
            saved = figures.set_tp09(form.year.number, form.percent.data.strip(),
                                     form.respondents.number, actor=current_user)
        except figures.FigureError as error:
            getattr(form, error.field or "percent").errors.append(str(error))
        else:
            flash(f"Saved: TP09 {saved.percent}% for {figures.year(saved.year).label}")
            return redirect(url_for("staff.report_figures"), 303)
    return _page(400, tp09=form)


@bp.post("/reports/figures/stock-type")
@login_required
@reports_can("manage_report_figures")
def set_stock_type():
    form = StockTypeForm()
    if form.validate_on_submit():
        try:
            changed = figures.set_stock_type(form.reference.data, form.stock_type.data,
                                             actor=current_user)
        except figures.FigureError as error:
            message = str(error)
            if error.field == "reference":
                message = f"No complaint has the reference {form.reference.data}"
            getattr(form, error.field or "stock_type").errors.append(message)
        else:
            flash(f"{form.reference.data}: the home is {form.stock_type.data}"
                  + ("" if changed else " (it already was)"))
            return redirect(url_for("staff.report_figures"), 303)
    return _page(400, stock=form)


@bp.post("/reports/figures/publishing")
@login_required
@reports_can("manage_report_figures")
def set_publishing():
    form = PublishingForm()
    if form.validate_on_submit():
        shown = form.shown.data == "yes"
        publishing.set_performance_shown(current_user, shown)
        flash("The complaints performance page is published" if shown
              else "The complaints performance page is hidden: it shows 'Page not found'")
        return redirect(url_for("staff.report_figures"), 303)
    return _page(400, publish=form)


