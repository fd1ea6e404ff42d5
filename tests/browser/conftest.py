"""Browser tests: a live server on 127.0.0.1 and the system's Chromium.

Playwright never downloads a browser here: it launches Debian's Chromium. The
front-end assets are built first if static/build/ is missing or older than its
sources (needs node_modules: `npm ci`).
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import flask_migrate
import pytest
from werkzeug.serving import make_server

from portal import create_app
from portal.config import Settings
from tests.support.factories import TEST_PASSWORD_HASH

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/lib/chromium/chromium")  # the real binary: /usr/bin/chromium wraps it
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium). "
            "Playwright cannot download a browser on these machines.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def _assets_are_fresh() -> bool:
    built = ROOT / "static" / "build" / "app.css"
    if not built.exists():
        return False
    sources = [
        *(ROOT / "static" / "scss").rglob("*.scss"),
        ROOT / "package-lock.json",
        ROOT / "scripts" / "build-assets.sh",
    ]
    return built.stat().st_mtime >= max(p.stat().st_mtime for p in sources if p.exists())


@pytest.fixture(scope="session")
def built_assets() -> None:
    if _assets_are_fresh():
        return
    result = subprocess.run(
        ["sh", "scripts/build-assets.sh"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"building the front-end assets failed:\n{result.stdout}{result.stderr}",
            pytrace=False,
        )


@dataclass(frozen=True)
class LiveServer:
    url: str
    settings: Settings


@contextmanager
def serving(database: Path) -> Iterator[LiveServer]:
    """The portal on a free port of 127.0.0.1, on a new SQLite database at `database`."""
    settings = Settings(env="test", secret_key="test", database_url=f"sqlite:///{database}",
                        password_hash=TEST_PASSWORD_HASH)
    app = create_app(settings)
    with app.app_context():
        flask_migrate.upgrade()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", settings=settings)
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(built_assets, tmp_path_factory) -> Iterator[LiveServer]:
    """The server the journeys share (and pytest-playwright's base URL)."""
    with serving(tmp_path_factory.mktemp("live") / "t.sqlite") as server:
        yield server


@pytest.fixture(scope="module")
def own_live_server(built_assets, tmp_path_factory) -> Iterator[LiveServer]:
    """A server with a database of its own, for a module whose rows would crowd the
    lists the shared journeys read (open its pages by their full URL)."""
    with serving(tmp_path_factory.mktemp("own") / "t.sqlite") as server:
        yield server


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    """pytest-playwright gives every context this base URL: page.goto("/") works."""
    return live_server.url


@dataclass
class BrowserProblems:
    """Console errors (CSP violations among them), uncaught exceptions, failed loads."""

    console: list[str]
    exceptions: list[str]
    failed: list[str]

    def all(self) -> list[str]:
        return self.console + self.exceptions + self.failed

    def assert_none(self) -> None:
        found = self.all()
        assert not found, "the browser reported problems:\n  " + "\n  ".join(found)


def _abandoned(failure: str | None) -> bool:
    """A load the browser gave up because the page moved on (a link followed while the
    favicon was still loading, a download, which Chromium reports as an aborted
    navigation): net::ERR_ABORTED says nothing is wrong with either page. A load that
    failed (refused, blocked, timed out) or answered 4xx/5xx is still a problem."""
    return (failure or "").strip() == "net::ERR_ABORTED"


@pytest.fixture
def problems(page) -> BrowserProblems:
    found = BrowserProblems(console=[], exceptions=[], failed=[])

    def on_console(message) -> None:
        if message.type in ("error", "warning"):
            where = message.location.get("url", "") if message.location else ""
            found.console.append(f"console {message.type}: {message.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.exceptions.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda r: None if _abandoned(r.failure)
            else found.failed.append(f"failed: {r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: found.failed.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    return found
