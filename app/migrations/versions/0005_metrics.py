"""Metric targets and metric settings (issue 4).

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


def downgrade() -> None:
    op.drop_index('ix_metric_targets_metric_agent', table_name='metric_targets')
    op.drop_table('metric_targets')
    op.drop_table('metric_settings')
