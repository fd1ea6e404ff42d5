"""Forms of the reports pages: the period (a GET form: nothing changes), and the homes
figures an administrator enters."""

from __future__ import annotations

from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, ValidationError

from portal.domain.reporting import STOCK_TYPES, Period
from portal.web.forms import GovDateField, PortalForm, whole_number

CATEGORY_ANY = ""


class PeriodForm(PortalForm):
    class Meta:
        csrf = False  # a GET form that only chooses what to show

    start = GovDateField("From", label_lower="the first day of the period")
    end = GovDateField("To", label_lower="the last day of the period")

    def validate_end(self, field):
        if self.start.data and field.data and field.data < self.start.data:
            field.error_part = "day"
            raise ValidationError("The last day must be the same as or after the first day")
        if self.start.data and field.data and (field.data - self.start.data).days > 3 * 366:
            raise ValidationError("Choose a period of 3 years or less")


def period_from_form(args, default: Period) -> tuple[PeriodForm, Period, int]:
    """The period a reports page shows: the one asked for in the query string when it is
    valid; the default (shown in the form) when none was asked; on a bad one, the
    default with the form's errors and status 400."""
    asked = any(k.startswith(("start-", "end-")) for k in args)
    form = PeriodForm(formdata=args if asked else None)
    if asked and form.validate():
        return form, Period(form.start.data, form.end.data), 200
    if asked:
        return form, default, 400
    form.start.process(None, default.start)
    form.end.process(None, default.end)
    return form, default, 200


class HomesForm(PortalForm):
    stock_type = RadioField("Stock type", choices=list(STOCK_TYPES.items()),
                            validators=[InputRequired("Select the stock type")])
    count = StringField("Number of homes")
    on = GovDateField("Date of the figure", label_lower="the date of the figure")

    def validate_count(self, field):
        value = whole_number((field.data or "").replace(",", "").strip())
        if value is None or value < 0:
            raise ValidationError("Enter the number of homes as a whole number, like 12000")
        field.number = value


class Tp09Form(PortalForm):
    year = StringField("Reporting year starting in")
    percent = StringField("TP09: satisfied with complaint handling (%)")
    respondents = StringField("Number of respondents (optional)")

    def validate_year(self, field):
        value = whole_number((field.data or "").strip())
        if value is None or not 2000 <= value <= 2100:
            raise ValidationError("Enter the year the reporting year starts in, like 2026")
        field.number = value

    def validate_percent(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Enter TP09 as a percentage, like 71.4")

    def validate_respondents(self, field):
        text = (field.data or "").replace(",", "").strip()
        field.number = None
        if text:
            value = whole_number(text)
            if value is None or value < 0:
                raise ValidationError("Enter the number of respondents as a whole number, "
                                      "like 850")
            field.number = value


class StockTypeForm(PortalForm):
    reference = StringField("Complaint reference")
    stock_type = RadioField("Stock type of the home", choices=list(STOCK_TYPES.items()),
                            validators=[InputRequired("Select the stock type")])

    def validate_reference(self, field):
        field.data = (field.data or "").strip().upper()
        if not field.data:
            raise ValidationError("Enter the complaint reference, like CMP-2026-000123")


class PublishingForm(PortalForm):
    shown = RadioField("Publish the complaints performance page?",
                       choices=[("yes", "Yes, publish it"), ("no", "No, hide it")],
                       validators=[InputRequired("Select whether to publish the page")])
