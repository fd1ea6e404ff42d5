"""A real PostgreSQL 15 server for the test run, started and stopped by the tests.

initdb and pg_ctl refuse to run as root, so as root the server runs as the
`postgres` user (STACK.md). Each test gets its own database, cloned from a
migrated template in a few hundredths of a second.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PG_BIN = Path(os.environ.get("PORTAL_PG_BIN", "/usr/lib/postgresql/15/bin"))

# The test suite's server keeps its files in memory when the machine has a tmpfs for it
# (Linux's /dev/shm): each test's database is a copy of the template's ~660 files, and on
# a disk shared with other work that copy waited on the disk, ~0.5 s a test against 0.03 s
# in memory (1 December 2026, 29 tests on PostgreSQL: setup 19.1 s against 4.8 s).
# The benchmarks keep theirs on disk, like a real server's.
_IN_MEMORY = Path("/dev/shm")


def _memory_folder() -> str | None:
    if _IN_MEMORY.is_dir() and os.access(_IN_MEMORY, os.W_OK | os.X_OK):
        return str(_IN_MEMORY)
    return None  # no tmpfs: the system's temporary folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self, in_memory: bool = False) -> None:
        if not (PG_BIN / "pg_ctl").exists():
            raise RuntimeError(
                f"PostgreSQL server binaries not found in {PG_BIN}: install postgresql-15 "
                "(.ci/run does) or set PORTAL_PG_BIN"
            )
        self.root = Path(tempfile.mkdtemp(prefix="portal-pg-",
                                          dir=_memory_folder() if in_memory else None))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "server.log"),
            "-w", "start",
        )

    def _run(self, tool: str, *args: str) -> None:
        command = [str(PG_BIN / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed: {result.stdout}\n{result.stderr}\n{tail}")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(sql)

    def clone(self, name: str, template: str = "portal_template") -> None:
        """A new database `name`, a copy of `template`. FILE_COPY copies the template's
        files whole: with fsync off, its checkpoints cost nothing, and for a database of
        this size it takes half the time of PostgreSQL 15's default (WAL_LOG, which
        writes every page through the WAL), for each of the suite's ~900 databases."""
        self.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY = FILE_COPY")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
