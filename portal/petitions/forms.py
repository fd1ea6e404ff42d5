from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from portal.web.forms import PortalForm


def _max(n: int, what: str) -> Length:
    return Length(max=n, message=f"{what} must be {n:,} characters or fewer")


EMAIL = [Optional(), _max(254, "Email address"),
         Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Enter an email address in the correct format, like name@example.com")]


class PetitionForm(PortalForm):
    """What seed 001 Appendix 2.1 asks a petition to contain."""

    subject = StringField("What is the petition about?", validators=[
        InputRequired("Enter the subject of the petition"), _max(200, "The subject")])
    issues_text = TextAreaField("What are the issues that led to it?", validators=[
        InputRequired("Enter the issues that caused the petition"), _max(10000, "The issues")])
    actions_requested = TextAreaField("What do you want us to do?", validators=[
        InputRequired("Enter the actions you are asking us to take"),
        _max(10000, "The actions")])
    summary = TextAreaField("Covering summary of the key points", validators=[
        InputRequired("Enter a short summary of the key points"), _max(5000, "The summary")])
    lead_address = TextAreaField("Your address", validators=[
        InputRequired("Enter your address"), _max(500, "Your address")])
    lead_postcode = StringField("Your postcode", validators=[
        InputRequired("Enter your postcode"), _max(10, "Postcode")])
    lead_phone = StringField("Your phone number (optional)", validators=[
        Optional(), _max(40, "Phone number")])


class _Signer(PortalForm):
    name = StringField("Full name", validators=[
        InputRequired("Enter your full name"), _max(200, "Full name")])
    address_line_1 = StringField("Address line 1", validators=[
        InputRequired("Enter the first line of your address"), _max(200, "Address line 1")])
    address_line_2 = StringField("Address line 2 (optional)", validators=[
        Optional(), _max(200, "Address line 2")])
    town = StringField("Town or city", validators=[
        InputRequired("Enter your town or city"), _max(100, "Town or city")])
    postcode = StringField("Postcode", validators=[
        InputRequired("Enter your postcode"), _max(10, "Postcode")])
    email = EmailField("Email address (optional)", validators=EMAIL)


class SignForm(_Signer):
    signed_name = StringField("Type your full name to sign", validators=[
        InputRequired("Type your full name to sign"), _max(200, "Your signature")])
    declaration = BooleanField("I confirm the declaration")


class PaperSignatureForm(_Signer):
    sheet_id = RadioField("Which scanned sheet is this signature on?", choices=[],
                          validate_choice=False, validators=[Optional()])
    sheet = FileField("Upload the scanned sheet")
    declaration = BooleanField("This person signed the paper petition sheet")


class SubmitForm(PortalForm):
    pass
