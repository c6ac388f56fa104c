"""Metric targets, metric settings and the tickets' day summary (issue 4).

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('metric_settings',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value_json', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_metric_settings'))
    )
    op.create_table('metric_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('comparator', sa.String(length=2), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("comparator IN ('>=', '<=')", name=op.f('ck_metric_targets_comparator_known')),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_metric_targets_agent_id_agents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metric_targets'))
    )
    op.create_index('ix_metric_targets_metric_agent', 'metric_targets', ['metric', 'agent_id', 'effective_from'], unique=False)
    op.create_table('ticket_day_stats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('basis', sa.String(length=8), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('tickets', sa.Integer(), nullable=False),
    sa.Column('csat_good', sa.Integer(), nullable=False),
    sa.Column('csat_rated', sa.Integer(), nullable=False),
    sa.Column('nps_promoters', sa.Integer(), nullable=False),
    sa.Column('nps_detractors', sa.Integer(), nullable=False),
    sa.Column('nps_rated', sa.Integer(), nullable=False),
    sa.Column('one_touch', sa.Integer(), nullable=False),
    sa.Column('replies_known', sa.Integer(), nullable=False),
    sa.Column('sla_met', sa.Integer(), nullable=False),
    sa.Column('sla_known', sa.Integer(), nullable=False),
    sa.Column('reopened', sa.Integer(), nullable=False),
    sa.Column('reopens_known', sa.Integer(), nullable=False),
    sa.Column('escalated', sa.Integer(), nullable=False),
    sa.Column('escalation_known', sa.Integer(), nullable=False),
    sa.Column('handle_sum', sa.Float(), nullable=False),
    sa.Column('handle_n', sa.Integer(), nullable=False),
    sa.Column('first_reply_minutes', sa.LargeBinary(), nullable=True),
    sa.Column('first_reply_minutes_business', sa.LargeBinary(), nullable=True),
    sa.Column('full_resolution_minutes', sa.LargeBinary(), nullable=True),
    sa.Column('full_resolution_minutes_business', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_day_stats'))
    )
    op.create_index('ix_ticket_day_stats_day', 'ticket_day_stats', ['day', 'basis'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_ticket_day_stats_day', table_name='ticket_day_stats')
    op.drop_table('ticket_day_stats')
    op.drop_index('ix_metric_targets_metric_agent', table_name='metric_targets')
    op.drop_table('metric_targets')
    op.drop_table('metric_settings')
