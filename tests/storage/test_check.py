"""The one classification of SQLite failures, on real SQLite errors, and the damage mark shared by processes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from counter_app.services import database
from counter_app.services.context import Context
from counter_app.storage import check
from counter_app.storage.base import SqliteFailure, sqlite_failure
from counter_app.storage.engine import Database
from counter_app.storage.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseReadOnly,
    DiskFull,
    storage_error,
)
from counter_app.storage.models import Office


def _error_of(connection: sqlite3.Connection, *statements: str) -> sqlite3.Error:
    *before, failing = statements
    for statement in before:
        connection.execute(statement)
    with pytest.raises(sqlite3.Error) as caught:
        connection.execute(failing)
    return caught.value


def test_real_sqlite_errors_are_classified_by_cause(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    first = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    first.execute("CREATE TABLE t (x TEXT)")
    first.execute("BEGIN IMMEDIATE")
    second = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    assert sqlite_failure(_error_of(second, "BEGIN IMMEDIATE")) is SqliteFailure.BUSY
    first.execute("ROLLBACK")

    size = first.execute("PRAGMA page_count").fetchone()[0]
    first.execute(f"PRAGMA max_page_count = {size}")  # the database itself is full: SQLITE_FULL
    full = _error_of(
        first,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
        "INSERT INTO t SELECT hex(randomblob(1000)) FROM n",
    )
    assert sqlite_failure(full) is SqliteFailure.FULL
    assert isinstance(storage_error(full, path), DiskFull)

    read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    error = _error_of(read_only, "INSERT INTO t VALUES ('a')")
    assert sqlite_failure(error) is SqliteFailure.READ_ONLY
    assert isinstance(storage_error(error, path), DatabaseReadOnly)

    missing = tmp_path / "no-such-folder" / "x.sqlite3"
    with pytest.raises(sqlite3.Error) as caught:
        sqlite3.connect(missing)
    assert sqlite_failure(caught.value) is SqliteFailure.IO

    first.execute("INSERT INTO t VALUES (CAST(x'41ff42' AS TEXT))")  # text that is not UTF-8
    with pytest.raises(sqlite3.Error) as caught:
        first.execute("SELECT x FROM t").fetchall()
    assert sqlite_failure(caught.value) is SqliteFailure.CORRUPT

    not_a_db = tmp_path / "n.sqlite3"
    not_a_db.write_bytes(b"plain text, not a database " * 200)
    error = _error_of(sqlite3.connect(not_a_db), "SELECT * FROM sqlite_master")
    assert sqlite_failure(error) is SqliteFailure.CORRUPT
    assert isinstance(storage_error(error, not_a_db), DatabaseDamaged)

    constraint = _error_of(second, "CREATE TABLE u (x UNIQUE)", "INSERT INTO u VALUES (1)", "INSERT INTO u VALUES (1)")
    assert sqlite_failure(constraint) is None  # a rule of ours, not the environment
    assert sqlite_failure(ValueError("x")) is None
    for connection in (first, second, read_only):
        connection.close()


def test_a_busy_unit_of_work_raises_database_busy(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    from counter_app.storage import base

    monkeypatch.setattr(base, "BUSY_TIMEOUT_MS", 50)
    other = Database(ctx.db.path)
    holder = sqlite3.connect(ctx.db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusy), other.write() as session:
            session.get(Office, 1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        other.close()


def test_damage_found_by_one_process_stops_the_writes_of_every_other(ctx: Context) -> None:
    other = Database(ctx.db.path)  # another process's view of the same file
    try:
        ctx.db.found_damaged("quick_check: page 7 is never used")
        for db in (ctx.db, other):
            with pytest.raises(DatabaseDamaged) as caught, db.write():
                pass
            assert caught.value.params["reason"] == "quick_check: page 7 is never used"
        with other.read() as session:  # reading stays possible (to look a citizen's dossier up)
            assert session.get(Office, 1) is not None
        with pytest.raises(DatabaseDamaged):
            database.open_database(ctx.db.path.parent)
        assert check.full_check(ctx.db.path) is True  # the file is in fact whole: the mark goes
        ctx.db.damage = None
        with ctx.db.write():
            pass
    finally:
        other.close()


def test_a_background_check_asked_to_stop_concludes_nothing(ctx: Context) -> None:
    check.mark_damaged(ctx.db.path, "found earlier")
    stop = threading.Event()
    stop.set()
    assert check.full_check(ctx.db.path, stop) is False
    assert check.damage_mark(ctx.db.path) == "found earlier"  # not removed by a check that did not finish
    assert check.full_check(ctx.db.path) is True
    assert check.damage_mark(ctx.db.path) is None
