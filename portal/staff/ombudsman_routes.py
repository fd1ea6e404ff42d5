"""The Housing Ombudsman's investigation, determination, orders and recommendations
(IVH 004 §7.2, §8.7). The orders are then tracked on the actions list."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from portal.domain.ombudsman import FINDINGS
from portal.services.accounts import access
from portal.services.review import ombudsman
from portal.staff import seeds_forms
from portal.staff._shared import act, bp, staff_can, versions
from portal.web.paging import page_asked


@bp.context_processor
def ombudsman_for_complaint():
    """`ombudsman_case(c)` and `ombudsman_orders(c)` for templates/staff/_ombudsman.html."""
    return {"ombudsman_case": ombudsman.case_for, "ombudsman_orders": ombudsman.orders_for,
            "ombudsman_findings": FINDINGS, "ombudsman_kinds": ombudsman.ORDER_KINDS}


@bp.get("/ombudsman")
@login_required
@staff_can("view_complaint")
def ombudsman_cases():
    tab = request.args.get("tab", "investigating")
    tab = tab if tab in ombudsman.LIST_TABS else "investigating"
    return render_template("staff/ombudsman/list.html", tab=tab, tabs=ombudsman.LIST_TABS,
                           found=ombudsman.cases(current_user, tab, page_asked()),
                           year=ombudsman.year_view(current_user), findings=FINDINGS)


@bp.route("/complaints/<reference>/ombudsman", methods=["GET", "POST"])
@login_required
@staff_can("record_ombudsman")
def ombudsman_investigating(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        ombudsman.record_investigation(current_user, found, started_on=f.started_on.data,
                                       ombudsman_reference=f.ombudsman_reference.data,
                                       **versions(f))

    return act(found, seeds_forms.InvestigationForm(), "staff/ombudsman/investigating.html",
               perform, "Recorded: the Housing Ombudsman is investigating this complaint.",
               case=ombudsman.case_for(found))


@bp.route("/complaints/<reference>/ombudsman/determination", methods=["GET", "POST"])
@login_required
@staff_can("record_ombudsman")
def ombudsman_determination(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        ombudsman.record_determination(current_user, found, determined_on=f.determined_on.data,
                                       findings=f.findings.data, summary=f.summary.data,
                                       **versions(f))

    return act(found, seeds_forms.DeterminationForm(), "staff/ombudsman/determination.html",
               perform, "The Ombudsman’s determination is recorded. Add each order and "
               "recommendation it made.", case=ombudsman.case_for(found))


@bp.route("/complaints/<reference>/ombudsman/determination/correct", methods=["GET", "POST"])
@login_required
@staff_can("record_ombudsman")
def correct_ombudsman_determination(reference: str):
    found = access.complaint_for(current_user, reference)
    case = ombudsman.case_for(found)
    form = seeds_forms.CorrectDeterminationForm()
    if request.method == "GET" and case is not None and case.determined_on is not None:
        form.determined_on.data = case.determined_on  # what is recorded, to correct
        form.findings.data = list(case.findings)
        form.summary.data = case.determination

    def perform(f):
        ombudsman.correct_determination(current_user, found, determined_on=f.determined_on.data,
                                        findings=f.findings.data, summary=f.summary.data,
                                        reason=f.reason.data, **versions(f))

    return act(found, form, "staff/ombudsman/correct.html", perform,
               "The determination is corrected. The earlier record stays in the timeline. "
               "{told}", case=case)


@bp.route("/complaints/<reference>/ombudsman/orders", methods=["GET", "POST"])
@login_required
@staff_can("record_ombudsman")
def ombudsman_order(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        ombudsman.add_order(current_user, found, kind=f.kind.data, description=f.description.data,
                            owner=f.owner.data, due_on=f.due_on.data, **versions(f))

    return act(found, seeds_forms.OrderForm(), "staff/ombudsman/order.html", perform,
               "Added. It is tracked with the actions until it is done.",
               case=ombudsman.case_for(found))
