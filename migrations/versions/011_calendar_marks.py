"""calendar marks: what the stored next due dates were worked out with; the queue by category

One row per nation: the fingerprint of its bank holidays when the deadline read model
was last rewritten, so a new release of the holidays package that moves a bank holiday
is noticed at start-up and every running complaint's dates are rewritten. And an index
for the staff queue filtered by category, in next-due order.

Revision ID: 011
Revises: 007
Create Date: 2026-12-01 15:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '011'
down_revision = '007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'calendar_marks',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('value', sa.String(length=64), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    op.create_index('ix_complaints_category_next_due_on', 'complaints',
                    ['category', 'next_due_on', 'status', 'joined_into_id'], unique=False)


def downgrade():
    op.drop_index('ix_complaints_category_next_due_on', table_name='complaints')
    op.drop_table('calendar_marks')
