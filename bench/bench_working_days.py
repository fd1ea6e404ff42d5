"""Benchmark: 100,000 "add N working days" (England), WorkingCalendar against the naive loop.

Run from the repository root:

    .venv/bin/python bench/bench_working_days.py

Starts are random dates 2020-01-01..2030-12-31 and N is random in 1..30, from a fixed
seed, so every run times the same 100,000 questions. Each method is timed in the same
run, best of --repeat rounds (garbage collection off while timing), and every method's
answers are asserted identical to the naive loop's before anything is printed.

Methods:
- naive: step one day at a time from the start, asking a `holidays.UK(subdiv="ENG")`
  object whether each weekday is a bank holiday (its years are populated beforehand, so
  only the lookups are timed);
- WorkingCalendar.add_working_days, on one calendar built beforehand;
- reference: a bare `bisect` over a sorted list of working-day ordinals built here, with
  no range check: the floor for this approach in pure Python, for comparison.

Construction rows time `WorkingCalendar("ENG")` (2015-2045 precomputed): the first one in
the process (it pays the holidays package's one-off start-up costs) and the best of the
later ones; and, for comparison, building the holidays object and populating 2020-2031.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

# Run as a script, sys.path[0] is bench/: make the `portal` package importable.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import holidays  # noqa: E402

from portal.domain.calendar import WorkingCalendar  # noqa: E402

SEED = 20261125
FIRST, LAST = date(2020, 1, 1), date(2030, 12, 31)
ONE_DAY = timedelta(days=1)


def make_cases(calls: int, seed: int) -> list[tuple[date, int]]:
    rng = random.Random(seed)
    lo, hi = FIRST.toordinal(), LAST.toordinal()
    return [(date.fromordinal(rng.randint(lo, hi)), rng.randint(1, 30)) for _ in range(calls)]


def timed(run: Callable[[], list[date]], repeat: int) -> tuple[list[date], list[float]]:
    """Results of the last round and the seconds each round took, GC off while timing."""
    seconds = []
    result: list[date] = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            result = run()
            seconds.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return result, seconds


def build_holidays() -> holidays.HolidayBase:
    bank = holidays.UK(subdiv="ENG")
    for year in range(FIRST.year, LAST.year + 2):  # populate every year a result can reach
        date(year, 1, 1) in bank  # noqa: B015 - the lookup populates the year
    return bank


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds per method (best kept)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)

    cases = make_cases(args.calls, args.seed)

    # -- construction ---------------------------------------------------------------
    _, build_wc = timed(lambda: [WorkingCalendar("ENG")], args.repeat)
    _, build_hol = timed(lambda: [build_holidays()], args.repeat)
    calendar = WorkingCalendar("ENG")
    bank = build_holidays()

    # -- the three methods ----------------------------------------------------------
    def naive() -> list[date]:
        out = []
        for start, n in cases:
            day = start
            while n:
                day += ONE_DAY
                if day.weekday() < 5 and day not in bank:
                    n -= 1
            out.append(day)
        return out

    def working_calendar() -> list[date]:
        add = calendar.add_working_days
        return [add(start, n) for start, n in cases]

    first, last = date(2015, 1, 1).toordinal(), date(2045, 12, 31).toordinal()
    working = [o for o in range(first, last + 1) if o % 7 not in (6, 0)]
    working = [o for o in working if date.fromordinal(o) not in bank]

    def reference() -> list[date]:
        fromordinal = date.fromordinal
        return [
            fromordinal(working[bisect_right(working, s.toordinal()) + n - 1]) for s, n in cases
        ]

    naive_result, naive_s = timed(naive, args.repeat)
    wc_result, wc_s = timed(working_calendar, args.repeat)
    ref_result, ref_s = timed(reference, args.repeat)

    assert wc_result == naive_result, "WorkingCalendar disagrees with the naive loop"
    assert ref_result == naive_result, "the bisect reference disagrees with the naive loop"

    # -- report ---------------------------------------------------------------------
    calls = args.calls
    best_naive = min(naive_s)
    rows = [
        ("naive loop asking holidays.UK(subdiv='ENG')", naive_s, True),
        ("WorkingCalendar.add_working_days", wc_s, True),
        ("reference: bare bisect, no range check", ref_s, True),
        ("WorkingCalendar('ENG') construction, first", build_wc[:1], False),
        ("WorkingCalendar('ENG') construction, warm", build_wc[1:] or build_wc, False),
        ("holidays.UK('ENG') built + 2020-2031 populated", build_hol, False),
    ]
    print(
        f"{calls:,} x add N working days (ENG), starts {FIRST}..{LAST}, N 1..30, "
        f"seed {args.seed}; best of {args.repeat} rounds"
    )
    print(f"Python {platform.python_version()}, holidays {holidays.__version__}")
    print("All methods agree with the naive loop on every case.")
    print()
    header = (
        f"| {'method':<48} | {'total ms':>9} | {'median ms':>9} | {'µs/call':>8} "
        f"| {'speed-up':>8} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for name, seconds, per_call in rows:
        best = min(seconds)
        median = statistics.median(seconds)
        micro = f"{best / calls * 1e6:.2f}" if per_call else "-"
        speed = f"{best_naive / best:.1f}x" if per_call else "-"
        print(
            f"| {name:<48} | {best * 1e3:>9.1f} | {median * 1e3:>9.1f} | {micro:>8} | {speed:>8} |"
        )
    speed_up = best_naive / min(wc_s)
    print()
    verdict = "met" if speed_up >= 10 else "NOT met"
    print(f"Target: WorkingCalendar >= 10x faster than the naive loop: {verdict} ({speed_up:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
