"""Sync state with the hub, other workstations' keys, sync conflicts, satisfaction ratings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 02:23:21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('sync_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('reason', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict'))
    )
    op.create_table('sync_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('server_url', sa.String(length=300), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('token', sa.String(length=200), nullable=False),
    sa.Column('commune_code', sa.String(length=20), nullable=False),
    sa.Column('commune_name', sa.String(length=200), nullable=False),
    sa.Column('hub_public_key', sa.LargeBinary(length=32), nullable=False),
    sa.Column('epoch', sa.String(length=36), nullable=False),
    sa.Column('cursor', sa.Integer(), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('last_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=1000), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('clock_offset_seconds', sa.Double(), nullable=True),
    sa.CheckConstraint('id = 1', name=op.f('ck_sync_state_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_state'))
    )
    op.create_table('workstation_key',
    sa.Column('workstation', sa.Integer(), nullable=False),
    sa.Column('device_uid', sa.String(length=36), nullable=False),
    sa.Column('public_key', sa.LargeBinary(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('workstation', name=op.f('pk_workstation_key'))
    )
    op.create_table('satisfaction_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.String(length=16), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('comment', sa.String(length=1000), nullable=True),
    sa.Column('rated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("rating IN ('very_satisfied', 'satisfied', 'dissatisfied')", name=op.f('ck_satisfaction_rating_rating')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_satisfaction_rating_dossier_id_dossier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_satisfaction_rating')),
    sa.UniqueConstraint('dossier_id', name=op.f('uq_satisfaction_rating_dossier_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_satisfaction_rating_uid'))
    )
    with op.batch_alter_table('satisfaction_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_satisfaction_rating_rated_at'), ['rated_at'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('satisfaction_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_satisfaction_rating_rated_at'))

    op.drop_table('satisfaction_rating')
    op.drop_table('workstation_key')
    op.drop_table('sync_state')
    op.drop_table('sync_conflict')

