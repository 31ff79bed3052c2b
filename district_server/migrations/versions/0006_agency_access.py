"""Who sees papers (issue 14): the interlinked agencies' tokens of the officers' page /co-quan and the
audit of every paper downloaded there.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_agency_token_token_hash")),
    )
    with op.batch_alter_table("agency_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_token_agency_code"), ["agency_code"], unique=False)
    op.create_table(
        "paper_download",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["paper_id"], ["paper.id"], name=op.f("fk_paper_download_paper_id_paper")),
        sa.ForeignKeyConstraint(
            ["token_id"], ["agency_token.id"], name=op.f("fk_paper_download_token_id_agency_token")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_download")),
    )
    with op.batch_alter_table("paper_download", schema=None) as batch_op:
        batch_op.create_index("ix_paper_download_paper_at", ["paper_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_paper_download_token_id"), ["token_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("paper_download", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_download_token_id"))
        batch_op.drop_index("ix_paper_download_paper_at")
    op.drop_table("paper_download")
    with op.batch_alter_table("agency_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_token_agency_code"))
    op.drop_table("agency_token")
