"""Action request tokens: a creating or moving action carried out once per token (idempotency)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 18:00:00

``action_request`` holds the token of every intake, lifecycle and postal action that was given one,
written in the action's own transaction; a second call with the same token replays the first result.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('action_request',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_action_request_actor_id_user_account')),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_action_request'))
    )
    with op.batch_alter_table('action_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_request_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('action_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_request_created_at'))
    op.drop_table('action_request')
