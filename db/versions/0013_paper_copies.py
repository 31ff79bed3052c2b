"""Certified electronic copies of a dossier's papers (issue 13: digitisation at reception)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 14:00:00

``paper_copy`` records each paper's signed PDF/A copy, kept as a content-addressed file under
``<data dir>/papers/``; a re-scan keeps the replaced row as history (``current`` false).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("image_sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("reused_from_id", sa.Integer(), nullable=True),
        sa.Column("signer_kind", sa.String(length=10), nullable=False),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("certified_by", sa.Integer(), nullable=True),
        sa.Column("certified_by_name", sa.String(length=200), nullable=False),
        sa.Column("certified_at", sa.DateTime(), nullable=False),
        sa.Column("ocr", sa.String(length=8), nullable=False),
        sa.Column("ocr_text", sa.Text(), nullable=True),
        sa.Column("current", sa.Boolean(), server_default=sa.text("1"), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("ocr IN ('pending', 'done')", name=op.f("ck_paper_copy_ocr")),
        sa.CheckConstraint("position >= 1", name=op.f("ck_paper_copy_position")),
        sa.CheckConstraint("signer_kind IN ('token', 'office')", name=op.f("ck_paper_copy_signer_kind")),
        sa.CheckConstraint("source IN ('scanner', 'file', 'folder', 'reuse')", name=op.f("ck_paper_copy_source")),
        sa.ForeignKeyConstraint(
            ["certified_by"], ["user_account.id"], name=op.f("fk_paper_copy_certified_by_user_account")
        ),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_paper_copy_dossier_id_dossier")),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"], ["paper_copy.id"], name=op.f("fk_paper_copy_replaced_by_id_paper_copy")
        ),
        sa.ForeignKeyConstraint(
            ["reused_from_id"], ["paper_copy.id"], name=op.f("fk_paper_copy_reused_from_id_paper_copy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_copy")),
        sa.UniqueConstraint("uid", name=op.f("uq_paper_copy_uid")),
    )
    with op.batch_alter_table("paper_copy", schema=None) as batch_op:
        batch_op.create_index("ix_paper_copy_dossier_position", ["dossier_id", "position"], unique=False)
        batch_op.create_index(batch_op.f("ix_paper_copy_image_sha256"), ["image_sha256"], unique=False)
        batch_op.create_index(
            "ix_paper_copy_ocr_pending", ["ocr"], unique=False, sqlite_where=sa.text("ocr = 'pending'")
        )
        batch_op.create_index(batch_op.f("ix_paper_copy_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            "uq_paper_copy_current", ["dossier_id", "position"], unique=True, sqlite_where=sa.text("current = 1")
        )


def downgrade() -> None:
    with op.batch_alter_table("paper_copy", schema=None) as batch_op:
        batch_op.drop_index("uq_paper_copy_current", sqlite_where=sa.text("current = 1"))
        batch_op.drop_index(batch_op.f("ix_paper_copy_sha256"))
        batch_op.drop_index("ix_paper_copy_ocr_pending", sqlite_where=sa.text("ocr = 'pending'"))
        batch_op.drop_index(batch_op.f("ix_paper_copy_image_sha256"))
        batch_op.drop_index("ix_paper_copy_dossier_position")
    op.drop_table("paper_copy")
