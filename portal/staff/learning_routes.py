"""The learning log (Code 8.1; every seed's learning from complaints): what was learned
from each response, the complaints by root cause, the service improvements, the list of
root causes, and the root cause a handler gives a complaint. Managers, administrators
and board members read it; complaints managers change it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.domain import lifecycle
from portal.domain import reporting as rules
from portal.services.accounts import access
from portal.services.records import clock
from portal.services.records.casework import CaseworkError
from portal.services.reporting import improvements as changes
from portal.services.reporting import learning, overview
from portal.services.reporting.improvements import IMPROVEMENT_STATUSES
from portal.staff import learning_forms as forms
from portal.staff._shared import act, bp, reports_can, staff_can, versions
from portal.staff.reports_forms import period_from_form
from portal.web.forms import whole_number
from portal.web.paging import page_asked


def _filters(period: rules.Period) -> learning.Filters:
    """The log's filters from the query string; anything unknown is a 404."""
    category = request.args.get("category") or None
    if category is not None and category not in lifecycle.CATEGORIES:
        abort(404)
    theme = request.args.get("theme", "")
    theme_id = whole_number(theme) if theme else None
    if theme and theme_id is None:
        abort(404)
    return learning.Filters(period.start, period.end, category, theme_id)


@bp.get("/reports/learning")
@login_required
@reports_can()
def learning_log():
    today = clock.today()
    form, period, status = period_from_form(request.args, overview.default_period(today))
    filters = _filters(period)
    found = learning.lessons(current_user, filters, page_asked())
    return render_template(
        "staff/reports/learning.html", form=form, found=found, filters=filters,
        period=period, themes=learning.themes(), categories=lifecycle.CATEGORIES,
        by_theme=learning.by_theme(period),
        by_category=learning.by_category_and_theme(period),
        improvement_counts=learning.improvement_counts(period),
        args={k: v for k, v in request.args.items() if k != "page" and v}), status


@bp.get("/reports/improvements")
@login_required
@reports_can()
def improvements():
    status = request.args.get("status") or None
    if status is not None and status not in IMPROVEMENT_STATUSES:
        abort(404)
    found = learning.improvements(current_user, status, page_asked())
    return render_template("staff/reports/improvements.html", found=found, status=status,
                           statuses=IMPROVEMENT_STATUSES, categories=lifecycle.CATEGORIES,
                           linked=changes.linked_for([i.id for i in found.items]))


def _improvement_page(form, found):
    themes = learning.themes()
    form.theme.choices = [(0, "Not said"), *((t.id, t.name + ("" if t.active else
                                                              " (retired)")) for t in themes)]
    if not themes:
        del form.theme
    if request.method == "POST" and form.validate_on_submit():
        draft = changes.ImprovementDraft(
            form.title.data, form.description.data, form.owner.data, form.status.data,
            form.proposed_on.data, form.due_on.data, form.done_on.data,
            (form.theme.data or None) if form.theme else None,
            form.category.data or None, form.reference_list)
        try:
            saved = changes.save_improvement(current_user, found.id if found else None,
                                             draft, version=form.version_value)
        except CaseworkError as error:
            form.problem(str(error), error.field)
        else:
            flash(f"Saved: {saved.title}")
            return redirect(url_for("staff.improvements"), 303)
    status = 400 if form.errors or getattr(form, "form_errors", None) else 200
    return render_template("staff/reports/improvement.html", form=form, found=found), status


@bp.route("/reports/improvements/new", methods=["GET", "POST"])
@login_required
@reports_can("manage_learning")
def new_improvement():
    form = forms.ImprovementForm()
    if request.method == "GET":
        form.theme.data = 0
        form.proposed_on.process(None, clock.today())
        form.references.data = request.args.get("complaint", "")[:20]
    return _improvement_page(form, None)


@bp.route("/reports/improvements/<int:improvement_id>", methods=["GET", "POST"])
@login_required
@reports_can("manage_learning")
def edit_improvement(improvement_id: int):
    found = access_improvement(improvement_id)
    form = forms.ImprovementForm(obj=found if request.method == "GET" else None)
    if request.method == "GET":
        form.theme.data = found.theme_id or 0
        form.category.data = found.category or ""
        form.references.data = "\n".join(changes.linked_references(found.id))
        form.version.data = str(found.version)
    return _improvement_page(form, found)


def access_improvement(improvement_id: int):
    found = changes.improvement(current_user, improvement_id)
    if found is None:
        abort(404)
    return found


@bp.route("/reports/root-causes", methods=["GET", "POST"])
@login_required
@reports_can("manage_learning")
def root_causes():
    form = forms.ThemeForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                theme = changes.add_theme(current_user, form.name.data)
            except CaseworkError as error:
                form.name.errors = [str(error)]
            else:
                flash(f"Added to the list: {theme.name}")
                return redirect(url_for("staff.root_causes"), 303)
        status = 400
    return render_template("staff/reports/root_causes.html", form=form,
                           themes=learning.themes()), status


@bp.post("/reports/root-causes/<int:theme_id>")
@login_required
@reports_can("manage_learning")
def root_cause_offered(theme_id: int):
    try:  # (CSRF is checked for every POST by the app)
        theme = changes.set_theme_active(current_user, theme_id,
                                         request.form.get("offered") == "yes")
    except CaseworkError:
        abort(404)
    flash(f"{theme.name}: {'offered' if theme.active else 'retired'}")
    return redirect(url_for("staff.root_causes"), 303)


@bp.route("/complaints/<reference>/root-cause", methods=["GET", "POST"])
@login_required
@staff_can("set_root_cause")
def root_cause(reference: str):
    found = access.complaint_for(current_user, reference)
    form = forms.RootCauseForm()
    form.theme.choices = [(t.id, t.name) for t in learning.themes()
                          if t.active or t.id == found.root_cause_id]
    if request.method == "GET" and found.root_cause_id:
        form.theme.data = found.root_cause_id

    def perform(f):
        changes.set_root_cause(current_user, found, theme_id=f.theme.data, **versions(f))

    return act(found, form, "staff/root_cause.html", perform, "Root cause recorded")
