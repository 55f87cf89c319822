"""employee numbers (the key people are imported by from the HR or payroll system), and interviews held on
paper and entered afterwards

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.add_column(sa.Column('employee_number', sa.String(length=40), nullable=True))
        batch.create_unique_constraint(op.f('uq_people_employee_number'), ['employee_number'])
    with op.batch_alter_table('interviews') as batch:
        batch.add_column(sa.Column('held_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('entered_from_paper', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('interviews') as batch:
        batch.drop_column('entered_from_paper')
        batch.drop_column('held_on')
    with op.batch_alter_table('people') as batch:
        batch.drop_constraint(op.f('uq_people_employee_number'), type_='unique')
        batch.drop_column('employee_number')
