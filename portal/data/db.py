"""The SQLAlchemy handle, with a naming convention so every constraint has a
name a later migration can drop (STACK.md, Alembic trap 2), and what makes SQLite
safe for several processes and threads at once (configure_sqlite)."""

import weakref
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

UTC_TIME = DateTime(timezone=True)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def enable_sqlite_foreign_keys() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not event.contains(Engine, "connect", _sqlite_foreign_keys):
        event.listen(Engine, "connect", _sqlite_foreign_keys)


# -- SQLite as a multi-process database ------------------------------------------------------

SQLITE_BUSY_TIMEOUT_MS = 15000  # a request waits this long for the write lock at most
# Statements that never open the write transaction: reads, and those SQLite runs only
# outside a transaction or that manage it themselves.
_NO_BEGIN = frozenset({"SELECT", "PRAGMA", "EXPLAIN", "BEGIN", "COMMIT", "END", "ROLLBACK",
                       "VACUUM", "ATTACH", "DETACH"})


def _sqlite_connect(dbapi_connection, _record) -> None:
    """Every new SQLite connection: wait for a lock instead of failing at once, write
    ahead log (readers and the one writer never block each other), and pysqlite's own
    BEGIN switched off so that _sqlite_begin_immediate decides when a transaction starts."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        files = {row[1]: row[2] for row in cursor.execute("PRAGMA database_list")}
        if files.get("main"):  # a file, not :memory: (which has no WAL)
            cursor.execute("PRAGMA journal_mode=WAL")
            # never corrupt; a power cut (not a crash) may lose the last commits
            cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _takes_write_lock(statement: str, context) -> bool:
    compiled = getattr(context, "compiled", None)
    if getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is not None:
        return True  # SELECT ... FOR UPDATE: SQLite drops the clause, the lock is the transaction
    words = statement.split(None, 1)
    return bool(words) and words[0].upper() not in _NO_BEGIN


def _sqlite_begin_immediate(conn, cursor, statement, _parameters, context, _many) -> None:
    """A transaction that writes begins IMMEDIATE, at its first write (or SAVEPOINT, DDL or
    SELECT ... FOR UPDATE): it takes the write lock then, waiting up to the busy timeout,
    and keeps it to COMMIT, so two writers queue instead of one failing with "database is
    locked" when it tries to upgrade a read lock. Reads before that run on their own, as
    on PostgreSQL (READ COMMITTED), and hold no lock: a page that only reads, or a job
    talking to an SMTP server between its writes, never blocks a writer."""
    dbapi_connection = cursor.connection
    if dbapi_connection.in_transaction or not _takes_write_lock(statement, context):
        return
    if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    dbapi_connection.execute("BEGIN IMMEDIATE")


def configure_sqlite(engine) -> None:
    """Install the SQLite settings on an engine (nothing for other databases)."""
    from sqlalchemy import event

    if engine.dialect.name != "sqlite":
        return
    if not event.contains(engine, "connect", _sqlite_connect):
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "before_cursor_execute", _sqlite_begin_immediate)


# -- PostgreSQL: keep the server's prepared statements from one request to the next ------------

_ONLY_READ: "weakref.WeakSet" = weakref.WeakSet()  # DBAPI connections whose transaction only read


def _pg_note_write(_conn, cursor, statement, _parameters, _context, _many) -> None:
    if statement[:6].upper() != "SELECT":  # anything else may have written (WITH, UPDATE...)
        _ONLY_READ.discard(cursor.connection)


def _mark_only_read(dbapi_connection) -> None:
    try:
        _ONLY_READ.add(dbapi_connection)
    except TypeError:  # SQLAlchemy's proxy for its first connect, not a pooled connection
        pass


def configure_postgresql(engine) -> None:
    """psycopg prepares a statement on the server after its fifth use on a connection, so
    PostgreSQL stops planning it anew (0.3-1.2 ms a statement at landlord scale). But it
    forgets them all on ROLLBACK, and every request's transaction used to end with one
    (the session's close, the pool's reset), so nothing stayed prepared. A transaction that
    only read ends with COMMIT instead, which for it means the same thing: nothing to undo,
    every lock released. One that wrote, failed, or is unknown (a new connection) still
    rolls back. (Statements are seen through SQLAlchemy's events: code writing through a
    raw DBAPI cursor would not be seen, and the portal has none.)"""
    from sqlalchemy import event

    if engine.dialect.name != "postgresql" or getattr(engine.dialect, "portal_reads_commit",
                                                      False):
        return
    from psycopg.pq import TransactionStatus

    event.listen(engine, "before_cursor_execute", _pg_note_write)
    rollback, commit = engine.dialect.do_rollback, engine.dialect.do_commit

    def do_rollback(dbapi_connection) -> None:
        raw = getattr(dbapi_connection, "dbapi_connection", dbapi_connection)  # a pool proxy
        if raw in _ONLY_READ and raw.info.transaction_status == TransactionStatus.INTRANS:
            raw.commit()
        else:
            rollback(dbapi_connection)
        _mark_only_read(raw)

    def do_commit(dbapi_connection) -> None:
        commit(dbapi_connection)
        _mark_only_read(getattr(dbapi_connection, "dbapi_connection", dbapi_connection))

    engine.dialect.do_rollback = do_rollback
    engine.dialect.do_commit = do_commit
    engine.dialect.portal_reads_commit = True
