"""the round as an administrative case: seats of the hiring committee, the advertised criteria, declarations of
disqualification per candidate, the owner's requests for notes and the raters' addenda

Private notes are no longer possible in a round: a note on a round scorecard is a case document (notatpligt,
offentlighedsloven § 13) that the panel reads. The private notes written on round scorecards before this
revision become visible to the round's staff like every other note of the round; the audit log records how
many were opened (docs/legal.md).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('round_panel') as batch:
        batch.add_column(sa.Column('seat', sa.String(length=20), nullable=False, server_default='panel'))
    with op.batch_alter_table('rounds') as batch:
        batch.add_column(sa.Column('criteria', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('ratings') as batch:
        batch.add_column(sa.Column('addendum', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('addendum_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'round_declarations',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('disqualified', sa.Boolean(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_round_declarations_person_id_people'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_round_declarations_round_id_rounds'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_round_declarations_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('round_id', 'user_id', 'person_id', name=op.f('pk_round_declarations')),
    )
    op.create_index(op.f('ix_round_declarations_person_id'), 'round_declarations', ['person_id'], unique=False)
    op.create_index(op.f('ix_round_declarations_user_id'), 'round_declarations', ['user_id'], unique=False)
    op.create_table(
        'note_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('interview_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.String(length=80), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_note_requests_interview_id_interviews'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_note_requests_requested_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_note_requests_round_id_rounds'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_note_requests')),
        sa.UniqueConstraint('interview_id', 'question_id', name=op.f('uq_note_requests_interview_id')),
    )
    op.create_index(op.f('ix_note_requests_interview_id'), 'note_requests', ['interview_id'], unique=False)
    op.create_index(op.f('ix_note_requests_round_id'), 'note_requests', ['round_id'], unique=False)
    # Private notes on round scorecards become case documents, as every note of a round is now.
    connection = op.get_bind()
    in_rounds = "SELECT id FROM interviews WHERE round_id IS NOT NULL"
    opened = connection.execute(sa.text(f"SELECT count(*) FROM ratings WHERE private AND interview_id IN ({in_rounds})")).scalar()
    if opened:
        connection.execute(sa.text(f"UPDATE ratings SET private = false WHERE private AND interview_id IN ({in_rounds})"))
        audit_log = sa.table(
            'audit_log', sa.column('at', sa.DateTime(timezone=True)), sa.column('actor_id', sa.Integer()),
            sa.column('actor_role', sa.String()), sa.column('action', sa.String()), sa.column('person_id', sa.Integer()),
            sa.column('subject', sa.String()), sa.column('detail', sa.JSON()),
        )
        op.bulk_insert(audit_log, [{
            'at': datetime.now(UTC), 'actor_id': None, 'actor_role': 'system', 'action': 'migration.round_notes_opened',
            'person_id': None, 'subject': 'ratings', 'detail': {"notes": int(opened)},
        }])


def downgrade() -> None:
    op.drop_index(op.f('ix_note_requests_round_id'), table_name='note_requests')
    op.drop_index(op.f('ix_note_requests_interview_id'), table_name='note_requests')
    op.drop_table('note_requests')
    op.drop_index(op.f('ix_round_declarations_user_id'), table_name='round_declarations')
    op.drop_index(op.f('ix_round_declarations_person_id'), table_name='round_declarations')
    op.drop_table('round_declarations')
    with op.batch_alter_table('ratings') as batch:
        batch.drop_column('addendum_at')
        batch.drop_column('addendum')
    with op.batch_alter_table('rounds') as batch:
        batch.drop_column('criteria')
    with op.batch_alter_table('round_panel') as batch:
        batch.drop_column('seat')
