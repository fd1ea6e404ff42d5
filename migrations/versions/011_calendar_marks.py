"""calendar marks: what the stored next due dates were worked out with

One row per nation: the fingerprint of its bank holidays when the deadline read model
was last rewritten, so a new release of the holidays package that moves a bank holiday
is noticed at start-up and every running complaint's dates are rewritten.

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


def downgrade():
    op.drop_table('calendar_marks')
