"""Initial schema: office, catalogue, dossiers and their events, outbox, users, audit, calendar.

Revision ID: 0001
Revises:
Create Date: 2026-11-21 23:40:37.923507
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# Append-only tables: history and audit are never edited, only added to (corrections are new rows).
APPEND_ONLY = ("dossier_event", "audit_entry")
FTS_SQL = (
    "CREATE VIRTUAL TABLE dossier_fts USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = none)"
)


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_agency")),
    )
    op.create_table(
        "applicant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("id_number", sa.String(length=12), nullable=True),
        sa.Column("old_id_number", sa.String(length=9), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=6), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applicant")),
    )
    with op.batch_alter_table("applicant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applicant_id_number"), ["id_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_applicant_phone"), ["phone"], unique=False)

    op.create_table(
        "calendar_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('holiday', 'working_day')", name=op.f("ck_calendar_override_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_override")),
        sa.UniqueConstraint("day", name=op.f("uq_calendar_override_day")),
    )
    op.create_table(
        "daily_sequence",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("workstation", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "workstation", name=op.f("pk_daily_sequence")),
    )
    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=13), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_name", sa.String(length=200), nullable=True),
        sa.Column("workstation", sa.Integer(), nullable=False),
        sa.Column("form_set", sa.String(length=4), nullable=False),
        sa.Column("lookup_url_base", sa.String(length=300), nullable=True),
        sa.Column("device_uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_office_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
        sa.UniqueConstraint("device_uid", name=op.f("uq_office_device_uid")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("uid", name=op.f("uq_outbox_uid")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_state_id", ["state", "id"], unique=False)

    op.create_table(
        "procedure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("edition", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("field", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("cutoff", sa.String(length=5), nullable=True),
        sa.Column("fee", sa.Integer(), nullable=True),
        sa.Column("fee_note", sa.String(length=500), nullable=True),
        sa.Column("legal_basis", sa.JSON(), nullable=False),
        sa.Column("result_by_post", sa.Boolean(), nullable=False),
        sa.Column("unverified", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure")),
        sa.UniqueConstraint("code", "version", name=op.f("uq_procedure_code_version")),
    )
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_procedure_current"), ["current"], unique=False)

    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("role IN ('clerk', 'leader', 'admin')", name=op.f("ck_user_account_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("username", name=op.f("uq_user_account_username")),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("os_user", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=True),
        sa.Column("entity_id", sa.String(length=40), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_audit_entry_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_entry_hash")),
    )
    op.create_table(
        "dossier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("return_by_post", sa.Boolean(), nullable=False),
        sa.Column("postal_address", sa.String(length=500), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("appointment_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("lookup_secret", sa.String(length=16), nullable=False),
        sa.Column("workstation", sa.Integer(), nullable=False),
        sa.Column("late_entry", sa.Boolean(), nullable=False),
        sa.Column("reschedule_count", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("channel IN ('direct', 'postal', 'online')", name=op.f("ck_dossier_channel")),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["applicant.id"], name=op.f("fk_dossier_applicant_id_applicant")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user_account.id"], name=op.f("fk_dossier_created_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedure.id"], name=op.f("fk_dossier_procedure_id_procedure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier")),
        sa.UniqueConstraint("code", name=op.f("uq_dossier_code")),
        sa.UniqueConstraint("uid", name=op.f("uq_dossier_uid")),
    )
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dossier_applicant_id"), ["applicant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossier_procedure_id"), ["procedure_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossier_received_at"), ["received_at"], unique=False)
        batch_op.create_index("ix_dossier_status_due", ["status", "due_at"], unique=False)

    op.create_table(
        "procedure_component",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedure.id"], name=op.f("fk_procedure_component_procedure_id_procedure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_component")),
    )
    with op.batch_alter_table("procedure_component", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_procedure_component_procedure_id"), ["procedure_id"], unique=False
        )

    op.create_table(
        "dossier_component",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("received", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_dossier_component_dossier_id_dossier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_component")),
    )
    with op.batch_alter_table("dossier_component", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dossier_component_dossier_id"), ["dossier_id"], unique=False)

    op.create_table(
        "dossier_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status_after", sa.String(length=24), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_dossier_event_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_dossier_event_dossier_id_dossier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_event")),
        sa.UniqueConstraint("dossier_id", "seq", name=op.f("uq_dossier_event_dossier_id_seq")),
        sa.UniqueConstraint("uid", name=op.f("uq_dossier_event_uid")),
    )
    op.execute(FTS_SQL)
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def downgrade() -> None:
    op.execute("DROP TABLE dossier_fts")
    for table in APPEND_ONLY:
        op.execute(f"DROP TRIGGER {table}_no_update")
        op.execute(f"DROP TRIGGER {table}_no_delete")
    op.drop_table("dossier_event")
    with op.batch_alter_table("dossier_component", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_component_dossier_id"))

    op.drop_table("dossier_component")
    with op.batch_alter_table("procedure_component", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_component_procedure_id"))

    op.drop_table("procedure_component")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_status_due")
        batch_op.drop_index(batch_op.f("ix_dossier_received_at"))
        batch_op.drop_index(batch_op.f("ix_dossier_procedure_id"))
        batch_op.drop_index(batch_op.f("ix_dossier_applicant_id"))

    op.drop_table("dossier")
    op.drop_table("audit_entry")
    op.drop_table("user_account")
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_current"))
        batch_op.drop_index(batch_op.f("ix_procedure_code"))

    op.drop_table("procedure")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_state_id")

    op.drop_table("outbox")
    op.drop_table("office")
    op.drop_table("daily_sequence")
    op.drop_table("calendar_override")
    with op.batch_alter_table("applicant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applicant_phone"))
        batch_op.drop_index(batch_op.f("ix_applicant_id_number"))

    op.drop_table("applicant")
    op.drop_table("agency")
