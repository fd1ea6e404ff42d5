"""restrictions for unreasonable behaviour

A restriction on a person (ISHA 001 §4; IDS 002 §10; southern-2022 "Unreasonable
customer behaviour") and its append-only history.

Revision ID: 013
Revises: 011
Create Date: 2026-12-01 16:05:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '013'
down_revision = '011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'restrictions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('from_complaint_id', sa.Integer(), nullable=False),
        sa.Column('profile', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('behaviour', sa.Text(), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('review_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('proposed_by_id', sa.Integer(), nullable=False),
        sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_note', sa.Text(), nullable=True),
        sa.Column('not_told_reason', sa.Text(), nullable=True),
        sa.Column('letter_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['users.id'],
                                name=op.f('fk_restrictions_person_id_users')),
        sa.ForeignKeyConstraint(['from_complaint_id'], ['complaints.id'],
                                name=op.f('fk_restrictions_from_complaint_id_complaints')),
        sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'],
                                name=op.f('fk_restrictions_proposed_by_id_users')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'],
                                name=op.f('fk_restrictions_decided_by_id_users')),
        sa.ForeignKeyConstraint(['letter_id'], ['documents.id'],
                                name=op.f('fk_restrictions_letter_id_documents')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_restrictions')),
    )
    op.create_index('ix_restrictions_person_id_status', 'restrictions',
                    ['person_id', 'status'], unique=False)
    op.create_index('ix_restrictions_status_review_on_id', 'restrictions',
                    ['status', 'review_on', 'id'], unique=False)
    op.create_index(op.f('ix_restrictions_from_complaint_id'), 'restrictions',
                    ['from_complaint_id'], unique=False)
    op.create_table(
        'restriction_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('restriction_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('summary', sa.String(length=300), nullable=False),
        sa.Column('text', sa.Text(), nullable=True),
        sa.Column('told', sa.Boolean(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['restriction_id'], ['restrictions.id'],
                                name=op.f('fk_restriction_events_restriction_id_restrictions')),
        sa.ForeignKeyConstraint(['person_id'], ['users.id'],
                                name=op.f('fk_restriction_events_person_id_users')),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_restriction_events_document_id_documents')),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'],
                                name=op.f('fk_restriction_events_actor_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_restriction_events')),
    )
    op.create_index('ix_restriction_events_person_id_at', 'restriction_events',
                    ['person_id', 'at'], unique=False)
    op.create_index(op.f('ix_restriction_events_restriction_id'), 'restriction_events',
                    ['restriction_id'], unique=False)


def downgrade():
    op.drop_table('restriction_events')
    op.drop_table('restrictions')
