"""mail: the outbox the app writes mails to (sent by `profiling mail send`), one-time links to set a password,
and whether a user wants reminders

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient', sa.String(length=254), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('about', sa.String(length=60), nullable=False, server_default=''),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('attachment_name', sa.String(length=80), nullable=True),
        sa.Column('attachment', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    )
    op.create_index(op.f('ix_outbox_status'), 'outbox', ['status', 'next_attempt_at'])
    op.create_index(op.f('ix_outbox_about'), 'outbox', ['about'])
    op.create_table(
        'password_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_tokens_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_password_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_password_tokens_token_hash')),
    )
    op.create_index(op.f('ix_password_tokens_user_id'), 'password_tokens', ['user_id'])
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('reminders', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('reminders')
    op.drop_index(op.f('ix_password_tokens_user_id'), table_name='password_tokens')
    op.drop_table('password_tokens')
    op.drop_index(op.f('ix_outbox_about'), table_name='outbox')
    op.drop_index(op.f('ix_outbox_status'), table_name='outbox')
    op.drop_table('outbox')
