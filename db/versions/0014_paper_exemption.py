"""A dossier paper's exemption from digitisation (issue 13: Circular 03/2025/TT-VPCP)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:20:00

``dossier_component.exempt_reason``: why the clerk marked a paper as needing no electronic copy
("shown", "agency_opinion", "secret"; counter_app.domain.digitisation.MARKS), NULL when the rule alone
decides (the dossier's channel and the paper's checklist name).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossier_component", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exempt_reason", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossier_component", schema=None) as batch_op:
        batch_op.drop_column("exempt_reason")
