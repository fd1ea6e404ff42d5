"""Table-driven tests of WorkingCalendar, london_date and add_calendar_months (SPEC §3).

Every expected date is a concrete date worked out by hand in the comment next to it.
The hand workings were checked against the `holidays` package (0.109) output, and
`test_hand_workings_agree_with_holidays` re-checks every row of ADD_CASES against a
naive day-by-day loop over `holidays.UK(subdiv=...)` so that a wrong hand working
cannot hide behind a wrong implementation.

Counting rule (SPEC §3): "N working days after D" is the N-th working day strictly
after D; D itself never counts, whether or not it is a working day.
"""

from __future__ import annotations

import functools
import os
import random
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from portal.domain.calendar import (
    WorkingCalendar,
    add_calendar_months,
    london_date,
)

D = date

SHUTDOWN = {
    D(2026, 12, 29): "Christmas shutdown",
    D(2026, 12, 30): "Christmas shutdown",
    D(2026, 12, 31): "Christmas shutdown",
}


@pytest.fixture(scope="module")
def calendars() -> dict[str, WorkingCalendar]:
    return {nation: WorkingCalendar(nation) for nation in ("ENG", "WLS", "SCT", "NIR")}


@functools.cache
def bank_holidays(nation: str) -> holidays.HolidayBase:
    return holidays.UK(subdiv=nation)


def naive_add(nation: str, start: date, n: int, closures: dict | None = None) -> date:
    """Independent oracle: step one day at a time, asking the holidays package."""
    bank = bank_holidays(nation)
    closures = closures or {}
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in bank and day not in closures:
            counted += 1
    return day


# (nation, start, n, expected)
ADD_CASES = [
    # -- weekends --------------------------------------------------------------
    # Fri 12 Jun -> Sat 13, Sun 14 skipped -> Mon 15 = 1st WD
    pytest.param("ENG", D(2026, 6, 12), 1, D(2026, 6, 15), id="weekend-fri+1"),
    # start Sat 13 (never counts) -> Sun 14 skipped -> Mon 15 = 1st WD (SPEC §3 example)
    pytest.param("ENG", D(2026, 6, 13), 1, D(2026, 6, 15), id="weekend-start-sat+1"),
    # start Sun 14 -> Mon 15 = 1st WD
    pytest.param("ENG", D(2026, 6, 14), 1, D(2026, 6, 15), id="weekend-start-sun+1"),
    # Mon 15 -> Tue 16 = 1st WD (the start day itself never counts)
    pytest.param("ENG", D(2026, 6, 15), 1, D(2026, 6, 16), id="weekday-mon+1"),
    # Wed 10 -> Thu 11 (1), Fri 12 (2), Sat/Sun, Mon 15 (3), Tue 16 (4), Wed 17 (5)
    pytest.param("ENG", D(2026, 6, 10), 5, D(2026, 6, 17), id="weekend-wed+5"),
    # Fri 12 -> Mon 15..Fri 19 (1-5), Mon 22..Fri 26 (6-10)
    pytest.param("ENG", D(2026, 6, 12), 10, D(2026, 6, 26), id="weekend-fri+10"),
    # -- Christmas / New Year 2026-27 (ENG) -----------------------------------
    # Thu 24 Dec -> Fri 25 Xmas, Sat 26 Boxing, Sun 27, Mon 28 Boxing subst. -> Tue 29 = 1st WD
    pytest.param("ENG", D(2026, 12, 24), 1, D(2026, 12, 29), id="xmas26-thu24+1"),
    # Thu 24 -> Tue 29 (1), Wed 30 (2), Thu 31 (3)
    pytest.param("ENG", D(2026, 12, 24), 3, D(2026, 12, 31), id="xmas26-thu24+3"),
    # Thu 24 -> Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri 1 Jan NYD, Sat, Sun, Mon 4 (4)
    pytest.param("ENG", D(2026, 12, 24), 4, D(2027, 1, 4), id="xmas26-thu24+4"),
    # ... Mon 4 (4), Tue 5 (5)
    pytest.param("ENG", D(2026, 12, 24), 5, D(2027, 1, 5), id="xmas26-thu24+5"),
    # ... Tue 5 (5), Wed 6 (6), Thu 7 (7), Fri 8 (8), Mon 11 (9), Tue 12 (10)
    pytest.param("ENG", D(2026, 12, 24), 10, D(2027, 1, 12), id="xmas26-thu24+10"),
    # ... Tue 12 (10), Wed 13..Fri 15 (11-13), Mon 18..Fri 22 (14-18), Mon 25 (19), Tue 26 (20)
    pytest.param("ENG", D(2026, 12, 24), 20, D(2027, 1, 26), id="xmas26-thu24+20"),
    # Wed 23 -> Thu 24 (1), Fri 25 Xmas, Sat, Sun, Mon 28 subst., Tue 29 (2)
    pytest.param("ENG", D(2026, 12, 23), 2, D(2026, 12, 29), id="xmas26-wed23+2"),
    # start ON a bank holiday: Fri 25 Xmas (never counts) -> Sat, Sun, Mon 28 subst. -> Tue 29
    pytest.param("ENG", D(2026, 12, 25), 1, D(2026, 12, 29), id="xmas26-start-xmasday+1"),
    # start ON the substitute day Mon 28 -> Tue 29 = 1st WD
    pytest.param("ENG", D(2026, 12, 28), 1, D(2026, 12, 29), id="xmas26-start-subst+1"),
    # Thu 31 -> Fri 1 Jan NYD, Sat 2, Sun 3 -> Mon 4 Jan (ENG has no 2 January holiday)
    pytest.param("ENG", D(2026, 12, 31), 1, D(2027, 1, 4), id="nye26-eng+1"),
    # Wales follows England: Thu 24 -> Fri 25, Sat, Sun, Mon 28 subst. -> Tue 29
    pytest.param("WLS", D(2026, 12, 24), 1, D(2026, 12, 29), id="xmas26-wls+1"),
    # Fri 24 Dec 2027 -> Sat 25, Sun 26, Mon 27 Xmas subst., Tue 28 Boxing subst. -> Wed 29
    pytest.param("ENG", D(2027, 12, 24), 1, D(2027, 12, 29), id="xmas27-two-substs+1"),
    # -- Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr ------------------
    # Thu 2 Apr -> Fri 3 GF, Sat 4, Sun 5, Mon 6 EM -> Tue 7 = 1st WD
    pytest.param("ENG", D(2026, 4, 2), 1, D(2026, 4, 7), id="easter26-eng+1"),
    pytest.param("WLS", D(2026, 4, 2), 1, D(2026, 4, 7), id="easter26-wls+1"),
    pytest.param("NIR", D(2026, 4, 2), 1, D(2026, 4, 7), id="easter26-nir+1"),
    # Scotland: Fri 3 GF, Sat, Sun, but NO Easter Monday -> Mon 6 = 1st WD
    pytest.param("SCT", D(2026, 4, 2), 1, D(2026, 4, 6), id="easter26-sct-no-easter-monday"),
    # start ON Good Friday: Sat, Sun, Mon 6 EM -> Tue 7
    pytest.param("ENG", D(2026, 4, 3), 1, D(2026, 4, 7), id="easter26-start-gf+1"),
    # start ON Easter Monday -> Tue 7
    pytest.param("ENG", D(2026, 4, 6), 1, D(2026, 4, 7), id="easter26-start-em+1"),
    # Tue 31 Mar -> Wed 1 (1), Thu 2 (2), Fri 3 GF, Mon 6 EM, Tue 7 (3), Wed 8 (4), Thu 9 (5)
    pytest.param("ENG", D(2026, 3, 31), 5, D(2026, 4, 9), id="easter26-eng+5"),
    # SCT: Wed 1 (1), Thu 2 (2), Fri 3 GF, Mon 6 (3), Tue 7 (4), Wed 8 (5)
    pytest.param("SCT", D(2026, 3, 31), 5, D(2026, 4, 8), id="easter26-sct+5"),
    # -- one-off UK-wide days --------------------------------------------------
    # Fri 5 May 2023 -> Sat 6 (coronation itself), Sun 7, Mon 8 coronation bank holiday -> Tue 9
    pytest.param("ENG", D(2023, 5, 5), 1, D(2023, 5, 9), id="coronation23-eng+1"),
    pytest.param("SCT", D(2023, 5, 5), 1, D(2023, 5, 9), id="coronation23-sct+1"),
    pytest.param("NIR", D(2023, 5, 5), 1, D(2023, 5, 9), id="coronation23-nir+1"),
    # Fri 28 Apr 2023 -> Mon 1 May Day, Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4),
    #   Mon 8 coronation, Tue 9 (5)
    pytest.param("ENG", D(2023, 4, 28), 5, D(2023, 5, 9), id="mayday-and-coronation23+5"),
    # Fri 16 Sep 2022 -> Sat, Sun, Mon 19 state funeral -> Tue 20
    pytest.param("ENG", D(2022, 9, 16), 1, D(2022, 9, 20), id="state-funeral22+1"),
    # -- Scotland's 2 January --------------------------------------------------
    # SCT Thu 31 Dec 2026 -> Fri 1 NYD, Sat 2 (2 Jan holiday), Sun 3, Mon 4 (2 Jan substitute)
    #   -> Tue 5 = 1st WD
    pytest.param("SCT", D(2026, 12, 31), 1, D(2027, 1, 5), id="sct-2jan27-subst+1"),
    # SCT Wed 31 Dec 2025 -> Thu 1 Jan NYD, Fri 2 Jan holiday, Sat, Sun -> Mon 5
    pytest.param("SCT", D(2025, 12, 31), 1, D(2026, 1, 5), id="sct-2jan26+1"),
    # ENG Wed 31 Dec 2025 -> Thu 1 Jan NYD -> Fri 2 = 1st WD
    pytest.param("ENG", D(2025, 12, 31), 1, D(2026, 1, 2), id="eng-2jan26-working+1"),
    # SCT Fri 27 Nov 2026 -> Sat, Sun, Mon 30 St Andrew's Day -> Tue 1 Dec
    pytest.param("SCT", D(2026, 11, 27), 1, D(2026, 12, 1), id="sct-st-andrew26+1"),
    # ENG: St Andrew's Day is not a holiday -> Mon 30 Nov
    pytest.param("ENG", D(2026, 11, 27), 1, D(2026, 11, 30), id="eng-st-andrew26+1"),
    # SCT Fri 31 Jul 2026 -> Sat, Sun, Mon 3 Aug Summer Bank Holiday (first Mon of Aug) -> Tue 4
    pytest.param("SCT", D(2026, 7, 31), 1, D(2026, 8, 4), id="sct-summer26+1"),
    # ENG Fri 28 Aug 2026 -> Sat, Sun, Mon 31 Late Summer Bank Holiday -> Tue 1 Sep
    pytest.param("ENG", D(2026, 8, 28), 1, D(2026, 9, 1), id="eng-late-summer26+1"),
    # -- Northern Ireland ------------------------------------------------------
    # NIR Mon 16 Mar 2026 -> Tue 17 St Patrick's Day -> Wed 18
    pytest.param("NIR", D(2026, 3, 16), 1, D(2026, 3, 18), id="nir-st-patrick26+1"),
    # ENG: Tue 17 Mar is a working day
    pytest.param("ENG", D(2026, 3, 16), 1, D(2026, 3, 17), id="eng-st-patrick26+1"),
    # NIR start ON St Patrick's Day Tue 17 -> Wed 18
    pytest.param("NIR", D(2026, 3, 17), 1, D(2026, 3, 18), id="nir-start-st-patrick26+1"),
    # NIR Fri 9 Jul 2027 -> Sat 10, Sun 11, Mon 12 Battle of the Boyne -> Tue 13
    pytest.param("NIR", D(2027, 7, 9), 1, D(2027, 7, 13), id="nir-12july27+1"),
    # ENG: Mon 12 Jul 2027 is a working day
    pytest.param("ENG", D(2027, 7, 9), 1, D(2027, 7, 12), id="eng-12july27+1"),
    # NIR Fri 10 Jul 2026 -> Sat 11, Sun 12 (Boyne, on a Sunday), Mon 13 substitute -> Tue 14
    pytest.param("NIR", D(2026, 7, 10), 1, D(2026, 7, 14), id="nir-12july26-subst+1"),
    # -- start on a Saturday next to a bank holiday ---------------------------
    # Sat 2 May 2026 -> Sun 3, Mon 4 May Day -> Tue 5
    pytest.param("ENG", D(2026, 5, 2), 1, D(2026, 5, 5), id="start-sat-before-mayday+1"),
    # Sat 23 May 2026 -> Sun 24, Mon 25 Spring Bank Holiday -> Tue 26
    pytest.param("ENG", D(2026, 5, 23), 1, D(2026, 5, 26), id="start-sat-before-spring+1"),
    # start ON May Day Mon 4 May 2026 -> Tue 5
    pytest.param("ENG", D(2026, 5, 4), 1, D(2026, 5, 5), id="start-on-mayday+1"),
    # -- far outside the precomputed span (2015-2045) -------------------------
    # Fri 24 Dec 2010 -> Sat 25, Sun 26, Mon 27 Xmas subst., Tue 28 Boxing subst. -> Wed 29
    pytest.param("ENG", D(2010, 12, 24), 1, D(2010, 12, 29), id="far-2010+1"),
    # Fri 29 Dec 2045 -> Sat 30, Sun 31, Mon 1 Jan 2046 NYD -> Tue 2 Jan 2046 (crosses the end)
    pytest.param("ENG", D(2045, 12, 29), 1, D(2046, 1, 2), id="far-crosses-2045-end+1"),
    # Fri 24 Dec 2060 -> Sat 25, Sun 26, Mon 27 Xmas subst., Tue 28 Boxing subst. -> Wed 29
    pytest.param("ENG", D(2060, 12, 24), 1, D(2060, 12, 29), id="far-2060+1"),
    # Fri 24 Dec 2060 -> Wed 29 (1), Thu 30 (2), Fri 31 (3), Sat 1 Jan 2061 NYD, Sun 2,
    #   Mon 3 NYD subst., Tue 4 (4)
    pytest.param("ENG", D(2060, 12, 24), 4, D(2061, 1, 4), id="far-2060+4"),
]


@pytest.mark.parametrize(("nation", "start", "n", "expected"), ADD_CASES)
def test_add_working_days(calendars, nation, start, n, expected):
    assert calendars[nation].add_working_days(start, n) == expected


@pytest.mark.parametrize(("nation", "start", "n", "expected"), ADD_CASES)
def test_hand_workings_agree_with_holidays(nation, start, n, expected):
    # The hand-worked expectation, checked against the holidays package itself.
    assert naive_add(nation, start, n) == expected


@pytest.mark.parametrize(("nation", "start", "n", "expected"), ADD_CASES)
def test_fresh_calendar_far_dates(nation, start, n, expected):
    # A brand-new calendar (nothing precomputed around the date yet) gives the same answer.
    assert WorkingCalendar(nation).add_working_days(start, n) == expected


# -- closure days ----------------------------------------------------------------

# (start, n, expected) with a landlord's shutdown on Tue 29 - Thu 31 Dec 2026 (ENG)
CLOSURE_CASES = [
    # Thu 24 -> Fri 25 Xmas, Sat, Sun, Mon 28 subst., Tue 29-Thu 31 closed, Fri 1 NYD,
    #   Sat, Sun -> Mon 4 Jan = 1st WD (Tue 29 Dec without the shutdown)
    pytest.param(D(2026, 12, 24), 1, D(2027, 1, 4), id="shutdown-thu24+1"),
    # ... Mon 4 (1), Tue 5 (2), Wed 6 (3), Thu 7 (4), Fri 8 (5)  (Tue 5 Jan without it)
    pytest.param(D(2026, 12, 24), 5, D(2027, 1, 8), id="shutdown-thu24+5"),
    # Mon 21 -> Tue 22 (1), Wed 23 (2), Thu 24 (3), [25-3 Jan closed], Mon 4 (4)
    pytest.param(D(2026, 12, 21), 4, D(2027, 1, 4), id="shutdown-mon21+4"),
    # start ON a closure day Wed 30 -> Thu 31 closed, Fri 1 NYD, Sat, Sun -> Mon 4
    pytest.param(D(2026, 12, 30), 1, D(2027, 1, 4), id="shutdown-start-on-closure+1"),
    # closures far from the shutdown change nothing: Wed 10 Jun -> Wed 17 Jun
    pytest.param(D(2026, 6, 10), 5, D(2026, 6, 17), id="shutdown-unrelated-june+5"),
]


@pytest.mark.parametrize(("start", "n", "expected"), CLOSURE_CASES)
def test_closure_days_move_dates(start, n, expected):
    cal = WorkingCalendar("ENG", closures=SHUTDOWN)
    assert cal.add_working_days(start, n) == expected
    assert naive_add("ENG", start, n, SHUTDOWN) == expected


def test_closure_days_in_count_skipped():
    cal = WorkingCalendar("ENG", closures=SHUTDOWN)
    # Thu 24 Dec 2026 + 5 WD with the shutdown -> Fri 8 Jan 2027 (see CLOSURE_CASES)
    count = cal.count(D(2026, 12, 24), 5)
    assert count.result == D(2027, 1, 8)
    assert [(s.on, s.kind, s.name) for s in count.skipped] == [
        (D(2026, 12, 25), "bank holiday", "Christmas Day"),
        (D(2026, 12, 26), "weekend", "Boxing Day"),
        (D(2026, 12, 27), "weekend", ""),
        (D(2026, 12, 28), "bank holiday", "Boxing Day (observed)"),
        (D(2026, 12, 29), "closure", "Christmas shutdown"),
        (D(2026, 12, 30), "closure", "Christmas shutdown"),
        (D(2026, 12, 31), "closure", "Christmas shutdown"),
        (D(2027, 1, 1), "bank holiday", "New Year's Day"),
        (D(2027, 1, 2), "weekend", ""),
        (D(2027, 1, 3), "weekend", ""),
    ]
    assert "Christmas shutdown, closure day" in count.skipped[4].describe()


def test_closures_belong_to_their_calendar(calendars):
    # Adding closures builds a new calendar; the shared plain one is unchanged.
    WorkingCalendar("ENG", closures=SHUTDOWN)
    assert calendars["ENG"].add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)


# -- count(): the working shown ---------------------------------------------------


def test_count_christmas_skipped_days(calendars):
    # Thu 24 Dec 2026 + 5 WD -> Tue 5 Jan 2027 (see ADD_CASES)
    count = calendars["ENG"].count(D(2026, 12, 24), 5)
    assert (count.start, count.days, count.result) == (D(2026, 12, 24), 5, D(2027, 1, 5))
    assert [(s.on, s.kind, s.name) for s in count.skipped] == [
        (D(2026, 12, 25), "bank holiday", "Christmas Day"),
        (D(2026, 12, 26), "weekend", "Boxing Day"),
        (D(2026, 12, 27), "weekend", ""),
        (D(2026, 12, 28), "bank holiday", "Boxing Day (observed)"),
        (D(2027, 1, 1), "bank holiday", "New Year's Day"),
        (D(2027, 1, 2), "weekend", ""),
        (D(2027, 1, 3), "weekend", ""),
    ]
    assert count.skipped[0].describe() == "Friday 25 December 2026 (Christmas Day, bank holiday)"
    assert count.skipped[1].describe() == "Saturday 26 December 2026 (weekend, Boxing Day)"


def test_count_scotland_2_january(calendars):
    # SCT Thu 31 Dec 2026 + 1 WD -> Tue 5 Jan 2027 (see ADD_CASES)
    count = calendars["SCT"].count(D(2026, 12, 31), 1)
    assert count.result == D(2027, 1, 5)
    assert [(s.on, s.kind, s.name) for s in count.skipped] == [
        (D(2027, 1, 1), "bank holiday", "New Year's Day"),
        (D(2027, 1, 2), "weekend", "New Year Holiday"),
        (D(2027, 1, 3), "weekend", ""),
        (D(2027, 1, 4), "bank holiday", "New Year Holiday (observed)"),
    ]


def test_count_easter_sct_skips_good_friday_only(calendars):
    # SCT Thu 2 Apr 2026 + 1 WD -> Mon 6 Apr: only Good Friday and the weekend are skipped
    count = calendars["SCT"].count(D(2026, 4, 2), 1)
    assert count.result == D(2026, 4, 6)
    assert [(s.on, s.kind) for s in count.skipped] == [
        (D(2026, 4, 3), "bank holiday"),
        (D(2026, 4, 4), "weekend"),
        (D(2026, 4, 5), "weekend"),
    ]
    assert count.skipped[0].name == "Good Friday"


def test_count_nothing_skipped(calendars):
    # Mon 15 Jun 2026 + 3 WD -> Tue 16 (1), Wed 17 (2), Thu 18 (3): nothing skipped
    count = calendars["ENG"].count(D(2026, 6, 15), 3)
    assert count.result == D(2026, 6, 18)
    assert count.skipped == ()


@pytest.mark.parametrize(("nation", "start", "n", "expected"), ADD_CASES)
def test_count_agrees_with_add(calendars, nation, start, n, expected):
    count = calendars[nation].count(start, n)
    assert count.result == expected
    # Every day strictly between start and result is either skipped or counted.
    between = (expected - start).days - 1
    assert len(count.skipped) == between - (n - 1)


# -- one day ------------------------------------------------------------------------

WHY_CASES = [
    # Mon 28 Dec 2026 is the Boxing Day substitute in England
    pytest.param("ENG", D(2026, 12, 28), "bank holiday", "Boxing Day (observed)", id="eng-subst"),
    # Mon 6 Apr 2026 is Easter Monday in England, a working day in Scotland
    pytest.param("ENG", D(2026, 4, 6), "bank holiday", "Easter Monday", id="eng-easter-monday"),
    pytest.param("SCT", D(2026, 4, 6), None, None, id="sct-easter-monday-works"),
    # Mon 4 Jan 2027 is the 2 January substitute in Scotland only
    pytest.param("SCT", D(2027, 1, 4), "bank holiday", "New Year Holiday (observed)",
                 id="sct-4jan"),
    pytest.param("ENG", D(2027, 1, 4), None, None, id="eng-4jan-works"),
    # Tue 17 Mar 2026 St Patrick's Day, NIR only
    pytest.param("NIR", D(2026, 3, 17), "bank holiday", "Saint Patrick's Day", id="nir-st-patrick"),
    # Mon 8 May 2023 coronation, every nation
    pytest.param("WLS", D(2023, 5, 8), "bank holiday", "Coronation of Charles III",
                 id="coronation"),
    # Sat 13 Jun 2026, a plain weekend
    pytest.param("ENG", D(2026, 6, 13), "weekend", "", id="plain-saturday"),
    # Wed 17 Jun 2026, a plain working day
    pytest.param("ENG", D(2026, 6, 17), None, None, id="plain-wednesday"),
]


@pytest.mark.parametrize(("nation", "day", "kind", "name"), WHY_CASES)
def test_why_not_working(calendars, nation, day, kind, name):
    why = calendars[nation].why_not_working(day)
    if kind is None:
        assert why is None
        assert calendars[nation].is_working_day(day)
    else:
        assert (why.kind, why.name) == (kind, name)
        assert not calendars[nation].is_working_day(day)


# -- working_days_between ---------------------------------------------------------

BETWEEN_CASES = [
    # (Thu 24 Dec 2026, Tue 5 Jan 2027]: Tue 29, Wed 30, Thu 31, Mon 4, Tue 5 = 5
    pytest.param("ENG", None, D(2026, 12, 24), D(2027, 1, 5), 5, id="xmas-eng"),
    # same span with the 29-31 Dec shutdown: only Mon 4, Tue 5 = 2
    pytest.param("ENG", SHUTDOWN, D(2026, 12, 24), D(2027, 1, 5), 2, id="xmas-shutdown"),
    # (Thu 2 Apr, Fri 10 Apr 2026] ENG: Tue 7, Wed 8, Thu 9, Fri 10 = 4
    pytest.param("ENG", None, D(2026, 4, 2), D(2026, 4, 10), 4, id="easter-eng"),
    # same span SCT: Mon 6 counts too = 5
    pytest.param("SCT", None, D(2026, 4, 2), D(2026, 4, 10), 5, id="easter-sct"),
    # (Fri 12, Mon 15 Jun 2026]: Mon 15 = 1
    pytest.param("ENG", None, D(2026, 6, 12), D(2026, 6, 15), 1, id="over-weekend"),
    # (Sat 13, Sun 14 Jun]: nothing
    pytest.param("ENG", None, D(2026, 6, 13), D(2026, 6, 14), 0, id="weekend-only"),
    # empty and reversed ranges are 0
    pytest.param("ENG", None, D(2026, 6, 15), D(2026, 6, 15), 0, id="same-day"),
    pytest.param("ENG", None, D(2026, 6, 16), D(2026, 6, 15), 0, id="reversed"),
    # all of 2026 ENG: 2026 starts on a Thu, so 52 weeks + 1 Thu = 261 weekdays; minus the
    # 8 weekday bank holidays (1 Jan, 3 Apr, 6 Apr, 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec) = 253
    pytest.param("ENG", None, D(2025, 12, 31), D(2026, 12, 31), 253, id="year-2026-eng"),
    # 2026 SCT: 261 weekdays minus 10 (1 Jan, 2 Jan, 3 Apr, 4 May, 25 May, 15 Jun one-off
    # World Cup holiday in holidays 0.109, 3 Aug, 30 Nov, 25 Dec, 28 Dec) = 251
    pytest.param("SCT", None, D(2025, 12, 31), D(2026, 12, 31), 251, id="year-2026-sct"),
    # 2026 NIR: 261 minus 10 (1 Jan, 17 Mar, 3 Apr, 6 Apr, 4 May, 25 May, 13 Jul subst.,
    # 31 Aug, 25 Dec, 28 Dec) = 251
    pytest.param("NIR", None, D(2025, 12, 31), D(2026, 12, 31), 251, id="year-2026-nir"),
    # far future, (Fri 24 Dec 2060, Tue 4 Jan 2061]: Wed 29, Thu 30, Fri 31, Tue 4 = 4
    pytest.param("ENG", None, D(2060, 12, 24), D(2061, 1, 4), 4, id="far-2060"),
]


@pytest.mark.parametrize(("nation", "closures", "start", "end", "expected"), BETWEEN_CASES)
def test_working_days_between(nation, closures, start, end, expected):
    cal = WorkingCalendar(nation, closures=closures)
    assert cal.working_days_between(start, end) == expected


@pytest.mark.parametrize(("nation", "start", "n", "expected"), ADD_CASES)
def test_between_inverts_add(calendars, nation, start, n, expected):
    assert calendars[nation].working_days_between(start, expected) == n


# -- london_date -------------------------------------------------------------------

LONDON_CASES = [
    # BST (UTC+1): 23:30 UTC on Sun 31 May is 00:30 on Mon 1 June in London (SPEC §3)
    pytest.param(datetime(2026, 5, 31, 23, 30, tzinfo=UTC), D(2026, 6, 1), id="bst-after-midnight"),
    # 22:59 UTC is 23:59 BST, still 31 May
    pytest.param(datetime(2026, 5, 31, 22, 59, tzinfo=UTC), D(2026, 5, 31), id="bst-2259"),
    # naive datetimes are UTC: same instant as the first case
    pytest.param(datetime(2026, 5, 31, 23, 30), D(2026, 6, 1), id="naive-is-utc"),
    # 20:00 EDT (UTC-4) on 31 May = 00:00 UTC 1 Jun = 01:00 BST 1 Jun
    pytest.param(
        datetime(2026, 5, 31, 20, 0, tzinfo=ZoneInfo("America/New_York")),
        D(2026, 6, 1),
        id="other-zone",
    ),
    # Autumn change: clocks go back at 01:00 UTC on Sun 25 Oct 2026. 00:30 UTC is 01:30 BST
    # on the 25th (before the change) -> 25 Oct
    pytest.param(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), D(2026, 10, 25), id="oct-change-0030"),
    # 23:30 UTC Sat 24 Oct is 00:30 BST Sun 25 Oct
    pytest.param(datetime(2026, 10, 24, 23, 30, tzinfo=UTC), D(2026, 10, 25), id="oct-sat-2330"),
    # 23:30 UTC Sun 25 Oct: now GMT, so 23:30 on the 25th
    pytest.param(datetime(2026, 10, 25, 23, 30, tzinfo=UTC), D(2026, 10, 25), id="oct-sun-gmt"),
    # Spring change: clocks go forward at 01:00 UTC on Sun 29 Mar 2026.
    # 23:30 UTC Sat 28 Mar is still GMT -> 28 Mar
    pytest.param(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), D(2026, 3, 28), id="mar-sat-2330-gmt"),
    # 00:59 UTC Sun 29 Mar: GMT, 00:59 on the 29th
    pytest.param(datetime(2026, 3, 29, 0, 59, tzinfo=UTC), D(2026, 3, 29), id="mar-change-0059"),
    # 23:30 UTC Sun 29 Mar is 00:30 BST Mon 30 Mar
    pytest.param(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), D(2026, 3, 30), id="mar-sun-2330-bst"),
    # winter: 23:30 UTC on 31 Dec is 23:30 GMT, still 31 Dec
    pytest.param(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), D(2026, 12, 31), id="winter-gmt"),
]


@pytest.mark.parametrize(("instant", "expected"), LONDON_CASES)
def test_london_date(instant, expected):
    assert london_date(instant) == expected


@pytest.fixture
def machine_in_new_york():
    """Run with the process's local time zone set to New York (UTC-4 in summer)."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset is Unix-only")
def test_naive_is_utc_whatever_the_machine_zone(machine_in_new_york):
    # Naive 23:30 on 31 May is 23:30 UTC = 00:30 BST 1 June. Read as New York local time it
    # would be 03:30 UTC = 04:30 BST 1 June too, so use 19:30: as UTC that is 20:30 BST
    # 31 May; as New York local (EDT, UTC-4) it would be 23:30 UTC = 00:30 BST 1 June.
    assert london_date(datetime(2026, 5, 31, 19, 30)) == D(2026, 5, 31)


def test_received_after_midnight_bst_counts_from_london_date(calendars):
    # Submitted 23:30 UTC Fri 12 Jun 2026 = 00:30 BST Sat 13 Jun: received Sat 13, so
    # 1 WD -> Mon 15 (the same answer as Fri 12, since the start never counts)...
    received = london_date(datetime(2026, 6, 12, 23, 30, tzinfo=UTC))
    assert received == D(2026, 6, 13)
    assert calendars["ENG"].add_working_days(received, 1) == D(2026, 6, 15)
    # ...but 23:30 UTC Thu 11 Jun = 00:30 BST Fri 12: received Fri 12 -> 1 WD is Mon 15,
    # not Fri 12 as the UTC date (Thu 11) would give.
    received = london_date(datetime(2026, 6, 11, 23, 30, tzinfo=UTC))
    assert received == D(2026, 6, 12)
    assert calendars["ENG"].add_working_days(received, 1) == D(2026, 6, 15)


# -- add_calendar_months ----------------------------------------------------------

MONTH_CASES = [
    # 31 Jan 2027 + 1 month -> 31 Feb does not exist -> clamp to 28 Feb 2027
    pytest.param(D(2027, 1, 31), 1, D(2027, 2, 28), id="jan31-clamp-feb"),
    # 2028 is a leap year -> 29 Feb 2028
    pytest.param(D(2028, 1, 31), 1, D(2028, 2, 29), id="jan31-leap-feb29"),
    # 30 Jan 2027 + 1 -> 30 Feb -> 28 Feb 2027
    pytest.param(D(2027, 1, 30), 1, D(2027, 2, 28), id="jan30-clamp"),
    # 29 Feb 2028 + 12 -> 29 Feb 2029 does not exist -> 28 Feb 2029
    pytest.param(D(2028, 2, 29), 12, D(2029, 2, 28), id="leapday+12"),
    # 31 Mar 2026 + 1 -> 31 Apr -> 30 Apr
    pytest.param(D(2026, 3, 31), 1, D(2026, 4, 30), id="mar31-apr30"),
    # 15 Dec 2026 + 1 -> 15 Jan 2027 (year rolls over)
    pytest.param(D(2026, 12, 15), 1, D(2027, 1, 15), id="dec-to-jan"),
    # 31 Aug 2026 + 6 -> 31 Feb 2027 -> 28 Feb 2027
    pytest.param(D(2026, 8, 31), 6, D(2027, 2, 28), id="aug31+6"),
    # 31 Jan 2026 - 1 -> 31 Dec 2025
    pytest.param(D(2026, 1, 31), -1, D(2025, 12, 31), id="minus-one-year-back"),
    # 31 Mar 2026 - 1 -> 31 Feb 2026 -> 28 Feb 2026
    pytest.param(D(2026, 3, 31), -1, D(2026, 2, 28), id="minus-one-clamp"),
    # 15 May 2026 + 0 -> itself
    pytest.param(D(2026, 5, 15), 0, D(2026, 5, 15), id="zero"),
    # 15 Nov 2026 + 14 -> 15 Jan 2028
    pytest.param(D(2026, 11, 15), 14, D(2028, 1, 15), id="over-a-year"),
]


@pytest.mark.parametrize(("start", "months", "expected"), MONTH_CASES)
def test_add_calendar_months(start, months, expected):
    assert add_calendar_months(start, months) == expected


# -- errors, and a broad cross-check ---------------------------------------------


def test_unknown_nation_rejected():
    with pytest.raises(ValueError, match="Unknown nation"):
        WorkingCalendar("GB")


@pytest.mark.parametrize("n", [0, -1])
def test_n_must_be_positive(calendars, n):
    with pytest.raises(ValueError):
        calendars["ENG"].add_working_days(D(2026, 6, 15), n)


def test_rebuild_during_a_call_does_not_change_the_answer(monkeypatch):
    # Simulates two threads sharing one calendar (the class docstring says to share it):
    # thread A is between the binary search and the index when thread B's question about
    # 2010 makes the calendar rebuild itself from 2010.
    import portal.domain.calendar as module

    cal = WorkingCalendar("ENG")
    real_bisect_right = module.bisect_right
    interleaved = []

    def bisect_then_other_thread(seq, x):
        index = real_bisect_right(seq, x)
        if not interleaved:
            interleaved.append(True)
            cal.is_working_day(D(2010, 6, 1))  # "thread B": extends the span back to 2010
        return index

    monkeypatch.setattr(module, "bisect_right", bisect_then_other_thread)
    # Thu 24 Dec 2026 -> Fri 25 Xmas, Sat, Sun, Mon 28 subst. -> Tue 29 = 1st WD
    assert cal.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)


@pytest.mark.parametrize("nation", ["ENG", "WLS", "SCT", "NIR"])
def test_random_sample_agrees_with_holidays(nation):
    # 300 seeded random starts 2010-2065 (inside and outside the precomputed span),
    # N in 1..40, against the naive loop over the holidays package.
    rng = random.Random(f"calendar-{nation}")
    cal = WorkingCalendar(nation, closures=SHUTDOWN)
    lo, hi = D(2010, 1, 1).toordinal(), D(2065, 12, 31).toordinal()
    for _ in range(300):
        start = D.fromordinal(rng.randint(lo, hi))
        n = rng.randint(1, 40)
        assert cal.add_working_days(start, n) == naive_add(nation, start, n, SHUTDOWN), (
            start,
            n,
        )


def test_previous_working_day_steps_back_over_weekends_and_bank_holidays():
    cal = WorkingCalendar("ENG")
    # Tue 29 Dec 2026: back over Mon 28 (Boxing Day substitute), the weekend and
    # Fri 25 (Christmas) to Thu 24.
    assert cal.previous_working_day(date(2026, 12, 29)) == date(2026, 12, 24)
    assert cal.previous_working_day(date(2026, 12, 24)) == date(2026, 12, 23)
    assert cal.previous_working_day(date(2026, 12, 27)) == date(2026, 12, 24)


def test_bank_holiday_fingerprint_is_the_nation_s_bank_holiday_dates():
    england, again = WorkingCalendar("ENG"), WorkingCalendar("ENG", {date(2026, 12, 29): "x"})
    assert england.bank_holiday_fingerprint() == again.bank_holiday_fingerprint()  # closures aside
    assert england.bank_holiday_fingerprint() != WorkingCalendar("SCT").bank_holiday_fingerprint()
    assert len(england.bank_holiday_fingerprint()) == 64
