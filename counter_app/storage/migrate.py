"""Bring a database file to the schema this build expects, safely.

1. Refuse a database whose revision this build does not know (written by a newer version).
2. Back the file up (SQLite's online backup, consistent under WAL) before changing anything.
3. Run the Alembic revisions with foreign keys off (batch mode recreates tables), then check
   ``PRAGMA foreign_key_check``.

Opening a database that is already at :data:`SCHEMA_HEAD` costs one small query: Alembic is only
imported when there is something to migrate (it is most of the CLI's start-up time otherwise).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.paths import migrations_dir
from counter_app.storage.engine import make_engine
from counter_app.storage.errors import StorageError
from counter_app.storage.fts import FTS_TABLE

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in db/versions; a test checks it against Alembic's own view of the scripts.
SCHEMA_HEAD = "0015"


@dataclass(frozen=True)
class MigrationReport:
    before: str | None
    after: str
    backup: Path | None


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Leave the FTS5 virtual table and its shadow tables to the hand-written migrations."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(path: Path) -> str | None:
    """The revision stamped in the file, None for a new or empty file."""
    if not path.exists():
        return None
    connection = sqlite3.connect(path)
    try:
        row = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if row is None:
            return None
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if version is None else str(version[0])
    finally:
        connection.close()


def backup(source: Path, target_dir: Path, label: str) -> Path:
    """Copy ``source`` with SQLite's backup API to ``target_dir`` and return the copy's path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = target_dir / f"{source.stem}-{label}-{stamp}.sqlite3"
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def upgrade(path: Path, backup_dir: Path) -> MigrationReport:
    """Migrate the database at ``path`` to head; a no-op when it is already there."""
    before = current_revision(path)
    if before == SCHEMA_HEAD:
        return MigrationReport(before, before, None)

    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.script.revision import ResolutionError
    from alembic.util import CommandError

    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    head = head_revision()
    if before == head:
        return MigrationReport(before, head, None)
    if before is not None:
        try:
            script.get_revision(before)
        except (ResolutionError, CommandError):
            raise StorageError("storage.schema_too_new", revision=before) from None
    saved = backup(path, backup_dir, f"before-{head}") if before is not None else None
    engine = make_engine(path)
    try:
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
    finally:
        engine.dispose()
    return MigrationReport(before, head, saved)
