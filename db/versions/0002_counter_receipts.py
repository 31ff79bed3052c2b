"""The counter: receipt signing key, office place and hotline, register numbers, pre-acceptance dossiers.

Incomplete (Mẫu 02) and refused (Mẫu 03) applications are recorded as dossiers without a due date.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:12:50.711391
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('register_sequence',
    sa.Column('book', sa.String(length=20), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('book', name=op.f('pk_register_sequence'))
    )
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('register_book', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('register_number', sa.Integer(), nullable=True))
        batch_op.alter_column('due_at',
               existing_type=sa.DATETIME(),
               nullable=True)
        batch_op.alter_column('appointment_at',
               existing_type=sa.DATETIME(),
               nullable=True)

    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('signing_key', sa.LargeBinary(length=32), nullable=True))
        batch_op.add_column(sa.Column('public_key', sa.LargeBinary(length=32), nullable=True))
        batch_op.add_column(sa.Column('first_synced_at', sa.DateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_column('first_synced_at')
        batch_op.drop_column('public_key')
        batch_op.drop_column('signing_key')
        batch_op.drop_column('phone')
        batch_op.drop_column('place')

    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.alter_column('appointment_at',
               existing_type=sa.DATETIME(),
               nullable=False)
        batch_op.alter_column('due_at',
               existing_type=sa.DATETIME(),
               nullable=False)
        batch_op.drop_column('register_number')
        batch_op.drop_column('register_book')

    op.drop_table('register_sequence')
