"""Alembic environment of the counter database (run in code by counter_app.storage.migrate)."""

from __future__ import annotations

from alembic import context

import counter_app.storage.models  # noqa: F401  (registers the tables on Base.metadata)
from counter_app.storage.base import Base
from counter_app.storage.migrate import include_object


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_object=include_object,
        transaction_per_migration=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
