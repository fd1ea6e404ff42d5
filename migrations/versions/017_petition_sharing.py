"""authority agreed by phone, and how staff verified it

A councillor or MP records that the resident agreed by phone to them acting (the day
and the number to call the resident on); staff verify it by calling the resident, and
every verification now records how it was made (issue 15, item 7).

Revision ID: 017
Revises: 016
Create Date: 2026-12-01 18:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '017'
down_revision = '016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('authorities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_consent_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('phone_consent_number', sa.String(length=40),
                                      nullable=True))
        batch_op.add_column(sa.Column('verification_method', sa.String(length=20),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('authorities', schema=None) as batch_op:
        batch_op.drop_column('verification_method')
        batch_op.drop_column('phone_consent_number')
        batch_op.drop_column('phone_consent_on')
