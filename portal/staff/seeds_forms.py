"""Forms for the Ombudsman's determinations and for service requests (issue 16 §3, §5)."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal.domain.lifecycle import CATEGORIES, CONTACT_METHODS
from portal.domain.ombudsman import FINDINGS
from portal.staff.forms import StaffForm
from portal.web.forms import GovDateField, PortalForm, whole_number

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


class CorrectDeterminationForm(DeterminationForm):
    reason = TextAreaField("Why are you correcting it?", validators=[
        InputRequired("Enter why the determination is being corrected"),
        _length("Why", 2000)])


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


class LogComplaintForm(PortalForm):
    """A complaint received by phone, letter or in person, logged for the resident."""

    channel = RadioField("How did the complaint reach us?", choices=[
        ("phone", "By phone"), ("letter", "By letter"), ("in_person", "In person")],
        validators=[InputRequired("Select how the complaint reached us")])
    has_account = RadioField("Does the resident have an account?", choices=[
        ("yes", "Yes: find it by their email address"),
        ("no", "No: make one for them without an email address")],
        validators=[InputRequired("Select whether the resident has an account")])
    resident_email = StringField("The resident’s email address", validators=[
        Optional(), _length("The email address", 254)])
    resident_name = StringField("Full name", validators=[Optional(), _length("The name", 200)])
    resident_address = TextAreaField("Address", validators=[
        Optional(), _length("The address", 500)])
    resident_postcode = StringField("Postcode", validators=[
        Optional(), _length("The postcode", 10)])
    category = RadioField("What is the complaint about?", choices=list(CATEGORIES.items()),
                          validators=[InputRequired("Select what the complaint is about")])
    summary = StringField("A short summary of the problem", validators=[
        InputRequired("Enter a short summary of the problem"), _length("The summary", 200)])
    details = TextAreaField("What happened", validators=[
        InputRequired("Enter what happened"), _length("What happened")])
    happened_on = GovDateField("When it happened (optional)", required=False,
                               label_lower="when it happened")
    outcome_wanted = TextAreaField("What the resident wants us to do", validators=[
        InputRequired("Enter what the resident wants us to do"), _length("What they want")])
    contact_method = RadioField("How does the resident want us to contact them?",
                                choices=list(CONTACT_METHODS.items()), validators=[
                                    InputRequired("Select how the resident wants us to "
                                                  "contact them")])
    contact_phone = StringField("Phone number (for calls and texts)", validators=[
        Optional(), _length("The phone number", 40)])
    in_confidence = BooleanField("The resident asked to make this complaint in confidence")

    def problem(self, message: str, field: str | None = None) -> None:
        """A message from the service on the field it names (every one is on this form)."""
        found = getattr(self, field or "", None) or self.summary
        found.errors = [*list(found.errors or []), message]
        if isinstance(found, GovDateField):
            found.error_part = "day"
