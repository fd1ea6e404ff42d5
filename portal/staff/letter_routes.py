"""The five letters staff write and send (issue 15, items 9 and 11): the stage 1, stage
2 and Panel responses, the refusal and the declined review, each with "Save and come
back later" (a server-side draft per complaint per letter), "Preview the letter" (the
letter as the resident will get it, rendered by the sending path and stopped before
anything is stored or sent) and "Send", whose words say how the resident will be told.

One page runs them all (`letter_page`); `LETTERS` says what differs. The services
check the role, the status, the reviewer's independence and the version again.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from portal.services.accounts import access
from portal.services.correspondence import letter_preview
from portal.services.correspondence.tell import will_tell
from portal.services.records import casework, staff_drafts
from portal.services.responses import respond as responses
from portal.services.review import casework as review_casework
from portal.services.stage1 import actions as stage1
from portal.services.stage1 import views as stage1_views
from portal.staff import forms, stage2_forms
from portal.staff._shared import act, bp, response_draft, staff_can, versions


@dataclass(frozen=True)
class Letter:
    kind: str  # services.records.staff_drafts.KINDS
    name: str  # "the stage 1 response": headings, buttons, messages
    template: str
    make_form: Callable  # (complaint, formdata or None) -> a form with its choices
    send: Callable  # (complaint, form, versions dict) -> the Response
    done: str
    context: Callable  # (complaint) -> what the template needs besides the form


def _build(cls, formdata, meta):
    """The form from the request, or from `formdata` (a saved draft) when given."""
    if formdata is None:
        return cls()
    return cls(formdata=formdata, meta=meta or {})


def _response_form(found, formdata=None, meta=None):
    form = _build(forms.ResponseForm, formdata, meta)
    while len(form.issues.entries) < len(found.issues):
        form.issues.append_entry()
    return form


def _respond_at(stage: int):
    def send(found, form, seen):
        return responses.respond(current_user, found, draft=response_draft(found, form),
                                 stage=stage, **seen)
    return send


def _refuse_form(found, formdata=None, meta=None):
    form = _build(forms.RefuseForm, formdata, meta)
    form.reasons.choices = [(e.code, e.title) for e in stage1_views.exclusions_for(found)]
    return form


def _decline_form(found, formdata=None, meta=None):
    form = _build(stage2_forms.DeclineForm, formdata, meta)
    form.reasons.choices = [(e.code, e.title) for e in review_casework.decline_reasons(found)]
    return form


def _refuse(found, form, seen):
    return stage1.refuse(current_user, found, reasons=form.reasons.data,
                         detail=form.detail.data, **seen)


def _decline(found, form, seen):
    return review_casework.decline_stage2(current_user, found, reasons=form.reasons.data,
                                          detail=form.detail.data, **seen)


def _actions(stage: int):
    return lambda found: {"max_actions": forms.MAX_ACTIONS, "stage": stage}


LETTERS = {
    "stage1": Letter("stage1", "the stage 1 response", "staff/respond.html", _response_form,
                     _respond_at(1), responses.STAGES[1].done, _actions(1)),
    "stage2": Letter("stage2", "the stage 2 response", "staff/stage2/respond.html",
                     _response_form, _respond_at(2), responses.STAGES[2].done, _actions(2)),
    "panel": Letter("panel", "the Panel response", "staff/stage2/respond.html",
                    _response_form, _respond_at(3), responses.STAGES[3].done, _actions(3)),
    "refusal": Letter("refusal", "the refusal letter", "staff/refuse.html", _refuse_form,
                      _refuse, "Complaint not accepted. {told}",
                      lambda found: {"exclusions": stage1_views.exclusions_for(found)}),
    "decline": Letter("decline", "the letter declining the review",
                      "staff/stage2/decline.html", _decline_form, _decline,
                      "Review declined. {told}",
                      lambda found: {"exclusions": review_casework.decline_reasons(found)}),
}


def _page(found, letter: Letter, form, opened, status=200, **extra):
    return render_template(letter.template, form=form, complaint=found, conflict=None,
                           letter=letter, telling=will_tell(found), opened=opened,
                           **letter.context(found), **extra), status


def _current(found) -> dict:
    return {"version": found.version, "seen": casework.last_event_id(found)}


def _save(found, letter: Letter, form) -> None:
    staff_drafts.save(current_user, found, letter.kind, request.form.to_dict(flat=False),
                      version=form.version_value, seen=form.seen_value)


def _pictures(pdf: bytes) -> list[str]:
    """The pages as pictures; none (the PDF link still works) if PDFium cannot."""
    try:
        return letter_preview.page_images(pdf)
    except Exception:  # the preview must not fail for want of its pictures
        current_app.logger.exception("the letter preview's pictures could not be made")
        return []


def letter_page(reference: str, kind: str):
    """GET: the form, restored from the saved draft if there is one (with a warning when
    the complaint has changed since). POST: save, preview or send, by the button."""
    letter = LETTERS[kind]
    found = access.complaint_for(current_user, reference)
    casework.require_allowed(current_user, staff_drafts.KINDS[kind])
    opened = staff_drafts.opened(found, kind)
    if request.method == "GET":
        if opened is not None:
            form = letter.make_form(found, MultiDict(staff_drafts.answers_of(opened.draft)))
            form.set_version(opened.draft.version, opened.draft.seen)
        else:
            form = letter.make_form(found)
            form.set_version(**_current(found))
        return _page(found, letter, form, opened)
    form = letter.make_form(found)
    wanted = request.form.get("letter_action")
    if getattr(form, "add_action", None) is not None and form.add_action.data:
        return _page(found, letter, form, opened, added=form.add_row())
    if wanted == "save":
        _save(found, letter, form)
        flash(f"Your draft of {letter.name} is saved. Open the form again to carry on: "
              "everything you typed is kept until the letter is sent.")
        return redirect(url_for("staff.complaint", reference=found.reference), 303)
    if wanted == "preview":
        _save(found, letter, form)
        opened = staff_drafts.opened(found, kind)
        if form.validate():
            try:
                shown = letter_preview.preview(
                    lambda: letter.send(found, form, _current(found)))
            except casework.CaseworkError as error:
                form.problem(str(error), error.field)
            else:
                return render_template(
                    "staff/letter_preview.html", form=form, complaint=found, letter=letter,
                    conflict=None, opened=opened, telling=will_tell(found),
                    pages=_pictures(shown.pdf),
                    large_print=shown.large_print is not None,
                    answers=[(k, v) for k, values in request.form.lists()
                             if k not in ("csrf_token", "version", "seen", "letter_action")
                             for v in values])
        return _page(found, letter, form, opened, status=400)
    blocked = will_tell(found).blocked
    if blocked:
        form.validate()
        form.problem(blocked)
        return _page(found, letter, form, opened, status=400)

    def perform(f):
        letter.send(found, f, versions(f))

    return act(found, form, letter.template, perform, letter.done, letter=letter,
               telling=will_tell(found), opened=opened, **letter.context(found))


# -- the five letters --------------------------------------------------------------------------


@bp.route("/complaints/<reference>/stage-1-response", methods=["GET", "POST"])
@login_required
@staff_can("respond")
def respond_stage1(reference: str):
    return letter_page(reference, "stage1")


@bp.route("/complaints/<reference>/stage-2-response", methods=["GET", "POST"])
@login_required
@staff_can("review")
def respond_stage2(reference: str):
    return letter_page(reference, "stage2")


@bp.route("/complaints/<reference>/panel-response", methods=["GET", "POST"])
@login_required
@staff_can("review")
def respond_panel(reference: str):
    return letter_page(reference, "panel")


@bp.route("/complaints/<reference>/refuse", methods=["GET", "POST"])
@login_required
@staff_can("refuse")
def refuse_complaint(reference: str):
    return letter_page(reference, "refusal")


@bp.route("/complaints/<reference>/decline-review", methods=["GET", "POST"])
@login_required
@staff_can("review")
def decline_stage2(reference: str):
    return letter_page(reference, "decline")


@bp.get("/complaints/<reference>/letters/<kind>/preview.pdf")
@login_required
@staff_can("view_complaint")
def letter_preview_pdf(reference: str, kind: str):
    """The saved draft's letter as a PDF (the large-print copy with ?large=1), rendered
    the way it would be sent and not stored: nothing is recorded or sent."""
    if kind not in LETTERS:
        abort(404)
    letter = LETTERS[kind]
    found = access.complaint_for(current_user, reference)
    casework.require_allowed(current_user, staff_drafts.KINDS[kind])
    opened = staff_drafts.opened(found, kind)
    if opened is None:
        abort(404)
    form = letter.make_form(found, MultiDict(staff_drafts.answers_of(opened.draft)),
                            {"csrf": False})  # a GET: there is no token to check
    if not form.validate():
        return redirect(url_for(f"staff.{_ENDPOINTS[kind]}", reference=found.reference), 303)
    try:
        shown = letter_preview.preview(lambda: letter.send(found, form, _current(found)))
    except casework.CaseworkError:
        return redirect(url_for(f"staff.{_ENDPOINTS[kind]}", reference=found.reference), 303)
    large = request.args.get("large") == "1" and shown.large_print is not None
    response = send_file(io.BytesIO(shown.large_print if large else shown.pdf),
                         mimetype="application/pdf", as_attachment=False,
                         download_name=f"{found.reference}-{kind}-preview"
                                       f"{'-large-print' if large else ''}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


_ENDPOINTS = {"stage1": "respond_stage1", "stage2": "respond_stage2", "panel": "respond_panel",
              "refusal": "refuse_complaint", "decline": "decline_stage2"}
