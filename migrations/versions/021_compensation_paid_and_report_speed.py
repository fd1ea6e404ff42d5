"""compensation paid, and the overview's indexes

The payments of compensation a response offered (compensation_payments), summed by the
overview, the exports and the annual report; each response's compensation in columns
(filled from its content here, and on insert by portal.data.remedies) with a partial
index of the responses that offered some; and covering indexes for the overview's
passes over a year (received, answered at stage 1, by status; agreed contact dates and the
contacts that keep them), so that SQLite reads indexes, not the wide complaint rows.

Revision ID: 021
Revises: 022
Create Date: 2026-12-01 20:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '021'
down_revision = '022'
branch_labels = None
depends_on = None


COVERING = {
    'ix_complaints_reporting_received': [
        'received_on', 'status', 'councillor_enquiry', 'joined_into_id', 'category',
        'petition_id', 'submitted_by_id', 'resident_id', 'root_cause_id', 'stock_type'],
    'ix_complaints_reporting_stage1': [
        'stage1_answered_on', 'status', 'councillor_enquiry', 'joined_into_id',
        'stage1_code_due_on', 'stage1_due_on', 'stage1_extended_to', 'stage1_code_limit_on',
        'stock_type'],
    'ix_complaints_reporting_status': ['status', 'joined_into_id', 'received_on', 'closed_on'],
}
OFFERED = "compensation IS NOT NULL"


def _speed_up():
    op.add_column('responses', sa.Column('compensation', sa.Numeric(12, 2), nullable=True))
    op.add_column('responses', sa.Column('compensation_offset', sa.Boolean(), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        amount = "NULLIF(content->>'compensation', '')::numeric"
        offset = "(content->>'offset') IS NOT NULL"
    else:
        amount = "CAST(json_extract(content, '$.compensation') AS NUMERIC)"
        offset = "json_extract(content, '$.offset') IS NOT NULL"
    op.execute(f"UPDATE responses SET compensation = {amount}, compensation_offset = {offset} "
               f"WHERE kind = 'response' AND {amount} > 0")
    op.create_index('ix_responses_compensation_issued_at', 'responses',
                    ['issued_at', 'complaint_id', 'compensation', 'compensation_offset'],
                    sqlite_where=sa.text(OFFERED), postgresql_where=sa.text(OFFERED))
    op.create_index('ix_responses_compensation_complaint_id', 'responses',
                    ['complaint_id', 'compensation'],
                    sqlite_where=sa.text(OFFERED), postgresql_where=sa.text(OFFERED))
    op.drop_index('ix_complaints_received_on', table_name='complaints')
    op.drop_index('ix_complaints_stage1_answered_on', table_name='complaints')
    for name, columns in COVERING.items():
        op.create_index(name, 'complaints', columns)
    op.drop_index('ix_contact_logs_complaint_id', table_name='contact_logs')
    op.create_index('ix_contact_logs_complaint_id_happened_at', 'contact_logs',
                    ['complaint_id', 'happened_at'])
    op.create_index('ix_agreed_contacts_due_on', 'agreed_contacts', ['due_on'])


def _slow_down():
    op.drop_index('ix_agreed_contacts_due_on', table_name='agreed_contacts')
    op.drop_index('ix_contact_logs_complaint_id_happened_at', table_name='contact_logs')
    op.create_index('ix_contact_logs_complaint_id', 'contact_logs', ['complaint_id'])
    for name in COVERING:
        op.drop_index(name, table_name='complaints')
    op.create_index('ix_complaints_stage1_answered_on', 'complaints', ['stage1_answered_on'])
    op.create_index('ix_complaints_received_on', 'complaints', ['received_on'])
    op.drop_index('ix_responses_compensation_complaint_id', table_name='responses')
    op.drop_index('ix_responses_compensation_issued_at', table_name='responses')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('compensation_offset')
        batch_op.drop_column('compensation')


def upgrade():
    _speed_up()
    op.create_table(
        'compensation_payments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column('paid_on', sa.Date(), nullable=False),
        sa.Column('method', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('amount > 0', name='compensation_paid_positive'),
        sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id']),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('compensation_payments', schema=None) as batch_op:
        batch_op.create_index('ix_compensation_payments_complaint_id', ['complaint_id'],
                              unique=False)
        batch_op.create_index('ix_compensation_payments_paid_on',
                              ['paid_on', 'complaint_id', 'amount'], unique=False)


def downgrade():
    _slow_down()
    with op.batch_alter_table('compensation_payments', schema=None) as batch_op:
        batch_op.drop_index('ix_compensation_payments_paid_on')
        batch_op.drop_index('ix_compensation_payments_complaint_id')
    op.drop_table('compensation_payments')
