"""frozen theme-day snapshots and the values behind them, a round's last closing, hires waiting for
confirmation, and the accounts an HR import manages

Theme days planned before this revision have no snapshot: their manager publishes one (the team sees no
profile until then). Accounts that exist before this revision are not managed by the import (nothing
recorded which an import made): an import links people to them but never changes them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('theme_days') as batch:
        batch.add_column(sa.Column('published_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('published', sa.JSON(), nullable=True))
    op.create_table(
        'theme_day_releases',
        sa.Column('theme_day_id', sa.Integer(), nullable=False),
        sa.Column('competence_id', sa.String(length=80), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('basis', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_theme_day_releases_person_id_people'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['theme_day_id'], ['theme_days.id'],
                                name=op.f('fk_theme_day_releases_theme_day_id_theme_days'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('theme_day_id', 'competence_id', 'person_id', name=op.f('pk_theme_day_releases')),
    )
    op.create_index(op.f('ix_theme_day_releases_person_id'), 'theme_day_releases', ['person_id'], unique=False)
    with op.batch_alter_table('rounds') as batch:
        batch.add_column(sa.Column('last_closed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE rounds SET last_closed_at = closed_at WHERE closed_at IS NOT NULL")
    with op.batch_alter_table('round_candidates') as batch:
        batch.add_column(sa.Column('hire_team_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('hire_requested_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('hire_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(op.f('fk_round_candidates_hire_team_id_teams'), 'teams', ['hire_team_id'], ['id'],
                                 ondelete='SET NULL')
        batch.create_foreign_key(op.f('fk_round_candidates_hire_requested_by_id_users'), 'users',
                                 ['hire_requested_by_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('managed_by_import', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('managed_by_import')
    with op.batch_alter_table('round_candidates') as batch:
        batch.drop_constraint(op.f('fk_round_candidates_hire_requested_by_id_users'), type_='foreignkey')
        batch.drop_constraint(op.f('fk_round_candidates_hire_team_id_teams'), type_='foreignkey')
        batch.drop_column('hire_requested_at')
        batch.drop_column('hire_requested_by_id')
        batch.drop_column('hire_team_id')
    with op.batch_alter_table('rounds') as batch:
        batch.drop_column('last_closed_at')
    op.drop_index(op.f('ix_theme_day_releases_person_id'), table_name='theme_day_releases')
    op.drop_table('theme_day_releases')
    with op.batch_alter_table('theme_days') as batch:
        batch.drop_column('published')
        batch.drop_column('published_at')
