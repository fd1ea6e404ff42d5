"""contact tasks and sent notices

Revision ID: 004
Revises: 003
Create Date: 2026-11-25 12:58:40.821680

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '004'
down_revision = '003'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('sent_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_notices')),
    sa.UniqueConstraint('kind', 'key', name=op.f('uq_sent_notices_kind'))
    )
    op.create_table('contact_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('recipient_name', sa.String(length=200), nullable=False),
    sa.Column('on_behalf_of', sa.String(length=200), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('contact_times', sa.Text(), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('large_print', sa.Boolean(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('large_print_document_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_contact_tasks_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_contact_tasks_document_id_documents')),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_contact_tasks_done_by_id_users')),
    sa.ForeignKeyConstraint(['large_print_document_id'], ['documents.id'], name=op.f('fk_contact_tasks_large_print_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_tasks'))
    )
    with op.batch_alter_table('contact_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_tasks_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_tasks_done_at'), ['done_at'], unique=False)




def downgrade():

    with op.batch_alter_table('contact_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_tasks_done_at'))
        batch_op.drop_index(batch_op.f('ix_contact_tasks_complaint_id'))

    op.drop_table('contact_tasks')
    op.drop_table('sent_notices')

