"""per-person lists page along an index

A person's drafts, the people acting for a resident and the petitions a person leads
each page in the database, the latest first (issue 11, "Landlord scale"): an index on
(the person, the time, id) walks to the page instead of sorting all of a person's rows
on every view (tests/integration/test_query_counts.py checks the plans).

Revision ID: 022
Revises: 014
Create Date: 2026-12-01 20:45:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '022'
down_revision = '014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index('ix_drafts_user_id_updated_at_id',
                              ['user_id', 'updated_at', 'id'], unique=False)
    with op.batch_alter_table('authorities', schema=None) as batch_op:
        batch_op.create_index('ix_authorities_resident_id_created_at_id',
                              ['resident_id', 'created_at', 'id'], unique=False)
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.create_index('ix_petitions_lead_id_created_at_id',
                              ['lead_id', 'created_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_index('ix_petitions_lead_id_created_at_id')
    with op.batch_alter_table('authorities', schema=None) as batch_op:
        batch_op.drop_index('ix_authorities_resident_id_created_at_id')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index('ix_drafts_user_id_updated_at_id')
