"""Compensation paid: the case handler or a complaints manager records a payment of the
compensation a response offered (services.responses.payments)."""

from __future__ import annotations

from flask_login import current_user, login_required

from portal.services.accounts import access
from portal.services.responses import payments
from portal.services.responses.payments import PAYMENT_METHODS
from portal.staff._shared import act, bp, forbidden, staff_can, versions
from portal.staff.payment_forms import PaymentForm


@bp.route("/complaints/<reference>/compensation-paid", methods=["GET", "POST"])
@login_required
@staff_can("record_payment")
def compensation_paid(reference: str):
    found = access.complaint_for(current_user, reference)
    if not payments.may_record(current_user, found):
        return forbidden()
    form = PaymentForm()

    def perform(f):
        payments.record_payment(current_user, found, payments.PaymentDraft(
            f.amount_value, f.paid_on.data, f.method.data, f.note.data or ""), **versions(f))

    return act(found, form, "staff/compensation_paid.html", perform,
               "Payment recorded. The resident sees it on their complaint’s timeline",
               owed=payments.owed(found), paid=payments.payments(found),
               methods=PAYMENT_METHODS)
