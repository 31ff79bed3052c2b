"""The hub's migrations build exactly the tables of district_server/models.py, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from district_server.db import Hub, make_engine
from district_server.models import Base


def test_migrations_match_models(hub_db_url: str) -> None:
    Hub(hub_db_url).close()  # migrates to head
    engine = make_engine(hub_db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_identity_is_made_once_and_kept(hub_db_url: str) -> None:
    first = Hub(hub_db_url)
    meta = first.meta()
    first.close()
    again = Hub(hub_db_url)
    try:
        assert again.meta().epoch == meta.epoch
        assert again.meta().public_key == meta.public_key
        assert len(meta.signing_key) == 32
    finally:
        again.close()
