"""the rest of the seeds: safeguarding, the Ombudsman's determinations, service requests

Anonymous complaints, where a profile records them. A complaint flagged as a safeguarding concern (and a partial index for its queue tab);
the Ombudsman's investigation and determination of a complaint, its orders and
recommendations tracked as actions of their own kinds (with the evidence of compliance);
service requests, counted apart from complaints, which a later complaint can follow.

Revision ID: 010
Revises: 009
Create Date: 2026-12-01 14:57:53.163438

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '010'
down_revision = '009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('anonymous_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.String(length=200), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_anonymous_reports')),
    sa.UniqueConstraint('reference', name=op.f('uq_anonymous_reports_reference'))
    )
    with op.batch_alter_table('anonymous_reports', schema=None) as batch_op:
        batch_op.create_index('ix_anonymous_reports_received_on_id', ['received_on', 'id'], unique=False)

    op.create_table('service_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('from_complaint_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['from_complaint_id'], ['complaints.id'], name=op.f('fk_service_requests_from_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_service_requests_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['resident_id'], ['users.id'], name=op.f('fk_service_requests_resident_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_requests')),
    sa.UniqueConstraint('from_complaint_id', name=op.f('uq_service_requests_from_complaint_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_service_requests_reference'))
    )
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.create_index('ix_service_requests_recorded_on_id', ['recorded_on', 'id'], unique=False)
        batch_op.create_index('ix_service_requests_resident_id_recorded_on', ['resident_id', 'recorded_on'], unique=False)

    op.create_table('ombudsman_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('ombudsman_reference', sa.String(length=40), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('determined_on', sa.Date(), nullable=True),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('determination', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_ombudsman_cases_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_ombudsman_cases_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ombudsman_cases')),
    sa.UniqueConstraint('complaint_id', name=op.f('uq_ombudsman_cases_complaint_id'))
    )
    with op.batch_alter_table('ombudsman_cases', schema=None) as batch_op:
        batch_op.create_index('ix_ombudsman_cases_determined_on_started_on_id', ['determined_on', 'started_on', 'id'], unique=False)

    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=30), server_default='promised', nullable=False))
        batch_op.add_column(sa.Column('evidence', sa.Text(), nullable=True))
        batch_op.create_check_constraint(
            'action_kind_known',
            "kind IN ('promised', 'ombudsman_order', 'ombudsman_recommendation')")
        batch_op.create_index('ix_actions_kind_done_on_due_on_id', ['kind', 'done_on', 'due_on', 'id'], unique=False)

    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('safeguarding_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('safeguarding_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('service_request_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_complaints_safeguarding_next_due_on', ['next_due_on', 'reference'], unique=False, sqlite_where=sa.text('safeguarding_on IS NOT NULL'), postgresql_where=sa.text('safeguarding_on IS NOT NULL'))
        batch_op.create_index(batch_op.f('ix_complaints_service_request_id'), ['service_request_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_complaints_service_request_id_service_requests'), 'service_requests', ['service_request_id'], ['id'])



def downgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_complaints_service_request_id_service_requests'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_complaints_service_request_id'))
        batch_op.drop_index('ix_complaints_safeguarding_next_due_on', sqlite_where=sa.text('safeguarding_on IS NOT NULL'), postgresql_where=sa.text('safeguarding_on IS NOT NULL'))
        batch_op.drop_column('service_request_id')
        batch_op.drop_column('safeguarding_reason')
        batch_op.drop_column('safeguarding_on')

    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_actions_action_kind_known'), type_='check')
        batch_op.drop_index('ix_actions_kind_done_on_due_on_id')
        batch_op.drop_column('evidence')
        batch_op.drop_column('kind')

    with op.batch_alter_table('ombudsman_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_ombudsman_cases_determined_on_started_on_id')

    op.drop_table('ombudsman_cases')
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_service_requests_resident_id_recorded_on')
        batch_op.drop_index('ix_service_requests_recorded_on_id')

    op.drop_table('service_requests')
    with op.batch_alter_table('anonymous_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_anonymous_reports_received_on_id')

    op.drop_table('anonymous_reports')
