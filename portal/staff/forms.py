"""Staff forms. Every action form carries the complaint's `version` and the last event
the person saw (`seen`), so a change made meanwhile is shown, never overwritten."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from portal.domain.lifecycle import CONTACT_KINDS, DECISIONS
from portal.domain.permissions import STAFF_ROLES
from portal.web.forms import GovDateField, PortalForm, whole_number

MAX_ACTIONS = 10
LONG = 10_000


def _int(value) -> int | None:
    """An id or version from the form; None for anything the database could not hold."""
    return whole_number(value)


def _length(what: str, limit: int = LONG) -> Length:
    return Length(max=limit, message=f"{what} must be {limit:,} characters or fewer")


class StaffForm(PortalForm):
    """Base for staff forms: the version fields, problems that belong to no single
    field (shown in the error summary) and errors from nested rows."""

    version = HiddenField()
    seen = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._targets: dict[str, str] = {}

    @property
    def version_value(self) -> int | None:
        return _int(self.version.data)

    @property
    def seen_value(self) -> int:
        return _int(self.seen.data) or 0

    def set_version(self, version: int, seen: int) -> None:
        self.version.data = str(version)
        self.seen.data = str(seen)

    def problem(self, message: str, field: str | None = None, target: str = "main-content"):
        """Attach a message from the service to its field, or to the whole form."""
        found = self._find(field) if field else None
        if found is not None:
            found.errors = [*list(found.errors or []), message]
            if isinstance(found, GovDateField):
                found.error_part = "day"
        else:
            self.form_errors.append(message)
            self._targets[message] = target

    def _find(self, name: str):
        for candidate in _walk(self):
            if candidate.id == name or candidate.name == name:
                return candidate
        return None

    def error_list(self) -> list[tuple[str, str]]:
        found = [(self._targets.get(m, "main-content"), m) for m in self.form_errors]
        for item in _walk(self):
            for message in item.errors if isinstance(item.errors, list) else []:
                if not isinstance(message, str):
                    continue
                target = item.id
                if isinstance(item, GovDateField):
                    target = f"{item.id}-{item.error_part}"
                found.append((target, message))
        return found


def _walk(form):
    for item in form:
        if isinstance(item, FieldList):
            for entry in item:
                if isinstance(entry, FormField):
                    yield from _walk(entry)
                else:
                    yield entry
        elif isinstance(item, FormField):
            yield from _walk(item)
        else:
            yield item


class RefuseForm(StaffForm):
    reasons = SelectMultipleField("Why can it not be accepted?", choices=[],
                                  validate_choice=False)
    detail = TextAreaField("More about the decision", validators=[
        Optional(), _length("More about the decision")])

    def validate_reasons(self, field):
        known = {value for value, _ in field.choices}
        if not field.data or not set(field.data) & known:
            raise ValidationError("Select at least one reason the complaint cannot be accepted")


class AcknowledgeForm(StaffForm):
    # DataRequired: spaces alone are not a definition (Code 5.6: the handler writes it).
    definitions = FieldList(TextAreaField(validators=[
        DataRequired("Enter our understanding of this issue and the outcome wanted"),
        _length("Our understanding")]))
    handler = RadioField("Case handler", coerce=_int, choices=[], validate_choice=False,
                         validators=[InputRequired("Select a case handler")])


class ChangeHandlerForm(StaffForm):
    handler = RadioField("New case handler", coerce=_int, choices=[], validate_choice=False,
                         validators=[InputRequired("Select the new case handler")])
    reason = TextAreaField("Reason for the change", validators=[
        InputRequired("Enter the reason for the change, which the resident will see"),
        _length("The reason", 2000)])


YES_NO = [("yes", "Yes, the resident can see it"), ("no", "No, it is an internal note")]


class ContactForm(StaffForm):
    method = RadioField("How did the contact happen?", choices=list(CONTACT_KINDS.items()),
                        validate_choice=False)
    notes = TextAreaField("What was said or done", validators=[
        Optional(), _length("What was said or done")])
    shared = RadioField("Can the resident see this note?", choices=YES_NO, default="no",
                        validate_choice=False)
    next_on = GovDateField("Next contact date", required=False,
                           label_lower="the next contact date")
    next_method = RadioField("How will you get in touch?",
                             choices=list(CONTACT_KINDS.items()), validate_choice=False)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        notes = (self.notes.data or "").strip()
        if not notes and self.next_on.data is None and not self.next_on.errors:
            self.notes.errors = ["Enter what was said or done, or agree the next contact date"]
            ok = False
        if notes and self.method.data not in CONTACT_KINDS:
            self.method.errors = ["Select how the contact happened"]
            ok = False
        if self.next_on.data is not None and self.next_method.data not in CONTACT_KINDS:
            self.next_method.errors = ["Select how you will get in touch"]
            ok = False
        return ok


class ExtendForm(StaffForm):
    new_on = GovDateField("New response date", label_lower="the new response date")
    reason = TextAreaField("Reason for the extension", validators=[
        InputRequired("Enter the reason for the extension, which the resident will see"),
        _length("The reason", 2000)])


class ResolveForm(StaffForm):
    """Resolved at first contact only with the resident's agreement: who, how, when
    (SPEC §2; seed 000 §3 steps 3 and 7)."""

    summary = TextAreaField("What was done to resolve it", validators=[
        InputRequired("Enter what was done to resolve the complaint"), _length("The summary")])
    agreed = BooleanField("The resident agreed that this resolves their complaint")
    agreed_by = StringField("Who agreed", validators=[
        InputRequired("Enter the name of the person who agreed"), _length("The name", 200)])
    agreed_how = RadioField("How did they agree?", choices=list(CONTACT_KINDS.items()),
                            validate_choice=False)
    agreed_on = GovDateField("Date they agreed", label_lower="the date they agreed")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.agreed.data:
            self.agreed.errors = ["Confirm that the resident agreed this resolves their "
                                  "complaint. Without their agreement it stays a stage 1 "
                                  "complaint"]
            ok = False
        if self.agreed_how.data not in CONTACT_KINDS:
            self.agreed_how.errors = ["Select how the resident agreed"]
            ok = False
        return ok


class BuildingForm(StaffForm):
    higher_risk = RadioField(
        "Is the home in a higher-risk building?", validate_choice=False,
        choices=[("yes", "Yes: at least 18 metres or 7 storeys high, with at least 2 homes"),
                 ("no", "No")],
        validators=[InputRequired("Select yes if the home is in a higher-risk building")])


class CloseMidStageForm(StaffForm):
    ground = RadioField("Why is the complaint being closed?", validate_choice=False,
                        validators=[InputRequired("Select why the complaint is being closed")])
    detail = TextAreaField("What happened", validators=[
        InputRequired("Explain what happened: this goes into the letter"),
        _length("What happened", 4000)])


class ReopenForm(StaffForm):
    note = TextAreaField("Why is it being reopened?", validators=[
        InputRequired("Enter why the complaint is being reopened"), _length("The reason", 2000)])


class CloseForm(StaffForm):
    reason = TextAreaField("Why is the complaint being closed?", validators=[
        InputRequired("Enter why the complaint is being closed"), _length("The reason", 2000)])


class IssueDecisionForm(Form):
    decision = RadioField("Decision", choices=list(DECISIONS.items()), validate_choice=False,
                          validators=[InputRequired("Select a decision")])
    reasons = TextAreaField("Reasons", validators=[
        InputRequired("Enter the reasons"), _length("The reasons")])


class ActionRowForm(Form):
    description = TextAreaField("What will be done", validators=[
        Optional(), _length("What will be done", 2000)])
    owner = StringField("Who will do it", validators=[
        Optional(), _length("Who will do it", 200)])
    due_on = GovDateField("Due by", required=False, label_lower="the due date")

    @property
    def is_blank(self) -> bool:
        return not ((self.description.data or "").strip() or (self.owner.data or "").strip()
                    or any(self.due_on.parts.values()))


_MONEY = re.compile(r"^\d{1,7}(\.\d{1,2})?$")


class ResponseForm(StaffForm):
    issues = FieldList(FormField(IssueDecisionForm))
    apology = TextAreaField("Apology", validators=[Optional(), _length("The apology")])
    explanation = TextAreaField("Explanation", validators=[
        Optional(), _length("The explanation")])
    compensation = StringField("Compensation (optional)", validators=[Optional()])
    # Where the policy offsets compensation against money owed (IDS 7.2): only with the
    # resident's agreement, recorded.
    offset = RadioField("How will the compensation be paid?", default="paid",
                        validate_choice=False, choices=[
                            ("paid", "Paid to the resident"),
                            ("offset", "Used to pay off money the resident owes us, with "
                                       "their agreement")])
    offset_agreement = TextAreaField("Who agreed to this, how and when", validators=[
        Optional(), _length("Who agreed", 2000)])
    actions = FieldList(FormField(ActionRowForm), min_entries=1, max_entries=MAX_ACTIONS)
    learning = TextAreaField("What we have learned", validators=[
        Optional(), _length("What we have learned")])
    add_action = SubmitField("Add another action")

    def validate_compensation(self, field):
        raw = (field.data or "").strip().replace("£", "").replace(",", "").strip()
        if not raw:
            return
        if not _MONEY.match(raw):
            raise ValidationError("Compensation must be an amount in pounds, like 150 or 75.50")

    @property
    def compensation_amount(self) -> Decimal | None:
        raw = (self.compensation.data or "").strip().replace("£", "").replace(",", "").strip()
        try:
            amount = Decimal(raw) if raw else None
        except InvalidOperation:
            return None
        return amount if amount else None

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        for number, row in enumerate(self.issues.entries, start=1):
            for item in (row.form.decision, row.form.reasons):
                item.errors = [f"{m} for issue {number}" for m in item.errors]
        for number, row in enumerate(self.actions.entries, start=1):
            sub = row.form
            if sub.is_blank:
                sub.due_on.errors = []
                continue
            if not (sub.description.data or "").strip():
                sub.description.errors = [f"Enter what will be done for action {number}"]
                ok = False
            if not (sub.owner.data or "").strip():
                sub.owner.errors = [f"Enter who will do action {number}"]
                ok = False
            if sub.due_on.data is None and not sub.due_on.errors:
                sub.due_on.errors = [f"Enter the due date for action {number}"]
                ok = False
        return ok

    def filled_actions(self):
        return [row.form for row in self.actions.entries if not row.form.is_blank]

    def add_row(self) -> bool:
        if len(self.actions.entries) >= MAX_ACTIONS:
            return False
        self.actions.append_entry()
        return True


class StaffAccountForm(PortalForm):
    name = StringField("Full name", validators=[
        InputRequired("Enter their full name"), _length("Full name", 200)])
    email = EmailField("Email address", validators=[
        InputRequired("Enter their email address"),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
               message="Enter an email address in the correct format, like name@example.com"),
        _length("Email address", 254)])
    role = RadioField("Role", choices=list(STAFF_ROLES.items()), validate_choice=False,
                      validators=[InputRequired("Select a role")])
    password = PasswordField("Initial password", validators=[
        InputRequired("Enter an initial password"),
        Length(min=10, message="Password must be 10 characters or more"),
        Length(max=200, message="Password must be 200 characters or fewer")])

    def validate_role(self, field):
        if field.data not in STAFF_ROLES:
            raise ValidationError("Select a role")


class SafeguardingForm(StaffForm):
    reason = TextAreaField("Why does this complaint raise a safeguarding concern?", validators=[
        InputRequired("Enter why this complaint raises a safeguarding concern"),
        _length("The reason", 2000)])


class DiscloseForm(StaffForm):
    how = TextAreaField("When and how did the resident give permission?", validators=[
        InputRequired("Enter when and how the resident gave permission"),
        _length("When and how", 2000)])


class RemoveSafeguardingForm(StaffForm):
    reason = TextAreaField("Why is the safeguarding flag being removed?", validators=[
        InputRequired("Enter why the safeguarding flag is being removed"),
        _length("The reason", 2000)])
