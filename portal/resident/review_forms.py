"""Resident forms after a response: asking for a review or the Panel, and the survey.
Whether reasons are required depends on the policy profile, so the service decides
that; these forms only limit lengths and read the answers."""

from __future__ import annotations

from wtforms import FieldList, Form, FormField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.services.review.request import SURVEY_ANSWERS, SURVEY_QUESTIONS
from portal.web.forms import PortalForm

LONG = 10_000


def _max(what: str) -> Length:
    return Length(max=LONG, message=f"{what} must be {LONG:,} characters or fewer")


def _walk(form):
    for item in form:
        if isinstance(item, FieldList):
            for entry in item:
                yield from _walk(entry.form) if isinstance(entry, FormField) else [entry]
        else:
            yield item


class _Form(PortalForm):
    """Errors from nested rows in the summary; a service's message put on its field."""

    def error_list(self) -> list[tuple[str, str]]:
        return [(item.id, message) for item in _walk(self) for message in item.errors
                if isinstance(message, str)]

    def problem(self, message: str, field: str | None) -> None:
        target = next((i for i in _walk(self) if field and i.id == field), None)
        target = target or self.reasons
        target.errors = [*list(target.errors or []), message]


class ReviewIssueForm(Form):
    """What is still unresolved in one issue. The outcome wanted is asked once, for the
    whole request (one box, not one per issue as well)."""

    unresolved = TextAreaField("What is still unresolved", validators=[
        Optional(), _max("What is still unresolved")])


class ReviewForm(_Form):
    issues = FieldList(FormField(ReviewIssueForm))
    reasons = TextAreaField("Why are you unhappy with our response?", validators=[
        Optional(), _max("Why you are unhappy")])
    outcome = TextAreaField("What would you like us to do now?", validators=[
        Optional(), _max("What you would like us to do")])
    late_reason = TextAreaField("Why are you asking now?", validators=[
        Optional(), _max("Why you are asking now")])


class PanelForm(_Form):
    reasons = TextAreaField("Why do you not accept the outcome of the review?", validators=[
        InputRequired("Tell us why you do not accept the outcome of the review"),
        _max("Why you do not accept it")])
    outcome = TextAreaField("What would you like us to do, and what remedy do you want?",
                            validators=[InputRequired("Tell us what you would like us to do, "
                                                      "and the remedy you want"),
                                        _max("What you would like us to do")])


YES_NO = [("yes", "Yes"), ("no", "No")]
ANSWERS = list(SURVEY_ANSWERS.items())


class SurveyForm(_Form):
    satisfied = RadioField("Are you satisfied with how we handled your complaint?",
                           choices=YES_NO, validate_choice=False, validators=[InputRequired(
                               "Select yes if you are satisfied with how we handled your "
                               "complaint")])
    kept_informed = RadioField(SURVEY_QUESTIONS["kept_informed"], choices=ANSWERS,
                               validate_choice=False)
    understood = RadioField(SURVEY_QUESTIONS["understood"], choices=ANSWERS,
                            validate_choice=False)
    clear_response = RadioField(SURVEY_QUESTIONS["clear_response"], choices=ANSWERS,
                                validate_choice=False)
    on_time = RadioField(SURVEY_QUESTIONS["on_time"], choices=ANSWERS, validate_choice=False)
    comments = TextAreaField("Anything else you want to tell us? (optional)", validators=[
        Optional(), _max("Your comments")])

    @property
    def reasons(self):  # where a message with no field goes
        return self.satisfied

    @property
    def answers(self) -> dict[str, str]:
        return {key: getattr(self, key).data for key in SURVEY_QUESTIONS
                if getattr(self, key).data}
