"""Signing a petition: the form a neighbour fills in online, the one staff fill in for a
signature on a paper sheet, and the details both hand to the petitions service. Shared by
the petitions and staff blueprints."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from portal.services.representation.petitions import SignerDetails
from portal.web.forms import PortalForm


def max_length(n: int, what: str) -> Length:
    return Length(max=n, message=f"{what} must be {n:,} characters or fewer")


EMAIL = [Optional(), max_length(254, "Email address"),
         Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Enter an email address in the correct format, like name@example.com")]


class SignerForm(PortalForm):
    name = StringField("Full name", validators=[
        InputRequired("Enter your full name"), max_length(200, "Full name")])
    address_line_1 = StringField("Address line 1", validators=[
        InputRequired("Enter the first line of your address"), max_length(200, "Address line 1")])
    address_line_2 = StringField("Address line 2 (optional)", validators=[
        Optional(), max_length(200, "Address line 2")])
    town = StringField("Town or city", validators=[
        InputRequired("Enter your town or city"), max_length(100, "Town or city")])
    postcode = StringField("Postcode", validators=[
        InputRequired("Enter your postcode"), max_length(10, "Postcode")])
    email = EmailField("Email address (optional)", validators=EMAIL)


class SignForm(SignerForm):
    """The neighbour types their name once: with the declaration ticked, it is their
    signature (issue 15, item 8)."""

    declaration = BooleanField("I confirm the declaration")


class PaperSignatureForm(SignerForm):
    sheet_id = RadioField("Which scanned sheet is this signature on?", choices=[],
                          validate_choice=False, validators=[Optional()])
    sheet = FileField("Upload the scanned sheet")
    declaration = BooleanField("This person signed the paper petition sheet")


def signer_details(form: SignerForm) -> SignerDetails:
    """What the petitions service needs from either signing form."""
    return SignerDetails(
        name=form.name.data, address_line_1=form.address_line_1.data,
        address_line_2=form.address_line_2.data, town=form.town.data,
        postcode=form.postcode.data, email=form.email.data,
        signed_name=getattr(getattr(form, "signed_name", None), "data", None),
        declaration=bool(form.declaration.data))
