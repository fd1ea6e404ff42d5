"""Time every report on a landlord-scale database: 100,000 complaints and about a
million events (bench/seed_scale.py), on SQLite and, with --postgresql, PostgreSQL.

Run from the repository root:

    .venv/bin/python bench/bench_reports.py                 # SQLite
    .venv/bin/python bench/bench_reports.py --postgresql    # and PostgreSQL
    .venv/bin/python bench/bench_reports.py --seeded PATH   # start from a seeded SQLite file
    .venv/bin/python bench/bench_reports.py --no-sqlite --postgresql --pg-dump PATH
                                                            # PostgreSQL from a kept pg_dump

The database: a SQLite file seeded by bench/seed_scale.py (the one bench/bench_scale.py
caches in instance/bench-scale/ is used when there is one, or --seeded PATH; otherwise it
is seeded now, ~3 minutes, and kept in instance/bench-reports/). A copy is migrated to
this checkout's newest revision (`db upgrade`), every complaint's reporting dates are
worked out (`flask reports rebuild`, timed), one complaint in ten is marked as a
shared-ownership home (LCHO), and homes figures are entered. Then each report runs for
a full reporting year (the last complete one before the seed's today, and the year so
far), 5 times after one warm-up, and the median and worst times are printed with the
statements each sends. Target: every report under 1 second for a full year.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for path in (ROOT, BENCH):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import seed_scale  # noqa: E402

CACHE = ROOT / "instance" / "bench-reports"
RUNS = 5


def log(message: str = "") -> None:
    print(message, flush=True)


def seeded_sqlite(args) -> Path:
    if args.seeded:
        return Path(args.seeded)
    for folder in (ROOT / "instance" / "bench-scale", CACHE):
        found = sorted(folder.glob(f"sqlite-{args.complaints}-*.sqlite"))
        if found:
            return found[-1]
    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / f"sqlite-{args.complaints}-seeded.sqlite"
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    log(f"Seeding {args.complaints:,} complaints into {partial} ...")
    seed_scale.seed(f"sqlite:///{partial}", args.complaints, log=log)
    partial.rename(target)
    return target


def flask(url: str, *command: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", *command],
                            cwd=ROOT, env=seed_scale.flask_env(url), capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise SystemExit(f"flask {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - start


def prepare(url: str, rebuild: bool = True) -> dict[str, float]:
    """Upgrade, and work out the reporting dates (not needed just after seed_scale, whose
    `flask deadlines rebuild` writes both read models)."""
    timings = {"db upgrade": flask(url, "db", "upgrade")}
    if rebuild:
        timings["reports rebuild"] = flask(url, "reports", "rebuild")
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE complaints SET stock_type = 'LCHO' WHERE id % 10 = 0"))
    engine.dispose()
    for kind, count in (("LCRA", "27000"), ("LCHO", "3000")):
        flask(url, "reports", "homes", "set", "--stock-type", kind, "--count", count,
              "--on", "2024-04-01")
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"),
                             autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    return timings


def timed(app, name: str, call) -> tuple[str, float, float, int]:
    from sqlalchemy import event

    from portal.data.db import db

    statements = 0

    def count(*_args, **_kwargs):
        nonlocal statements
        statements += 1

    with app.test_request_context():
        call()  # warm-up
        db.session.rollback()
    times = []
    for run in range(RUNS):
        with app.test_request_context():
            engine = db.engine
            if run == 0:
                event.listen(engine, "before_cursor_execute", count)
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
            if run == 0:
                event.remove(engine, "before_cursor_execute", count)
            db.session.rollback()
    return name, statistics.median(times), max(times), statements


def run_reports(url: str, today: date) -> list[tuple[str, float, float, int]]:
    from portal import create_app
    from portal.config import Settings
    from portal.data.db import db
    from portal.data.models import User
    from portal.domain import reporting as rules
    from portal.services.reporting import export, overview, tsm

    app = create_app(Settings(env="test", secret_key="bench", database_url=url))
    with app.app_context():
        manager_id = db.session.scalar(db.select(User.id).where(
            User.staff_role == "complaints_manager").limit(1))
    so_far = rules.year_containing(today)
    full = rules.reporting_year(so_far.start.year - 1)
    rows = []

    def manager():
        return db.session.get(User, manager_id)

    for label, year in ((f"full year {full.label}", full),
                        (f"year so far {so_far.label}", so_far)):
        period = rules.Period(year.start, min(year.end, today))
        rows += [
            timed(app, f"TSM CH01/CH02 counts, {label}", lambda y=year: tsm.tsm(y.start.year)),
            timed(app, f"Overview page's figures, {label}",
                  lambda p=period: overview.overview(manager(), p, today)),
            timed(app, f"CH02(1) late complaints, first page, {label}",
                  lambda p=period: tsm.members(manager(), "stage1_late", p, 1)),
            timed(app, f"CH01(1) complaints counted, last page, {label}",
                  lambda p=period: tsm.members(manager(), "stage1_received", p, 10_000)),
        ]
    rows.append(timed(app, f"CSV export, full year {full.label}", lambda: export.export(
        export.Filters(full.start, full.end), "csv")))
    month = rules.Period(full.start, full.start.replace(day=30))
    rows.append(timed(app, f"XLSX export, April of {full.label} (the web's limit is "
                      f"{export.XLSX_WEB_LIMIT:,} rows)", lambda: export.export(
                          export.Filters(month.start, month.end), "xlsx")))
    with app.app_context():
        from sqlalchemy import func, select

        from portal.data.models import Complaint, Event

        counts = (db.session.scalar(select(func.count()).select_from(Complaint)),
                  db.session.scalar(select(func.count()).select_from(Event)),
                  db.session.scalar(select(func.count()).select_from(Complaint).where(
                      Complaint.received_on.between(full.start, full.end))))
        db.engine.dispose()
    log(f"{counts[0]:,} complaints, {counts[1]:,} events; {counts[2]:,} received in "
        f"{full.label}")
    return rows


def report(title: str, described: str, prep: dict[str, float], rows) -> None:
    log("")
    log(f"## {title}")
    log(described)
    log("; ".join(f"{k}: {v:.1f} s" for k, v in prep.items()))
    log(f"load average before: {load_before}; after: {loadavg()}")
    log("")
    log("| report | median | worst of 5 | statements | under 1 s |")
    log("|---|---:|---:|---:|---|")
    for name, median, worst, statements in rows:
        ok = "yes" if worst < 1 else "NO"
        log(f"| {name} | {median * 1000:.0f} ms | {worst * 1000:.0f} ms | {statements} | {ok} |")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


load_before = loadavg()


def main(argv: list[str] | None = None) -> int:
    global load_before
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--seeded", help="a SQLite file seeded by bench/seed_scale.py")
    parser.add_argument("--postgresql", action="store_true", help="also PostgreSQL")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--pg-dump", help="with --postgresql: restore this pg_dump (the one "
                        "bench/bench_scale.py keeps in instance/bench-scale/) instead of "
                        "seeding for 20 minutes or more")
    parser.add_argument("--keep", help="keep the prepared SQLite copy here, and reuse it "
                        "when it exists (skips the upgrade and rebuild)")
    args = parser.parse_args(argv)
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    log(f"# bench_reports {date.today().isoformat()}: {os.cpu_count()} cores, {cpu}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    folder = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    try:
        if not args.no_sqlite:
            source = seeded_sqlite(args)
            copy = Path(args.keep) if args.keep else folder / "portal.sqlite"
            url = f"sqlite:///{copy}"
            if args.keep and copy.exists():
                prep = {"reused prepared copy": 0.0}
            else:
                shutil.copyfile(source, copy)
                prep = prepare(url)
            load_before = loadavg()
            today = _seed_today(url)
            rows = run_reports(url, today)
            report("SQLite", f"copy of {source} ({copy.stat().st_size / 1e6:,.0f} MB), seed's "
                   f"today {today}", prep, rows)
        if args.postgresql:
            from tests.support.postgres import PostgresServer

            server = PostgresServer()
            try:
                server.execute("CREATE DATABASE bench")
                url = server.url("bench")
                start = time.perf_counter()
                if args.pg_dump:
                    from tests.support.postgres import PG_BIN

                    log(f"Restoring {args.pg_dump} ...")
                    subprocess.run([str(PG_BIN / "pg_restore"), "-h", "127.0.0.1", "-p",
                                    str(server.port), "-U", "postgres", "-d", "bench", "-j",
                                    "2", "--no-owner", args.pg_dump], check=True)
                    how = "pg_restore of the kept dump"
                else:
                    log(f"Seeding {args.complaints:,} complaints into PostgreSQL ...")
                    seed_scale.seed(url, args.complaints, log=log)
                    how = "seed (with deadlines rebuild)"
                seeded = time.perf_counter() - start
                load_before = loadavg()
                prep = {how: seeded, **prepare(url, rebuild=False)}
                today = _seed_today(url)
                rows = run_reports(url, today)
                report("PostgreSQL", f"throwaway server (fsync off as in the tests), seed's "
                       f"today {today}", prep, rows)
            finally:
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _seed_today(url: str) -> date:
    """The seed's today: the latest date anything was received (seeds are current)."""
    from sqlalchemy import create_engine, func, select

    from portal.data.models import Complaint

    engine = create_engine(url)
    with engine.connect() as conn:
        latest = conn.scalar(select(func.max(Complaint.received_on)))
    engine.dispose()
    return latest if isinstance(latest, date) else date.fromisoformat(str(latest))


if __name__ == "__main__":
    raise SystemExit(main())
