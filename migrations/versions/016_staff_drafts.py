"""staff drafts of response, refusal and decline letters

A letter a member of staff is writing, kept per complaint per kind of letter until it
is sent (issue 15, item 9).

Revision ID: 016
Revises: 015
Create Date: 2026-12-01 18:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '016'
down_revision = '015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_drafts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('seen', sa.Integer(), nullable=False),
        sa.Column('saved_by_id', sa.Integer(), nullable=False),
        sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'],
                                name=op.f('fk_staff_drafts_complaint_id_complaints')),
        sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'],
                                name=op.f('fk_staff_drafts_saved_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_drafts')),
        sa.UniqueConstraint('complaint_id', 'kind',
                            name=op.f('uq_staff_drafts_complaint_id')),
    )


def downgrade():
    op.drop_table('staff_drafts')
