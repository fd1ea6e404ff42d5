"""reporting: stock types, homes figures, TP09, annual reports, the reporting read model

Each complaint gains its home's stock type (LCRA unless set) and the reporting read model
(when stage 1 was answered, the Code's and the profile's due dates), which the deadline
engine works out: after upgrading, run `flask reports rebuild` (or `flask deadlines
rebuild`, which `make db` runs: it rewrites both read models for every complaint).

Revision ID: 009
Revises: 008
Create Date: 2026-12-01 15:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '009'
down_revision = '008'
branch_labels = None
depends_on = None

_DATES = ('stage1_answered_on', 'acknowledge_code_due_on', 'stage1_code_due_on',
          'stage1_code_limit_on', 'stage1_due_on', 'stage2_code_due_on', 'stage2_code_limit_on',
          'stage2_due_on')


def upgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stock_type', sa.String(length=4), server_default='LCRA',
                                      nullable=False))
        for name in _DATES:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))
        batch_op.create_check_constraint('stock_type_known', "stock_type IN ('LCRA', 'LCHO')")
        batch_op.create_index('ix_complaints_received_on', ['received_on'], unique=False)
        batch_op.create_index('ix_complaints_stage1_answered_on', ['stage1_answered_on'],
                              unique=False)
        batch_op.create_index('ix_complaints_stage2_requested_on', ['stage2_requested_on'],
                              unique=False)
        batch_op.create_index('ix_complaints_stage2_sent_on', ['stage2_sent_on'], unique=False)

    op.create_index('ix_issues_complaint_id_decisions', 'issues',
                    ['complaint_id', 'decision', 'stage2_decision'], unique=False)
    op.create_index('ix_responses_kind_complaint_id', 'responses', ['kind', 'complaint_id'],
                    unique=False)
    op.create_table(
        'homes_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('stock_type', sa.String(length=4), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('on_date', sa.Date(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("stock_type IN ('LCRA', 'LCHO')",
                           name=op.f('ck_homes_figures_homes_stock_type_known')),
        sa.CheckConstraint('count >= 0', name=op.f('ck_homes_figures_homes_count_not_negative')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_homes_figures')),
        sa.UniqueConstraint('stock_type', 'on_date',
                            name=op.f('uq_homes_figures_stock_type')),
    )
    op.create_table(
        'tp09_results',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('percent', sa.Numeric(precision=4, scale=1), nullable=False),
        sa.Column('respondents', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('percent >= 0 AND percent <= 100',
                           name=op.f('ck_tp09_results_tp09_percent_range')),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_tp09_results')),
    )
    op.create_table(
        'annual_reports',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('assessment', sa.JSON(), nullable=False),
        sa.Column('improvements', sa.Text(), nullable=True),
        sa.Column('determinations', sa.Text(), nullable=True),
        sa.Column('governing_body_response', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_annual_reports_updated_by_id_users')),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_annual_reports')),
    )
    op.create_table(
        'published_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('published_by_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_published_reports_document_id_documents')),
        sa.ForeignKeyConstraint(['published_by_id'], ['users.id'],
                                name=op.f('fk_published_reports_published_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_published_reports')),
        sa.UniqueConstraint('year', name=op.f('uq_published_reports_year')),
    )


def downgrade():
    op.drop_table('published_reports')
    op.drop_table('annual_reports')
    op.drop_table('tp09_results')
    op.drop_table('homes_figures')
    op.drop_index('ix_responses_kind_complaint_id', table_name='responses')
    op.drop_index('ix_issues_complaint_id_decisions', table_name='issues')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_stage2_sent_on')
        batch_op.drop_index('ix_complaints_stage2_requested_on')
        batch_op.drop_index('ix_complaints_stage1_answered_on')
        batch_op.drop_index('ix_complaints_received_on')
        batch_op.drop_constraint('stock_type_known', type_='check')
        for name in reversed(_DATES):
            batch_op.drop_column(name)
        batch_op.drop_column('stock_type')
