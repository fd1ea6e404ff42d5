"""in-confidence complaints

A complaint made in confidence (southern-2022 "Anonymous complaints"; issue 16 §2): the
flag, the day the resident let us disclose who they are, and the officer who received it.
A restriction's one named contact, and the work-list task assigned to them (issue 16 §1).

Revision ID: 014
Revises: 018
Create Date: 2026-12-01 18:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '014'
down_revision = '018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('in_confidence', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('identity_disclosed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('received_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_complaints_received_by_id_users'), 'users', ['received_by_id'], ['id'])

    with op.batch_alter_table('restrictions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('named_contact_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_restrictions_named_contact_id_users'), 'users', ['named_contact_id'], ['id'])
    with op.batch_alter_table('contact_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_to_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_contact_tasks_assigned_to_id_users'), 'users', ['assigned_to_id'], ['id'])


def downgrade():
    with op.batch_alter_table('contact_tasks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contact_tasks_assigned_to_id_users'), type_='foreignkey')
        batch_op.drop_column('assigned_to_id')
    with op.batch_alter_table('restrictions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_restrictions_named_contact_id_users'), type_='foreignkey')
        batch_op.drop_column('named_contact_id')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_complaints_received_by_id_users'), type_='foreignkey')
        batch_op.drop_column('received_by_id')
        batch_op.drop_column('identity_disclosed_on')
        batch_op.drop_column('in_confidence')
