"""Forms of the learning log: a complaint's root cause, the list of root causes, and a
service improvement."""

from __future__ import annotations

from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from portal.domain import lifecycle
from portal.services.reporting.improvements import IMPROVEMENT_STATUSES
from portal.staff.forms import StaffForm
from portal.web.forms import GovDateField, PortalForm, whole_number


def _int(value):
    """A choice's id: a whole number a database column can hold, else None."""
    return whole_number(value)


class RootCauseForm(StaffForm):
    theme = RadioField("What was the root cause?", coerce=_int, choices=[],
                       validate_choice=False,
                       validators=[InputRequired("Select the root cause")])


class ThemeForm(PortalForm):
    name = StringField("Root cause", validators=[
        InputRequired("Enter the root cause"),
        Length(max=80, message="The root cause must be 80 characters or fewer")])


class ImprovementForm(StaffForm):
    title = StringField("Title", validators=[
        InputRequired("Enter a title for the improvement"),
        Length(max=200, message="The title must be 200 characters or fewer")])
    description = TextAreaField("What is changing, and why", validators=[
        InputRequired("Enter what the improvement is"),
        Length(max=5000, message="The description must be 5,000 characters or fewer")])
    owner = StringField("Owner", validators=[
        InputRequired("Enter who owns the improvement"),
        Length(max=200, message="The owner must be 200 characters or fewer")])
    status = RadioField("Status", choices=list(IMPROVEMENT_STATUSES.items()),
                        default="proposed", validators=[InputRequired("Select the status")])
    theme = RadioField("Root cause it addresses (optional)", coerce=_int, choices=[],
                       validate_choice=False)
    category = RadioField("Category of complaint it addresses (optional)",
                          choices=[("", "Any"), *lifecycle.CATEGORIES.items()], default="")
    proposed_on = GovDateField("Date proposed", label_lower="the date it was proposed")
    due_on = GovDateField("Date it should be done by (optional)", required=False,
                          label_lower="the date it should be done by")
    done_on = GovDateField("Date done", required=False, label_lower="the date it was done")
    references = TextAreaField("Complaints it came from (optional)", validators=[
        Length(max=2000, message="The complaint references must be 2,000 characters or "
                                 "fewer")])

    def validate_done_on(self, field):
        if self.status.data == "done" and field.data is None and not field.errors:
            raise ValidationError("Enter the date it was done")

    @property
    def reference_list(self) -> list[str]:
        text = (self.references.data or "").replace(",", " ")
        return [r for r in text.split() if r]
