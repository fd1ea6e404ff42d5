"""The form for recording a payment of compensation a response offered."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal.services.responses.payments import PAYMENT_METHODS
from portal.staff.forms import StaffForm
from portal.web.forms import GovDateField

_MONEY = re.compile(r"^\d{1,7}(\.\d{1,2})?$")


def _plain_money(text: str | None) -> str:
    return (text or "").strip().replace("£", "").replace(",", "").strip()


class PaymentForm(StaffForm):
    amount = StringField("Amount paid", validators=[InputRequired("Enter the amount paid")])
    paid_on = GovDateField("Date it was paid", label_lower="the date it was paid")
    method = RadioField("How was it paid?", choices=list(PAYMENT_METHODS.items()),
                        validate_choice=False)
    note = TextAreaField("Note (optional)", validators=[
        Optional(), Length(max=2000, message="The note must be 2,000 characters or fewer")])

    def validate_amount(self, field):
        raw = _plain_money(field.data)
        if raw and not _MONEY.match(raw):
            raise ValidationError("The amount paid must be an amount in pounds, like 150 or "
                                  "75.50")

    def validate_method(self, field):
        if field.data not in PAYMENT_METHODS:
            raise ValidationError("Select how it was paid")

    @property
    def amount_value(self) -> Decimal | None:
        try:
            return Decimal(_plain_money(self.amount.data))
        except InvalidOperation:
            return None
