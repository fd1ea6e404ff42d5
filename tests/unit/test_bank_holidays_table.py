"""The bank holidays table (portal/domain/bank_holidays.json) says what the installed
`holidays` package says, and the package is asked whenever the table cannot answer."""

from datetime import date

import pytest

from portal.domain import bank_holidays
from portal.domain.calendar import NATIONS, WorkingCalendar


def test_the_table_was_made_from_the_installed_release_and_says_what_it_says():
    table = bank_holidays._table()
    assert table is not None, (
        "portal/domain/bank_holidays.json was made from another release of `holidays` "
        f"than the installed {bank_holidays.installed_release()}: run "
        "scripts/bank_holidays_table.py")
    assert table == bank_holidays.make_table(sorted(NATIONS))


@pytest.mark.parametrize("nation", sorted(NATIONS))
def test_each_nation_gets_the_same_days_and_names_from_the_table_as_from_the_package(nation):
    assert (bank_holidays.for_nation(nation, 2015, 2045)
            == bank_holidays.from_package(nation, 2015, 2045))


def test_scotland_and_england_differ_as_the_package_says():
    scotland = bank_holidays.for_nation("SCT", 2026, 2026)
    england = bank_holidays.for_nation("ENG", 2026, 2026)
    assert date(2026, 1, 2) in scotland and date(2026, 1, 2) not in england  # 2 January
    assert date(2026, 4, 6) in england and date(2026, 4, 6) not in scotland  # Easter Monday


def test_years_outside_the_table_come_from_the_package(monkeypatch):
    asked = []
    real = bank_holidays.from_package
    monkeypatch.setattr(bank_holidays, "from_package",
                        lambda *a: asked.append(a) or real(*a))
    found = bank_holidays.for_nation("ENG", 2005, 2012)
    assert asked == [("ENG", 2005, 2012)]
    assert date(2005, 12, 26) in found  # Boxing Day 2005, before the table's first year
    bank_holidays.for_nation("ENG", 2011, 2012)
    assert len(asked) == 1  # within the table: not asked


def test_a_table_from_another_release_is_not_used(monkeypatch):
    """A new release may move a bank holiday: until the table is made again from it,
    the package itself is asked."""
    bank_holidays._table.cache_clear()
    monkeypatch.setattr(bank_holidays, "installed_release", lambda: "0.0-another")
    asked = []
    real = bank_holidays.from_package
    monkeypatch.setattr(bank_holidays, "from_package",
                        lambda *a: asked.append(a) or real(*a))
    try:
        assert bank_holidays._table() is None
        WorkingCalendar("WLS")
        assert asked and asked[0][0] == "WLS"
    finally:
        bank_holidays._table.cache_clear()
