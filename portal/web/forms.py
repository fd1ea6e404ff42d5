"""Form pieces shared by every blueprint, in GOV.UK patterns.

`GovDateField` reads the three boxes of a GOV.UK date input
(`name-day`, `name-month`, `name-year`) and never raises on missing parts:
it gives a message naming what to fix instead.
"""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import ValidationError


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
        try:
            day, month, year = (int(parts[p]) for p in ("day", "month", "year"))
        except ValueError as error:
            raise ValidationError(f"{_cap(what)} must be a real date") from error
        if year < 1000:
            self.error_part = "year"
            raise ValidationError("Year must include 4 numbers")
        try:
            self.data = date(year, month, day)
        except ValueError as error:
            raise ValidationError(f"{_cap(what)} must be a real date") from error

    def _value(self):
        return self.parts


class PortalForm(FlaskForm):
    """Base form: CSRF from Flask-WTF; `error_list` feeds the error summary."""

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
