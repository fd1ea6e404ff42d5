"""Benchmark: the portal at a landlord's scale, over HTTP, under gunicorn, driven by wrk.

Run from the repository root (one command; `make bench-scale` runs the default):

    .venv/bin/python bench/bench_scale.py --db sqlite|postgresql [--complaints 100000]
        [--duration 10] [--connections 8]

Needs `wrk` (Debian: `apt-get install wrk`) and, for --db postgresql, the PostgreSQL 15
server binaries (`sh scripts/system-packages.sh` installs them for the tests).

What it does, in order:

1. The database. SQLite: a database seeded by bench/seed_scale.py is cached in
   instance/bench-scale/ by size (its name carries a hash of the seeder, the seed and the
   day, so a changed seeder or another day seeds again), and each run works on a copy of
   it in a temporary folder, brought to this checkout's newest migration first.
   PostgreSQL: a throwaway PostgreSQL 15 server (tests/support/postgres.py, on a free
   loopback port, in a temporary folder, fsync off as in the tests), seeded the same way
   the first time and then restored from a `pg_dump` kept in instance/bench-scale/
   (followed by VACUUM ANALYZE and the newest migrations).
2. The portal under gunicorn on 127.0.0.1: 2 sync workers, production settings
   (PORTAL_ENV=production, a random PORTAL_SECRET_KEY, PORTAL_BASE_URL), gunicorn's
   defaults otherwise (--timeout, 30 s unless --worker-timeout says otherwise); and the
   floor, a bare Flask app rendering a 10-row Jinja page (bench/floor_app.py), under the
   same settings.
3. Signs in over HTTP as a case handler, a resident and an advocate (GET /sign-in, the
   CSRF token from the page, POST the email and password), keeping each session cookie.
4. Each page: one probe request first (its status and time; a page so slow that one
   round of --connections requests, each worker taking its share in turn, would take
   more than twice --duration is reported from the probe alone), then wrk for --duration
   seconds with --connections connections on --threads threads and --wrk-timeout, the
   session cookie sent by bench/wrk_pages.lua, which counts every response that is not
   2xx as an error (a 302 to the sign-in page included). Between pages it waits until the
   server has finished every request wrk left queued (bench/gunicorn_bench.py marks busy
   workers; the listen socket's accept queue must be empty).
   Pages: the staff queue tabs (open page 1 and page 50, new, due today, overdue, mine,
   stage 1, stage 2, closed), the queue searched by reference, postcode and name, the
   staff complaint page, the resident's complaint page, the resident's letter (a stored
   PDF), the adviser's dashboard (/representing); the floor at the start and the end.
5. Memory: RSS (and peak RSS, VmHWM) of each gunicorn worker from /proc, after the
   pages and after the submissions.
6. 200 concurrent final submissions: 200 residents each sign in and fill in a complaint
   page by page over HTTP (GET and POST every step, 16 at a time: "journey"), then all
   200 POST the final "check your answers" step at the same moment (a barrier): created
   (303 to the confirmation page), unique references, errors, latency; the database is
   then asked how many complaints were really added.

Everything printed can be pasted into BENCHMARKS.md: the machine (nproc, CPU model,
memory), the date, the load average before and after, the exact command, the seeding
time, and a table per part.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for path in (ROOT, BENCH):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import seed_scale  # noqa: E402

CACHE = ROOT / "instance" / "bench-scale"
BIN = ROOT / ".venv" / "bin"
USER_AGENT = "bench-scale"
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"'
                  r'|name="csrf_token"[^>]*value="([^"]+)"')


def log(message: str = "") -> None:
    print(message, flush=True)


# -- the machine ------------------------------------------------------------------------------


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    os_name = "Linux"
    if Path("/etc/os-release").exists():
        found = re.search(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text(), re.M)
        os_name = found.group(1) if found else os_name
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    gunicorn = subprocess.run([str(BIN / "gunicorn"), "--version"], capture_output=True,
                              text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "portal", "migrations",
                            "templates", "bench"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    return {
        "nproc": nproc, "cpu": cpu, "memory": f"{mem_kb / 1024 / 1024:.1f} GiB "
        f"(MemTotal {mem_kb:,} kB)", "os": f"{os_name}, Linux {platform.release()}",
        "python": platform.python_version(),
        "wrk": ((wrk.stdout or wrk.stderr).splitlines() or ["?"])[0].split(" Copyright")[0],
        "gunicorn": gunicorn, "sqlite": sqlite3.sqlite_version,
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
    }


# -- HTTP ---------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Client:
    """A browser, as far as the portal can tell: cookies kept (Secure ones too, since the
    benchmark speaks plain HTTP on loopback), one User-Agent, redirects not followed."""

    port: int
    timeout: float = 120.0
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""  # the session's CSRF token, once read from a page
    requests: int = 0

    def request(self, method: str, path: str, form: dict | None = None) -> Reply:
        headers = {"User-Agent": USER_AGENT, "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.requests += 1
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - start
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return Reply(response.status, response.headers, data, seconds)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Reply:
        return self.request("POST", path, form)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1) or found.group(2)


def sign_in(port: int, email: str, password: str) -> Client:
    client = Client(port)
    page = client.get("/sign-in")
    reply = client.post("/sign-in", {"csrf_token": csrf_token(page.text()), "email": email,
                                     "password": password})
    if reply.status != 303 or "/sign-in" in reply.location:
        raise RuntimeError(f"signing in as {email} failed: {reply.status} "
                           f"{reply.text()[:500]}")
    home = client.get(reply.location)
    if home.status != 200:
        raise RuntimeError(f"{email}: {reply.location} answered {home.status} after sign-in")
    client.token = csrf_token(home.text())  # signing in starts a new session: a new token
    return client


# -- servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn on 127.0.0.1 with 2 sync workers; the app and the environment given."""

    def __init__(self, name: str, app: str, env: dict, folder: Path, *, workers: int,
                 timeout: int, port: int | None = None, extra: list[str] | None = None) -> None:
        self.name = name
        self.port = port or free_port()
        self.busy = folder / f"busy-{name}"
        self.busy.mkdir()
        self.log = folder / f"gunicorn-{name}.log"
        self.command = [str(BIN / "gunicorn"), "--workers", str(workers),
                        "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}",
                        "--timeout", str(timeout), "--config",
                        str(BENCH / "gunicorn_bench.py"), "--error-logfile", str(self.log),
                        "--log-level", "warning", *(extra or []), app]
        env = {k: v for k, v in env.items() if not k.startswith("FLASK_")}
        env["BENCH_BUSY_DIR"] = str(self.busy)
        with open(folder / f"gunicorn-{name}.out", "wb") as out:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=out,
                                            stderr=subprocess.STDOUT)
        self.wait_ready()

    def wait_ready(self, path: str = "/") -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.name}) stopped:\n{self.tail()}")
            try:
                Client(self.port, timeout=30).get(path)
                if len(self.workers()) >= 1:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn ({self.name}) did not answer in 60 s:\n{self.tail()}")

    def tail(self) -> str:
        return self.log.read_text()[-3000:] if self.log.exists() else ""

    def workers(self) -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", status, re.M):
                found.append(int(entry.name))
        return sorted(found)

    def memory(self) -> list[tuple[int, int, int]]:
        """(pid, VmRSS kB, VmHWM kB) of each worker."""
        rows = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            rss = int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))
            hwm = int(re.search(r"^VmHWM:\s+(\d+)", status, re.M).group(1))
            rows.append((pid, rss, hwm))
        return rows

    def accept_queue(self) -> int:
        """Connections waiting in the listen socket's accept queue (/proc/net/tcp)."""
        local = f"0100007F:{self.port:04X}"
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            parts = line.split()
            if parts[1] == local and parts[3] == "0A":
                return int(parts[4].split(":")[1], 16)
        return 0

    def busy_workers(self) -> int:
        count = 0
        for marker in self.busy.iterdir():
            if Path(f"/proc/{marker.name}").exists():
                count += 1
            else:  # a worker killed mid-request (gunicorn's timeout)
                marker.unlink(missing_ok=True)
        return count

    def drain(self, limit: float) -> float:
        """Wait until no request is queued or running; seconds waited."""
        start = time.monotonic()
        quiet = 0
        while time.monotonic() - start < limit:
            if self.accept_queue() == 0 and self.busy_workers() == 0:
                quiet += 1
                if quiet >= 3:
                    break
            else:
                quiet = 0
            time.sleep(0.1)
        return time.monotonic() - start

    def logged_errors(self) -> list[tuple[int, str]]:
        """The exceptions the workers logged, most frequent first: (count, line)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        found: dict[str, int] = {}
        for line in text.splitlines():
            match = re.match(r"^([\w.]+(?:Error|Exception|Timeout)): (.{0,160})", line)
            if match:
                key = f"{match.group(1)}: {match.group(2)}"
                found[key] = found.get(key, 0) + 1
        return sorted(((n, k) for k, n in found.items()), reverse=True)

    def restarts(self) -> int:
        """Workers gunicorn had to replace (timeouts or crashes), from its log."""
        text = self.log.read_text() if self.log.exists() else ""
        return len(re.findall(r"WORKER TIMEOUT", text))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# -- the database ---------------------------------------------------------------------------------


def cache_key(complaints: int, seed: int, today: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{seed_scale.SEED_VERSION}:{complaints}:{seed}:{today}".encode())
    # Not the migrations: a cached database is brought to this checkout's newest one
    # (`upgrade`) each time it is used, as a landlord's database would be.
    for path in [BENCH / "seed_scale.py"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def upgrade(url: str) -> str:
    """Bring a cached database to this checkout's newest migration; say how long it took."""
    start = time.perf_counter()
    seed_scale.migrate(url)
    return f"; migrated to this checkout's newest revision in {time.perf_counter() - start:.1f} s"


def forget_other_caches(prefix: str, keep: Path) -> None:
    for old in CACHE.glob(f"{prefix}*"):
        if not old.name.startswith(keep.stem):
            old.unlink(missing_ok=True)


def sqlite_database(args, folder: Path, today: str) -> tuple[str, dict, str]:
    CACHE.mkdir(parents=True, exist_ok=True)
    key = cache_key(args.complaints, args.seed, today)
    cached = CACHE / f"sqlite-{args.complaints}-{key}.sqlite"
    fixtures_file = cached.with_suffix(".json")
    if args.reseed or not (cached.exists() and fixtures_file.exists()):
        forget_other_caches(f"sqlite-{args.complaints}-", cached)
        partial = cached.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        log(f"Seeding {args.complaints:,} complaints into SQLite ({cached})...")
        fixtures = seed_scale.seed(f"sqlite:///{partial}", args.complaints,
                                   seed_value=args.seed, log=log)
        fixtures_file.write_text(json.dumps(fixtures, indent=2))
        partial.rename(cached)
        how = f"seeded now in {fixtures['timings']['total']:.1f} s"
    else:
        fixtures = json.loads(fixtures_file.read_text())
        how = (f"reused {cached.relative_to(ROOT)} (seeded in "
               f"{fixtures['timings']['total']:.1f} s)")
    copy = folder / "portal.sqlite"
    start = time.perf_counter()
    shutil.copyfile(cached, copy)
    how += f"; copied for this run in {time.perf_counter() - start:.1f} s"
    how += upgrade(f"sqlite:///{copy}")
    size = copy.stat().st_size / 1024 / 1024
    described = f"SQLite {sqlite3.sqlite_version}, {size:,.0f} MB file; {how}"
    return f"sqlite:///{copy}", fixtures, described


def postgres_database(args, today: str):
    from tests.support.postgres import PG_BIN, PostgresServer

    CACHE.mkdir(parents=True, exist_ok=True)
    key = cache_key(args.complaints, args.seed, today)
    dump = CACHE / f"postgresql-{args.complaints}-{key}.dump"
    fixtures_file = dump.with_suffix(".json")
    server = PostgresServer()
    try:
        server.execute("CREATE DATABASE bench")
        url = server.url("bench")
        libpq = ["-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres"]
        if args.reseed or not (dump.exists() and fixtures_file.exists()):
            forget_other_caches(f"postgresql-{args.complaints}-", dump)
            log(f"Seeding {args.complaints:,} complaints into PostgreSQL (port {server.port})...")
            fixtures = seed_scale.seed(url, args.complaints, seed_value=args.seed, log=log)
            start = time.perf_counter()
            subprocess.run([str(PG_BIN / "pg_dump"), *libpq, "-Fc", "-Z", "1", "-f",
                            str(dump.with_suffix(".partial")), "bench"], check=True)
            dump.with_suffix(".partial").rename(dump)
            fixtures_file.write_text(json.dumps(fixtures, indent=2))
            how = (f"seeded now in {fixtures['timings']['total']:.1f} s (then pg_dump in "
                   f"{time.perf_counter() - start:.1f} s, kept for the next run)")
        else:
            fixtures = json.loads(fixtures_file.read_text())
            start = time.perf_counter()
            subprocess.run([str(PG_BIN / "pg_restore"), *libpq, "-d", "bench", "-j", "2",
                            "--no-owner", str(dump)], check=True)
            import psycopg

            with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres "
                                 "dbname=bench", autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
            how = (f"restored from {dump.relative_to(ROOT)} in "
                   f"{time.perf_counter() - start:.1f} s, then VACUUM ANALYZE (seeded in "
                   f"{fixtures['timings']['total']:.1f} s)") + upgrade(url)
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=bench",
                             autocommit=True) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            size = conn.execute("SELECT pg_database_size('bench')").fetchone()[0]
    except BaseException:
        server.stop()
        raise
    described = (f"PostgreSQL {version} (throwaway server on 127.0.0.1:{server.port}, "
                 f"fsync off as in the tests), {size / 1024 / 1024:,.0f} MB; {how}")
    return url, fixtures, described, server


def complaint_count(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM complaints"))
    finally:
        engine.dispose()


# -- pages ---------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    path: str
    probe_status: int | str
    probe_ms: float
    probe_bytes: int
    wrk: dict | None = None
    drained_s: float = 0.0
    note: str = ""

    @property
    def rps(self) -> float | None:
        if not self.wrk or not self.wrk["duration_us"]:
            return None
        return self.wrk["requests"] / (self.wrk["duration_us"] / 1e6)

    @property
    def errors(self) -> int | None:
        if not self.wrk:
            return None
        w = self.wrk
        return w["non_2xx"] + w["connect"] + w["read"] + w["write"] + w["timeout"]


def run_wrk(port: int, path: str, cookie: str, args) -> dict:
    env = dict(os.environ, BENCH_COOKIE=cookie, BENCH_USER_AGENT=USER_AGENT)
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections),
               "-d", f"{args.duration}s", "--timeout", f"{args.wrk_timeout}s",
               "-s", str(BENCH / "wrk_pages.lua"), f"http://127.0.0.1:{port}{path}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True,
                            timeout=args.duration + args.wrk_timeout + 60)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise RuntimeError(f"wrk gave no result:\n{result.stdout}\n{result.stderr}")


def measure(server: Gunicorn, name: str, path: str, client: Client | None, args) -> Result:
    probe = client or Client(server.port)
    probe.timeout = args.worker_timeout + 15
    start = time.perf_counter()
    try:
        reply = probe.get(path)
        status, ms, size = reply.status, reply.seconds * 1000, len(reply.body)
        if reply.status in (301, 302, 303) and "/sign-in" in reply.location:
            status = f"{reply.status} to sign-in"
    except (TimeoutError, OSError) as error:  # e.g. the worker killed by gunicorn's timeout
        status = f"no answer ({type(error).__name__})"
        ms, size = (time.perf_counter() - start) * 1000, 0
    result = Result(name, path, status, ms, size)
    # One round of queued requests (each worker taking --connections / --workers of them
    # in turn) must fit in twice --duration, or wrk measures nothing but its own backlog
    # and the server spends minutes on requests nobody waits for.
    rounds = -(-args.connections // args.workers)
    if ms / 1000 * rounds > 2 * args.duration:
        result.note = (f"one request took {ms / 1000:.1f} s: {rounds} in turn per worker "
                       f"would exceed 2 x --duration, wrk not run")
    else:
        result.wrk = run_wrk(server.port, path, probe.cookie_header(), args)
    result.drained_s = server.drain(limit=args.worker_timeout * (args.connections + 2))
    log(f"  {name:<34} {fmt_row(result, None)}")
    return result


def fmt_ms(us: float) -> str:
    return f"{us / 1000:,.1f}"


def fmt_row(r: Result, floor: float | None) -> str:
    if r.wrk is None:
        ratio = "-"
        return (f"| {'-':>10} | {r.probe_ms:>9,.1f} | {'-':>9} | {'-':>9} | {'-':>6} | "
                f"{'-':>8} | {ratio:>8} | {r.probe_status!s:>6} | {r.note}")
    w = r.wrk
    if not w["requests"]:
        return (f"| {0:>10.1f} | {'-':>9} | {'-':>9} | {'-':>9} | {r.errors:>6,} | {0:>8} | "
                f"{0:>8} | {r.probe_status!s:>6} | no request finished within --duration "
                f"(the probe took {r.probe_ms / 1000:.1f} s); drained {r.drained_s:.0f} s")
    ratio = f"{r.rps / floor:.2g}" if floor and r.rps is not None else "-"
    detail = []
    if w["to_sign_in"]:
        detail.append(f"{w['to_sign_in']} to sign-in")
    if w["server_errors"]:
        detail.append(f"{w['server_errors']} 5xx")
    socket_errors = {k: w[k] for k in ("connect", "read", "write", "timeout") if w[k]}
    if socket_errors:
        detail.append(", ".join(f"{v} {k}" for k, v in socket_errors.items()))
    if r.drained_s > 1:
        detail.append(f"drained {r.drained_s:.0f} s")
    if r.note:
        detail.append(r.note)
    return (f"| {r.rps:>10,.1f} | {fmt_ms(w['p50_us']):>9} | {fmt_ms(w['p95_us']):>9} | "
            f"{fmt_ms(w['p99_us']):>9} | {r.errors:>6,} | {w['requests']:>8,} | {ratio:>8} | "
            f"{r.probe_status!s:>6} | {'; '.join(detail)}")


TABLE_HEAD = ("| page                               | requests/s |    p50 ms |    p95 ms |"
              "    p99 ms | errors | requests |  x floor | probe  | notes\n"
              "|------------------------------------|------------|-----------|-----------|"
              "-----------|--------|----------|----------|--------|------")


# -- 200 concurrent submissions ------------------------------------------------------------------


def journey(port: int, email: str, password: str, n: int) -> tuple[Client, str]:
    """Sign in and answer every question of a new complaint, page by page; the path of
    its "check your answers" page."""
    client = sign_in(port, email, password)  # a resident lands on /complaints
    token = client.token

    def step(path: str, form: dict, expect: int = 303) -> str:
        page = client.get(path)
        if page.status != 200:
            raise RuntimeError(f"GET {path}: {page.status}")
        reply = client.post(path, {"csrf_token": token, **form})
        if reply.status != expect:
            raise RuntimeError(f"POST {path}: {reply.status} {reply.text()[:300]}")
        return reply.location

    started = client.post("/complaints/new", {"csrf_token": token})
    if started.status != 303:
        raise RuntimeError(f"POST /complaints/new: {started.status}")
    base = started.location.rsplit("/", 1)[0]
    step(f"{base}/category", {"category": "repairs", "health": "no"})
    step(f"{base}/issues/0", {"summary": f"Leak in flat {n}",
                              "details": "Water comes through the ceiling when it rains.",
                              "outcome_wanted": "Fix the roof and redecorate."})
    step(f"{base}/issues", {"another": "no"})
    step(f"{base}/questions", {"screening": "none"})
    step(f"{base}/contact", {"contact_method": "email"})
    step(f"{base}/adjustments", {})
    step(f"{base}/support", {"vulnerability": ""})
    step(f"{base}/evidence", {"action": "continue"})
    check = client.get(f"{base}/check")
    if check.status != 200:
        raise RuntimeError(f"GET {base}/check: {check.status}")
    return client, f"{base}/check"


def submissions(port: int, fixtures: dict, url: str, count: int, args) -> dict:
    password = fixtures["password"]
    emails = fixtures["submitters"][:count]
    before = complaint_count(url)
    start = time.perf_counter()
    prepared, failures = [], []
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = [pool.submit(journey, port, email, password, n)
                   for n, email in enumerate(emails, 1)]
        for future in futures:
            try:
                prepared.append(future.result())
            except Exception as error:  # noqa: BLE001 - counted and shown
                failures.append(str(error)[:200])
    journey_s = time.perf_counter() - start
    journey_requests = sum(client.requests for client, _ in prepared)
    log(f"  journeys: {len(prepared)} drafts ready, {len(failures)} failed, "
        f"{journey_requests:,} requests in {journey_s:.1f} s")

    barrier = threading.Barrier(len(prepared) + 1)
    outcomes: list[tuple[str, float, str]] = [("", 0.0, "")] * len(prepared)

    def send(i: int, client: Client, path: str) -> None:
        client.timeout = max(120, args.worker_timeout * 4)
        barrier.wait()
        t0 = time.perf_counter()
        try:
            reply = client.post(path, {"csrf_token": client.token})
            found = re.search(r"/complaints/([^/]+)/confirmation", reply.location)
            if reply.status == 303 and found:
                outcomes[i] = ("created", time.perf_counter() - t0, found.group(1))
            else:
                outcomes[i] = (f"HTTP {reply.status}", time.perf_counter() - t0, "")
        except Exception as error:  # noqa: BLE001
            outcomes[i] = (type(error).__name__, time.perf_counter() - t0, "")

    threads = [threading.Thread(target=send, args=(i, c, p)) for i, (c, p) in
               enumerate(prepared)]
    for t in threads:
        t.start()
    barrier.wait()
    burst_start = time.perf_counter()
    for t in threads:
        t.join()
    burst_s = time.perf_counter() - burst_start
    after = complaint_count(url)
    created = [o for o in outcomes if o[0] == "created"]
    errors: dict[str, int] = {}
    for kind, _, _ in outcomes:
        if kind != "created":
            errors[kind] = errors.get(kind, 0) + 1
    if failures:
        errors["journey failed"] = len(failures)
    times = sorted(o[1] for o in outcomes) or [0.0]
    return {
        "asked": count, "journeys_ok": len(prepared), "journey_s": journey_s,
        "journey_requests": journey_requests,
        "journey_failures": failures[:3], "created": len(created),
        "unique_references": len({o[2] for o in created}),
        "database_added": after - before, "errors": errors, "burst_s": burst_s,
        "p50_s": statistics.median(times), "p95_s": times[int(0.95 * (len(times) - 1))],
        "max_s": times[-1],
    }


# -- the run -------------------------------------------------------------------------------------


def pages_for(fixtures: dict) -> list[tuple[str, str, str]]:
    search = fixtures["search"]
    resident = fixtures["resident"]
    ref = resident["page_reference"]
    return [
        # The portal's lightest page, signed in (the layout, the session, the account: no
        # list): the most any page of the portal could reach, as a ratio of the floor.
        ("resident: start page, signed in", "/", "resident"),
        ("staff: queue open, page 1", "/staff?tab=open", "staff"),
        ("staff: queue open, page 50", "/staff?tab=open&page=50", "staff"),
        ("staff: queue new", "/staff?tab=new", "staff"),
        ("staff: queue due today", "/staff?tab=due_today", "staff"),
        ("staff: queue overdue", "/staff?tab=overdue", "staff"),
        ("staff: queue mine", "/staff?tab=mine", "staff"),
        ("staff: queue stage 1", "/staff?tab=stage1", "staff"),
        ("staff: queue stage 2", "/staff?tab=stage2", "staff"),
        ("staff: queue closed", "/staff?tab=closed", "staff"),
        ("staff: search reference", f"/staff?q={quote(search['reference'])}", "staff"),
        ("staff: search postcode", f"/staff?q={quote(search['postcode'])}", "staff"),
        ("staff: search name", f"/staff?q={quote(search['name'])}", "staff"),
        ("staff: complaint page", f"/staff/complaints/{ref}", "staff"),
        ("resident: complaint page", f"/complaints/{ref}", "resident"),
        ("resident: letter PDF download",
         f"/complaints/{ref}/documents/{resident['document_id']}", "resident"),
        ("adviser: dashboard /representing", "/representing", "advocate"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--wrk-timeout", type=int, default=30,
                        help="wrk's per-request timeout, seconds")
    parser.add_argument("--worker-timeout", type=int, default=30,
                        help="gunicorn --timeout (its default, 30)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--submissions", type=int, default=200,
                        help="concurrent final submissions (0: skip)")
    parser.add_argument("--pages", default="", help="only pages whose name contains this")
    parser.add_argument("--seed", type=int, default=seed_scale.SEED)
    parser.add_argument("--reseed", action="store_true", help="seed again, ignore the cache")
    args = parser.parse_args(argv)
    command = " ".join([".venv/bin/python bench/bench_scale.py",
                        *map(shlex.quote, sys.argv[1:] if argv is None else argv)])

    if shutil.which("wrk") is None:
        log("wrk is not installed. Install it (Debian/Ubuntu: `sudo apt-get install wrk`) "
            "and run this again.")
        return 2
    if not (BIN / "gunicorn").exists():
        log("gunicorn is not in .venv: run `make setup` (or .venv/bin/pip install -r "
            "requirements.txt).")
        return 2
    if args.submissions > 200:
        parser.error("--submissions: at most 200 (the seeded submitter accounts)")

    info = machine()
    load_before = loadavg()
    started_at = datetime.now(UTC)
    log(f"Command: {command}")
    log(f"Date: {started_at:%Y-%m-%d %H:%M} UTC; load average before: {load_before}")
    log(f"Machine: nproc {info['nproc']}, {info['cpu']}, {info['memory']}, {info['os']}")
    log(f"Software: Python {info['python']}, {info['gunicorn']}, {info['wrk']}, "
        f"SQLite {info['sqlite']}; portal commit {info['commit']}")
    log()

    from portal.domain.calendar import london_date

    today = london_date(datetime.now(UTC)).isoformat()
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    servers: list[Gunicorn] = []
    pg = None
    try:
        if args.db == "sqlite":
            url, fixtures, described = sqlite_database(args, folder, today)
        else:
            url, fixtures, described, pg = postgres_database(args, today)
        log(f"Database: {described}")
        rows = fixtures["rows"]
        log("Rows: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
        seed_scale.deadlines_verify(url, log)
        log()

        port = free_port()
        env = dict(os.environ, PORTAL_ENV="production", DATABASE_URL=url,
                   PORTAL_SECRET_KEY=secrets.token_hex(32),
                   PORTAL_BASE_URL=f"http://127.0.0.1:{port}")
        portal = Gunicorn("portal", "wsgi:app", env, folder, workers=args.workers,
                          timeout=args.worker_timeout, port=port)
        servers.append(portal)
        floor_server = Gunicorn("floor", "floor_app:app", dict(os.environ), folder,
                                workers=args.workers, timeout=args.worker_timeout,
                                extra=["--pythonpath", str(BENCH)])
        servers.append(floor_server)
        log(f"gunicorn: {shlex.join(portal.command)}")
        log()

        password = fixtures["password"]
        clients = {
            "staff": sign_in(portal.port, fixtures["staff"]["email"], password),
            "resident": sign_in(portal.port, fixtures["resident"]["email"], password),
            "advocate": sign_in(portal.port, fixtures["advocate"]["email"], password),
        }
        log("Signed in over HTTP as a case handler, a resident and an advocate.")
        log(f"wrk: -t {args.threads} -c {args.connections} -d {args.duration}s "
            f"--timeout {args.wrk_timeout}s -s bench/wrk_pages.lua")
        log()
        results = [measure(floor_server, "floor: bare Flask, 10-row page", "/", None, args)]
        for name, path, who in pages_for(fixtures):
            if args.pages and args.pages not in name:
                continue
            results.append(measure(portal, name, path, clients[who], args))
        results.append(measure(floor_server, "floor again (after the pages)", "/", None, args))
        memory_pages = portal.memory()
        restarts_pages = portal.restarts()

        submitted = None
        memory_after = None
        if args.submissions:
            log()
            log(f"{args.submissions} concurrent submissions...")
            submitted = submissions(portal.port, fixtures, url, args.submissions, args)
            memory_after = portal.memory()
        load_after = loadavg()
        restarts = portal.restarts()
        logged = portal.logged_errors()
    finally:
        for server in servers:
            server.stop()
        if pg is not None:
            pg.stop()
        shutil.rmtree(folder, ignore_errors=True)

    floors = [r.rps for r in results if r.name.startswith("floor") and r.rps]
    floor = statistics.mean(floors) if floors else None
    log()
    log("=" * 100)
    log(f"**Command** (from the repository root): `{command}`")
    log()
    log(f"**Machine.** nproc {info['nproc']}, {info['cpu']}, {info['memory']}, "
        f"{info['os']}. Python {info['python']}, {info['gunicorn']}, {info['wrk']}, "
        f"portal commit {info['commit']}.")
    log()
    log(f"**Date.** {started_at:%Y-%m-%d %H:%M} UTC. Load average before {load_before}, "
        f"after {load_after}.")
    log()
    log(f"**Database.** {described}. Rows: "
        + ", ".join(f"{k} {v:,}" for k, v in rows.items()) + ".")
    log("Seeding timings: " + ", ".join(f"{k} {v} s" for k, v in
                                        fixtures["timings"].items()) + ".")
    log()
    log(f"**Server.** gunicorn, {args.workers} sync workers, --timeout "
        f"{args.worker_timeout}, 127.0.0.1, PORTAL_ENV=production. wrk -t {args.threads} "
        f"-c {args.connections} -d {args.duration}s --timeout {args.wrk_timeout}s. "
        f"Floor: {' / '.join(f'{f:,.0f}' for f in floors)} requests/s "
        "(bench/floor_app.py, start / end; ratios use the mean).")
    log()
    log(TABLE_HEAD)
    for r in results:
        log(f"| {r.name:<34} " + fmt_row(r, floor))
    log()
    log("errors = responses that were not 2xx (a redirect to sign-in included) + socket "
        "errors and timeouts; probe = the status of one request before wrk.")
    if restarts:
        log(f"gunicorn replaced {restarts} worker(s) during the run (a request over "
            f"--timeout {args.worker_timeout} s is killed with its worker).")
    if logged:
        log("Exceptions in the portal's log: " + "; ".join(
            f"{n} x {line}" for n, line in logged[:5]))
    log()
    log("**Memory per worker** (RSS / peak RSS, MB):")
    for label, memory in (("after the pages", memory_pages),
                          ("after the submissions", memory_after)):
        if memory:
            log(f"- {label}: " + ", ".join(f"pid {pid} {rss / 1024:.0f} / {hwm / 1024:.0f}"
                                          for pid, rss, hwm in memory))
    if restarts_pages:
        log("  (a worker restarted after a timeout has started its peak again)")
    if submitted:
        s = submitted
        log()
        log(f"**{s['asked']} concurrent submissions.** Journeys (sign in, every question "
            f"page GET + POST, 16 at a time): {s['journeys_ok']} ready in "
            f"{s['journey_s']:.1f} s ({s['journey_requests']:,} requests, "
            f"{s['journey_requests'] / s['journey_s']:.1f} requests/s). "
            f"Then all POSTed \"check your answers\" at once: "
            f"{s['created']} created, {s['unique_references']} unique references, "
            f"{s['database_added']} complaints added in the database, errors "
            f"{s['errors'] or 'none'}; all answered in {s['burst_s']:.1f} s "
            f"(latency p50 {s['p50_s']:.2f} s, p95 {s['p95_s']:.2f} s, max "
            f"{s['max_s']:.2f} s).")
        for failure in s["journey_failures"]:
            log(f"  journey failure: {failure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
