"""policy fidelity: a higher-risk building confirmed by staff, how stage 1 was delivered

IVH 004 §5.1 sends only building safety risks in a higher-risk building to the Building
Safety Regulator, so staff record whether the home is in one (None until they confirm).
IVH counts the review window from when the stage 1 response was received, so the way it
was delivered (email, or post) is kept with the date it was sent.

Revision ID: 008
Revises: 007
Create Date: 2026-12-01 15:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '008'
down_revision = '007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('complaints') as batch:
        batch.add_column(sa.Column('higher_risk_building', sa.Boolean(), nullable=True))
        batch.add_column(sa.Column('stage1_delivery', sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table('complaints') as batch:
        batch.drop_column('stage1_delivery')
        batch.drop_column('higher_risk_building')
