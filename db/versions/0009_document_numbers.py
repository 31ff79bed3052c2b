"""Numbers of the documents the counter issues ("Số: 12/TB-TTPVHCC") and the office's signer

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:20:00

``document_number`` holds one number per issued document (the apology of one ``apology_issued``
event, the stop notice of one ``stopped`` event), gap-free per book and year: allocated under the
write lock in the issuing action's own transaction, and kept for every reprint. The office gains
the agency abbreviation of the number ("TTPVHCC") and the signer of the letters it sends (capacity
TM./KT./Q., the authority, the title and the full name, Decree 30/2020 Annex I).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_number',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('book', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('event_uid', sa.String(length=36), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_document_number_dossier_id_dossier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_number')),
    sa.UniqueConstraint('book', 'year', 'number', name=op.f('uq_document_number_book_year_number')),
    sa.UniqueConstraint('book', 'event_uid', name=op.f('uq_document_number_book_event_uid')),
    )
    with op.batch_alter_table('office') as batch:
        batch.add_column(sa.Column('number_agency', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('signer_capacity', sa.String(length=4), nullable=True))
        batch.add_column(sa.Column('signer_authority', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('signer_title', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('signer_name', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('office') as batch:
        for column in ('signer_name', 'signer_title', 'signer_authority', 'signer_capacity', 'number_agency'):
            batch.drop_column(column)
    op.drop_table('document_number')
