"""PostgreSQL keeps a page's statements prepared from one request to the next (a
transaction that only read ends with COMMIT, so psycopg does not forget them), and a
transaction that wrote is still rolled back when it is not committed (data.db)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from portal.data.calendar import ClosureDay
from portal.data.db import db
from tests.support.factories import make_resident
from tests.support.web import sign_in


@pytest.fixture
def pg_app(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements are a PostgreSQL matter")
    return app


def _prepared(app) -> int:
    with app.app_context():
        return db.session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()


def test_a_page_read_again_and_again_runs_prepared_statements(pg_app):
    client = pg_app.test_client()
    with pg_app.app_context():
        make_resident(email="again@example.org")
    sign_in(client, "again@example.org")
    for _ in range(8):  # psycopg prepares a statement at its fifth use
        assert client.get("/complaints").status_code == 200
    # one connection in the pool (one thread): the one the pages used
    assert _prepared(pg_app) >= 2


def test_a_write_not_committed_is_still_rolled_back(pg_app):
    with pg_app.app_context():
        for _ in range(6):  # a connection known to have only read...
            db.session.execute(select(ClosureDay.id)).all()
            db.session.rollback()
        db.session.add(ClosureDay(on=date(2026, 12, 24), name="Shut"))
        db.session.flush()  # ...then writes, and the request ends without a commit
        db.session.rollback()
        assert db.session.execute(select(ClosureDay.name)).all() == []
        db.session.execute(text("INSERT INTO closure_days (\"on\", name, created_at) "
                                "VALUES ('2026-12-29', 'Shut', now())"))
        db.session.remove()  # the end of a request: close, no commit
    with pg_app.app_context():
        assert db.session.execute(select(ClosureDay.name)).all() == []


def test_a_failed_statement_then_the_end_of_the_request_leaves_the_connection_usable(pg_app):
    with pg_app.app_context():
        db.session.execute(select(ClosureDay.id)).all()
        with pytest.raises(Exception, match="no_such_table"):
            db.session.execute(text("SELECT * FROM no_such_table"))
        db.session.remove()
    with pg_app.app_context():
        assert db.session.execute(text("SELECT 1")).scalar() == 1
