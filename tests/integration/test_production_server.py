"""The portal starts under gunicorn in production mode (as the README tells people to
run it) and serves the start page with the security headers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_the_start_page_in_production_with_security_headers(
        tmp_path, sqlite_template):
    database = tmp_path / "portal.sqlite"
    shutil.copy(sqlite_template, database)
    port = _free_port()
    env = {**os.environ, "PORTAL_ENV": "production", "PORTAL_SECRET_KEY": "x" * 40,
           "DATABASE_URL": f"sqlite:///{database}", "PORTAL_BASE_URL": "https://portal.example"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "30",
         "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    server.kill()
                    raise AssertionError(server.stdout.read().decode()[-3000:]) from None
                time.sleep(0.3)
        assert response.status == 200
        headers = response.headers
        assert "max-age=" in headers["Strict-Transport-Security"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in headers["Cache-Control"]
        assert b"<h1" in response.read()
    finally:
        server.terminate()
        server.wait(timeout=30)


def _modules_after_loading_wsgi(tmp_path, sqlite_template, *command: str) -> str:
    database = tmp_path / "portal.sqlite"
    shutil.copy(sqlite_template, database)
    env = {k: v for k, v in os.environ.items() if k != "FLASK_RUN_FROM_CLI"}
    env.update(PORTAL_ENV="production", PORTAL_SECRET_KEY="x" * 40,
               DATABASE_URL=f"sqlite:///{database}", PORTAL_BASE_URL="https://portal.example")
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_an_app_server_process_does_not_load_the_migration_tool(tmp_path, sqlite_template):
    """Nor, once it has worked out a due date, every country the `holidays` package knows
    (the bank holidays come from the table made from the installed release), nor the QR
    code maker (only a petition's share page needs it)."""
    out = _modules_after_loading_wsgi(
        tmp_path, sqlite_template, sys.executable, "-c",
        "import sys, wsgi\n"
        "from datetime import date\n"
        "from portal.services.records.policy import current_calendar\n"
        "with wsgi.app.app_context():\n"
        "    assert current_calendar().add_working_days(date(2026, 12, 24), 1) == "
        "date(2026, 12, 29)\n"
        "print('alembic' in sys.modules, 'db' in wsgi.app.cli.commands,\n"
        "      any(m.startswith('holidays') for m in sys.modules), 'segno' in sys.modules)")
    assert out.split() == ["False", "False", "False", "False"]


def test_the_flask_command_still_has_the_migration_commands(tmp_path, sqlite_template):
    flask = Path(sys.executable).parent / "flask"
    out = _modules_after_loading_wsgi(tmp_path, sqlite_template, str(flask), "--app", "wsgi",
                                      "db", "current")
    assert "(head)" in out
