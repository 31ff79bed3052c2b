"""Certified copies on their way to the hub (issue 14: papers to the hub)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 17:10:00

``paper_upload``: one row per (copy, sha256) to send or sent over tus (state ``waiting``, ``sent``,
``set_aside``), with the upload's URL and the offset the hub confirmed. ``sync_state.paper_kbps`` (the
papers' bandwidth cap, NULL: none) and ``sync_state.paper_hours`` ("HH:MM-HH:MM", NULL: any time).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("copy_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("state IN ('waiting', 'sent', 'set_aside')", name=op.f("ck_paper_upload_state")),
        sa.ForeignKeyConstraint(["copy_id"], ["paper_copy.id"], name=op.f("fk_paper_upload_copy_id_paper_copy")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_paper_upload_dossier_id_dossier")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_upload")),
        sa.UniqueConstraint("copy_id", "sha256", name=op.f("uq_paper_upload_copy_id_sha256")),
    )
    with op.batch_alter_table("paper_upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_upload_dossier_id"), ["dossier_id"], unique=False)
        batch_op.create_index("ix_paper_upload_state", ["state"], unique=False)
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paper_kbps", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("paper_hours", sa.String(length=11), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("paper_hours")
        batch_op.drop_column("paper_kbps")
    with op.batch_alter_table("paper_upload", schema=None) as batch_op:
        batch_op.drop_index("ix_paper_upload_state")
        batch_op.drop_index(batch_op.f("ix_paper_upload_dossier_id"))
    op.drop_table("paper_upload")
