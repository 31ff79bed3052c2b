"""Papers to the hub (issue 14): the signed copies a commune's counters upload, their tus uploads, quotas.

``paper``: one received copy of one paper of a dossier (the bytes are in the paper store under
``store_key``); ``paper_upload``: a tus 1.0 upload in progress or done; ``commune.paper_quota_bytes``: the
commune's own quota (NULL: the hub's default, ``serve --paper-quota``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commune", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paper_quota_bytes", sa.BigInteger(), nullable=True))
    op.create_table(
        "paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_code", sa.String(length=20), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("dossier_code", sa.String(length=30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("signer_kind", sa.String(length=10), nullable=False),
        sa.Column("signature_intact", sa.Boolean(), nullable=False),
        sa.Column("store_key", sa.String(length=200), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_paper_dossier_id_dossier")),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_paper_device_id_device")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper")),
        sa.UniqueConstraint("dossier_id", "position", "sha256", name=op.f("uq_paper_dossier_id_position_sha256")),
    )
    with op.batch_alter_table("paper", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_dossier_id"), ["dossier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_paper_dossier_code"), ["dossier_code"], unique=False)
        batch_op.create_index("ix_paper_commune_current", ["commune_code", "current"], unique=False)
    op.create_table(
        "paper_upload",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("commune_code", sa.String(length=20), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("dossier_code", sa.String(length=30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("length", sa.BigInteger(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_paper_upload_device_id_device")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_paper_upload_dossier_id_dossier")),
        sa.ForeignKeyConstraint(["paper_id"], ["paper.id"], name=op.f("fk_paper_upload_paper_id_paper")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_upload")),
        sa.UniqueConstraint(
            "commune_code",
            "dossier_code",
            "position",
            "sha256",
            name=op.f("uq_paper_upload_commune_code_dossier_code_position_sha256"),
        ),
    )
    with op.batch_alter_table("paper_upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_upload_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_paper_upload_dossier_id"), ["dossier_id"], unique=False)


def downgrade() -> None:
    op.drop_table("paper_upload")
    op.drop_table("paper")
    with op.batch_alter_table("commune", schema=None) as batch_op:
        batch_op.drop_column("paper_quota_bytes")
