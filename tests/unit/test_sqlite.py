"""SQLite as the portal sets it up (portal.data.db.configure_sqlite): write-ahead log,
a busy timeout, foreign keys, and write transactions that begin IMMEDIATE while reads
take no lock."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import column, select, table, text

from portal import create_app
from portal.data.db import db
from tests.conftest import make_settings

T = table("t", column("id"), column("name"))


@pytest.fixture
def file_app(tmp_path):
    path = tmp_path / "portal.sqlite"
    app = create_app(make_settings(tmp_path, f"sqlite:///{path}"))
    with app.app_context():
        db.session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
        db.session.commit()
    app.config["TEST_PATH"] = path
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _pragma(name: str):
    return db.session.execute(text(f"PRAGMA {name}")).scalar()


def _other_writer(path) -> sqlite3.Connection:
    """A connection outside the app that gives up at once when the database is locked."""
    return sqlite3.connect(path, timeout=0, isolation_level=None)


def test_a_file_database_is_in_wal_mode_with_a_busy_timeout(file_app):
    with file_app.app_context():
        assert _pragma("journal_mode") == "wal"
        assert _pragma("busy_timeout") > 0
        assert _pragma("synchronous") == 1  # NORMAL
        assert _pragma("foreign_keys") == 1


def test_an_in_memory_database_still_works_without_wal(tmp_path):
    app = create_app(make_settings(tmp_path, "sqlite://"))
    with app.app_context():
        assert _pragma("journal_mode") == "memory"
        assert _pragma("foreign_keys") == 1
        db.session.execute(text("CREATE TABLE m (id INTEGER PRIMARY KEY)"))
        db.session.execute(text("INSERT INTO m (id) VALUES (1)"))
        db.session.commit()
        assert db.session.execute(text("SELECT count(*) FROM m")).scalar() == 1


def test_reads_take_no_lock_so_another_process_can_write(file_app):
    with file_app.app_context():
        db.session.execute(select(T)).all()  # the session stays open, as in a request
        other = _other_writer(file_app.config["TEST_PATH"])
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO t (name) VALUES ('other')")
        other.execute("COMMIT")
        other.close()
        assert db.session.execute(select(T.c.name)).scalars().all() == ["other"]


def test_the_first_write_takes_the_write_lock_until_commit(file_app):
    with file_app.app_context():
        db.session.execute(T.insert().values(name="mine"))
        other = _other_writer(file_app.config["TEST_PATH"])
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        db.session.commit()
        other.execute("BEGIN IMMEDIATE")  # free again
        other.execute("ROLLBACK")
        other.close()


def test_select_for_update_takes_the_write_lock(file_app):
    with file_app.app_context():
        db.session.execute(select(T).with_for_update()).all()
        other = _other_writer(file_app.config["TEST_PATH"])
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        db.session.rollback()
        other.close()


def test_savepoints_roll_back_alone_inside_the_transaction(file_app):
    with file_app.app_context():
        db.session.execute(T.insert().values(name="kept"))
        with pytest.raises(RuntimeError):
            with db.session.begin_nested():
                db.session.execute(T.insert().values(name="undone"))
                raise RuntimeError
        db.session.commit()
        assert db.session.execute(select(T.c.name)).scalars().all() == ["kept"]


def test_a_savepoint_first_is_still_inside_the_outer_transaction(file_app):
    with file_app.app_context():
        with db.session.begin_nested():
            db.session.execute(T.insert().values(name="released"))
        db.session.rollback()  # releasing the savepoint did not commit it
        assert db.session.execute(select(T.c.name)).scalars().all() == []
