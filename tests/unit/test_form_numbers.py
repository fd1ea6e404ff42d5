"""Numbers and dates typed into forms never raise (portal.web.forms)."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from portal.staff.forms import _int
from portal.web.forms import DB_INT_MAX, GovDateField, whole_number


class DateForm(Form):
    on = GovDateField("Date", label_lower="the date")


def _check(day: str, month: str, year: str) -> tuple[bool, date | None, list[str], str]:
    form = DateForm(MultiDict({"on-day": day, "on-month": month, "on-year": year}))
    ok = form.validate()
    return ok, form.on.data, form.on.errors, form.on.error_part


@pytest.mark.parametrize(("day", "month", "year", "message", "part"), [
    ("1", "2", "2147483648", "Year must include 4 numbers", "year"),
    ("1", "2", "99999999999999999999", "Year must include 4 numbers", "year"),
    ("2147483648", "1", "2026", "The date must be a real date", "day"),
    ("1", "99999999999999999999", "2026", "The date must be a real date", "month"),
    ("1", "2", "-2026", "The date must be a real date", "year"),
    ("1", "2", "２０２６", "The date must be a real date", "year"),
    ("1", "2", "2026.0", "The date must be a real date", "year"),
    ("31", "12", "9999", "Year must be between 1900 and 2100", "year"),
    ("1", "1", "1066", "Year must be between 1900 and 2100", "year"),
    ("30", "2", "2026", "The date must be a real date", "day"),
])
def test_a_malformed_or_overflowing_date_is_an_error_message(day, month, year, message, part):
    ok, data, errors, error_part = _check(day, month, year)
    assert (ok, data, errors, error_part) == (False, None, [message], part)


def test_a_real_date_is_read():
    assert _check("07", "2", "2026")[:2] == (True, date(2026, 2, 7))


@pytest.mark.parametrize(("value", "expected"), [
    ("42", 42), (" 7 ", 7), ("0", 0), (str(DB_INT_MAX), DB_INT_MAX),
    (str(DB_INT_MAX + 1), None), ("99999999999999999999", None), ("-1", None), ("1e9", None),
    ("４２", None), ("", None), (None, None), ("0x10", None)])
def test_whole_numbers_are_those_the_database_can_hold(value, expected):
    assert whole_number(value) == expected
    assert _int(value) == expected
