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
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from portal.domain import bank_holidays as bank_holiday_table

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


@dataclass(frozen=True)
class _Span:
    """Everything precomputed for a span of years, replaced as a whole (never
    mutated) so a thread reading it always sees one consistent version."""

    first_ordinal: int
    last_ordinal: int
    working: tuple[int, ...]
    bank_holidays: dict[date, str]


class WorkingCalendar:
    """Working days of one nation with a landlord's closure days.

    Build it once and share it: its closure days cannot change after it is
    built (build a new calendar to add one), and the precomputed span grows by
    swapping in a new immutable `_Span`, so concurrent readers are safe.
    """

    def __init__(
        self,
        nation: str = "ENG",
        closures: Mapping[date, str] | None = None,
        first_year: int = 2015,
        last_year: int = 2045,
    ) -> None:
        if nation not in NATIONS:
            raise ValueError(f"Unknown nation {nation!r}: use one of {', '.join(NATIONS)}")
        self.nation = nation
        self.closures: Mapping[date, str] = MappingProxyType(dict(closures or {}))
        self._span = self._build(first_year, last_year)

    @property
    def bank_holidays(self) -> Mapping[date, str]:
        return self._span.bank_holidays

    def bank_holiday_fingerprint(self, first_year: int = 2015, last_year: int = 2045) -> str:
        """Which days the `holidays` package says are this nation's bank holidays (dates
        only, over a fixed span of years), as a SHA-256: it changes when a new release
        of the package adds, moves or removes one, and not otherwise."""
        import hashlib

        days = sorted(bank_holiday_table.for_nation(self.nation, first_year, last_year))
        text = self.nation + ":" + ",".join(d.isoformat() for d in days)
        return hashlib.sha256(text.encode()).hexdigest()

    def _build(self, first_year: int, last_year: int) -> _Span:
        names = bank_holiday_table.for_nation(self.nation, first_year, last_year)
        start = date(first_year, 1, 1).toordinal()
        end = date(last_year, 12, 31).toordinal()
        closed = {d.toordinal() for d in names} | {d.toordinal() for d in self.closures}
        # Monday is ordinal % 7 == 1; Saturday 6, Sunday 0.
        working = tuple(o for o in range(start, end + 1) if o % 7 not in (6, 0) and o not in closed)
        return _Span(start, end, working, names)

    def _span_for(self, ordinal: int, ahead_days: int = 0) -> _Span:
        """The current span, grown first if `ordinal` (plus a margin) is outside it."""
        span = self._span
        if span.first_ordinal <= ordinal and ordinal + ahead_days + 60 <= span.last_ordinal:
            return span
        first = min(
            date.fromordinal(max(ordinal, 1)).year, date.fromordinal(span.first_ordinal).year
        )
        last = max(
            date.fromordinal(ordinal + ahead_days + 60).year + 1,
            date.fromordinal(span.last_ordinal).year,
        )
        span = self._build(first, last)
        self._span = span
        return span

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
        return self._span_for(d.toordinal()).bank_holidays.get(d)

    def is_working_day(self, d: date) -> bool:
        return self.why_not_working(d) is None

    # -- counting -----------------------------------------------------------
    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day strictly after d (n >= 1)."""
        if n < 1:
            raise ValueError("n must be at least 1 working day")
        ordinal = d.toordinal()
        # A working day is at most 7 calendar days from the next, even at Christmas.
        span = self._span_for(ordinal, n * 2 + 14)
        working = span.working
        return date.fromordinal(working[bisect_right(working, ordinal) + n - 1])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall in (start, end]: 0 when end <= start."""
        if end <= start:
            return 0
        self._span_for(start.toordinal())
        working = self._span_for(end.toordinal()).working
        return bisect_right(working, end.toordinal()) - bisect_right(working, start.toordinal())

    def next_working_day_on_or_after(self, d: date) -> date:
        working = self._span_for(d.toordinal(), 14).working
        return date.fromordinal(working[bisect_left(working, d.toordinal())])

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before d."""
        working = self._span_for(d.toordinal() - 14, 14).working
        return date.fromordinal(working[bisect_left(working, d.toordinal()) - 1])

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
