"""Migrations: upgrade on a new database, models and migrations agree, and a
SQLite batch migration never cascade-deletes child rows (STACK.md trap 1)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import text

from portal import create_app
from portal.config import ROOT
from portal.data.db import db
from tests.conftest import make_settings


def test_models_and_migrations_agree(app):
    # `flask db check` exits non-zero when autogenerate would produce operations.
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_downgrade_to_base_and_up_again(app):
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        flask_migrate.upgrade()
        assert db.session.execute(text("SELECT count(*) FROM closure_days")).scalar() == 0


PARENT_CHILD = '''
"""parent and child with a cascading foreign key, and rows in them"""
from alembic import op
import sqlalchemy as sa

revision = "900"
down_revision = "{head}"


def upgrade():
    op.create_table("t_parent", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("name", sa.String(20)))
    op.create_table("t_child", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("parent_id", sa.Integer,
                              sa.ForeignKey("t_parent.id", ondelete="CASCADE")))
    op.execute("INSERT INTO t_parent (id, name) VALUES (1, 'a'), (2, 'b')")
    op.execute("INSERT INTO t_child (id, parent_id) VALUES (1, 1), (2, 1), (3, 2)")


def downgrade():
    op.drop_table("t_child")
    op.drop_table("t_parent")
'''

BATCH_ALTER = '''
"""recreate the parent table, as SQLite batch mode does for most changes"""
from alembic import op
import sqlalchemy as sa

revision = "901"
down_revision = "900"


def upgrade():
    with op.batch_alter_table("t_parent", recreate="always") as batch:
        batch.add_column(sa.Column("extra", sa.String(20), nullable=True))


def downgrade():
    with op.batch_alter_table("t_parent", recreate="always") as batch:
        batch.drop_column("extra")
'''


def test_sqlite_batch_migration_keeps_child_rows(tmp_path):
    migrations = tmp_path / "migrations"
    shutil.copytree(ROOT / "migrations", migrations)
    from alembic.script import ScriptDirectory

    (head,) = ScriptDirectory(str(migrations)).get_heads()  # one chain, one head
    (migrations / "versions" / "900_parent_child.py").write_text(
        textwrap.dedent(PARENT_CHILD).replace("{head}", head)
    )
    (migrations / "versions" / "901_batch_alter.py").write_text(textwrap.dedent(BATCH_ALTER))
    database = tmp_path / "batch.sqlite"
    app = create_app(make_settings(tmp_path, f"sqlite:///{database}"))
    with app.app_context():
        flask_migrate.upgrade(directory=str(migrations))
        children = db.session.execute(text("SELECT count(*) FROM t_child")).scalar()
        assert children == 3, "the batch migration cascade-deleted child rows"
        # Foreign keys are back on for the application afterwards.
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()


@pytest.mark.parametrize("name", [p.name for p in (ROOT / "migrations" / "versions").glob("*.py")])
def test_revision_files_are_numbered(name):
    assert name[:3].isdigit() and name[3] == "_", name


def test_migration_ids_match_file_numbers():
    for path in (ROOT / "migrations" / "versions").glob("*.py"):
        assert f"revision = '{path.name[:3]}'" in Path(path).read_text()


def test_upgrading_a_database_with_complaints_in_it_keeps_them(settings, tmp_path):
    """Migrations after 002 add NOT NULL columns to tables with rows (STACK.md trap 4)."""
    from portal.data.db import db as database

    app = create_app(settings)
    with app.app_context():
        flask_migrate.downgrade(revision="002")
        database.session.execute(text(
            "INSERT INTO users (id, email, password_hash, name, kind, is_active, "
            "session_version, created_at) VALUES (1, 'a@b.c', 'x', 'A', 'resident', true, 1, "
            "CURRENT_TIMESTAMP)"))
        database.session.execute(text(
            "INSERT INTO complaints (id, reference, resident_id, submitted_by_id, status, stage, "
            "category, profile, contact_method, adjustments, screening, received_at, "
            "received_on, version) VALUES (1, 'CMP-2026-000001', 1, 1, 'stage1', 1, 'repairs', "
            "'hos-code-2024', 'email', '[]', '[]', CURRENT_TIMESTAMP, '2026-11-02', 1)"))
        database.session.commit()
        flask_migrate.upgrade()
        row = database.session.execute(text(
            "SELECT reference, stage2_late, panel_members FROM complaints")).one()
        assert row.reference == "CMP-2026-000001"
        assert not row.stage2_late
        database.session.remove()
        database.engine.dispose()
