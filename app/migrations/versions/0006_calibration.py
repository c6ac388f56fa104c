"""Calibration sessions (issue 6).

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calibration_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('facilitator', sa.String(length=200), nullable=False),
    sa.Column('benchmark', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('revealed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("benchmark IN ('expert', 'consensus')", name=op.f('ck_calibration_sessions_benchmark_known')),
    sa.CheckConstraint("status IN ('scoring', 'revealed')", name=op.f('ck_calibration_sessions_status_known')),
    sa.ForeignKeyConstraint(['version_id'], ['scorecard_versions.id'], name=op.f('fk_calibration_sessions_version_id_scorecard_versions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_sessions'))
    )
    op.create_index(op.f('ix_calibration_sessions_session_date'), 'calibration_sessions', ['session_date'], unique=False)
    op.create_index(op.f('ix_calibration_sessions_version_id'), 'calibration_sessions', ['version_id'], unique=False)
    op.create_table('calibration_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=500), nullable=False),
    sa.Column('transcript', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_sessions.id'], name=op.f('fk_calibration_conversations_session_id_calibration_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_conversations')),
    sa.UniqueConstraint('session_id', 'position', name=op.f('uq_calibration_conversations_session_id_position'))
    )
    op.create_index(op.f('ix_calibration_conversations_session_id'), 'calibration_conversations', ['session_id'], unique=False)
    op.create_table('calibration_graders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('is_expert', sa.Boolean(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_calibration_graders_agent_id_agents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_sessions.id'], name=op.f('fk_calibration_graders_session_id_calibration_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_graders')),
    sa.UniqueConstraint('session_id', 'name', name=op.f('uq_calibration_graders_session_id_name'))
    )
    op.create_index(op.f('ix_calibration_graders_agent_id'), 'calibration_graders', ['agent_id'], unique=False)
    op.create_index(op.f('ix_calibration_graders_session_id'), 'calibration_graders', ['session_id'], unique=False)
    op.create_table('calibration_guidance_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('scorecard_id', sa.Integer(), nullable=False),
    sa.Column('criterion_name', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('applied_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['applied_version_id'], ['scorecard_versions.id'], name=op.f('fk_calibration_guidance_notes_applied_version_id_scorecard_versions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['scorecard_id'], ['scorecards.id'], name=op.f('fk_calibration_guidance_notes_scorecard_id_scorecards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_sessions.id'], name=op.f('fk_calibration_guidance_notes_session_id_calibration_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_guidance_notes'))
    )
    op.create_index(op.f('ix_calibration_guidance_notes_scorecard_id'), 'calibration_guidance_notes', ['scorecard_id'], unique=False)
    op.create_index(op.f('ix_calibration_guidance_notes_session_id'), 'calibration_guidance_notes', ['session_id'], unique=False)
    op.create_table('calibration_discussions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('agreed_value', sa.Integer(), nullable=True),
    sa.Column('agreed_na', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['calibration_conversations.id'], name=op.f('fk_calibration_discussions_conversation_id_calibration_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['scorecard_criteria.id'], name=op.f('fk_calibration_discussions_criterion_id_scorecard_criteria'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_sessions.id'], name=op.f('fk_calibration_discussions_session_id_calibration_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_discussions')),
    sa.UniqueConstraint('session_id', 'conversation_id', 'criterion_id', name=op.f('uq_calibration_discussions_session_id_conversation_id_criterion_id'))
    )
    op.create_index(op.f('ix_calibration_discussions_conversation_id'), 'calibration_discussions', ['conversation_id'], unique=False)
    op.create_index(op.f('ix_calibration_discussions_criterion_id'), 'calibration_discussions', ['criterion_id'], unique=False)
    op.create_index(op.f('ix_calibration_discussions_session_id'), 'calibration_discussions', ['session_id'], unique=False)
    op.create_table('calibration_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('grader_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('na', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['calibration_conversations.id'], name=op.f('fk_calibration_scores_conversation_id_calibration_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['scorecard_criteria.id'], name=op.f('fk_calibration_scores_criterion_id_scorecard_criteria'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['grader_id'], ['calibration_graders.id'], name=op.f('fk_calibration_scores_grader_id_calibration_graders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_scores')),
    sa.UniqueConstraint('grader_id', 'conversation_id', 'criterion_id', name=op.f('uq_calibration_scores_grader_id_conversation_id_criterion_id'))
    )
    op.create_index(op.f('ix_calibration_scores_conversation_id'), 'calibration_scores', ['conversation_id'], unique=False)
    op.create_index(op.f('ix_calibration_scores_criterion_id'), 'calibration_scores', ['criterion_id'], unique=False)
    op.create_index(op.f('ix_calibration_scores_grader_id'), 'calibration_scores', ['grader_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_calibration_scores_grader_id'), table_name='calibration_scores')
    op.drop_index(op.f('ix_calibration_scores_criterion_id'), table_name='calibration_scores')
    op.drop_index(op.f('ix_calibration_scores_conversation_id'), table_name='calibration_scores')
    op.drop_table('calibration_scores')
    op.drop_index(op.f('ix_calibration_discussions_session_id'), table_name='calibration_discussions')
    op.drop_index(op.f('ix_calibration_discussions_criterion_id'), table_name='calibration_discussions')
    op.drop_index(op.f('ix_calibration_discussions_conversation_id'), table_name='calibration_discussions')
    op.drop_table('calibration_discussions')
    op.drop_index(op.f('ix_calibration_guidance_notes_session_id'), table_name='calibration_guidance_notes')
    op.drop_index(op.f('ix_calibration_guidance_notes_scorecard_id'), table_name='calibration_guidance_notes')
    op.drop_table('calibration_guidance_notes')
    op.drop_index(op.f('ix_calibration_graders_session_id'), table_name='calibration_graders')
    op.drop_index(op.f('ix_calibration_graders_agent_id'), table_name='calibration_graders')
    op.drop_table('calibration_graders')
    op.drop_index(op.f('ix_calibration_conversations_session_id'), table_name='calibration_conversations')
    op.drop_table('calibration_conversations')
    op.drop_index(op.f('ix_calibration_sessions_version_id'), table_name='calibration_sessions')
    op.drop_index(op.f('ix_calibration_sessions_session_date'), table_name='calibration_sessions')
    op.drop_table('calibration_sessions')
