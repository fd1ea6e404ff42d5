from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from portal.web.forms import PortalForm
from portal.web.signatures import PaperSignatureForm, SignForm, max_length

__all__ = ["PaperSignatureForm", "PetitionForm", "SignForm", "SubmitForm"]


class PetitionForm(PortalForm):
    """What seed 001 Appendix 2.1 asks a petition to contain."""

    subject = StringField("What is the petition about?", validators=[
        InputRequired("Enter the subject of the petition"), max_length(200, "The subject")])
    issues_text = TextAreaField("What are the issues that led to it?", validators=[
        InputRequired("Enter the issues that caused the petition"),
        max_length(10000, "The issues")])
    actions_requested = TextAreaField("What do you want us to do?", validators=[
        InputRequired("Enter the actions you are asking us to take"),
        max_length(10000, "The actions")])
    summary = TextAreaField("Covering summary of the key points", validators=[
        InputRequired("Enter a short summary of the key points"), max_length(5000, "The summary")])
    lead_address = TextAreaField("Your address", validators=[
        InputRequired("Enter your address"), max_length(500, "Your address")])
    lead_postcode = StringField("Your postcode", validators=[
        InputRequired("Enter your postcode"), max_length(10, "Postcode")])
    lead_phone = StringField("Your phone number (optional)", validators=[
        Optional(), max_length(40, "Phone number")])


class SubmitForm(PortalForm):
    pass
