"""the queue's counts on indexes

At 100,000 complaints the queue's tab counts were most of a view's database time
(issue 11, "Landlord scale"):
- "Assigned to me" was counted along (handler, next due date), reading every complaint
  the person ever had, closed ones too (8,206 entries for 1,368 open): now along
  (handler or reviewer, status), the open ones only.
- PostgreSQL counted "Stage 1", "Stage 2" and "Overdue" (each to 100) by reading the
  table from the start, as its estimate spread the open complaints evenly through it,
  while they are the newest (6-9 ms each): partial indexes without the flagged
  complaints let it count from an index alone.

Revision ID: 023
Revises: 021
Create Date: 2026-12-01 23:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '023'
down_revision = '021'
branch_labels = None
depends_on = None

UNFLAGGED = "safeguarding_on IS NULL"
UNFLAGGED_QUEUE = "safeguarding_on IS NULL AND joined_into_id IS NULL"


def _where(condition: str) -> dict:
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}


def upgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index('ix_complaints_handler_id_status',
                              ['handler_id', 'status', 'joined_into_id', 'next_due_on'])
        batch_op.create_index('ix_complaints_reviewer_id_status',
                              ['reviewer_id', 'status', 'joined_into_id', 'next_due_on'])
        batch_op.create_index('ix_complaints_queue_status', ['status', 'next_due_on'],
                              **_where(UNFLAGGED_QUEUE))
        batch_op.create_index('ix_complaints_queue_due', ['next_due_on', 'reference'],
                              **_where(UNFLAGGED))


def downgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_queue_due', **_where(UNFLAGGED))
        batch_op.drop_index('ix_complaints_queue_status', **_where(UNFLAGGED_QUEUE))
        batch_op.drop_index('ix_complaints_reviewer_id_status')
        batch_op.drop_index('ix_complaints_handler_id_status')
