"""Initial schema: teams, agents and their platform aliases.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 05:39:49.215025
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
    sa.UniqueConstraint('name', name=op.f('uq_teams_name'))
    )
    op.create_table('agents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('role', sa.String(length=120), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('hire_date', sa.Date(), nullable=True),
    sa.Column('probation_end', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('departure_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('active', 'on_leave', 'departed')", name=op.f('ck_agents_status_known')),
    sa.CheckConstraint('lead_id IS NULL OR lead_id <> id', name=op.f('ck_agents_not_own_lead')),
    sa.ForeignKeyConstraint(['lead_id'], ['agents.id'], name=op.f('fk_agents_lead_id_agents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_agents_team_id_teams'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agents')),
    sa.UniqueConstraint('email', name=op.f('uq_agents_email'))
    )
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agents_full_name'), ['full_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_agents_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agents_team_id'), ['team_id'], unique=False)

    op.create_table('agent_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=40), nullable=False),
    sa.Column('alias', sa.String(length=254), nullable=False),
    sa.Column('alias_key', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_agent_aliases_agent_id_agents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_aliases')),
    sa.UniqueConstraint('platform', 'alias_key', name=op.f('uq_agent_aliases_platform_alias_key'))
    )
    with op.batch_alter_table('agent_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_aliases_agent_id'), ['agent_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('agent_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_aliases_agent_id'))

    op.drop_table('agent_aliases')
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agents_team_id'))
        batch_op.drop_index(batch_op.f('ix_agents_lead_id'))
        batch_op.drop_index(batch_op.f('ix_agents_full_name'))

    op.drop_table('agents')
    op.drop_table('teams')
