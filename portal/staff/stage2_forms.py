"""Staff forms for stage 2, the Panel and tracked actions. Like every staff action form
they carry `version` and `seen` (StaffForm), so nothing made meanwhile is overwritten.
The services check everything again; these only catch what a person can put right."""

from __future__ import annotations

from wtforms import FieldList, RadioField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Optional

from portal.staff.forms import StaffForm, _int, _length
from portal.web.forms import GovDateField


class Stage2AcknowledgeForm(StaffForm):
    definitions = FieldList(TextAreaField(validators=[
        InputRequired("Enter our understanding of this issue at stage 2"),
        _length("Our understanding")]))
    reviewer = RadioField("Reviewer", coerce=_int, choices=[], validate_choice=False,
                          validators=[InputRequired("Select a reviewer")])


class ChangeReviewerForm(StaffForm):
    reviewer = RadioField("New reviewer", coerce=_int, choices=[], validate_choice=False,
                          validators=[InputRequired("Select the new reviewer")])
    reason = TextAreaField("Reason for the change", validators=[
        InputRequired("Enter the reason for the change, which the resident will see"),
        _length("The reason", 2000)])


class DeclineForm(StaffForm):
    reasons = SelectMultipleField("Why is the review declined?", choices=[],
                                  validate_choice=False)
    detail = TextAreaField("Explain the decision", validators=[
        InputRequired("Explain the decision: this goes into the letter"),
        _length("The explanation")])


LATE_CHOICES = [("accept", "Accept it: the review goes ahead"),
                ("decline", "Decline it: send a letter with the reasons and the Ombudsman's "
                            "details")]


class LateDecisionForm(StaffForm):
    decision = RadioField("Do you accept the late request?", choices=LATE_CHOICES,
                          validate_choice=False,
                          validators=[InputRequired("Select whether to accept the late request")])
    reasons = SelectMultipleField("Other reasons (optional)", choices=[],
                                  validate_choice=False)
    detail = TextAreaField("Reasons for your decision", validators=[
        Optional(), _length("The reasons")])

    @property
    def accept(self) -> bool | None:
        return {"accept": True, "decline": False}.get(self.decision.data)


class PassBackForm(StaffForm):
    note = TextAreaField("What does the case handler need to do?", validators=[
        InputRequired("Enter what the case handler needs to do"), _length("The note")])


HELD = [("no", "No, it is arranged"), ("yes", "Yes, the Panel has met")]


class PanelForm(StaffForm):
    meeting_on = GovDateField("Date of the Panel meeting", label_lower="the date of the Panel "
                                                                     "meeting")
    member = RadioField("Corporate Management Team member", coerce=_int, choices=[],
                        validate_choice=False,
                        validators=[InputRequired("Select a member of the Corporate "
                                                  "Management Team")])
    forum_members = TextAreaField("Tenant Forum members", validators=[
        InputRequired("Enter at least one Tenant Forum member"),
        _length("Tenant Forum members", 2000)])
    held = RadioField("Has the Panel met?", choices=HELD, default="no", validate_choice=False)

    @property
    def forum_list(self) -> list[str]:
        return (self.forum_members.data or "").splitlines()


class ActionDoneForm(StaffForm):
    done_on = GovDateField("Date it was done", label_lower="the date it was done")
    # Required by the service, whose message names what is missing: what was done, or
    # for an Ombudsman order the evidence of compliance.
    note = TextAreaField("What was done", validators=[
        Optional(), _length("What was done", 2000)])
