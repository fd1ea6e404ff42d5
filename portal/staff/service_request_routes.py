"""Service requests (Code 1.4-1.6; issue 16 §3): a complaint just received dealt with as
a service request instead, a later complaint linked to the request it follows, and the
list of every service request, counted apart from complaints."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from portal.services.accounts import access
from portal.services.records import casework
from portal.services.stage1 import service_requests
from portal.staff import seeds_forms
from portal.staff._shared import act, bp, staff_can, versions
from portal.web.paging import page_asked


@bp.context_processor
def service_request_for_complaint():
    """For templates/staff/_service_request.html."""
    return {"followed_request": service_requests.followed,
            "asked_for_request": service_requests.asked_for_one}


@bp.get("/service-requests")
@login_required
@staff_can("view_complaint")
def service_request_list():
    return render_template("staff/service_requests/list.html",
                           found=service_requests.service_requests(current_user, page_asked()),
                           this_year=service_requests.recorded_in(current_user),
                           year=casework.today().year)


@bp.route("/complaints/<reference>/service-request", methods=["GET", "POST"])
@login_required
@staff_can("record_service_request")
def treat_as_service_request(reference: str):
    found = access.complaint_for(current_user, reference)
    form = seeds_forms.ServiceRequestForm()
    if request.method == "GET" and not form.summary.data:
        form.summary.data = "\n\n".join(i.summary for i in found.issues)

    def perform(f):
        service_requests.treat_as_service_request(
            current_user, found, summary=f.summary.data, reason=f.reason.data, **versions(f))

    return act(found, form, "staff/service_requests/treat.html", perform,
               "Dealt with as a service request. The resident has been sent a letter saying "
               "they can still complain. {told}",
               asked=service_requests.asked_for_one(found))


@bp.route("/complaints/<reference>/follows-service-request", methods=["GET", "POST"])
@login_required
@staff_can("record_service_request")
def link_service_request(reference: str):
    found = access.complaint_for(current_user, reference)
    form = seeds_forms.LinkServiceRequestForm()
    choices = service_requests.choices_for(found)
    form.service_request.choices = [
        (r.id, f"{r.reference}, {r.recorded_on:%-d %B %Y}: {r.summary[:80]}") for r in choices]

    def perform(f):
        service_requests.link(current_user, found, service_request_id=f.service_request.data,
                              **versions(f))

    return act(found, form, "staff/service_requests/link.html", perform,
               "Linked to the service request it follows.", choices=choices)
