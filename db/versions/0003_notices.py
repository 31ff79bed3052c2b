"""Notices: SMS and e-mail texts to applicants, queued at the counter for the hub to relay.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 00:32:40.377760
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=5), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('text', sa.String(length=2000), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("channel IN ('sms', 'email')", name=op.f('ck_notice_channel')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_notice_dossier_id_dossier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice')),
    sa.UniqueConstraint('uid', name=op.f('uq_notice_uid'))
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index('ix_notice_state_id', ['state', 'id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index('ix_notice_state_id')
        batch_op.drop_index(batch_op.f('ix_notice_dossier_id'))

    op.drop_table('notice')
