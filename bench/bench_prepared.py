"""PostgreSQL: the same pages with and without keeping prepared statements between
requests (portal.data.db.configure_postgresql), in one process, interleaved request by
request so that a noisy machine slows both alike.

    DATABASE_URL=postgresql+psycopg://... PW=bench-password-1 \\
    .venv/bin/python bench/bench_prepared.py handler1@staff.bench.example \\
        "/staff?tab=open" "/staff?tab=open&page=50" "/staff?q=Quillfeather"

Point it at a database seeded by bench/seed_scale.py (bench_scale.py --db postgresql
keeps a dump of one in instance/bench-scale/). Prints the median wall time of each page
over 300 requests each way, and the ratio.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PORTAL_ENV", "production")
os.environ.setdefault("PORTAL_SECRET_KEY", "bench-prepared-" + "x" * 32)
os.environ.setdefault("PORTAL_BASE_URL", "http://127.0.0.1:5000")

from bench_request_costs import cookie_for  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

import portal.data.db as data  # noqa: E402
from portal import create_app  # noqa: E402

ROUNDS = 300


def main(who: str, paths: list[str]) -> None:
    kept = create_app(migrations=False)
    real = data.configure_postgresql
    data.configure_postgresql = lambda engine: None
    try:
        planned = create_app(migrations=False)
    finally:
        data.configure_postgresql = real
    statuses = set()

    def call(app, path, cookie) -> float:
        environ = EnvironBuilder(path=path, headers={"Cookie": f"session={cookie}"}).get_environ()
        start = time.perf_counter()
        body = app(environ, lambda status, headers, exc=None: statuses.add(status))
        b"".join(body)
        body.close()
        return time.perf_counter() - start

    apps = {"prepared kept": kept, "planned each time": planned}
    cookies = {name: cookie_for(app, who, os.environ["PW"]) for name, app in apps.items()}
    print(f"{'page':40s} {'kept, ms':>10s} {'planned, ms':>12s} {'ratio':>6s}")
    for path in paths:
        times = {name: [] for name in apps}
        for name, app in apps.items():
            for _ in range(10):
                call(app, path, cookies[name])
        for _ in range(ROUNDS):
            for name, app in apps.items():
                times[name].append(call(app, path, cookies[name]))
        a, b = (statistics.median(times[n]) * 1000 for n in apps)
        print(f"{path:40s} {a:10.2f} {b:12.2f} {b / a:6.2f}")
    print("statuses:", ", ".join(sorted(statuses)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
