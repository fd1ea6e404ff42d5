"""the resident's complaint page: an HTML version of every letter

Each letter document keeps the HTML its PDF was laid out from (issue 15, item 4), as a
stored file of its own: the same words as the PDF, shown on the complaint page.

Revision ID: 015
Revises: 019
Create Date: 2026-12-01 18:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '015'
down_revision = '019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('html_file_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_documents_html_file_id_stored_files'),
                                    'stored_files', ['html_file_id'], ['id'])


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_html_file_id_stored_files'),
                                 type_='foreignkey')
        batch_op.drop_column('html_file_id')
