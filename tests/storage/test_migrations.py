"""Migrations: empty to head, models and migrations agree, backups, refusing a newer schema."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from counter_app import paths
from counter_app.storage import migrate
from counter_app.storage.base import Base
from counter_app.storage.engine import Database, make_engine
from counter_app.storage.errors import StorageError

REVISION_0002 = '''
"""test-only: a later release adds a column"""
import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("applicant") as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), nullable=True))


def downgrade():
    with op.batch_alter_table("applicant") as batch:
        batch.drop_column("nickname")
'''


def test_empty_file_reaches_head_and_second_run_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    first = migrate.upgrade(path, tmp_path / "backups")
    second = migrate.upgrade(path, tmp_path / "backups")
    assert (first.before, first.after) == (None, migrate.head_revision())
    assert (second.before, second.backup) == (migrate.head_revision(), None)
    assert not (tmp_path / "backups").exists()  # nothing to back up on a fresh file


def test_schema_head_constant_matches_the_scripts() -> None:
    assert migrate.head_revision() == migrate.SCHEMA_HEAD


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """The `alembic check` gate: a model change without a migration fails here."""
    path = tmp_path / "c.sqlite3"
    migrate.upgrade(path, tmp_path / "b")
    engine = make_engine(path)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": migrate.include_object}
        )
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_pragmas_on_every_connection(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    migrate.upgrade(path, tmp_path / "b")
    db = Database(path)
    with db.read() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.close()


def test_history_and_audit_tables_refuse_edits(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    migrate.upgrade(path, tmp_path / "b")
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO audit_entry (at, username, source, action, details, prev_hash, hash) "
            "VALUES ('2025-01-01 00:00:00', 'a', 'cli', 'x', '{}', 'p', 'h')"
        )
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("UPDATE audit_entry SET action = 'y'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("DELETE FROM audit_entry")


def test_database_written_by_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    migrate.upgrade(path, tmp_path / "b")
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(StorageError) as caught:
        migrate.upgrade(path, tmp_path / "b")
    assert caught.value.code == "storage.schema_too_new"
    assert path.read_bytes() == before


def test_upgrade_from_previous_release_keeps_data_and_backs_up_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3"
    migrate.upgrade(path, tmp_path / "b")  # the released schema
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO applicant (full_name) VALUES ('Nguyễn Văn Đức')")
    scripts = tmp_path / "db"
    shutil.copytree(paths.migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    released = migrate.SCHEMA_HEAD
    later = REVISION_0002.replace("{head}", released)
    (scripts / "versions" / "0099_test_column.py").write_text(later, encoding="utf-8")
    monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "0099")

    report = migrate.upgrade(path, tmp_path / "backups")

    assert (report.before, report.after) == (released, "0099")
    assert report.backup is not None and report.backup.exists()
    with sqlite3.connect(report.backup) as saved:
        assert saved.execute("SELECT version_num FROM alembic_version").fetchone() == (released,)
        assert saved.execute("SELECT full_name FROM applicant").fetchall() == [("Nguyễn Văn Đức",)]
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT full_name, nickname FROM applicant").fetchall() == [("Nguyễn Văn Đức", None)]
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
