"""paged lists: indexes for the lists that page in the database

Promised actions (to do, soonest due first), the work list (to do, oldest first) and
the authorities waiting to be checked (oldest first) each count and page on an index.

Revision ID: 007
Revises: 006
Create Date: 2026-12-08 10:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '007'
down_revision = '006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_actions_done_on_due_on_id', 'actions',
                    ['done_on', 'due_on', 'id'], unique=False)
    op.create_index('ix_contact_tasks_done_at_created_at_id', 'contact_tasks',
                    ['done_at', 'created_at', 'id'], unique=False)
    op.drop_index('ix_contact_tasks_done_at', table_name='contact_tasks')
    op.create_index('ix_authorities_status_created_at_id', 'authorities',
                    ['status', 'created_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_authorities_status_created_at_id', table_name='authorities')
    op.create_index('ix_contact_tasks_done_at', 'contact_tasks', ['done_at'], unique=False)
    op.drop_index('ix_contact_tasks_done_at_created_at_id', table_name='contact_tasks')
    op.drop_index('ix_actions_done_on_due_on_id', table_name='actions')
