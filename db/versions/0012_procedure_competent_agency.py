"""A procedure's competent agency, level and sources (reception regardless of residence, Decree 118/2025)

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-03 10:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("procedure") as batch:
        batch.add_column(sa.Column("agency_code", sa.String(20), nullable=True))
        batch.add_column(sa.Column("level", sa.String(20), nullable=False, server_default="commune"))
        batch.add_column(sa.Column("sources", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("procedure") as batch:
        batch.drop_column("sources")
        batch.drop_column("level")
        batch.drop_column("agency_code")
