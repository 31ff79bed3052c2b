"""Directive 24/CT-TTg: each dossier keeps whether the counter helped file it on the national portal,
the portal's dossier code, and the recorded reason when an online-only service took paper.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assisted", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("portal_code", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("paper_exception", sa.String(length=1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_column("paper_exception")
        batch_op.drop_column("portal_code")
        batch_op.drop_column("assisted")
