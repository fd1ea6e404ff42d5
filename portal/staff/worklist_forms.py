"""The form that marks a letter, call or text on the work list as done. Whether what
happened must be given (a call or a text) is checked by services.worklist."""

from __future__ import annotations

from wtforms import RadioField, TextAreaField
from wtforms.validators import Optional

from portal.services.correspondence.worklist import OUTCOME_LIMIT
from portal.staff.forms import StaffForm, _length


class TaskDoneForm(StaffForm):
    outcome = TextAreaField("What happened", validators=[
        Optional(), _length("What happened", OUTCOME_LIMIT)])
    # For a call: whether the resident was reached. A call that did not get through is
    # recorded as an attempt; the call stays on the list and keeps no agreed date.
    reached = RadioField("Did you speak to them?", choices=[
        ("yes", "Yes, I gave them the message"),
        ("no", "No, I could not reach them: I will try again"),
        ("posted", "No, so I posted the letter instead"),
    ], validators=[Optional()], validate_choice=False)
