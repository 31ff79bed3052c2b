"""Online-only services (Directive 24/CT-TTg): the catalogue's mark, and assisted online filing

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "online_only_rule",
        sa.Column("code", sa.String(20), primary_key=True),
        sa.Column("basis", sa.String(300), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("certainty", sa.String(1), nullable=False),
        sa.Column("level", sa.String(20), nullable=True),
    )
    with op.batch_alter_table("dossier") as batch:
        batch.add_column(sa.Column("assisted", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("portal_code", sa.String(40), nullable=True))
        batch.add_column(sa.Column("paper_exception", sa.String(1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossier") as batch:
        batch.drop_column("paper_exception")
        batch.drop_column("portal_code")
        batch.drop_column("assisted")
    op.drop_table("online_only_rule")
