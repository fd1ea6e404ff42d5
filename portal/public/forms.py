"""The anonymous complaint form: no name, no contact details (issue 16 §2)."""

from __future__ import annotations

from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.domain.lifecycle import CATEGORIES
from portal.web.forms import GovDateField, PortalForm


class AnonymousForm(PortalForm):
    category = RadioField("What is the complaint about?", choices=list(CATEGORIES.items()),
                          validators=[InputRequired("Select what the complaint is about")])
    summary = StringField("A short summary of the problem", validators=[
        InputRequired("Enter a short summary of the problem"),
        Length(max=200, message="The summary must be 200 characters or fewer")])
    details = TextAreaField("What happened", validators=[
        InputRequired("Enter what happened"),
        Length(max=10_000, message="What happened must be 10,000 characters or fewer")])
    happened_on = GovDateField("When it happened (optional)", required=False,
                               label_lower="when it happened")
    place = TextAreaField("Where it happened (optional)", validators=[
        Optional(), Length(max=500, message="Where it happened must be 500 characters or "
                           "fewer")])

    def problem(self, message: str, field: str | None = None) -> None:
        found = getattr(self, field or "", None) or self.summary
        found.errors = [*list(found.errors or []), message]
        if isinstance(found, GovDateField):
            found.error_part = "day"
