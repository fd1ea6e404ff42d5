"""What the reports count: the reporting year and the Regulator of Social Housing's
Tenant Satisfaction Measures CH01 and CH02, written down once, pure.

The services count in SQL (services.reporting.tsm); `count_tsm` here is the same rule
over complaints held in memory, the definition the tests check the SQL against.

Definitions (README "Reporting"):

- Reporting year: 1 April to 31 March by default; the first day is configurable.
- A complaint is counted only if it was accepted into the complaints process: refused
  complaints ("not accepted", Code 4.1) are not stage 1 complaints; a councillor's or
  MP's enquiry answered as correspondence is not a complaint; complaints joined into a
  communal complaint count once, through the communal complaint (a petition is one
  complaint already).
- CH01(1): stage 1 complaints received in the year / homes x 1,000. CH01(2): stage 2
  complaints (requests for review, not declined) received in the year / homes x 1,000.
  An escalated complaint counts in both. Withdrawn complaints count by default
  (`count_withdrawn`): receipt is what is measured.
- CH02(1): stage 1 responses sent in the year within the Code's timescale / stage 1
  responses sent in the year x 100; CH02(2) the same at stage 2. "Within" is by the
  Code's due date ("within the original timescale") or, failing that, by the date of an
  extension that itself lies within the Code's limit ("within a valid extension": every
  extension in the portal is told to the resident with its reason). Always against the
  Code's timescales, whatever the landlord's profile says. A complaint resolved at
  first contact was answered on the day it closed.
- Homes: the latest figure dated on or before the last day of the year, per stock type
  (LCRA low-cost rental, LCHO low-cost home ownership).
- Rates are rounded half up to one decimal place; CH02 is None when there were no
  responses, CH01 None when no homes figure is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

STOCK_TYPES = {
    "LCRA": "Low-cost rental accommodation",
    "LCHO": "Low-cost home ownership",
}

ORIGINAL = "original"
EXTENSION = "extension"
LATE = "late"


@dataclass(frozen=True)
class Period:
    """A range of dates, both ends included."""

    start: date
    end: date

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"


@dataclass(frozen=True)
class ReportingYear(Period):
    @property
    def label(self) -> str:
        return f"{self.start.year}/{str(self.start.year + 1)[-2:]}"


def reporting_year(first_year: int, start_month: int = 4, start_day: int = 1) -> ReportingYear:
    """The reporting year starting on (start_day, start_month) of `first_year`: by
    default 1 April `first_year` to 31 March the next year."""
    start = date(first_year, start_month, start_day)
    end = date(first_year + 1, start_month, start_day) - timedelta(days=1)
    return ReportingYear(start, end)


def year_containing(day: date, start_month: int = 4, start_day: int = 1) -> ReportingYear:
    first = day.year if (day.month, day.day) >= (start_month, start_day) else day.year - 1
    return reporting_year(first, start_month, start_day)


def parse_year_start(text: str) -> tuple[int, int]:
    """'04-01' -> (4, 1): the configured first day of the reporting year (MM-DD)."""
    try:
        month, day = (int(part) for part in text.split("-"))
        date(2001, month, day)  # not 29 February: every year needs the day
    except (ValueError, TypeError) as error:
        raise ValueError(f"the reporting year's first day must be MM-DD, not {text!r}") \
            from error
    return month, day


def code_timeliness(sent_on: date, due_on: date, limit_on: date | None,
                    extended_to: date | None) -> str:
    """How a response sent on `sent_on` stands against the Code: by its due date
    (ORIGINAL); later, but by an extended date that is itself within the Code's limit
    (EXTENSION); otherwise LATE (no extension, an extension beyond the Code's limit, or
    sent after even the extended date)."""
    if sent_on <= due_on:
        return ORIGINAL
    if (extended_to is not None and limit_on is not None and extended_to <= limit_on
            and sent_on <= extended_to):
        return EXTENSION
    return LATE


def per_thousand(count: int, homes: int | None) -> float | None:
    if not homes:
        return None
    return _one_place(Decimal(count) * 1000 / Decimal(homes))


def percentage(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return _one_place(Decimal(part) * 100 / Decimal(whole))


def _one_place(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class HomesFigure:
    stock_type: str
    count: int
    on: date


def homes_at(figures: Iterable[HomesFigure], day: date) -> dict[str, int]:
    """Per stock type, the latest figure dated on or before `day`."""
    latest: dict[str, HomesFigure] = {}
    for figure in figures:
        if figure.on <= day and (figure.stock_type not in latest
                                 or figure.on > latest[figure.stock_type].on):
            latest[figure.stock_type] = figure
    return {kind: figure.count for kind, figure in latest.items()}


@dataclass(frozen=True)
class Settings:
    count_withdrawn: bool = True


@dataclass(frozen=True)
class Facts:
    """What the measures need of one complaint (the Code's dates from the read model)."""

    received_on: date
    stock_type: str = "LCRA"
    status: str = "stage1"
    refused: bool = False
    correspondence: bool = False  # a councillor's enquiry answered as correspondence
    joined: bool = False  # joined into a communal complaint
    stage1_answered_on: date | None = None
    stage1_code_due_on: date | None = None
    stage1_code_limit_on: date | None = None
    stage1_extended_to: date | None = None
    stage2_requested_on: date | None = None
    stage2_declined: bool = False
    stage2_sent_on: date | None = None
    stage2_code_due_on: date | None = None
    stage2_code_limit_on: date | None = None
    stage2_extended_to: date | None = None

    @property
    def counted(self) -> bool:
        return not (self.refused or self.correspondence or self.joined)


@dataclass
class Counts:
    stage1_received: int = 0
    stage2_received: int = 0
    stage1_responses: int = 0
    stage1_within_original: int = 0
    stage1_within_extension: int = 0
    stage2_responses: int = 0
    stage2_within_original: int = 0
    stage2_within_extension: int = 0

    @property
    def stage1_within(self) -> int:
        return self.stage1_within_original + self.stage1_within_extension

    @property
    def stage2_within(self) -> int:
        return self.stage2_within_original + self.stage2_within_extension

    def __add__(self, other: Counts) -> Counts:
        names = self.__dataclass_fields__
        return Counts(**{n: getattr(self, n) + getattr(other, n) for n in names})


def _tally(counts: Counts, stage: int, how: str) -> None:
    setattr(counts, f"stage{stage}_responses", getattr(counts, f"stage{stage}_responses") + 1)
    if how != LATE:
        name = f"stage{stage}_within_{how}"
        setattr(counts, name, getattr(counts, name) + 1)


def count_tsm(complaints: Iterable[Facts], period: Period,
              settings: Settings = Settings()) -> dict[str, Counts]:
    """The CH01/CH02 counts per stock type (the definition; SQL does the same)."""
    found: dict[str, Counts] = {kind: Counts() for kind in STOCK_TYPES}
    for c in complaints:
        if not c.counted:
            continue
        counts = found[c.stock_type]
        if c.received_on in period and (settings.count_withdrawn or c.status != "withdrawn"):
            counts.stage1_received += 1
        # An escalated complaint counts again here, in the year the review was asked for.
        if (c.stage2_requested_on in period and not c.stage2_declined
                and (settings.count_withdrawn or c.status != "withdrawn")):
            counts.stage2_received += 1
        if c.stage1_answered_on in period and c.stage1_code_due_on is not None:
            _tally(counts, 1, code_timeliness(c.stage1_answered_on, c.stage1_code_due_on,
                                              c.stage1_code_limit_on, c.stage1_extended_to))
        if c.stage2_sent_on in period and c.stage2_code_due_on is not None:
            _tally(counts, 2, code_timeliness(c.stage2_sent_on, c.stage2_code_due_on,
                                              c.stage2_code_limit_on, c.stage2_extended_to))
    return found


@dataclass(frozen=True)
class Figures:
    homes: int | None
    counts: Counts
    ch01_stage1: float | None = None
    ch01_stage2: float | None = None
    ch02_stage1: float | None = None
    ch02_stage2: float | None = None
    by_stock_type: dict[str, Figures] = field(default_factory=dict)

    def as_json(self, year_label: str | None = None) -> dict:
        c = self.counts
        out = {
            "homes": self.homes,
            "stage1_received": c.stage1_received,
            "stage2_received": c.stage2_received,
            "stage1_responses": c.stage1_responses,
            "stage1_within": c.stage1_within,
            "stage2_responses": c.stage2_responses,
            "stage2_within": c.stage2_within,
            "ch01_stage1": self.ch01_stage1,
            "ch01_stage2": self.ch01_stage2,
            "ch02_stage1": self.ch02_stage1,
            "ch02_stage2": self.ch02_stage2,
        }
        if year_label is not None:
            out = {"year": year_label, **out,
                   "by_stock_type": {k: v.as_json() for k, v in self.by_stock_type.items()}}
        return out


def _figures(counts: Counts, homes: int | None) -> Figures:
    return Figures(
        homes=homes, counts=counts,
        ch01_stage1=per_thousand(counts.stage1_received, homes),
        ch01_stage2=per_thousand(counts.stage2_received, homes),
        ch02_stage1=percentage(counts.stage1_within, counts.stage1_responses),
        ch02_stage2=percentage(counts.stage2_within, counts.stage2_responses),
    )


def tsm_figures(counts: dict[str, Counts], homes: dict[str, int]) -> Figures:
    """CH01 and CH02 overall and per stock type from the counts and the homes."""
    per_type = {kind: _figures(counts.get(kind, Counts()), homes.get(kind))
                for kind in STOCK_TYPES}
    total = Counts()
    for kind in STOCK_TYPES:
        total = total + counts.get(kind, Counts())
    total_homes = sum(homes.values()) if homes else None
    return replace(_figures(total, total_homes), by_stock_type=per_type)
