"""The resident's side: make a complaint one question at a time, then follow it."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from portal.domain import lifecycle, next_steps, ombudsman
from portal.domain import restrictions as restriction_words
from portal.resident import forms
from portal.resident._shared import bp
from portal.services.intake import drafts as complaints
from portal.services.intake import submission
from portal.services.records import clock, confidence, documents
from portal.services.records.documents import UploadError
from portal.services.records.policy import current_profile
from portal.services.representation import authority as representation
from portal.services.stage1 import resident as resident_actions
from portal.services.stage1 import restrictions
from portal.web.guards import person_required
from portal.web.htmx import validating
from portal.web.paging import page_asked
from portal.web.uploads import checked_files

STEPS = ["category", "issues", "questions", "contact", "adjustments", "support", "evidence",
         "check"]


def _today():
    return clock.today()


def _draft(draft_id: int):
    draft = complaints.draft_for(current_user, draft_id)
    if draft is None:
        abort(404)
    return draft


def _them(draft) -> str | None:
    """The resident's name when someone else is making the complaint for them (a
    representative's draft), so the questions speak of them, not of "you"."""
    on_behalf = (draft.answers or {}).get("on_behalf") or {}
    return on_behalf.get("resident_name") or None


def _next(draft, step: str) -> str:
    if request.args.get("return") == "check":
        return url_for("resident.check", draft_id=draft.id)
    following = STEPS[STEPS.index(step) + 1]
    if following == "issues":
        return url_for("resident.issue", draft_id=draft.id, index=0)
    return url_for(f"resident.{following}", draft_id=draft.id)


def _back(draft, step: str) -> str:
    if request.args.get("return") == "check":
        return url_for("resident.check", draft_id=draft.id)
    index = STEPS.index(step)
    if index == 0:
        return url_for("resident.dashboard")
    return url_for(f"resident.{STEPS[index - 1]}", draft_id=draft.id)


# -- dashboard ---------------------------------------------------------------------


@bp.get("/complaints")
@person_required
def dashboard():
    found = resident_actions.complaints_of(current_user, page_asked())
    today = _today()
    return render_template(
        "resident/dashboard.html", found=found,
        cards=[next_steps.card(c, resident_actions.handled_in(c), today) for c in found.items],
        drafts=complaints.drafts_of(current_user, page_asked("drafts_page"), on_behalf=False),
        restriction=restrictions.shown_to(current_user),
        restriction_words=restriction_words,
    )


@bp.post("/complaints/new")
@person_required
def start():
    draft = complaints.new_draft(current_user)
    return redirect(url_for("resident.category", draft_id=draft.id), 303)


# -- the questions ---------------------------------------------------------------------


def _simple_step(draft_id: int, step: str, form_class, template: str, fields: list[str]):
    draft = _draft(draft_id)
    answers = draft.answers or {}
    form = form_class(data={f: answers.get(f) for f in fields} if request.method == "GET"
                      else None)
    form.them = _them(draft)
    if step == "questions":
        form.screening.choices = forms.screening_choices(form.them)
    if validating():
        form.validate()
    elif form.validate_on_submit():
        complaints.save_answers(draft, **{f: getattr(form, f).data for f in fields})
        return redirect(_next(draft, step), 303)
    return render_template(template, form=form, draft=draft, back=_back(draft, step),
                           them=form.them)


@bp.route("/complaints/new/<int:draft_id>/category", methods=["GET", "POST"])
@person_required
def category(draft_id: int):
    return _simple_step(draft_id, "category", forms.CategoryForm, "resident/new/category.html",
                        ["category", "health", "health_detail"])


@bp.route("/complaints/new/<int:draft_id>/issues/<int:index>", methods=["GET", "POST"])
@person_required
def issue(draft_id: int, index: int):
    draft = _draft(draft_id)
    issues = (draft.answers or {}).get("issues", [])
    if index > len(issues):
        abort(404)
    existing = issues[index] if index < len(issues) else {}
    form = forms.IssueForm(data=_issue_data(existing) if request.method == "GET" else None)
    form.speak_of(_them(draft))
    if validating():
        form.validate()
    elif form.validate_on_submit():
        complaints.save_issue(draft, index, {
            "summary": form.summary.data.strip(), "details": form.details.data.strip(),
            "happened_on": form.happened_on.data, "aware_on": form.aware_on.data,
            "outcome_wanted": form.outcome_wanted.data.strip(),
        })
        if request.args.get("return") == "check":
            return redirect(url_for("resident.check", draft_id=draft.id), 303)
        return redirect(url_for("resident.issues", draft_id=draft.id), 303)
    back = (url_for("resident.issues", draft_id=draft.id) if issues
            else _back(draft, "issues"))
    return render_template("resident/new/issue.html", form=form, draft=draft, index=index,
                           back=back, them=form.them)


def _issue_data(issue: dict) -> dict:
    from datetime import date

    data = dict(issue)
    for key in ("happened_on", "aware_on"):
        data[key] = date.fromisoformat(issue[key]) if issue.get(key) else None
    return data


@bp.route("/complaints/new/<int:draft_id>/issues", methods=["GET", "POST"])
@person_required
def issues(draft_id: int):
    draft = _draft(draft_id)
    listed = (draft.answers or {}).get("issues", [])
    if not listed:
        return redirect(url_for("resident.issue", draft_id=draft.id, index=0), 303)
    form = forms.AnotherIssueForm()
    if form.validate_on_submit():
        if form.another.data == "yes":
            return redirect(url_for("resident.issue", draft_id=draft.id, index=len(listed)),
                            303)
        return redirect(_next(draft, "issues"), 303)
    return render_template("resident/new/issues.html", form=form, draft=draft, issues=listed,
                           back=_back(draft, "issues"))


@bp.post("/complaints/new/<int:draft_id>/issues/<int:index>/remove")
@person_required
def remove_issue(draft_id: int, index: int):
    draft = _draft(draft_id)
    complaints.remove_issue(draft, index)
    flash("The issue has been removed.")
    return redirect(url_for("resident.issues", draft_id=draft.id), 303)


@bp.route("/complaints/new/<int:draft_id>/questions", methods=["GET", "POST"])
@person_required
def questions(draft_id: int):
    return _simple_step(draft_id, "questions", forms.ScreeningForm,
                        "resident/new/questions.html", ["screening"])


@bp.route("/complaints/new/<int:draft_id>/contact", methods=["GET", "POST"])
@person_required
def contact(draft_id: int):
    """How to contact the resident; with "Letter", the postal address, shown filled in
    from the account (or the one a representative gave) and changeable. The address is
    kept in the draft and goes on the resident's account only when the complaint is sent."""
    draft = _draft(draft_id)
    answers = draft.answers or {}
    data = None
    if request.method == "GET":
        data = {f: answers.get(f) for f in ("contact_method", "contact_phone", "contact_times",
                                            "in_confidence")}
        address = complaints.letter_address_for(draft, current_user)
        data.update({f"address_{k}": v for k, v in (address or {}).items()})
    form = forms.ContactForm(data=data)
    form.speak_of(_them(draft))
    offers_confidence = confidence.offered()
    if validating():
        form.validate()
    elif form.validate_on_submit():
        in_confidence = bool(form.in_confidence.data)
        if in_confidence and not offers_confidence:
            in_confidence = False
            flash("Our complaints policy does not offer complaints in confidence, so this "
                  "complaint will be handled in the usual way.", "warning")
        complaints.save_answers(
            draft, contact_method=form.contact_method.data,
            contact_phone=(form.contact_phone.data or "").strip(),
            contact_times=form.contact_times.data, letter_address=form.letter_address(),
            in_confidence=in_confidence)
        return redirect(_next(draft, "contact"), 303)
    return render_template("resident/new/contact.html", form=form, draft=draft,
                           back=_back(draft, "contact"), them=form.them,
                           known_address=complaints.known_address(draft, current_user),
                           offers_confidence=offers_confidence)


@bp.route("/complaints/new/<int:draft_id>/adjustments", methods=["GET", "POST"])
@person_required
def adjustments(draft_id: int):
    return _simple_step(draft_id, "adjustments", forms.AdjustmentsForm,
                        "resident/new/adjustments.html", ["adjustments", "adjustments_detail"])


@bp.route("/complaints/new/<int:draft_id>/support", methods=["GET", "POST"])
@person_required
def support(draft_id: int):
    return _simple_step(draft_id, "support", forms.SupportForm, "resident/new/support.html",
                        ["vulnerability"])


@bp.route("/complaints/new/<int:draft_id>/evidence", methods=["GET", "POST"])
@person_required
def evidence(draft_id: int):
    draft = _draft(draft_id)
    form = forms.EvidenceForm()
    if form.validate_on_submit():
        good, problems = checked_files()
        if good and not problems:
            try:
                complaints.attach_to_draft(draft, current_user, good)
            except UploadError as error:
                problems.append(str(error))
        if not good and not problems and request.form.get("action") == "upload":
            problems.append("Select a file to upload")
        if problems:
            form.files.errors = problems
        elif request.form.get("action") == "continue" or not good:
            return redirect(_next(draft, "evidence"), 303)
        else:
            flash(f"{len(good)} {'file' if len(good) == 1 else 'files'} added.")
            return redirect(url_for("resident.evidence", draft_id=draft.id,
                                    **({"return": "check"}
                                       if request.args.get("return") == "check" else {})), 303)
    return render_template("resident/new/evidence.html", form=form, draft=draft,
                           back=_back(draft, "evidence"), allowed=documents.ALLOWED_WORDS,
                           max_files=documents.MAX_FILES, them=_them(draft)), (
                               400 if form.errors else 200)


@bp.post("/complaints/new/<int:draft_id>/evidence/<int:document_id>/remove")
@person_required
def remove_evidence(draft_id: int, document_id: int):
    draft = _draft(draft_id)
    complaints.remove_draft_document(draft, document_id)
    flash("The file has been removed.")
    return redirect(url_for("resident.evidence", draft_id=draft.id), 303)


DEAL_WITH = {
    "request": ("Put it right first, as a request",
                "This is usually the quickest way to get it fixed. We will tell you what we "
                "will do. If you are unhappy with how we handle it, you can still complain."),
    "complaint": ("Treat it as a complaint now",
                  "A member of staff will decide whether we can accept it as a complaint."),
}


@bp.route("/complaints/new/<int:draft_id>/check", methods=["GET", "POST"])
@person_required
def check(draft_id: int):
    if complaints.draft_for(current_user, draft_id) is None:
        sent = submission.sent_from(current_user, draft_id)  # sent already: show it
        if sent is not None:
            return redirect(url_for("resident.confirmation", reference=sent), 303)
    draft = _draft(draft_id)
    missing = complaints.missing_answers(draft)
    failed = False
    warnings = complaints.screening_for(draft, _today())
    # Something not reported before: the resident chooses, in plain words, a service
    # request first or a complaint now (Code 1.4-1.6); staff see the choice.
    choose = any(w.code == "service_request" for w in warnings)
    deal_with = request.form.get("deal_with") if request.method == "POST" else None
    choice_missing = bool(choose and request.method == "POST" and not missing
                          and deal_with not in DEAL_WITH)
    if choose and deal_with in DEAL_WITH:
        complaints.save_answers(draft, deal_with=deal_with)  # kept, whatever happens next
    if request.method == "POST" and not missing and not choice_missing:
        try:
            complaint = submission.submit(draft, current_user)
        except submission.AlreadySent as sent:  # a second click while the first was sending
            if sent.reference is None:
                abort(404)
            return redirect(url_for("resident.confirmation", reference=sent.reference), 303)
        except SQLAlchemyError:
            current_app.logger.exception("Submitting draft %s failed", draft.id)
            failed = True  # rolled back: no complaint, and the draft is untouched
            draft = _draft(draft_id)
        else:
            return redirect(url_for("resident.confirmation", reference=complaint.reference),
                            303)
    status = (400 if (missing or choice_missing) and request.method == "POST"
              else (503 if failed else 200))
    them = _them(draft)
    words = dict(forms.screening_choices(them))
    answers = draft.answers or {}
    return render_template(
        "resident/new/check.html", draft=draft, answers=answers, missing=missing,
        warnings=warnings, profile=current_profile(), choose=choose,
        choice_missing=choice_missing, deal_with=DEAL_WITH,
        ombudsman=ombudsman, lifecycle=lifecycle, failed=failed, them=them,
        screening_text="; ".join(words.get(v, v) for v in answers.get("screening") or [])
        or "Not answered",
        relationships=representation.RELATIONSHIPS,
        letter_address=complaints.letter_address_for(draft, current_user),
    ), status
