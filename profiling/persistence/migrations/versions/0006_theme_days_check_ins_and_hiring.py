"""theme days with the team's agreements, practice check-ins on plan goals, and the round a person was hired from

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.add_column(sa.Column('hired_from_round_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_people_hired_from_round_id_rounds'), 'rounds', ['hired_from_round_id'], ['id'], ondelete='SET NULL'
        )
    op.create_table(
        'goal_check_ins',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=False),
        sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('response', sa.Text(), nullable=False),
        sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('responded_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_goal_check_ins_goal_id_plan_goals'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_goal_check_ins_author_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['responded_by_id'], ['users.id'], name=op.f('fk_goal_check_ins_responded_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_check_ins')),
    )
    op.create_index(op.f('ix_goal_check_ins_goal_id'), 'goal_check_ins', ['goal_id'])
    op.create_table(
        'theme_days',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=160), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('framework_id', sa.String(length=80), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('planned_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('agreed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_theme_days_team_id_teams'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['planned_by_id'], ['users.id'], name=op.f('fk_theme_days_planned_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_days')),
    )
    op.create_index(op.f('ix_theme_days_team_id'), 'theme_days', ['team_id'])
    op.create_table(
        'team_agreements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('theme_day_id', sa.Integer(), nullable=False),
        sa.Column('competence_id', sa.String(length=80), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('follow_up_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['theme_day_id'], ['theme_days.id'], name=op.f('fk_team_agreements_theme_day_id_theme_days'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_team_agreements')),
    )
    op.create_index(op.f('ix_team_agreements_theme_day_id'), 'team_agreements', ['theme_day_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_team_agreements_theme_day_id'), table_name='team_agreements')
    op.drop_table('team_agreements')
    op.drop_index(op.f('ix_theme_days_team_id'), table_name='theme_days')
    op.drop_table('theme_days')
    op.drop_index(op.f('ix_goal_check_ins_goal_id'), table_name='goal_check_ins')
    op.drop_table('goal_check_ins')
    with op.batch_alter_table('people') as batch:
        batch.drop_constraint(op.f('fk_people_hired_from_round_id_rounds'), type_='foreignkey')
        batch.drop_column('hired_from_round_id')
