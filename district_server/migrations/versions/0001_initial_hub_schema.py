"""Initial hub schema: the tables of district_server/models.py (commit a946f7d).

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commune",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commune")),
        sa.UniqueConstraint("code", name=op.f("uq_commune_code")),
    )
    op.create_table(
        "hub_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=36), nullable=False),
        sa.Column("signing_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_hub_meta_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_meta")),
    )
    op.create_table(
        "published",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("version", sa.String(length=80), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_published")),
    )
    op.create_table(
        "sent_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_uid", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=5), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_message")),
    )
    with op.batch_alter_table("sent_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sent_message_notice_uid"), ["notice_uid"], unique=False)

    op.create_table(
        "change",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=True),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["commune_id"], ["commune.id"], name=op.f("fk_change_commune_id_commune")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change")),
    )
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.create_index("ix_change_commune_seq", ["commune_id", "seq"], unique=False)

    op.create_table(
        "device",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("device_uid", sa.String(length=36), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("workstation", sa.Integer(), nullable=False),
        sa.Column("office_name", sa.String(length=200), nullable=False),
        sa.Column("lookup_url_base", sa.String(length=300), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.Column("clock_offset_seconds", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(["commune_id"], ["commune.id"], name=op.f("fk_device_commune_id_commune")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device")),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_commune_id"), ["commune_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_device_device_uid"), ["device_uid"], unique=False)

    op.create_table(
        "enroll_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["commune_id"], ["commune.id"], name=op.f("fk_enroll_code_commune_id_commune")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enroll_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_enroll_code_code_hash")),
    )
    with op.batch_alter_table("enroll_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enroll_code_commune_id"), ["commune_id"], unique=False)

    op.create_table(
        "hub_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["commune_id"], ["commune.id"], name=op.f("fk_hub_user_commune_id_commune")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_user")),
        sa.UniqueConstraint("commune_id", "username", name=op.f("uq_hub_user_commune_id_username")),
    )
    op.create_table(
        "dossier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("workstation", sa.Integer(), nullable=False),
        sa.Column("procedure_code", sa.String(length=20), nullable=False),
        sa.Column("procedure_name", sa.String(length=400), nullable=False),
        sa.Column("field", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("return_by_post", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("lookup_secret", sa.String(length=16), nullable=False),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("applicant_id_number", sa.String(length=12), nullable=True),
        sa.Column("applicant_phone", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["commune_id"], ["commune.id"], name=op.f("fk_dossier_commune_id_commune")),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_dossier_device_id_device")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier")),
        sa.UniqueConstraint("code", name=op.f("uq_dossier_code")),
        sa.UniqueConstraint("uid", name=op.f("uq_dossier_uid")),
    )
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_commune_received", ["commune_id", "received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossier_device_id"), ["device_id"], unique=False)

    op.create_table(
        "push_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_push_batch_device_id_device")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_batch")),
        sa.UniqueConstraint("device_id", "key", name=op.f("uq_push_batch_device_id_key")),
    )
    op.create_table(
        "rejected_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_rejected_item_device_id_device")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejected_item")),
    )
    with op.batch_alter_table("rejected_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rejected_item_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rejected_item_uid"), ["uid"], unique=False)

    op.create_table(
        "dossier_event",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=6), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status_after", sa.String(length=24), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("device_recorded_at", sa.DateTime(), nullable=True),
        sa.Column("hub_received_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_dossier_event_device_id_device")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_dossier_event_dossier_id_dossier")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_event")),
        sa.UniqueConstraint("uid", name=op.f("uq_dossier_event_uid")),
    )
    with op.batch_alter_table("dossier_event", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_event_dossier_at", ["dossier_id", "at"], unique=False)

    op.create_table(
        "outgoing_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_uid", sa.String(length=36), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=5), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("gateway", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["commune_id"], ["commune.id"], name=op.f("fk_outgoing_message_commune_id_commune")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_outgoing_message_dossier_id_dossier")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_message")),
        sa.UniqueConstraint("notice_uid", name=op.f("uq_outgoing_message_notice_uid")),
    )
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outgoing_message_commune_id"), ["commune_id"], unique=False)
        batch_op.create_index("ix_outgoing_message_state_next", ["state", "next_attempt_at"], unique=False)

    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=16), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("comment", sa.String(length=1000), nullable=True),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_rating_dossier_id_dossier")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating")),
        sa.UniqueConstraint("uid", name=op.f("uq_rating_uid")),
    )
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_dossier_id"), ["dossier_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_dossier_id"))

    op.drop_table("rating")
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_message_state_next")
        batch_op.drop_index(batch_op.f("ix_outgoing_message_commune_id"))

    op.drop_table("outgoing_message")
    with op.batch_alter_table("dossier_event", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_event_dossier_at")

    op.drop_table("dossier_event")
    with op.batch_alter_table("rejected_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rejected_item_uid"))
        batch_op.drop_index(batch_op.f("ix_rejected_item_device_id"))

    op.drop_table("rejected_item")
    op.drop_table("push_batch")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_device_id"))
        batch_op.drop_index("ix_dossier_commune_received")

    op.drop_table("dossier")
    op.drop_table("hub_user")
    with op.batch_alter_table("enroll_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enroll_code_commune_id"))

    op.drop_table("enroll_code")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_device_uid"))
        batch_op.drop_index(batch_op.f("ix_device_commune_id"))

    op.drop_table("device")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_index("ix_change_commune_seq")

    op.drop_table("change")
    with op.batch_alter_table("sent_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sent_message_notice_uid"))

    op.drop_table("sent_message")
    op.drop_table("published")
    op.drop_table("hub_meta")
    op.drop_table("commune")
