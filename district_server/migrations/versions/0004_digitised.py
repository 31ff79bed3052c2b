"""Digitisation at reception (issue 13): what a dossier's events last said of its electronic copies.

``dossier.digitised_complete``: every paper that must be digitised is (the ``digitised_complete`` of the
dossier's latest event that carries it; NULL when none did, e.g. a dossier synced by an older counter);
``dossier.papers_to_digitise``: how many papers had to be, as the intake event said.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digitised_complete", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("papers_to_digitise", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_column("papers_to_digitise")
        batch_op.drop_column("digitised_complete")
