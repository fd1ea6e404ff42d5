from __future__ import annotations

from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Optional, Regexp

from portal.web.forms import PortalForm

EMAIL = [
    InputRequired("Enter your email address"),
    Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
           message="Enter an email address in the correct format, like name@example.com"),
    Length(max=254, message="Email address must be 254 characters or fewer"),
]


def _strip(value):
    """A pasted address often carries a space at either end: not the person's mistake."""
    return value.strip() if isinstance(value, str) else value


NEW_PASSWORD = [
    InputRequired("Enter a password"),
    Length(min=10, message="Password must be 10 characters or more"),
    Length(max=200, message="Password must be 200 characters or fewer"),
]


class RegisterForm(PortalForm):
    name = StringField("Full name", validators=[
        InputRequired("Enter your full name"),
        Length(max=200, message="Full name must be 200 characters or fewer")])
    email = EmailField("Email address", validators=EMAIL, filters=[_strip])
    password = PasswordField("Create a password", validators=NEW_PASSWORD)
    confirm = PasswordField("Confirm your password", validators=[
        InputRequired("Confirm your password"),
        EqualTo("password", message="Passwords must match")])
    # Someone acting for residents (SPEC §1): a friend, relative, advocate, councillor, MP.
    account_type = RadioField("Who will you make complaints for?", default="resident", choices=[
        ("resident", "Myself: I am a resident"),
        ("representative", "Someone else: I act for residents"),
    ], validators=[Optional()], validate_choice=False)
    relationship = RadioField("How do you usually act for residents? (optional)", choices=[],
                              validators=[Optional()], validate_choice=False)
    organisation = StringField("Your organisation (optional)", validators=[
        Optional(), Length(max=200, message="Organisation must be 200 characters or fewer")])

    def __init__(self, *args, **kwargs):
        from portal.services.representation.authority import RELATIONSHIPS

        super().__init__(*args, **kwargs)
        self.relationship.choices = list(RELATIONSHIPS.items())


class SignInForm(PortalForm):
    email = EmailField("Email address", validators=EMAIL, filters=[_strip])
    password = PasswordField("Password", validators=[InputRequired("Enter your password")])


class EmailOnlyForm(PortalForm):
    email = EmailField("Email address", validators=EMAIL, filters=[_strip])


class ResetPasswordForm(PortalForm):
    password = PasswordField("New password", validators=NEW_PASSWORD)
    confirm = PasswordField("Confirm your new password", validators=[
        InputRequired("Confirm your new password"),
        EqualTo("password", message="Passwords must match")])
