"""District-wide statistics: the operator tokens of /bao-cao and the Biểu 06 index on dossiers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "operator_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_operator_token_token_hash")),
    )
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_resolved_received", ["resolved_at", "received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_resolved_received")
    op.drop_table("operator_token")
