"""Petitions and communal complaints, for the people in them (SPEC §5).

    /petitions                                    the lead's petitions
    /petitions/new                                start one (seed 001 Appendix 2.1)
    /petitions/<id>                               the lead's page: live household count
    /petitions/<id>/paper-signatures              type in a paper signature, with the sheet
    /petitions/<id>/submit                        submit (only with enough households)
    /petitions/<id>/poster                        an A4 poster with the link and a QR code
    /petitions/sign/<token>                       anyone with the shared link signs
    /petitions/signed/<token>                     a signer's own entry, and the letters
    /petitions/signed/<token>/letters/<id>        a letter sent about the petition
    /complaints/<ref>/communal-letters/<id>       a letter of the communal complaint
                                                  this resident's complaint was joined into
"""

from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from portal.petitions import forms
from portal.services.accounts import access, throttle
from portal.services.records import documents
from portal.services.records.policy import current_profile
from portal.services.representation import petitions, sharing
from portal.web.forms import whole_number
from portal.web.guards import person_required, signatory_token
from portal.web.htmx import is_htmx, page_or_fragment
from portal.web.paging import page_asked
from portal.web.signatures import signer_details
from portal.web.uploads import checked_file

bp = Blueprint("petitions", __name__)


def _send(document):
    response = send_file(io.BytesIO(document.file.data), mimetype=document.content_type,
                         as_attachment=True, download_name=document.filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["ETag"] = document.file.sha256
    return response


def _problem(form, error: petitions.PetitionError | throttle.TooManyAttempts,
             default: str) -> None:
    field = getattr(form, error.field or default, None) or getattr(form, default)
    field.errors = [*list(field.errors or []), str(error)]


@bp.context_processor
def petition_rule():
    """The profile's household threshold and where it comes from (SPEC §5), on every page."""
    return {"petition_rule": current_profile().petition}


# -- the lead petitioner ----------------------------------------------------------------------


@bp.get("/petitions")
@person_required
def index():
    found = access.petitions_led_by(current_user, page_asked())
    counts = petitions.progress_of([p.id for p in found.items])
    rows = [(p, counts[p.id]) for p in found.items]
    return render_template("petitions/index.html", rows=rows, found=found,
                           threshold=current_profile().petition.min_households,
                           words=petitions.STATUS_WORDS)


@bp.route("/petitions/new", methods=["GET", "POST"])
@person_required
def new():
    form = forms.PetitionForm()
    if request.method == "GET":
        form.lead_address.data = current_user.address
        form.lead_postcode.data = current_user.postcode
        form.lead_phone.data = current_user.phone
    if form.validate_on_submit():
        try:
            petition = petitions.create(current_user, petitions.Statement(
                subject=form.subject.data, issues_text=form.issues_text.data,
                actions_requested=form.actions_requested.data, summary=form.summary.data,
                lead_phone=form.lead_phone.data, lead_address=form.lead_address.data,
                lead_postcode=form.lead_postcode.data))
        except petitions.PetitionError as error:
            _problem(form, error, "subject")
        else:
            flash("Your petition is ready. Sign it yourself first, then share the link to "
                  "collect your neighbours’ signatures.")
            return redirect(url_for("petitions.petition", petition_id=petition.id), 303)
    return render_template("petitions/new.html", form=form, profile=current_profile()), (
        400 if form.errors else 200)


def _lead_page(petition, form=None, status: int = 200):
    share = sharing.share_links(petition)
    response = page_or_fragment(
        "petitions/petition.html", "progress", petition=petition,
        progress=petitions.progress(petition), share_url=share.url, share=share,
        qr=sharing.qr_svg(share.url, label="QR code: the link to sign your petition"),
        complaint=access.petition_complaint(petition), form=form or forms.SubmitForm(),
        paper=[s for s in petition.signatures if s.source == "paper"],
        words=petitions.STATUS_WORDS, profile=current_profile())
    response.status_code = status
    return response


@bp.get("/petitions/<int:petition_id>")
@person_required
def petition(petition_id: int):
    found = access.petition_for_lead(current_user, petition_id)
    if is_htmx() and found.status == "gathering":
        # The page polls with the count it shows: while that is still the count, say
        # so with 204 No Content (htmx swaps nothing), so the live region is not
        # rewritten and re-announced every 5 seconds.
        now = petitions.progress(found)
        shown = (request.args.get("households", type=int),
                 request.args.get("signatures", type=int))
        if shown == (now.households, now.signatures):
            return "", 204, {"Vary": "HX-Request", "Cache-Control": "no-store"}
    return _lead_page(found)


@bp.post("/petitions/<int:petition_id>/submit")
@person_required
def submit(petition_id: int):
    found = access.petition_for_lead(current_user, petition_id)
    form = forms.SubmitForm()
    if form.validate_on_submit():
        try:
            complaint = petitions.submit(current_user, found)
        except petitions.PetitionError as error:
            form.form_errors.append(str(error))
        else:
            flash(f"Your petition has been submitted. Its reference is {complaint.reference}.")
            return redirect(url_for("resident.complaint", reference=complaint.reference), 303)
    return _lead_page(found, form, 400)


@bp.get("/petitions/<int:petition_id>/poster")
@person_required
def poster(petition_id: int):
    """The A4 poster to print (a PDF drawn when asked for, never stored)."""
    found = access.petition_for_lead(current_user, petition_id)
    if found.status != "gathering":
        flash("The petition is no longer collecting signatures, so there is no poster.")
        return redirect(url_for("petitions.petition", petition_id=found.id), 303)
    response = send_file(io.BytesIO(sharing.poster_pdf(found)), mimetype="application/pdf",
                         download_name="petition-poster.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/petitions/<int:petition_id>/paper-signatures", methods=["GET", "POST"])
@person_required
def paper(petition_id: int):
    found = access.petition_for_lead(current_user, petition_id)
    form = forms.PaperSignatureForm()
    sheets = petitions.paper_sheets(found)
    form.sheet_id.choices = [(str(d.id), d.filename) for d in sheets]
    if form.validate_on_submit():
        sheet, problem = checked_file("sheet")
        if problem:
            form.sheet.errors = [problem]
        else:
            try:
                petitions.add_paper_signature(
                    current_user, found, signer_details(form), sheet=sheet,
                    sheet_id=whole_number(form.sheet_id.data))
            except petitions.PetitionError as error:
                _problem(form, error, "name")
            else:
                flash("Signature added.")
                return redirect(url_for("petitions.paper", petition_id=found.id), 303)
    return render_template("petitions/paper.html", form=form, petition=found, sheets=sheets,
                           progress=petitions.progress(found),
                           allowed=documents.ALLOWED_WORDS), (400 if form.errors else 200)


# -- signers (no account) ----------------------------------------------------------------------


@bp.route("/petitions/sign/<token>", methods=["GET", "POST"])
@signatory_token
def sign(token: str):
    found = access.petition_by_share_token(token)
    form = forms.SignForm()
    status = 200
    if found.status == "gathering" and form.validate_on_submit():
        client = request.remote_addr or "unknown"
        counted = None
        try:  # counted and checked at once; taken back if the signature is refused
            counted = throttle.attempt("petition_sign", client)
            signature = petitions.sign_online(found, signer_details(form))
        except throttle.TooManyAttempts as error:
            _problem(form, error, "name")
            status = 429
        except petitions.PetitionError as error:
            throttle.forget(counted)
            _problem(form, error, "name")
        else:
            if signature.email:
                flash("Thank you for signing. We have emailed you a link to this page, so "
                      "you can come back to your signature and see our response.")
            else:
                flash("Thank you for signing. Keep this page’s address (bookmark it): it is "
                      "your own link to your signature and to our response.")
            return redirect(url_for("petitions.signed", token=signature.signer_token), 303)
    return render_template("petitions/sign.html", petition=found, form=form,
                           declaration=petitions.DECLARATION,
                           progress=petitions.progress(found)), (
                               status if status != 200 else 400 if form.errors else 200)


@bp.get("/petitions/signed/<token>")
@signatory_token
def signed(token: str):
    signature = access.signature_by_token(token)
    complaint = access.petition_complaint(signature.petition)
    letters = access.letters_of(complaint) if signature.status != "rejected" else []
    return render_template("petitions/signed.html", signature=signature,
                           petition=signature.petition, letters=letters,
                           words=petitions.STATUS_WORDS, form=forms.SubmitForm())


@bp.post("/petitions/signed/<token>/withdraw")
@signatory_token
def withdraw(token: str):
    signature = access.signature_by_token(token)
    form = forms.SubmitForm()
    if form.validate_on_submit():
        share = signature.petition.share_token
        try:
            petitions.withdraw_signature(signature)
        except petitions.PetitionError as error:
            flash(str(error), "info")
            return redirect(url_for("petitions.signed", token=token), 303)
        flash("Your signature has been taken off the petition.")
        return redirect(url_for("petitions.sign", token=share), 303)
    return redirect(url_for("petitions.signed", token=token), 303)


@bp.get("/petitions/signed/<token>/letters/<int:document_id>")
@signatory_token
def member_letter(token: str, document_id: int):
    signature = access.signature_by_token(token)
    return _send(access.member_letter_for(signature, document_id))


# -- communal complaints ------------------------------------------------------------------------


@bp.get("/complaints/<reference>/communal-letters/<int:document_id>")
@person_required
def communal_letter(reference: str, document_id: int):
    return _send(access.communal_letter_for(current_user, reference, document_id))
