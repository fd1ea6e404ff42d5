"""Benchmark: what each page costs in process (no HTTP, no gunicorn), layer by layer,
against the floor app, at a landlord's scale.

Run from the repository root (one command):

    .venv/bin/python bench/bench_request_costs.py --db sqlite|postgresql [--rounds 200]

It uses the database bench_scale.py seeds and caches (seeding it first if there is none for
today), so it runs on the same 100,000 complaints as the HTTP benchmark. Each page is
called straight through the WSGI app with the session cookie of a signed-in person, the
best of 5 rounds of --rounds requests, timed as this process's CPU time (which leaves out
what a PostgreSQL server spends; the wall time is printed beside it) and compared with the
floor app (bench/floor_app.py) timed the same way. Before the pages come the layers every
page is built on, each on a route this script adds to its own copy of the app (never the
product's):

- signed out, a route answering "ok": Flask and the portal's hooks (security headers);
- signed in, "ok": + the session cookie, loading the account, the session's time limits;
- signed in, the layout with an empty page: + the header's account navigation (a member of
  staff's has the count of letters and calls to make) and the footer.

For each: CPU ms a request, that as a multiple of the floor's, wall ms, the SQL statements
it runs and their time (timed apart, in one more request). bench_scale.py's throughput
target (a quarter of the floor's requests a second) allows a page about four times the
floor's whole cost, gunicorn's own work included; this shows what the layers under a page
already take of that.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import bench_scale  # noqa: E402


def environ(path: str, cookie: str | None) -> dict:
    """A WSGI request for `path`, with the session cookie when there is one."""
    from werkzeug.test import EnvironBuilder

    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    return EnvironBuilder(path=path, headers=headers).get_environ()


def call(app, env: dict, statuses: set) -> None:
    """One request straight through the WSGI app, its body read to the end."""
    body = app(env, lambda status, _headers, _exc=None: statuses.add(status))
    b"".join(body)
    if hasattr(body, "close"):
        body.close()


def cpu_ms(app, path: str, cookie: str | None, rounds: int) -> tuple[float, float, set]:
    """(best CPU ms, median wall ms) a request over 5 rounds, and the statuses seen."""
    statuses: set = set()
    for _ in range(20):
        call(app, environ(path, cookie), statuses)
    best, walls = float("inf"), []
    for _ in range(5):
        prepared = [environ(path, cookie) for _ in range(rounds)]
        cpu, wall = time.process_time(), time.perf_counter()
        for env in prepared:
            call(app, env, statuses)
        best = min(best, (time.process_time() - cpu) / rounds * 1000)
        walls.append((time.perf_counter() - wall) / rounds * 1000)
    return best, statistics.median(walls), statuses


def statements(app, path: str, cookie: str | None) -> tuple[int, float]:
    """The SQL statements one request runs, and their time in ms (wall, at the driver)."""
    from sqlalchemy import event

    from portal.data.db import db

    with app.app_context():
        engine = db.engine
    seen: list[float] = []

    def before(conn, *_args):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, *_args):
        seen.append(time.perf_counter() - conn.info.pop("bench_started"))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        call(app, environ(path, cookie), set())
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return len(seen), sum(seen) * 1000


def build_app(url: str):
    """The portal on production settings, with the three layer routes added."""
    os.environ.update(DATABASE_URL=url, PORTAL_ENV="production",
                      PORTAL_SECRET_KEY="bench-costs-" + "x" * 32,
                      PORTAL_BASE_URL="http://127.0.0.1:5000")
    from flask_login import login_required

    from portal import create_app

    app = create_app(migrations=False)
    layout = app.jinja_env.from_string(
        '{% extends "base.html" %}{% block title %}Empty{% endblock %}'
        '{% block content %}<h1 class="govuk-heading-l">Empty</h1>{% endblock %}')

    @app.get("/_bench/ok")
    def bench_ok():
        return "ok"

    @app.get("/_bench/signed-in")
    @login_required
    def bench_signed_in():
        return "ok"

    @app.get("/_bench/layout")
    @login_required
    def bench_layout():
        context: dict = {}
        app.update_template_context(context)  # what render_template adds: the layout's globals
        return layout.render(context)

    return app


def cookie_for(app, email: str, password: str) -> str:
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        client = app.test_client()
        reply = client.post("/sign-in", data={"email": email, "password": password})
        if reply.status_code != 303:
            raise SystemExit(f"could not sign in as {email}: {reply.status_code}")
        # A page first, as a browser would: it keeps the session's CSRF token in the cookie
        # (signing in without CSRF left none), so no timed request writes the cookie again.
        client.get("/")
        return client.get_cookie("session").value
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--rounds", type=int, default=200, help="requests a round (5 rounds)")
    args = parser.parse_args(argv)
    today = datetime.now(UTC).date().isoformat()
    before = bench_scale.loadavg()
    server = None
    with tempfile.TemporaryDirectory(prefix="bench-costs-") as folder:
        if args.db == "sqlite":
            url, fixtures, described = bench_scale.sqlite_database(args, Path(folder), today)
        else:
            url, fixtures, described, server = bench_scale.postgres_database(args, today)
        try:
            rows = run(url, fixtures, args)
        finally:
            if server is not None:
                server.stop()
    info = bench_scale.machine()
    print(f"\n**Command** (from the repository root): `.venv/bin/python "
          f"bench/bench_request_costs.py --db {args.db}`\n")
    print(f"**Machine.** nproc {info['nproc']}, {info['cpu']}, {info['memory']}, {info['os']}. "
          f"Python {info['python']}, portal commit {info['commit']}.\n")
    print(f"**Date.** {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Load average before "
          f"{before}, after {bench_scale.loadavg()}.\n")
    print(f"**Database.** {described}\n")
    print(rows)
    return 0


def run(url: str, fixtures: dict, args) -> str:
    from floor_app import app as floor

    app = build_app(url)
    password = fixtures["password"]
    cookies = {who: cookie_for(app, fixtures[who]["email"], password)
               for who in ("staff", "resident", "advocate")}
    layers = [
        ("floor: bare Flask, 10-row page", None, "/", None),
        ("signed out: a route answering ok", app, "/_bench/ok", None),
        ("signed in (staff): ok", app, "/_bench/signed-in", "staff"),
        ("signed in (resident): ok", app, "/_bench/signed-in", "resident"),
        ("staff: the layout, an empty page", app, "/_bench/layout", "staff"),
        ("resident: the layout, an empty page", app, "/_bench/layout", "resident"),
    ]
    pages = [(name, app, path, who) for name, path, who in bench_scale.pages_for(fixtures)]
    again = [("floor again (after the pages)", None, "/", None)]
    measured = []
    for name, target, path, who in layers + pages + again:
        target = target or floor
        cookie = cookies[who] if who else None
        cpu, wall, statuses = cpu_ms(target, path, cookie, args.rounds)
        count, sql = (statements(target, path, cookie) if target is app else (0, 0.0))
        measured.append((name, cpu, wall, count, sql, ", ".join(sorted(statuses))))
        print(f"{name}: {cpu:.2f} ms CPU", file=sys.stderr, flush=True)
    # The machine is shared: the floor is timed first and last, and each page compared
    # with their mean.
    floor_ms = (measured[0][1] + measured[-1][1]) / 2
    lines = [f"Floor: {measured[0][1]:.3f} / {measured[-1][1]:.3f} ms CPU a request (start / "
             "end; the multiples use the mean).", "",
             "| layer or page | CPU ms | x floor's CPU | wall ms | statements | SQL ms | status |",
             "|---|---|---|---|---|---|---|"]
    for name, cpu, wall, count, sql, statuses in measured:
        lines.append(f"| {name} | {cpu:.2f} | {cpu / floor_ms:.1f} | {wall:.2f} | {count} | "
                     f"{sql:.2f} | {statuses} |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
