"""Form pieces shared by every blueprint, in GOV.UK patterns.

`GovDateField` reads the three boxes of a GOV.UK date input
(`name-day`, `name-month`, `name-year`) and never raises on missing or malformed parts:
it gives a message naming what to fix instead. `whole_number` reads an id or a version
from a form the same way: None for anything that is not one the database can hold.
"""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import ValidationError

# The database's INTEGER (ids, versions): anything larger is no id at all.
DB_INT_MAX = 2**31 - 1
# Dates typed in are kept within these years, so no working-day sum can leave the calendar.
MIN_YEAR, MAX_YEAR = 1900, 2100


def whole_number(value) -> int | None:
    """A whole number from 0 to DB_INT_MAX typed as plain digits, else None."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(DB_INT_MAX)):
        return None
    number = int(text)
    return number if number <= DB_INT_MAX else None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class GovDateField(Field):
    """A date typed into three boxes. `.data` is a date or None; `.parts` keeps
    exactly what was typed so a re-rendered form loses nothing."""

    def __init__(self, label=None, validators=None, *, required=True, label_lower=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required
        self.label_lower = label_lower
        self.parts = {"day": "", "month": "", "year": ""}
        self.error_part = "day"

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.data = data if data is not None else self.default
        if isinstance(self.data, date):
            self.parts = {
                "day": str(self.data.day), "month": str(self.data.month),
                "year": str(self.data.year),
            }
        if formdata is not None:
            self.parts = {
                part: (formdata.get(f"{self.name}-{part}") or "").strip()
                for part in ("day", "month", "year")
            }
            self.data = None
        self.raw_data = [self.parts[p] for p in ("day", "month", "year")]

    def _what(self) -> str:
        return self.label_lower or str(self.label.text).lower()

    def pre_validate(self, form):
        what = self._what()
        parts = self.parts
        if not any(parts.values()):
            if self.required:
                raise ValidationError(f"Enter {what}")
            self.data = None
            return
        missing = [p for p in ("day", "month", "year") if not parts[p]]
        if missing:
            self.error_part = missing[0]
            raise ValidationError(f"{_cap(what)} must include a {' and '.join(missing)}")
        for part in ("day", "month", "year"):
            if not (parts[part].isascii() and parts[part].isdigit()) or len(parts[part]) > 4:
                self.error_part = part
                if part == "year" and parts[part].isascii() and parts[part].isdigit():
                    raise ValidationError("Year must include 4 numbers")
                raise ValidationError(f"{_cap(what)} must be a real date")
        day, month, year = (int(parts[p]) for p in ("day", "month", "year"))
        if year < 1000:
            self.error_part = "year"
            raise ValidationError("Year must include 4 numbers")
        if not MIN_YEAR <= year <= MAX_YEAR:
            self.error_part = "year"
            raise ValidationError(f"Year must be between {MIN_YEAR} and {MAX_YEAR}")
        try:
            self.data = date(year, month, day)
        except (ValueError, OverflowError) as error:
            raise ValidationError(f"{_cap(what)} must be a real date") from error

    def _value(self):
        return self.parts


def _without_nul(value):
    """NUL characters taken out of what was typed: they mean nothing in text, and
    PostgreSQL cannot store them in a text column (the page would fail instead)."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class PortalForm(FlaskForm):
    """Base form: CSRF from Flask-WTF; `error_list` feeds the error summary; every field
    that takes filters drops NUL characters."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            from wtforms import FieldList, FormField

            if not issubclass(unbound_field.field_class, (FieldList, FormField)):
                filters = unbound_field.kwargs.get("filters") or ()
                unbound_field.kwargs["filters"] = [*filters, _without_nul] if (
                    _without_nul not in filters) else list(filters)
            return super().bind_field(form, unbound_field, options)

    def error_list(self) -> list[tuple[str, str]]:
        """(target id, message) pairs, in the order the fields appear."""
        found = []
        for field in self:
            for message in field.errors:
                target = field.id
                if isinstance(field, GovDateField):
                    target = f"{field.id}-{field.error_part}"
                found.append((target, message))
        return found
