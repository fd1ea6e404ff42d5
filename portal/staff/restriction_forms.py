"""Forms for restrictions for unreasonable behaviour (issue 16 §1)."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.domain.restrictions import KINDS, REVIEW_OUTCOMES
from portal.staff.forms import StaffForm
from portal.web.forms import GovDateField

KIND_CHOICES = [(key, words) for key, (words, _) in KINDS.items()]


def _length(what: str, limit: int = 10_000) -> Length:
    return Length(max=limit, message=f"{what} must be {limit:,} characters or fewer")


class ProposeRestrictionForm(StaffForm):
    kind = RadioField("What kind of restriction?", choices=KIND_CHOICES, validate_choice=False,
                      validators=[InputRequired("Select what kind of restriction it is")])
    behaviour = TextAreaField("What behaviour does it answer?", validators=[
        InputRequired("Enter the behaviour this restriction answers"),
        _length("The behaviour")])
    detail = TextAreaField("What exactly does it say?", validators=[
        InputRequired("Enter exactly what the restriction says (the named contact, the "
                      "channel, the limits, or how contacts are handled)"),
        _length("What it says")])
    starts_on = GovDateField("Start date", label_lower="the start date")
    named_contact = RadioField("Who is their named contact?", choices=[], coerce=int,
                               validate_choice=False, validators=[Optional()])


class _Withhold(StaffForm):
    withhold = BooleanField("Do not tell them: telling them would create a greater risk")
    not_told_reason = TextAreaField("Why would telling them create a greater risk?",
                                    validators=[Optional(), _length("The reason", 2000)])


class ApproveRestrictionForm(_Withhold):
    pass


class RejectRestrictionForm(StaffForm):
    note = TextAreaField("Why are you not approving it?", validators=[
        InputRequired("Enter why you are not approving it"), _length("The reason", 2000)])


class ReviewRestrictionForm(_Withhold):
    outcome = RadioField("Outcome of the review", choices=list(REVIEW_OUTCOMES.items()),
                         validate_choice=False,
                         validators=[InputRequired("Select the outcome of the review")])
    note = TextAreaField("What did the review find?", validators=[
        InputRequired("Enter what the review found"), _length("What the review found")])
    kind = RadioField("New kind of restriction (if you are changing it)", choices=KIND_CHOICES,
                      validate_choice=False)
    detail = TextAreaField("What the changed restriction says (if you are changing it)",
                           validators=[Optional(), _length("What it says")])
    named_contact = RadioField("Their named contact (if you are changing it to one)",
                               choices=[], coerce=int, validate_choice=False,
                               validators=[Optional()])
