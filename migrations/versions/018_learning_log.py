"""learning log: themes (root causes), service improvements, settings

The managers' list of root causes and the one a handler gives each complaint; the
service improvements made from complaints and the complaints each came from; and the
settings an administrator changes in the portal (publishing the performance page).

Revision ID: 018
Revises: 017
Create Date: 2026-12-01 18:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '018'
down_revision = '017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'themes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
        sa.UniqueConstraint('name', name=op.f('uq_themes_name')),
    )
    op.create_table(
        'improvements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=True),
        sa.Column('category', sa.String(length=40), nullable=True),
        sa.Column('owner', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('proposed_on', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('proposed', 'in_progress', 'done')",
                           name=op.f('ck_improvements_improvement_status_known')),
        sa.ForeignKeyConstraint(['theme_id'], ['themes.id'],
                                name=op.f('fk_improvements_theme_id_themes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_improvements')),
    )
    op.create_index(op.f('ix_improvements_theme_id'), 'improvements', ['theme_id'],
                    unique=False)
    op.create_index('ix_improvements_status_done_on_id', 'improvements',
                    ['status', 'done_on', 'id'], unique=False)
    op.create_table(
        'improvement_complaints',
        sa.Column('improvement_id', sa.Integer(), nullable=False),
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['improvement_id'], ['improvements.id'],
                                name=op.f('fk_improvement_complaints_improvement_id_improvements')),
        sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'],
                                name=op.f('fk_improvement_complaints_complaint_id_complaints')),
        sa.PrimaryKeyConstraint('improvement_id', 'complaint_id',
                                name=op.f('pk_improvement_complaints')),
    )
    op.create_index(op.f('ix_improvement_complaints_complaint_id'),
                    'improvement_complaints', ['complaint_id'], unique=False)
    op.create_table(
        'settings',
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_settings_updated_by_id_users')),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_settings')),
    )
    op.create_index('ix_events_kind_at', 'events', ['kind', 'at'], unique=False)
    with op.batch_alter_table('complaints', schema=None) as batch:
        batch.add_column(sa.Column('root_cause_id', sa.Integer(), nullable=True))
        batch.create_index(batch.f('ix_complaints_root_cause_id'), ['root_cause_id'],
                           unique=False)
        batch.create_foreign_key(batch.f('fk_complaints_root_cause_id_themes'), 'themes',
                                 ['root_cause_id'], ['id'])


def downgrade():
    with op.batch_alter_table('complaints', schema=None) as batch:
        batch.drop_constraint(batch.f('fk_complaints_root_cause_id_themes'),
                              type_='foreignkey')
        batch.drop_index(batch.f('ix_complaints_root_cause_id'))
        batch.drop_column('root_cause_id')
    op.drop_index('ix_events_kind_at', table_name='events')
    op.drop_table('settings')
    op.drop_index(op.f('ix_improvement_complaints_complaint_id'),
                  table_name='improvement_complaints')
    op.drop_table('improvement_complaints')
    op.drop_index('ix_improvements_status_done_on_id', table_name='improvements')
    op.drop_index(op.f('ix_improvements_theme_id'), table_name='improvements')
    op.drop_table('improvements')
    op.drop_table('themes')
