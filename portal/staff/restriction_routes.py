"""Restrictions for unreasonable behaviour (issue 16 §1): a complaints manager proposes
one from a complaint's page; the role the profile names approves or rejects it; its
reviews are recorded. Every route checks the permission, and the service again."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.domain import restrictions as rules
from portal.domain.permissions import STAFF_ROLES
from portal.services.accounts import access
from portal.services.records import casework
from portal.services.stage1 import restrictions
from portal.staff._shared import act, bp, staff_can
from portal.staff.restriction_forms import (
    ApproveRestrictionForm,
    ProposeRestrictionForm,
    RejectRestrictionForm,
    ReviewRestrictionForm,
)
from portal.web.paging import page_asked


@bp.route("/complaints/<reference>/restriction", methods=["GET", "POST"])
@login_required
@staff_can("propose_restriction")
def propose_restriction(reference: str):
    found = access.complaint_for(current_user, reference)

    def perform(f):
        restrictions.propose(current_user, found, kind=f.kind.data,
                             behaviour=f.behaviour.data, detail=f.detail.data,
                             starts_on=f.starts_on.data, named_contact_id=f.named_contact.data)

    rule = restrictions.rule_for(found)
    form = ProposeRestrictionForm()
    form.named_contact.choices = _named_contact_choices()
    return act(found, form, "staff/restrictions/propose.html", perform,
               "Restriction proposed. It has no effect until it is approved.", rule=rule,
               approver=STAFF_ROLES.get(rule.approver, ""))


@bp.get("/restrictions")
@login_required
@staff_can("view_restrictions")
def restriction_list():
    status = request.args.get("status") or None
    page = restrictions.listing(current_user, status, page_asked())
    return render_template("staff/restrictions/list.html", page=page, status=status,
                           statuses=rules.STATUSES, rules=rules)


def _named_contact_choices() -> list[tuple[int, str]]:
    return [(u.id, f"{u.name}, {STAFF_ROLES[u.staff_role]}")
            for u in restrictions.named_contact_choices()]


def _restriction(restriction_id: int):
    try:
        return restrictions.get(current_user, restriction_id)
    except LookupError:
        abort(404)


def _page(found, status: int = 200, **forms):
    forms.setdefault("approve_form", ApproveRestrictionForm(prefix="approve",
                                                            version=found.version))
    forms.setdefault("reject_form", RejectRestrictionForm(prefix="reject",
                                                          version=found.version))
    forms.setdefault("review_form", ReviewRestrictionForm(prefix="review",
                                                          version=found.version))
    forms["review_form"].named_contact.choices = _named_contact_choices()
    return render_template("staff/restrictions/restriction.html", restriction=found,
                           history=restrictions.history(found), rules=rules,
                           may_decide=restrictions.may_decide(current_user, found),
                           approver=restrictions.approver_words(found),
                           appeal=restrictions.appeal_words(found), **forms), status


@bp.get("/restrictions/<int:restriction_id>")
@login_required
@staff_can("view_restrictions")
def restriction(restriction_id: int):
    return _page(_restriction(restriction_id))


def _decide(restriction_id: int, form, field: str, perform, done: str):
    found = _restriction(restriction_id)
    if form.validate_on_submit():
        try:
            perform(found, form)
        except casework.CaseworkError as error:
            form.problem(str(error), f"{form._prefix}{error.field}" if error.field else None)
        else:
            flash(done)
            return redirect(url_for("staff.restriction", restriction_id=found.id), 303)
    form.version.data = str(found.version)
    return _page(found, 400, **{field: form})


@bp.post("/restrictions/<int:restriction_id>/approve")
@login_required
@staff_can("decide_restriction")
def approve_restriction(restriction_id: int):
    def perform(found, f):
        restrictions.approve(current_user, found, version=f.version_value,
                             withhold=f.withhold.data, not_told_reason=f.not_told_reason.data)

    return _decide(restriction_id, ApproveRestrictionForm(prefix="approve"), "approve_form",
                   perform, "Restriction approved. It is in force from its start date.")


@bp.post("/restrictions/<int:restriction_id>/reject")
@login_required
@staff_can("decide_restriction")
def reject_restriction(restriction_id: int):
    def perform(found, f):
        restrictions.reject(current_user, found, version=f.version_value, note=f.note.data)

    return _decide(restriction_id, RejectRestrictionForm(prefix="reject"), "reject_form", perform,
                   "Restriction not approved. It has no effect.")


@bp.post("/restrictions/<int:restriction_id>/review")
@login_required
@staff_can("review_restriction")
def review_restriction(restriction_id: int):
    def perform(found, f):
        restrictions.review(current_user, found, version=f.version_value,
                            outcome=f.outcome.data, note=f.note.data, kind=f.kind.data,
                            detail=f.detail.data, withhold=f.withhold.data,
                            not_told_reason=f.not_told_reason.data,
                            named_contact_id=f.named_contact.data)

    return _decide(restriction_id, ReviewRestrictionForm(prefix="review"), "review_form", perform,
                   "Review recorded.")
