"""change marks: pages cache what they read until the data they show changes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'change_marks',
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('generation', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('scope', name=op.f('pk_change_marks')),
    )


def downgrade() -> None:
    op.drop_table('change_marks')
