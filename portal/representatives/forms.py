from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from portal.services.representation.authority import CORRESPONDENCE, METHODS, RELATIONSHIPS, SCOPES
from portal.web.forms import GovDateField, PortalForm


def _max(n: int, what: str) -> Length:
    return Length(max=n, message=f"{what} must be {n} characters or fewer")


class OnBehalfForm(PortalForm):
    """Who the complaint is for, how you know them and their authority for you to act."""

    resident_name = StringField("Their full name", validators=[
        InputRequired("Enter the full name of the person you are complaining for"),
        _max(200, "Their name")])
    resident_address = TextAreaField("Their address", validators=[
        InputRequired("Enter their address"), _max(500, "Their address")])
    resident_postcode = StringField("Their postcode", validators=[
        InputRequired("Enter their postcode"), _max(10, "Postcode")])
    resident_email = EmailField("Their email address (optional)", validators=[
        Optional(), _max(254, "Their email address"),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
               message="Enter an email address in the correct format, like name@example.com")])
    relationship = RadioField("How do you know them?", choices=list(RELATIONSHIPS.items()),
                              validators=[InputRequired("Select how you know them")])
    organisation = StringField("Your organisation (optional)", validators=[
        Optional(), _max(200, "Organisation")])
    scope = RadioField("What does their authority cover?", choices=list(SCOPES.items()),
                       default="complaint",
                       validators=[InputRequired("Select what their authority covers")])
    expires_on = GovDateField("When does the authority end?", required=False,
                              label_lower="the date the authority ends")
    method = RadioField("How are they giving you their authority?",
                        choices=list(METHODS.items()),
                        validators=[InputRequired("Select how they are giving their authority")])
    letter = FileField("Upload the signed letter of authority")
    correspondence_to = RadioField("Who should we write to about the complaint?",
                                   choices=list(CORRESPONDENCE.items()), default="both",
                                   validators=[InputRequired("Select who we should write to")])


class LetterForm(PortalForm):
    letter = FileField("Upload the signed letter of authority")


class PhoneConsentForm(PortalForm):
    """A councillor or MP: the resident agreed by phone (issue 15, item 7)."""

    agreed_on = GovDateField("When did they agree?", label_lower="the date the resident agreed")
    phone = StringField("Their phone number", validators=[
        InputRequired("Enter the phone number we should call the resident on"),
        _max(40, "Phone number")])
    confirmed = BooleanField("The resident told me they agree to me acting for them",
                             validators=[InputRequired(
                                 "Confirm that the resident told you they agree")])


class ConfirmForm(PortalForm):
    agree = BooleanField("I confirm this person may act for me")


class RevokeForm(PortalForm):
    reason = TextAreaField("Why are you ending it? (optional)",
                           validators=[Optional(), _max(2000, "Reason")])
