"""One-on-ones, goals, plans and probation (issue 7).

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agenda_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_templates')),
    sa.UniqueConstraint('name', name=op.f('uq_agenda_templates_name'))
    )
    op.create_table('goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=True),
    sa.Column('comparator', sa.String(length=2), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('window_days', sa.Integer(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'achieved', 'missed', 'dropped')", name=op.f('ck_goals_status_known')),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_goals_agent_id_agents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goals'))
    )
    op.create_index(op.f('ix_goals_agent_id'), 'goals', ['agent_id'], unique=False)
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('template', sa.String(length=120), nullable=True),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('shared_notes', sa.Text(), nullable=False),
    sa.Column('private_notes', sa.Text(), nullable=False),
    sa.Column('mood', sa.Integer(), nullable=True),
    sa.Column('held_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('notes_saved_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('planned', 'held', 'cancelled')", name=op.f('ck_meetings_status_known')),
    sa.CheckConstraint('mood IS NULL OR (mood >= 1 AND mood <= 10)', name=op.f('ck_meetings_mood_range')),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_meetings_agent_id_agents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    op.create_index(op.f('ix_meetings_agent_id'), 'meetings', ['agent_id'], unique=False)
    op.create_index(op.f('ix_meetings_meeting_date'), 'meetings', ['meeting_date'], unique=False)
    op.create_table('one_on_one_schedules',
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('cadence', sa.String(length=16), nullable=False),
    sa.Column('next_date', sa.Date(), nullable=True),
    sa.CheckConstraint("cadence IN ('weekly', 'biweekly', 'monthly')", name=op.f('ck_one_on_one_schedules_cadence_known')),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_one_on_one_schedules_agent_id_agents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agent_id', name=op.f('pk_one_on_one_schedules'))
    )
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('template', sa.String(length=120), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('support', sa.Text(), nullable=False),
    sa.Column('hr_contact', sa.String(length=200), nullable=False),
    sa.Column('acknowledged_on', sa.Date(), nullable=True),
    sa.Column('consequences', sa.Text(), nullable=False),
    sa.Column('outcome_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('pip', 'probation')", name=op.f('ck_plans_kind_known')),
    sa.CheckConstraint("status IN ('draft', 'active', 'extended', 'passed', 'not_passed', 'cancelled')", name=op.f('ck_plans_status_known')),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_plans_agent_id_agents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans'))
    )
    op.create_index(op.f('ix_plans_agent_id'), 'plans', ['agent_id'], unique=False)
    op.create_table('action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.CheckConstraint("owner IN ('agent', 'manager')", name=op.f('ck_action_items_owner_known')),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_action_items_agent_id_agents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_action_items_meeting_id_meetings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items'))
    )
    op.create_index(op.f('ix_action_items_agent_id'), 'action_items', ['agent_id'], unique=False)
    op.create_index(op.f('ix_action_items_meeting_id'), 'action_items', ['meeting_id'], unique=False)
    op.create_table('meeting_amendments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('original_text', sa.Text(), nullable=False),
    sa.Column('new_text', sa.Text(), nullable=False),
    sa.Column('amended_at', sa.DateTime(), nullable=False),
    sa.Column('amended_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_amendments_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_amendments'))
    )
    op.create_index(op.f('ix_meeting_amendments_meeting_id'), 'meeting_amendments', ['meeting_id'], unique=False)
    op.create_table('plan_checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_on', sa.Date(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_checkins_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_checkins'))
    )
    op.create_index(op.f('ix_plan_checkins_plan_id'), 'plan_checkins', ['plan_id'], unique=False)
    op.create_table('plan_concerns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_concerns_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_concerns'))
    )
    op.create_index(op.f('ix_plan_concerns_plan_id'), 'plan_concerns', ['plan_id'], unique=False)
    op.create_table('plan_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_events_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_events'))
    )
    op.create_index(op.f('ix_plan_events_plan_id'), 'plan_events', ['plan_id'], unique=False)
    op.create_table('plan_objectives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=True),
    sa.Column('comparator', sa.String(length=2), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('target_kind', sa.String(length=20), nullable=True),
    sa.Column('window_days', sa.Integer(), nullable=True),
    sa.Column('min_count', sa.Integer(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_objectives_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_objectives'))
    )
    op.create_index(op.f('ix_plan_objectives_plan_id'), 'plan_objectives', ['plan_id'], unique=False)
    op.create_table('talking_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('source_key', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('times_carried', sa.Integer(), nullable=False),
    sa.Column('discussed_meeting_id', sa.Integer(), nullable=True),
    sa.Column('discussed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("origin IN ('manager', 'agent', 'qa', 'metric')", name=op.f('ck_talking_points_origin_known')),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_talking_points_agent_id_agents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['discussed_meeting_id'], ['meetings.id'], name=op.f('fk_talking_points_discussed_meeting_id_meetings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talking_points')),
    sa.UniqueConstraint('source_key', name=op.f('uq_talking_points_source_key'))
    )
    op.create_index(op.f('ix_talking_points_agent_id'), 'talking_points', ['agent_id'], unique=False)
    op.create_index(op.f('ix_talking_points_discussed_meeting_id'), 'talking_points', ['discussed_meeting_id'], unique=False)
    op.create_table('meeting_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('talking_point_id', sa.Integer(), nullable=False),
    sa.Column('discussed', sa.Boolean(), nullable=False),
    sa.Column('carried', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_points_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['talking_point_id'], ['talking_points.id'], name=op.f('fk_meeting_points_talking_point_id_talking_points'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_points')),
    sa.UniqueConstraint('meeting_id', 'talking_point_id', name=op.f('uq_meeting_points_meeting_id_talking_point_id'))
    )
    op.create_index(op.f('ix_meeting_points_meeting_id'), 'meeting_points', ['meeting_id'], unique=False)
    op.create_table('plan_checkin_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checkin_id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('on_track', 'at_risk', 'met', 'missed')", name=op.f('ck_plan_checkin_results_status_known')),
    sa.ForeignKeyConstraint(['checkin_id'], ['plan_checkins.id'], name=op.f('fk_plan_checkin_results_checkin_id_plan_checkins'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['plan_objectives.id'], name=op.f('fk_plan_checkin_results_objective_id_plan_objectives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_checkin_results')),
    sa.UniqueConstraint('checkin_id', 'objective_id', name=op.f('uq_plan_checkin_results_checkin_id_objective_id'))
    )
    op.create_index(op.f('ix_plan_checkin_results_checkin_id'), 'plan_checkin_results', ['checkin_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_plan_checkin_results_checkin_id'), table_name='plan_checkin_results')
    op.drop_table('plan_checkin_results')
    op.drop_index(op.f('ix_meeting_points_meeting_id'), table_name='meeting_points')
    op.drop_table('meeting_points')
    op.drop_index(op.f('ix_talking_points_discussed_meeting_id'), table_name='talking_points')
    op.drop_index(op.f('ix_talking_points_agent_id'), table_name='talking_points')
    op.drop_table('talking_points')
    op.drop_index(op.f('ix_plan_objectives_plan_id'), table_name='plan_objectives')
    op.drop_table('plan_objectives')
    op.drop_index(op.f('ix_plan_events_plan_id'), table_name='plan_events')
    op.drop_table('plan_events')
    op.drop_index(op.f('ix_plan_concerns_plan_id'), table_name='plan_concerns')
    op.drop_table('plan_concerns')
    op.drop_index(op.f('ix_plan_checkins_plan_id'), table_name='plan_checkins')
    op.drop_table('plan_checkins')
    op.drop_index(op.f('ix_meeting_amendments_meeting_id'), table_name='meeting_amendments')
    op.drop_table('meeting_amendments')
    op.drop_index(op.f('ix_action_items_meeting_id'), table_name='action_items')
    op.drop_index(op.f('ix_action_items_agent_id'), table_name='action_items')
    op.drop_table('action_items')
    op.drop_index(op.f('ix_plans_agent_id'), table_name='plans')
    op.drop_table('plans')
    op.drop_table('one_on_one_schedules')
    op.drop_index(op.f('ix_meetings_meeting_date'), table_name='meetings')
    op.drop_index(op.f('ix_meetings_agent_id'), table_name='meetings')
    op.drop_table('meetings')
    op.drop_index(op.f('ix_goals_agent_id'), table_name='goals')
    op.drop_table('goals')
    op.drop_table('agenda_templates')
