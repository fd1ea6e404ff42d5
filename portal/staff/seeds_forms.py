"""Forms for the Ombudsman's determinations and for service requests (issue 16 §3, §5)."""

from __future__ import annotations

from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal.domain.ombudsman import FINDINGS
from portal.staff.forms import StaffForm
from portal.web.forms import GovDateField, whole_number

ORDER_KINDS = [("ombudsman_order", "An order"), ("ombudsman_recommendation", "A recommendation")]


def _length(what: str, limit: int = 10_000) -> Length:
    return Length(max=limit, message=f"{what} must be {limit:,} characters or fewer")


class InvestigationForm(StaffForm):
    started_on = GovDateField("Date the Ombudsman started investigating",
                              label_lower="the date the Ombudsman started investigating")
    ombudsman_reference = StringField("The Ombudsman’s reference (optional)", validators=[
        Optional(), _length("The Ombudsman’s reference", 40)])


class DeterminationForm(StaffForm):
    determined_on = GovDateField("Date of the determination",
                                 label_lower="the date of the determination")
    findings = SelectMultipleField("What did the Ombudsman find?",
                                   choices=list(FINDINGS.items()), validate_choice=False)
    summary = TextAreaField("What the Ombudsman determined", validators=[
        InputRequired("Enter what the Ombudsman determined"), _length("What it determined")])

    def validate_findings(self, field):
        if not field.data or not set(field.data) & set(FINDINGS):
            raise ValidationError("Select at least one finding")


class OrderForm(StaffForm):
    kind = RadioField("Is it an order or a recommendation?", choices=ORDER_KINDS,
                      validators=[InputRequired("Select whether it is an order or a "
                                                "recommendation")])
    description = TextAreaField("What the Ombudsman ordered or recommended", validators=[
        InputRequired("Enter what the Ombudsman ordered or recommended"),
        _length("What it ordered or recommended", 2000)])
    owner = StringField("Who will do it", validators=[
        InputRequired("Enter who will do it"), _length("Who will do it", 200)])
    due_on = GovDateField("Date it must be done by", label_lower="the date it must be done by")


class ServiceRequestForm(StaffForm):
    summary = TextAreaField("What the resident wants put right", validators=[
        InputRequired("Enter what the resident wants put right"),
        _length("What the resident wants put right", 2000)])
    reason = TextAreaField("Why is this a service request rather than a complaint?", validators=[
        InputRequired("Enter why this is a service request rather than a complaint"),
        _length("The reason", 2000)])


class LinkServiceRequestForm(StaffForm):
    service_request = RadioField("Which service request does this complaint follow?",
                                 choices=[], coerce=whole_number, validate_choice=False)

    def validate_service_request(self, field):
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select the service request this complaint follows")
