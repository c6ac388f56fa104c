"""Review packet exports (issue 8).

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('packet_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('agent_name', sa.String(length=200), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('file_name', sa.String(length=1000), nullable=False),
    sa.Column('exported_at', sa.DateTime(), nullable=False),
    sa.Column('private_notes', sa.Boolean(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_packet_exports_agent_id_agents'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packet_exports'))
    )
    op.create_index(op.f('ix_packet_exports_agent_id'), 'packet_exports', ['agent_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_packet_exports_agent_id'), table_name='packet_exports')
    op.drop_table('packet_exports')
