from __future__ import annotations

from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.domain.lifecycle import ADJUSTMENTS, CATEGORIES, CONTACT_METHODS
from portal.domain.petitions import PostcodeError, normalise_postcode
from portal.domain.screening import SCREENING
from portal.services.records import clock
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


class _AboutSomeone(PortalForm):
    """A question that speaks of the resident by name when someone else is making the
    complaint for them (a representative's draft), and to "you" otherwise.
    Set `them` to the resident's name before validating."""

    them: str | None = None

    def _who(self) -> str:
        return self.them or "you"


class CategoryForm(_AboutSomeone):
    category = RadioField(
        "What is your complaint about?", choices=list(CATEGORIES.items()),
        validators=[InputRequired("Select what your complaint is about")])
    # Asked of every complaint, so that one about a risk to health (damp and mould, a
    # leak near wiring, a broken lift for someone who cannot use the stairs) is never
    # left unseen in the queue (issue 15 item 6; Awaab's Law timescales are the
    # repairs process's, but the complaint is flagged to staff as urgent).
    health = RadioField(
        "Is anyone’s health or safety affected?", choices=[("yes", "Yes"), ("no", "No")],
        validators=[InputRequired("Select yes if anyone’s health or safety is affected, "
                                  "or no if it is not")])
    health_detail = TextAreaField("If yes, tell us who and how", validators=[
        _max(2000, "Who and how")])

    def validate_health_detail(self, field) -> None:
        if self.health.data == "yes" and not (field.data or "").strip():
            raise ValidationError("Tell us whose health or safety is affected, and how")


class IssueForm(_AboutSomeone):
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

    def speak_of(self, them: str | None) -> None:
        self.them = them
        if them:
            self.aware_on.label_lower = f"the date {them} became aware of it"

    @staticmethod
    def _not_future(field) -> None:
        if field.data and field.data > clock.today():
            raise ValidationError(f"{field.label_lower[:1].upper()}{field.label_lower[1:]} "
                                  "must be today or in the past")

    def validate_happened_on(self, field):
        self._not_future(field)

    def validate_aware_on(self, field):
        self._not_future(field)
        if field.data and self.happened_on.data and field.data < self.happened_on.data:
            raise ValidationError(f"The date {self._who()} became aware of it must be the same "
                                  "as or after the date it happened")


class AnotherIssueForm(PortalForm):
    another = RadioField("Do you want to add another issue?", choices=[
        ("yes", "Yes"), ("no", "No")],
        validators=[InputRequired("Select yes if you want to add another issue")])


def screening_choices(them: str | None = None) -> list[tuple[str, str]]:
    """The screening answers, in the words of the person making the complaint."""
    if not them:
        return SCREENING
    return [
        ("legal", f"{them} has started legal proceedings, or a solicitor is acting for them "
                  "about this"),
        ("insurance", "This is, or will be, an insurance claim"),
        ("not_reported", f"{them} has not reported the problem to us before"),
        ("none", "None of these"),
    ]


class ScreeningForm(PortalForm):
    screening = MultiCheckboxField("Do any of these apply?", choices=SCREENING, validators=[
        InputRequired("Select any that apply, or select ‘None of these’")])

    def validate_screening(self, field):
        if "none" in field.data and len(field.data) > 1:
            raise ValidationError("Select ‘None of these’ on its own, or untick it")


class ContactForm(_AboutSomeone):
    """How to contact the resident. A phone number is asked for with "Phone call" or
    "Text message" and a postal address with "Letter". Every field shows whatever is
    chosen (and would without JavaScript), so each is required only with its method.
    The fields are in the page's order, which is the error summary's."""

    contact_method = RadioField("How should we contact you about your complaint?",
                                choices=list(CONTACT_METHODS.items()),
                                validators=[InputRequired("Select how we should contact you")])
    contact_phone = StringField("Phone number", validators=[_max(40, "Phone number")])
    address_line_1 = StringField("Address line 1", validators=[_max(200, "Address line 1")])
    address_line_2 = StringField("Address line 2 (optional)",
                                 validators=[_max(200, "Address line 2")])
    address_town = StringField("Town or city", validators=[_max(100, "Town or city")])
    address_postcode = StringField("Postcode", validators=[_max(20, "Postcode")])
    contact_times = StringField("Best days and times to contact you (optional)",
                                validators=[Optional(), _max(300, "Best times")])
    # Offered only where the profile allows it (southern-2022 "Anonymous complaints").
    in_confidence = BooleanField("Make this complaint in confidence")

    def speak_of(self, them: str | None) -> None:
        self.them = them
        if them:
            self.contact_method.validators = [
                InputRequired(f"Select how we should contact {them}")]

    def _by_letter(self) -> bool:
        return self.contact_method.data == "letter"

    def validate_contact_phone(self, field):
        if self.contact_method.data in ("phone", "text") and not (field.data or "").strip():
            how = "call" if self.contact_method.data == "phone" else "text"
            raise ValidationError(f"Enter a phone number so we can {how} {self._who()}")
        digits = [c for c in (field.data or "") if c.isdigit()]
        if (field.data or "").strip() and not 10 <= len(digits) <= 15:
            raise ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")

    def validate_address_line_1(self, field):
        if self._by_letter() and not (field.data or "").strip():
            raise ValidationError("Enter address line 1, typically the building and street")

    def validate_address_town(self, field):
        if self._by_letter() and not (field.data or "").strip():
            raise ValidationError("Enter town or city")

    def validate_address_postcode(self, field):
        if not self._by_letter():
            return
        if not (field.data or "").strip():
            raise ValidationError("Enter postcode")
        try:
            normalise_postcode(field.data)
        except PostcodeError as error:
            raise ValidationError(str(error)) from None

    def letter_address(self) -> dict | None:
        """The address for letters, tidied (postcode normalised), when Letter is chosen."""
        if not self._by_letter():
            return None
        return {
            "line_1": self.address_line_1.data.strip(),
            "line_2": (self.address_line_2.data or "").strip(),
            "town": self.address_town.data.strip(),
            "postcode": normalise_postcode(self.address_postcode.data),
        }


class AdjustmentsForm(_AboutSomeone):
    adjustments = MultiCheckboxField("Do you need anything to help you with your complaint?",
                                     choices=list(ADJUSTMENTS.items()))
    # No Optional(): it would stop the check below that asks for the detail some need.
    adjustments_detail = TextAreaField("Tell us more (optional)", validators=[
        _max(2000, "Details")])

    def validate_adjustments_detail(self, field):
        needs_detail = {"language", "named_contact", "other"} & set(self.adjustments.data or [])
        if needs_detail and not (field.data or "").strip():
            words = {"language": "which language", "named_contact": "who we should contact",
                     "other": "what they need" if self.them else "what you need"}
            wanted = ", ".join(words[n] for n in sorted(needs_detail))
            raise ValidationError(f"Tell us {wanted}")


class SupportForm(PortalForm):
    vulnerability = TextAreaField("Is there anything else you would like us to know? (optional)",
                                  validators=[Optional(), _max(5000, "This answer")])


class EvidenceForm(PortalForm):
    files = MultipleFileField("Upload a file")


class InformationForm(PortalForm):
    """Text, files, or both: one of the two is needed (the route checks the files)."""

    text = TextAreaField("What would you like to add?", validators=[
        Optional(), _max(10000, "Information")])
    files = MultipleFileField("Upload files (optional)")


class WithdrawForm(PortalForm):
    reason = TextAreaField("Why are you withdrawing your complaint? (optional)",
                           validators=[Optional(), _max(2000, "Reason")])


class CorrectionForm(PortalForm):
    text = TextAreaField("What have we got wrong?", validators=[
        InputRequired("Tell us what we have got wrong"), _max(5000, "Correction")])


class RestrictionReviewForm(PortalForm):
    reason = TextAreaField("Why do you want us to review it?", validators=[
        InputRequired("Enter why you want us to review the restriction"),
        _max(2000, "Your reason")])
