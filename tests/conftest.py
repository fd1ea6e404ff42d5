"""Fixtures shared by the whole suite.

Integration tests that take `app` run twice: on SQLite and on a real
PostgreSQL server the suite starts itself. Set PORTAL_TEST_DATABASES=sqlite to
skip PostgreSQL for a quick local run (CI and `make test` run both).
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

from portal import create_app
from portal.config import Settings

DATABASES = os.environ.get("PORTAL_TEST_DATABASES", "sqlite,postgresql").split(",")
_counter = itertools.count()


def _reuse_url_builders() -> None:
    """The suite makes a new app for every test (each on its own database), and 85% of
    `create_app` is Werkzeug writing and compiling a Python function to build each of the
    ~100 routes' URLs. That function depends only on the rule's parsed parts and
    defaults, so the tests compile each once and share it between apps (the converters
    it calls are looked up on the rule it is bound to, at call time)."""
    from werkzeug.routing.rules import Rule

    original = Rule._compile_builder
    builders: dict = {}

    def compile_builder(self, append_unknown: bool = True):
        key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())),
               append_unknown)
        if key not in builders:
            builders[key] = original(self, append_unknown)
        return builders[key]

    Rule._compile_builder = compile_builder


_reuse_url_builders()


def _share_compiled_templates() -> None:
    """Each app has its own Jinja environment, which lexes, parses and compiles every
    template the first time it renders it: most of the time of each test's first page.
    Jinja's bytecode cache, one for all the apps of a test process, lets the first app
    compile a template and every later one load the compiled code. Jinja keys it by
    the template's name and checks the source's checksum, so an edited template is
    compiled again; the apps' environments differ only in their globals, looked up
    when a template renders."""
    from flask import Flask
    from jinja2 import BytecodeCache

    class SharedBytecode(BytecodeCache):
        def __init__(self) -> None:
            self.compiled: dict[str, bytes] = {}

        def load_bytecode(self, bucket) -> None:
            code = self.compiled.get(bucket.key)
            if code is not None:
                bucket.bytecode_from_string(code)

        def dump_bytecode(self, bucket) -> None:
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    shared = SharedBytecode()
    original = Flask.create_jinja_environment

    def create_jinja_environment(self):
        environment = original(self)
        environment.bytecode_cache = shared
        return environment

    Flask.create_jinja_environment = create_jinja_environment


_share_compiled_templates()


def make_settings(tmp_path: Path, database_url: str, **overrides) -> Settings:
    from tests.support.factories import TEST_PASSWORD_HASH

    return Settings(
        env="test",
        secret_key="test-secret",
        database_url=database_url,
        password_hash=TEST_PASSWORD_HASH,  # not production's scrypt: hundreds are made
        **overrides,
    )


def migrate(database_url: str, tmp_path: Path) -> None:
    import flask_migrate

    from portal.data.db import db

    app = create_app(make_settings(tmp_path, database_url))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.sqlite"
    migrate(f"sqlite:///{path}", folder)
    return path


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    from tests.support.postgres import PostgresServer

    server = PostgresServer(in_memory=True)
    server.execute("CREATE DATABASE portal_template")
    migrate(server.url("portal_template"), tmp_path_factory.mktemp("pg-template"))
    yield server
    server.stop()


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "portal.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
    elif request.param == "postgresql":
        server = request.getfixturevalue("postgres_server")
        name = f"test_{os.getpid()}_{next(_counter)}"
        server.clone(name)
        yield server.url(name)
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        raise ValueError(f"unknown test database {request.param!r}")


@pytest.fixture
def settings(tmp_path, database_url) -> Settings:
    return make_settings(tmp_path, database_url)


@pytest.fixture
def app(settings):
    from portal.data.db import db

    app = create_app(settings)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


# -- a real SMTP server on loopback, and an app that sends to it ---------------------------


@pytest.fixture
def smtp():
    from tests.support.smtp import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(settings, smtp):
    from portal.data.db import db

    app = create_app(settings.with_(smtp_host="127.0.0.1", smtp_port=smtp.port,
                                    mail_from="complaints@riverside.example"))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# -- the order files run in ------------------------------------------------------------------

# The files that take longest (seconds of one worker, PostgreSQL and SQLite together), the
# longest first. `make test` hands whole files to its workers (--dist=loadfile) in the
# order they are collected (--no-loadscope-reorder: by default pytest-xdist puts the
# files with the most tests first, which sent these files of one to four long tests to
# the end; a full run on 1 December 2026 ended with both workers on the matrix and the
# fuzzer, long after the short files were done). First, the long ones share out between
# the workers and the many short files fill the gaps.
SLOWEST_FIRST = (
    "tests/browser/test_paging_accessibility.py",
    "tests/browser/test_stage2_journey.py",
    "tests/integration/test_fuzz_forms.py",
    "tests/integration/test_authorization_matrix.py",
    "tests/browser/test_resident_journey.py",
    "tests/browser/test_representation_journey.py",
    "tests/integration/test_demo.py",
    "tests/integration/test_query_counts.py",
    "tests/browser/test_staff_journey.py",
    "tests/browser/test_reports_journey.py",
    "tests/browser/test_restriction_journey.py",
    "tests/unit/test_letter_files.py",
    "tests/integration/test_concurrency.py",
    "tests/integration/test_production_server.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    rank = {path: n for n, path in enumerate(SLOWEST_FIRST)}
    root = Path(str(config.rootpath))

    def place(item) -> int:
        path = Path(str(item.path))
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else ""
        return rank.get(relative, len(rank))

    items.sort(key=place)  # stable: each file's tests stay together and in order
