"""the decision of a round: its minutes, reference checks with their hearings, applicants' access requests and
the answers they were sent, and the filing of the case in the municipality's case system

Rounds closed before this revision were closed without minutes and never filed here. They are not marked filed:
their case documents are kept until an administrator files them in the case system and records the case number,
like any other round (GDPR art. 17(3)(b); docs/legal.md); a retention run says how many candidates wait for it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rounds') as batch:
        batch.add_column(sa.Column('journalised_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('case_number', sa.String(length=60), nullable=False, server_default=''))
    with op.batch_alter_table('round_candidates') as batch:
        batch.add_column(sa.Column('access_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('access_delivered_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('answer', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('answered_by_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_round_candidates_answered_by_id_users'), 'users', ['answered_by_id'], ['id'],
                                 ondelete='SET NULL')
    op.create_table(
        'round_minutes',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('recommended', sa.JSON(), nullable=False),
        sa.Column('recommendation', sa.Text(), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.Column('explanations', sa.JSON(), nullable=False),
        sa.Column('decided_by', sa.Text(), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.Column('written_by_id', sa.Integer(), nullable=True),
        sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_round_minutes_round_id_rounds'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_round_minutes_written_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('round_id', name=op.f('pk_round_minutes')),
    )
    op.create_table(
        'round_references',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('referee_name', sa.String(length=120), nullable=False),
        sa.Column('referee_relation', sa.String(length=160), nullable=False),
        sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('taken_by_id', sa.Integer(), nullable=True),
        sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('weighs_against', sa.Boolean(), nullable=False),
        sa.Column('hearing_letter', sa.Text(), nullable=False),
        sa.Column('hearing_sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('hearing_deadline', sa.Date(), nullable=True),
        sa.Column('hearing_answer', sa.Text(), nullable=False),
        sa.Column('hearing_answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_round_references_person_id_people'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_round_references_round_id_rounds'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['taken_by_id'], ['users.id'], name=op.f('fk_round_references_taken_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_round_references')),
    )
    op.create_index(op.f('ix_round_references_person_id'), 'round_references', ['person_id'], unique=False)
    op.create_index(op.f('ix_round_references_round_id'), 'round_references', ['round_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_round_references_round_id'), table_name='round_references')
    op.drop_index(op.f('ix_round_references_person_id'), table_name='round_references')
    op.drop_table('round_references')
    op.drop_table('round_minutes')
    with op.batch_alter_table('round_candidates') as batch:
        batch.drop_constraint(op.f('fk_round_candidates_answered_by_id_users'), type_='foreignkey')
        batch.drop_column('answered_by_id')
        batch.drop_column('answered_at')
        batch.drop_column('answer')
        batch.drop_column('access_delivered_at')
        batch.drop_column('access_requested_at')
    with op.batch_alter_table('rounds') as batch:
        batch.drop_column('case_number')
        batch.drop_column('journalised_at')
