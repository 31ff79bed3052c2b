"""Postal public service: batches handed to and from the post, items with S10 tracking numbers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 00:52:29.260980
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('postal_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('state', sa.String(length=6), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('clerk_name', sa.String(length=200), nullable=True),
    sa.Column('postal_name', sa.String(length=200), nullable=True),
    sa.CheckConstraint("direction IN ('out', 'in')", name=op.f('ck_postal_batch_direction')),
    sa.CheckConstraint("state IN ('open', 'closed')", name=op.f('ck_postal_batch_state')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postal_batch')),
    sa.UniqueConstraint('uid', name=op.f('uq_postal_batch_uid'))
    )
    op.create_table('postal_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('tracking', sa.String(length=13), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('recipient_name', sa.String(length=200), nullable=False),
    sa.Column('recipient_address', sa.String(length=500), nullable=False),
    sa.Column('agency_code', sa.String(length=20), nullable=True),
    sa.Column('postage', sa.Integer(), nullable=True),
    sa.Column('slip_number', sa.String(length=40), nullable=True),
    sa.Column('outcome', sa.String(length=14), nullable=False),
    sa.Column('outcome_at', sa.DateTime(), nullable=True),
    sa.Column('outcome_reason', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['postal_batch.id'], name=op.f('fk_postal_item_batch_id_postal_batch')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_postal_item_dossier_id_dossier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postal_item')),
    sa.UniqueConstraint('tracking', name=op.f('uq_postal_item_tracking'))
    )
    with op.batch_alter_table('postal_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_postal_item_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_postal_item_dossier_id'), ['dossier_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('postal_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_postal_item_dossier_id'))
        batch_op.drop_index(batch_op.f('ix_postal_item_batch_id'))

    op.drop_table('postal_item')
    op.drop_table('postal_batch')
