"""Representatives acting for residents, and residents deciding who may act for them.

    /representing                               your authorities and the complaints you follow
    /representing/new                           who the complaint is for, and their authority
    /representing/complaints/<ref>              received, and where the authority stands
    /representing/complaints/<ref>/sent         confirmation after sending
    /representing/authorities/<id>/letter       send a (new) signed letter
    /representing/authorities/<id>/phone-consent  a councillor or MP: the resident agreed
                                                by phone (staff call them to verify it)
    /your-representatives                       a resident: who may act for you
    /your-representatives/<id>/confirm          a resident confirms an authority
    /your-representatives/<id>/revoke           a resident ends an authority

The complaint itself is written with the resident's own form (resident.category ...):
the draft carries who it is for, and on sending the complaint's resident is the resident.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.domain import next_steps
from portal.representatives import forms
from portal.services.accounts import access
from portal.services.intake import drafts as complaints
from portal.services.records import clock, documents
from portal.services.records.policy import current_profile
from portal.services.representation import authority as representation
from portal.services.representation import on_behalf
from portal.services.representation import views as representation_views
from portal.services.stage1 import resident as resident_actions
from portal.web.guards import person_required
from portal.web.paging import page_asked
from portal.web.uploads import checked_file

bp = Blueprint("representatives", __name__)


@bp.app_context_processor
def representation_helpers():
    return {"representation_panel": representation_views.panel,
            "representation_complaint": representation.complaint_of}


# -- the representative ------------------------------------------------------------------------


@bp.get("/representing")
@person_required
def dashboard():
    given = access.authorities_given_to(current_user, page_asked())
    rows = [representation_views.row(a) for a in given.items]
    drafts = complaints.drafts_of(current_user, page_asked("drafts_page"), on_behalf=True)
    today = clock.today()
    following = access.complaints_followed(current_user, page_asked("following_page"), today)
    cards = [next_steps.client_card(f.complaint, resident_actions.handled_in(f.complaint),
                                    f.complaint.resident.name, f.authority_ends, today)
             for f in following.items]
    return render_template("representatives/dashboard.html", rows=rows, given=given,
                           drafts=drafts, following=following, cards=cards)


@bp.route("/representing/new", methods=["GET", "POST"])
@person_required
def start():
    form = forms.OnBehalfForm()
    if request.method == "GET":
        form.organisation.data, form.relationship.data = representation_views.registered_as(
            current_user)
    status = 200
    if form.validate_on_submit():
        letter, problem = checked_file("letter")
        if problem:
            form.letter.errors = [problem]
        else:
            details = on_behalf.OnBehalf(
                resident_name=form.resident_name.data, resident_address=form.resident_address.data,
                resident_postcode=form.resident_postcode.data,
                resident_email=form.resident_email.data, relationship=form.relationship.data,
                organisation=form.organisation.data, scope=form.scope.data,
                expires_on=form.expires_on.data, method=form.method.data,
                correspondence_to=form.correspondence_to.data)
            try:
                draft = on_behalf.start_on_behalf(current_user, details, letter)
            except representation.RepresentationError as error:
                getattr(form, error.field or "resident_name").errors = [str(error)]
            else:
                return redirect(url_for("resident.category", draft_id=draft.id), 303)
    if form.errors:
        status = 400
    return render_template("representatives/start.html", form=form, profile=current_profile(),
                           policy=representation_views.policy_notes(),
                           allowed=documents.ALLOWED_WORDS), status


def _complaint_page(found, authority, *, form=None, phone=None, status: int = 200):
    # Never the resident's number from their account: the representative is not yet
    # trusted with anything of theirs.
    phone = phone or forms.PhoneConsentForm(formdata=None, phone=authority.phone_consent_number)
    return render_template("representatives/complaint.html", complaint=found,
                           row=representation_views.row(authority),
                           form=form or forms.LetterForm(), phone=phone,
                           by_phone=authority.relationship_kind
                           in representation.PHONE_CONSENT_ROLES,
                           can_see=access.can_see(current_user, found),
                           allowed=documents.ALLOWED_WORDS), status


@bp.get("/representing/complaints/<reference>")
@person_required
def complaint(reference: str):
    found, authority = access.represented_complaint_for(current_user, reference)
    return _complaint_page(found, authority)


@bp.get("/representing/complaints/<reference>/sent")
@person_required
def sent(reference: str):
    found, authority = access.represented_complaint_for(current_user, reference)
    return render_template("representatives/sent.html", complaint=found,
                           row=representation_views.row(authority))


@bp.post("/representing/authorities/<int:authority_id>/letter")
@person_required
def upload_letter(authority_id: int):
    authority = access.authority_of_representative(current_user, authority_id)
    found = representation.complaint_of(authority)
    form = forms.LetterForm()
    if form.validate_on_submit():
        letter, problem = checked_file("letter")
        if problem is None:
            try:
                representation.upload_letter(current_user, authority, letter)
            except representation.RepresentationError as error:
                problem = str(error)
        if problem is None:
            flash("Thank you. We will check the letter and tell you when we have.")
            return redirect(url_for("representatives.complaint", reference=found.reference), 303)
        form.letter.errors = [problem]
    return _complaint_page(found, authority, form=form, status=400)


@bp.post("/representing/authorities/<int:authority_id>/phone-consent")
@person_required
def phone_consent(authority_id: int):
    authority = access.authority_of_representative(current_user, authority_id)
    found = representation.complaint_of(authority)
    phone = forms.PhoneConsentForm()
    if phone.validate_on_submit():
        try:
            representation.record_phone_consent(
                current_user, authority, agreed_on=phone.agreed_on.data,
                phone=phone.phone.data, confirmed=bool(phone.confirmed.data))
        except representation.RepresentationError as error:
            getattr(phone, error.field or "confirmed").errors = [str(error)]
        else:
            flash(f"Thank you. We will call {authority.resident_name} to check they agree, "
                  "and tell you when we have.")
            return redirect(url_for("representatives.complaint", reference=found.reference), 303)
    return _complaint_page(found, authority, phone=phone, status=400)


# -- the resident ------------------------------------------------------------------------------


@bp.get("/your-representatives")
@person_required
def your_representatives():
    given = access.authorities_given_by(current_user, page_asked())
    today = clock.today()
    rows = [representation_views.row(a, today) for a in given.items]
    return render_template("representatives/yours.html", rows=rows, given=given)


@bp.route("/your-representatives/<int:authority_id>/confirm", methods=["GET", "POST"])
@person_required
def confirm_authority(authority_id: int):
    authority = access.authority_of_resident(current_user, authority_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            representation.confirm(current_user, authority, bool(form.agree.data))
        except representation.RepresentationError as error:
            getattr(form, error.field or "agree").errors = [str(error)]
        else:
            flash(f"Thank you. {authority.representative.name} can now act for you.")
            return redirect(url_for("representatives.your_representatives"), 303)
    return render_template("representatives/confirm.html", form=form,
                           row=representation_views.row(authority),
                           complaint=representation.complaint_of(authority)), (
        400 if form.errors else 200)


@bp.route("/your-representatives/<int:authority_id>/revoke", methods=["GET", "POST"])
@person_required
def revoke_authority(authority_id: int):
    authority = access.authority_of_resident(current_user, authority_id)
    form = forms.RevokeForm()
    if form.validate_on_submit():
        try:
            representation.revoke(current_user, authority, (form.reason.data or "").strip())
        except representation.RepresentationError as error:
            form.reason.errors = [str(error)]
        else:
            flash(f"{authority.representative.name} can no longer act for you.")
            return redirect(url_for("representatives.your_representatives"), 303)
    return render_template("representatives/revoke.html", form=form,
                           row=representation_views.row(authority)), (400 if form.errors else 200)
