"""Is the database file whole? A fast check at every open, a full one on demand, and the damage mark.

``PRAGMA quick_check`` over a whole million-dossier file (2.5 GiB) takes 6 s with the file in the
operating system's cache and 94 s without (benchmarks/bench_check.py), far over the 2 s cold-start
budget, so it is split:

- :func:`check_at_open` (every open, GUI and CLI; 2 ms cached, 24 ms uncached on that file): the file is not
  empty, is SQLite, its whole schema parses, it is this program's schema (never a foreign database
  migrated over), and ``quick_check`` passes on every table small enough to be checked at once (the
  office, accounts, catalogue, sequences, sync state …: what every command reads first).
- :func:`full_check`: ``PRAGMA quick_check`` of everything, run by ``counter-app check`` and in the
  background of the desktop app after start; a failure is recorded with :func:`mark_damaged`.
- A damage found at any time (by either check, or as a corruption error during any statement) leaves a
  mark next to the file. While it is there, every open is refused with the restore path, so no process
  writes to the file again; a full check that passes (after a restore) removes it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from counter_app.storage.blobs import GRACE_SECONDS, BlobStore
from counter_app.storage.errors import DatabaseDamaged, DiskIoError, damaged, short_reason, storage_error

SQLITE_MAGIC = b"SQLite format 3\x00"
# A table whose largest rowid is at most this is quick_checked at every open (well under 1 ms each).
SMALL_TABLE_ROWS = 20_000
# Tables only this program's database has; a SQLite file with tables but without these is foreign.
OUR_TABLES = frozenset({"alembic_version", "office", "dossier", "user_account"})


def mark_path(path: Path) -> Path:
    return path.with_name(path.name + ".damaged.json")


def mark_damaged(path: Path, reason: str) -> None:
    """Record that ``path`` is damaged, so that no process writes to it until a full check passes."""
    record = {"reason": short_reason(reason), "found_at": datetime.now(UTC).isoformat(timespec="seconds")}
    with contextlib.suppress(OSError):  # a full or read-only disk: this process still stops (Database.damage)
        mark_path(path).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def damage_mark(path: Path) -> str | None:
    """The reason recorded by :func:`mark_damaged`, or None when the file is not marked."""
    mark = mark_path(path)
    if not mark.exists():
        return None
    try:
        return str(json.loads(mark.read_text(encoding="utf-8"))["reason"])
    except (OSError, ValueError, KeyError, TypeError):
        return "?"


def _wal_has_data(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def check_at_open(path: Path) -> None:
    """Refuse, with :class:`DatabaseDamaged`, an existing ``path`` that must not be used or migrated.

    A missing file passes (it is created); so does a SQLite file with no tables at all (an
    initialisation that stopped before its first transaction committed).
    """
    if not path.exists():
        return
    reason = damage_mark(path)
    if reason is not None:
        raise damaged(path, reason)
    _check(path, full=False)


def full_check(path: Path, stop: threading.Event | None = None) -> bool:
    """Everything :func:`check_at_open` checks, and ``PRAGMA quick_check`` of the whole file.

    Raises :class:`DatabaseDamaged` (and marks the file) when it is not whole; removes the mark when it is.
    Setting ``stop`` (from any thread) interrupts the check within milliseconds, and False is returned:
    nothing is concluded. True means the file was checked and is whole.
    """
    try:
        _check(path, full=True, stop=stop)
    except _Stopped:
        return False
    mark_path(path).unlink(missing_ok=True)
    return True


class _Stopped(Exception):
    pass


def _interrupt_on(stop: threading.Event, connection: sqlite3.Connection, done: threading.Event) -> None:
    while not done.is_set():
        if stop.wait(0.05) and not done.is_set():
            connection.interrupt()  # SQLite checks for it inside quick_check's page walk
            return


def _check(path: Path, *, full: bool, stop: threading.Event | None = None) -> None:
    try:
        size = path.stat().st_size
        if size == 0 and not _wal_has_data(path):
            raise DatabaseDamaged("storage.empty_file", path=str(path))
        if size > 0:
            with path.open("rb") as file:
                if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                    raise DatabaseDamaged("storage.foreign", path=str(path))
    except OSError as exc:  # unreadable: a failing disk (EIO), a folder in the file's place …
        raise DiskIoError("storage.io", path=str(path), reason=exc.strerror or str(exc)) from exc
    try:
        connection = sqlite3.connect(path, check_same_thread=False)
    except sqlite3.Error as exc:
        _raise_for(exc, path)
        raise
    done = threading.Event()
    watcher: threading.Thread | None = None
    try:
        tables = _schema(connection)
        if tables and not OUR_TABLES.issubset(tables):
            raise DatabaseDamaged("storage.foreign", path=str(path))
        if stop is not None:
            if stop.is_set():
                raise _Stopped
            watcher = threading.Thread(target=_interrupt_on, args=(stop, connection, done), daemon=True)
            watcher.start()
        problem = _quick_check(connection) if full else _quick_check_small(connection, tables)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        if stop is not None and stop.is_set():
            raise _Stopped from exc  # SQLITE_INTERRUPT, asked for
        _raise_for(exc, path)
        raise
    finally:
        done.set()
        if watcher is not None:
            watcher.join()  # at most one poll: it never interrupts a closed connection
        connection.close()
    if problem is not None:
        mark_damaged(path, problem)
        raise damaged(path, problem)


def _raise_for(exc: BaseException, path: Path) -> None:
    """Raise the storage error for ``exc``, met while reading ``path`` with SQLite (so bad text is damage)."""
    error = damaged(path, short_reason(exc)) if isinstance(exc, UnicodeDecodeError) else storage_error(exc, path)
    if isinstance(error, DatabaseDamaged):
        mark_damaged(path, str(error.params.get("reason", "")))
    if error is not None:
        raise error from exc


def _schema(connection: sqlite3.Connection) -> list[str]:
    """The tables, after SQLite has parsed every schema entry (a damaged schema fails here)."""
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # parses the whole schema
    return [str(name) for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def _quick_check_small(connection: sqlite3.Connection, tables: list[str]) -> str | None:
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        try:
            largest = connection.execute(f"SELECT max(rowid) FROM {quoted}").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "no such column" in str(exc):  # WITHOUT ROWID (FTS5's small shadow tables): checked
                largest = 0
            else:
                raise
        if largest is not None and largest > SMALL_TABLE_ROWS:
            continue
        rows = connection.execute(f"PRAGMA quick_check({quoted})").fetchall()
        if rows != [("ok",)]:
            return f"quick_check({table}): {rows[0][0]}"
    return None


def _quick_check(connection: sqlite3.Connection) -> str | None:
    rows = connection.execute("PRAGMA quick_check(1)").fetchall()
    return None if rows == [("ok",)] else f"quick_check: {rows[0][0]}"


# ---------------------------------------------------------------- the papers' files (issue 13)


@dataclass(frozen=True)
class PaperProblem:
    """A ``paper_copy`` row whose file is missing or no longer hashes to the sha256 it records."""

    copy_id: int
    dossier_code: str
    position: int
    sha256: str
    path: Path
    problem: str  # "missing" | "mismatch"


def _referenced(connection: sqlite3.Connection) -> list[tuple[int, str, int, str]]:
    if not connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'paper_copy'").fetchone():
        return []  # a database not yet migrated to 0013
    rows = connection.execute(
        "SELECT p.id, d.code, p.position, p.sha256, p.image_sha256 FROM paper_copy p "
        "JOIN dossier d ON d.id = p.dossier_id ORDER BY p.id"
    ).fetchall()
    found = []
    for copy_id, code, position, sha256, image in rows:
        found.append((int(copy_id), str(code), int(position), str(sha256)))
        if image != sha256:
            found.append((int(copy_id), str(code), int(position), str(image)))
    return found


def paper_problems(path: Path) -> list[PaperProblem]:
    """Every copy row of the database at ``path`` whose file under ``papers/`` is missing or damaged."""
    store = BlobStore.of(path.parent)
    connection = sqlite3.connect(path)
    try:
        rows = _referenced(connection)
    finally:
        connection.close()
    bad = {p.sha256: p.problem for p in store.check(sha for _, _, _, sha in rows)}
    return [
        PaperProblem(copy_id, code, position, sha256, store.path(sha256), bad[sha256])
        for copy_id, code, position, sha256 in rows
        if sha256 in bad
    ]


def sweep_papers(path: Path, *, grace: float = GRACE_SECONDS) -> list[Path]:
    """Delete the files under ``papers/`` that no row of the database at ``path`` references (older than
    ``grace`` seconds, so a copy being stored by another process keeps its file); return them."""
    store = BlobStore.of(path.parent)
    if not store.root.is_dir():
        return []
    connection = sqlite3.connect(path)
    try:
        referenced = {sha for _, _, _, sha in _referenced(connection)}
    finally:
        connection.close()
    return store.sweep(referenced, grace=grace)
