"""the promised actions' "all" tab in due order

Every action, soonest due first, walked along an index to the page instead of every
action sorted on each view (tests/integration/test_query_counts.py checks the plans).

Revision ID: 019
Revises: 013
Create Date: 2026-12-01 18:50:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '019'
down_revision = '013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index('ix_actions_due_on_id', ['due_on', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_due_on_id')
