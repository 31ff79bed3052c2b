"""Indexes for the Biểu 06 report: dossiers by result time, events by kind and time; resolved_at backfilled

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 03:10:00

The report of a period reads only the dossiers that can matter: resolved since the period's start
(``ix_dossier_resolved_received``, whose second column lets SQLite drop the dossiers received after
the period without reading their rows) and the unresolved ones (the NULL end of the same index);
apology letters come from ``ix_dossier_event_kind_at``. ``dossier.resolved_at`` (the first
``result_ready``) is filled in where an older build left it empty.
"""

from __future__ import annotations

from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE dossier SET resolved_at = ("
        " SELECT min(e.at) FROM dossier_event e WHERE e.dossier_id = dossier.id AND e.kind = 'result_ready')"
        " WHERE resolved_at IS NULL AND status IN ('result_ready', 'handed_to_post', 'returned')"
    )
    op.create_index('ix_dossier_resolved_received', 'dossier', ['resolved_at', 'received_at'], unique=False)
    op.create_index('ix_dossier_event_kind_at', 'dossier_event', ['kind', 'at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_dossier_event_kind_at', table_name='dossier_event')
    op.drop_index('ix_dossier_resolved_received', table_name='dossier')
