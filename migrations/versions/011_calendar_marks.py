"""calendar marks, the queue by category, health and safety at intake

One row per nation: the fingerprint of its bank holidays when the deadline read model
was last rewritten, so a new release of the holidays package that moves a bank holiday
is noticed at start-up and every running complaint's dates are rewritten. An index for
the staff queue filtered by category, in next-due order, and one for staff by role; and
the answer to "Is anyone's
health or safety affected?" with the resident's words.

Revision ID: 011
Revises: 010
Create Date: 2026-12-01 15:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '011'
down_revision = '010'
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
    op.create_index('ix_users_staff_role_name', 'users', ['staff_role', 'name'], unique=False)
    with op.batch_alter_table('complaints') as batch:
        batch.add_column(sa.Column('health_risk', sa.Boolean(), nullable=True))
        batch.add_column(sa.Column('health_detail', sa.Text(), nullable=True))


def downgrade():
    op.drop_index('ix_users_staff_role_name', table_name='users')
    with op.batch_alter_table('complaints') as batch:
        batch.drop_column('health_detail')
        batch.drop_column('health_risk')
    op.drop_index('ix_complaints_category_next_due_on', table_name='complaints')
    op.drop_table('calendar_marks')
