"""Bring a database file to the schema this build expects, safely.

1. Refuse a database whose revision this build does not know (written by a newer version).
2. Back the file up (SQLite's online backup, consistent under WAL) before changing anything.
3. Run the Alembic revisions with foreign keys off (batch mode recreates tables), then check
   ``PRAGMA foreign_key_check`` and ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util import CommandError
from sqlalchemy import Engine

from counter_app.paths import migrations_dir
from counter_app.storage.engine import make_engine
from counter_app.storage.errors import StorageError
from counter_app.storage.fts import FTS_TABLE


@dataclass(frozen=True)
class MigrationReport:
    before: str | None
    after: str
    backup: Path | None


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Leave the FTS5 virtual table and its shadow tables to the hand-written migrations."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def backup(source: Path, target_dir: Path, label: str) -> Path:
    """Copy ``source`` with SQLite's backup API to ``target_dir`` and return the copy's path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = target_dir / f"{source.stem}-{label}-{stamp}.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def upgrade(path: Path, backup_dir: Path) -> MigrationReport:
    """Migrate the database at ``path`` to head; a no-op when it is already there."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    head = head_revision()
    engine = make_engine(path)
    try:
        before = current_revision(engine)
        if before == head:
            return MigrationReport(before, head, None)
        if before is not None:
            try:
                script.get_revision(before)
            except (ResolutionError, CommandError):
                raise StorageError("storage.schema_too_new", revision=before) from None
        saved = backup(path, backup_dir, f"before-{head}") if before is not None else None
        with engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")  # only effective outside a transaction
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                connection.rollback()
                raise StorageError("storage.migration_fk", count=len(problems))
            connection.commit()
        return MigrationReport(before, head, saved)
    finally:
        engine.dispose()
