"""Working days for a UK nation, plus a landlord's closure days.

"N working days after D" is the N-th working day strictly after D (SPEC §3):
D itself never counts, whether or not it is a working day.

The calendar precomputes a sorted array of working days (as ordinals) for a
span of years, so adding working days is one binary search and one index,
not a day-by-day loop.
"""

from __future__ import annotations

import calendar as _stdcal
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
NATIONS = {
    "ENG": "England",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}


def london_date(instant: datetime) -> date:
    """The Europe/London calendar date of an instant (naive instants are UTC)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(LONDON).date()


def add_calendar_months(d: date, months: int) -> date:
    """Add calendar months, clamping to the last day of the month (SPEC §3)."""
    month_index = d.month - 1 + months
    year = d.year + month_index // 12
    month = month_index % 12 + 1
    last = _stdcal.monthrange(year, month)[1]
    return date(year, month, min(d.day, last))


@dataclass(frozen=True)
class SkippedDay:
    """A day passed over while counting: a weekend, bank holiday or closure."""

    on: date
    kind: str  # "weekend" | "bank holiday" | "closure"
    name: str

    def describe(self) -> str:
        day = f"{self.on:%A} {self.on.day} {self.on:%B %Y}"
        if self.kind == "weekend":
            return f"{day} (weekend{', ' + self.name if self.name else ''})"
        if self.kind == "bank holiday":
            return f"{day} ({self.name}, bank holiday)"
        return f"{day} ({self.name}, closure day)"


@dataclass(frozen=True)
class Count:
    """The working of one "N working days after D": everything needed to check it."""

    start: date
    days: int
    result: date
    skipped: tuple[SkippedDay, ...] = field(default_factory=tuple)


class WorkingCalendar:
    """Working days of one nation with a landlord's closure days.

    Build it once (it is immutable) and share it; building a new one is how
    closure days or a newly announced bank holiday take effect.
    """

    def __init__(
        self,
        nation: str = "ENG",
        closures: dict[date, str] | None = None,
        first_year: int = 2015,
        last_year: int = 2045,
    ) -> None:
        if nation not in NATIONS:
            raise ValueError(f"Unknown nation {nation!r}: use one of {', '.join(NATIONS)}")
        self.nation = nation
        self.closures: dict[date, str] = dict(closures or {})
        self._build(first_year, last_year)

    def _build(self, first_year: int, last_year: int) -> None:
        self.first_year = first_year
        self.last_year = last_year
        bank = holidays.UK(subdiv=self.nation, years=range(first_year, last_year + 1))
        self.bank_holidays: dict[date, str] = {d: str(n) for d, n in bank.items()}
        start = date(first_year, 1, 1).toordinal()
        end = date(last_year, 12, 31).toordinal()
        closed = {d.toordinal() for d in self.bank_holidays} | {
            d.toordinal() for d in self.closures
        }
        # Monday is ordinal % 7 == 1; Saturday 6, Sunday 0.
        self._working: list[int] = [
            o for o in range(start, end + 1) if o % 7 not in (6, 0) and o not in closed
        ]

    def _ensure(self, d: date, margin_days: int = 0) -> None:
        need_first = min(d.year, (d - timedelta(days=margin_days)).year)
        need_last = (d + timedelta(days=margin_days * 2 + 60)).year
        if need_first < self.first_year or need_last > self.last_year:
            self._build(min(need_first, self.first_year), max(need_last, self.last_year))

    # -- questions about one day ------------------------------------------
    def why_not_working(self, d: date) -> SkippedDay | None:
        """None for a working day, else why the day does not count."""
        holiday = self._holiday_name(d)
        if d in self.closures:
            return SkippedDay(d, "closure", self.closures[d])
        if d.weekday() >= 5:
            return SkippedDay(d, "weekend", holiday or "")
        if holiday:
            return SkippedDay(d, "bank holiday", holiday)
        return None

    def _holiday_name(self, d: date) -> str | None:
        self._ensure(d)
        return self.bank_holidays.get(d)

    def is_working_day(self, d: date) -> bool:
        return self.why_not_working(d) is None

    # -- counting -----------------------------------------------------------
    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day strictly after d (n >= 1)."""
        if n < 1:
            raise ValueError("n must be at least 1 working day")
        self._ensure(d, n)
        index = bisect_right(self._working, d.toordinal()) + n - 1
        if index >= len(self._working):
            self._build(self.first_year, self.last_year + 10)
            return self.add_working_days(d, n)
        return date.fromordinal(self._working[index])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall in (start, end]: 0 when end <= start."""
        if end <= start:
            return 0
        self._ensure(start)
        self._ensure(end)
        return bisect_right(self._working, end.toordinal()) - bisect_right(
            self._working, start.toordinal()
        )

    def next_working_day_on_or_after(self, d: date) -> date:
        self._ensure(d, 10)
        return date.fromordinal(self._working[bisect_left(self._working, d.toordinal())])

    def count(self, d: date, n: int) -> Count:
        """add_working_days with its working shown: every day skipped on the way."""
        result = self.add_working_days(d, n)
        skipped = []
        day = d + timedelta(days=1)
        while day < result:
            why = self.why_not_working(day)
            if why is not None:
                skipped.append(why)
            day += timedelta(days=1)
        return Count(start=d, days=n, result=result, skipped=tuple(skipped))
