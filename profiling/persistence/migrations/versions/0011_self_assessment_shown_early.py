"""when a manager chose to see the employee's self-assessment before completing their own MUS rating

A manager rates before seeing the self-assessment (no anchoring). Choosing "show now" during the rating is
recorded on the manager's scorecard, and every comparison of the two says so.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('interviews') as batch:
        batch.add_column(sa.Column('self_shown_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('interviews') as batch:
        batch.drop_column('self_shown_at')
