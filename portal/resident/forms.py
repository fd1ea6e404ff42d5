from __future__ import annotations

from flask_wtf.file import MultipleFileField
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.domain.lifecycle import ADJUSTMENTS, CATEGORIES, CONTACT_METHODS
from portal.web.forms import GovDateField, PortalForm


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        values = dict(self.choices)
        for value in self.data or []:
            if value not in values:
                raise ValidationError("Select from the list")


def _max(n: int, what: str):
    return Length(max=n, message=f"{what} must be {n} characters or fewer")


class CategoryForm(PortalForm):
    category = RadioField(
        "What is your complaint about?", choices=list(CATEGORIES.items()),
        validators=[InputRequired("Select what your complaint is about")])


class IssueForm(PortalForm):
    summary = StringField("Sum up this issue in a few words", validators=[
        InputRequired("Enter a short summary of the issue"), _max(200, "Summary")])
    details = TextAreaField("What happened?", validators=[
        InputRequired("Tell us what happened"), _max(10000, "What happened")])
    happened_on = GovDateField("When did it happen?", required=False,
                               label_lower="the date it happened")
    aware_on = GovDateField("When did you become aware of it?", required=False,
                            label_lower="the date you became aware of it")
    outcome_wanted = TextAreaField("What would you like us to do to put it right?", validators=[
        InputRequired("Tell us what you would like us to do to put it right"),
        _max(5000, "What you would like us to do")])

    def validate_aware_on(self, field):
        if field.data and self.happened_on.data and field.data < self.happened_on.data:
            raise ValidationError("The date you became aware of it must be the same as or "
                                  "after the date it happened")


class AnotherIssueForm(PortalForm):
    another = RadioField("Do you want to add another issue?", choices=[
        ("yes", "Yes"), ("no", "No")],
        validators=[InputRequired("Select yes if you want to add another issue")])


SCREENING = [
    ("legal", "I have started legal proceedings, or a solicitor is acting for me about this"),
    ("insurance", "This is, or will be, an insurance claim"),
    ("not_reported", "I have not reported the problem to you before"),
    ("none", "None of these"),
]


class ScreeningForm(PortalForm):
    screening = MultiCheckboxField("Do any of these apply?", choices=SCREENING, validators=[
        InputRequired("Select any that apply, or select ‘None of these’")])

    def validate_screening(self, field):
        if "none" in field.data and len(field.data) > 1:
            raise ValidationError("Select ‘None of these’ on its own, or untick it")


class ContactForm(PortalForm):
    contact_method = RadioField("How should we contact you about your complaint?",
                                choices=list(CONTACT_METHODS.items()),
                                validators=[InputRequired("Select how we should contact you")])
    contact_phone = StringField("Phone number", validators=[_max(40, "Phone number")])
    contact_times = StringField("Best days and times to contact you (optional)",
                                validators=[Optional(), _max(300, "Best times")])

    def validate_contact_phone(self, field):
        if self.contact_method.data in ("phone", "text") and not (field.data or "").strip():
            raise ValidationError("Enter a phone number so we can call or text you")
        digits = [c for c in (field.data or "") if c.isdigit()]
        if field.data and not 10 <= len(digits) <= 15:
            raise ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")


class AdjustmentsForm(PortalForm):
    adjustments = MultiCheckboxField("Do you need anything to help you with your complaint?",
                                     choices=list(ADJUSTMENTS.items()))
    adjustments_detail = TextAreaField("Tell us more (optional)", validators=[
        Optional(), _max(2000, "Details")])

    def validate_adjustments_detail(self, field):
        needs_detail = {"language", "named_contact", "other"} & set(self.adjustments.data or [])
        if needs_detail and not (field.data or "").strip():
            words = {"language": "which language", "named_contact": "who we should contact",
                     "other": "what you need"}
            wanted = ", ".join(words[n] for n in sorted(needs_detail))
            raise ValidationError(f"Tell us {wanted}")


class SupportForm(PortalForm):
    vulnerability = TextAreaField("Is there anything else you would like us to know? (optional)",
                                  validators=[Optional(), _max(5000, "This answer")])


class EvidenceForm(PortalForm):
    files = MultipleFileField("Upload a file")


class InformationForm(PortalForm):
    text = TextAreaField("What would you like to add?", validators=[
        InputRequired("Enter the information you want to add"), _max(10000, "Information")])
    files = MultipleFileField("Upload files (optional)")


class WithdrawForm(PortalForm):
    reason = TextAreaField("Why are you withdrawing your complaint? (optional)",
                           validators=[Optional(), _max(2000, "Reason")])


class CorrectionForm(PortalForm):
    text = TextAreaField("What have we got wrong?", validators=[
        InputRequired("Tell us what we have got wrong"), _max(5000, "Correction")])
