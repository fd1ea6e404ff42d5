"""Staff pages for representatives' authority, petitions and communal complaints,
attached to the staff blueprint (portal.staff.blueprint imports this module).

    /staff/authorities                                   letters of authority to check
    /staff/authorities/<id>                              one authority: verify, reject, end
    /staff/complaints/<ref>/petition                     signatures: verify, reject
    /staff/complaints/<ref>/petition/paper-signatures    type in a paper signature
    /staff/complaints/<ref>/petition/reject              reject, with a letter to the lead
    /staff/complaints/<ref>/petition/refer-to-council    refer, with a letter to the lead
    /staff/complaints/<ref>/join                         join others into this complaint

Every route is `@login_required` and `@staff_can(action)`; the services check again.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Optional

from portal.domain.petitions import REJECTION_GROUNDS
from portal.services.accounts import access
from portal.services.records import casework, confidence
from portal.services.records import deadlines as due_dates
from portal.services.representation import authority as representation
from portal.services.representation import casework as staff_representation
from portal.services.representation import views as representation_views
from portal.staff._shared import act, bp, staff_can, versions
from portal.staff.forms import StaffForm
from portal.web.forms import GovDateField, PortalForm, whole_number
from portal.web.paging import page_asked
from portal.web.signatures import PaperSignatureForm, signer_details
from portal.web.uploads import checked_file

# -- forms --------------------------------------------------------------------------------------


class VerifyAuthorityForm(PortalForm):
    scope = RadioField("What does the letter give authority for?",
                       choices=list(representation.SCOPES.items()), validate_choice=False)
    expires_on = GovDateField("When does the authority end?", required=False,
                              label_lower="the date the authority ends")
    verification = RadioField("How did you check it?",
                              choices=list(representation.VERIFICATIONS.items()),
                              validate_choice=False)


class ReasonForm(PortalForm):
    reason = TextAreaField("Reason", validators=[Optional()])


class RejectPetitionForm(StaffForm):
    grounds = RadioField("Why is the petition rejected?", choices=list(REJECTION_GROUNDS.items()),
                         validate_choice=False)
    reason = TextAreaField("The reason, for the letter to the lead petitioner",
                           validators=[Optional()])


class ReferPetitionForm(StaffForm):
    council = StringField("Which Council?", validators=[Optional()])
    reason = TextAreaField("Why is this a matter for the Council?", validators=[Optional()])


class JoinForm(StaffForm):
    references = SelectMultipleField("Complaints to join into this one", choices=[],
                                     validate_choice=False)


@bp.context_processor
def representation_words():
    return {"staff_panel": _panel, "state_words": representation.STATE_WORDS}


def _panel(complaint):
    """What the staff complaint page shows about authority, petitions and joining."""
    return {
        "rows": representation_views.for_complaint(complaint),
        "petition": staff_representation.petition_view(current_user, complaint),
        "councillor_due": due_dates.councillor_reply_due(complaint),
        "joined": access.joined_complaints(complaint),
        "joined_into": staff_representation.joined_into(complaint),
        "today": casework.today(),
    }


# -- authority -------------------------------------------------------------------------------


@bp.get("/authorities")
@login_required
@staff_can("view_complaint")
def authorities():
    found = staff_representation.pending_authorities(current_user, page_asked())
    rows = [representation_views.row(a) for a in found.items]
    return render_template("staff/representation/authorities.html", rows=rows, found=found,
                           withheld=staff_representation.withheld_residents(current_user,
                                                                            found.items))


def _authority(authority_id: int):
    found = staff_representation.authority(current_user, authority_id)
    if found is None:
        abort(404)
    return found


def _decidable(authority_id: int):
    """An authority this person may decide: not one for a complaint made in confidence
    whose maker they may not see (checking it needs the resident's details)."""
    found = _authority(authority_id)
    complaint = staff_representation.complaint_of(found)
    if complaint is not None and confidence.hidden_from(current_user, complaint):
        raise casework.NotAllowed(confidence.PERMISSION)
    return found


def _authority_page(found, verify=None, reject=None, revoke=None, status: int = 200):
    verify = verify or VerifyAuthorityForm(
        formdata=None, scope=found.scope, expires_on=found.expires_on,
        verification="letter" if found.method == "letter" and found.letter_document_id else None)
    if not found.letter_document_id:  # no letter to check: only a call to the resident
        verify.verification.choices = [c for c in verify.verification.choices
                                       if c[0] != "letter"]
    return render_template(
        "staff/representation/authority.html", row=representation_views.row(found),
        complaint=staff_representation.complaint_of(found), verify=verify,
        reject=reject or ReasonForm(formdata=None, prefix="reject"),
        revoke=revoke or ReasonForm(formdata=None, prefix="revoke"),
        form=next((f for f in (verify, reject, revoke) if f is not None and f.errors), None),
        handling=representation.handling(found.relationship_kind),
        verified_words=representation.VERIFIED_WORDS), status


@bp.get("/authorities/<int:authority_id>")
@login_required
@staff_can("view_complaint")
def authority(authority_id: int):
    return _authority_page(_authority(authority_id))


@bp.post("/authorities/<int:authority_id>/verify")
@login_required
@staff_can("verify_authority")
def verify_authority(authority_id: int):
    found = _decidable(authority_id)
    form = VerifyAuthorityForm()
    if form.validate_on_submit():
        try:
            staff_representation.verify_authority(current_user, found, scope=form.scope.data,
                                                  expires_on=form.expires_on.data,
                                                  verification=form.verification.data or "")
        except casework.CaseworkError as error:
            getattr(form, error.field or "scope").errors = [str(error)]
        else:
            flash(f"Authority verified. {found.representative.name} has been told and can now "
                  "see the complaint.")
            return redirect(url_for("staff.authority", authority_id=found.id), 303)
    return _authority_page(found, verify=form, status=400)


@bp.post("/authorities/<int:authority_id>/reject")
@login_required
@staff_can("verify_authority")
def reject_authority(authority_id: int):
    found = _decidable(authority_id)
    form = ReasonForm(prefix="reject")
    if form.validate_on_submit():
        try:
            staff_representation.reject_authority(current_user, found, reason=form.reason.data)
        except casework.CaseworkError as error:
            form.reason.errors = [str(error)]
        else:
            flash("Letter not accepted. The representative has been told why.")
            return redirect(url_for("staff.authority", authority_id=found.id), 303)
    return _authority_page(found, reject=form, status=400)


@bp.post("/authorities/<int:authority_id>/revoke")
@login_required
@staff_can("revoke_authority")
def revoke_authority(authority_id: int):
    found = _decidable(authority_id)
    form = ReasonForm(prefix="revoke")
    if form.validate_on_submit():
        try:
            staff_representation.revoke_authority(current_user, found, reason=form.reason.data)
        except casework.CaseworkError as error:
            form.reason.errors = [str(error)]
        else:
            flash("Authority ended. The representative can no longer see the complaint.")
            return redirect(url_for("staff.authority", authority_id=found.id), 303)
    return _authority_page(found, revoke=form, status=400)


# -- petitions -------------------------------------------------------------------------------


def _petition_complaint(reference: str):
    found = access.complaint_for(current_user, reference)
    if found.petition_id is None:
        abort(404)
    return found


def _petition_page(found, paper=None, problems=None, status: int = 200):
    view = staff_representation.petition_view(current_user, found)
    paper = paper or PaperSignatureForm(formdata=None)
    paper.sheet_id.choices = [(str(d.id), d.filename) for d in view.sheets]
    return render_template("staff/representation/petition.html", complaint=found, view=view,
                           paper=paper, problems=problems or {}, form=paper), status


@bp.get("/complaints/<reference>/petition")
@login_required
@staff_can("view_complaint")
def petition(reference: str):
    return _petition_page(_petition_complaint(reference))


@bp.post("/complaints/<reference>/petition/signatures/<int:signature_id>/verify")
@login_required
@staff_can("manage_petition")
def verify_signature(reference: str, signature_id: int):
    found = _petition_complaint(reference)
    if PortalForm().validate_on_submit():
        try:
            staff_representation.verify_signature(current_user, found, signature_id)
        except casework.CaseworkError:
            abort(404)
        flash("Signature verified.")
    return redirect(url_for("staff.petition", reference=reference), 303)


@bp.post("/complaints/<reference>/petition/signatures/<int:signature_id>/reject")
@login_required
@staff_can("manage_petition")
def reject_signature(reference: str, signature_id: int):
    found = _petition_complaint(reference)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            staff_representation.reject_signature(current_user, found, signature_id,
                                                  form.reason.data)
        except casework.CaseworkError as error:
            return _petition_page(found, problems={signature_id: str(error)}, status=400)
        flash("Signature rejected. It no longer counts towards the households.")
    return redirect(url_for("staff.petition", reference=reference), 303)


@bp.post("/complaints/<reference>/petition/paper-signatures")
@login_required
@staff_can("manage_petition")
def paper_signature(reference: str):
    found = _petition_complaint(reference)
    view = staff_representation.petition_view(current_user, found)
    form = PaperSignatureForm()
    form.sheet_id.choices = [(str(d.id), d.filename) for d in view.sheets]
    if form.validate_on_submit():
        sheet, problem = checked_file("sheet")
        if problem:
            form.sheet.errors = [problem]
        else:
            try:
                staff_representation.add_paper_signature(
                    current_user, found, signer_details(form), sheet=sheet,
                    sheet_id=whole_number(form.sheet_id.data))
            except casework.CaseworkError as error:
                getattr(form, error.field or "name", form.name).errors = [str(error)]
            else:
                flash("Paper signature added.")
                return redirect(url_for("staff.petition", reference=reference), 303)
    return _petition_page(found, paper=form, status=400)


@bp.route("/complaints/<reference>/petition/reject", methods=["GET", "POST"])
@login_required
@staff_can("decide_petition")
def reject_petition(reference: str):
    found = _petition_complaint(reference)

    def perform(f):
        staff_representation.reject_petition(current_user, found, grounds=f.grounds.data,
                                             reason=f.reason.data, **versions(f))

    return act(found, RejectPetitionForm(), "staff/representation/reject_petition.html",
                perform, "Petition rejected. The letter has been sent to the lead petitioner.",
                petition=staff_representation.petition_of(found))


@bp.route("/complaints/<reference>/petition/refer-to-council", methods=["GET", "POST"])
@login_required
@staff_can("decide_petition")
def refer_petition(reference: str):
    found = _petition_complaint(reference)

    def perform(f):
        staff_representation.refer_petition(current_user, found, council=f.council.data,
                                            reason=f.reason.data, **versions(f))

    return act(found, ReferPetitionForm(), "staff/representation/refer_petition.html", perform,
                "Petition referred to the Council. The letter has been sent to the lead "
                "petitioner.", petition=staff_representation.petition_of(found))


# -- communal complaints -------------------------------------------------------------------------


@bp.route("/complaints/<reference>/join", methods=["GET", "POST"])
@login_required
@staff_can("join_complaints")
def join_complaints(reference: str):
    found = access.complaint_for(current_user, reference)
    q = request.args.get("q", "")
    candidates = staff_representation.join_candidates(current_user, found, q)
    form = JoinForm()
    form.references.choices = [(c.reference, c.reference) for c in candidates]

    def perform(f):
        staff_representation.join(current_user, found, references=f.references.data or [],
                                  **versions(f))

    return act(found, form, "staff/representation/join.html", perform,
                "Complaints joined. Each resident has been told they will be answered with the "
                "others.", candidates=candidates, q=q)
