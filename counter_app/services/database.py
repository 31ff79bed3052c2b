"""Opening the counter database: create the data directory, check the file, migrate (with backup), connect.

An existing file that is empty, damaged or not this program's database is refused before anything
writes to it (:func:`counter_app.storage.check.check_at_open`): it is never created over or migrated.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
import threading
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from counter_app.paths import backups_dir, database_path
from counter_app.services.errors import Refused
from counter_app.storage.check import check_at_open, full_check, sweep_papers
from counter_app.storage.engine import Database
from counter_app.storage.errors import (
    DatabaseDamaged,
    DatabaseReadOnly,
    DiskFull,
    StorageError,
    short_reason,
    storage_error,
)
from counter_app.storage.migrate import upgrade


def open_database(directory: Path, *, create: bool = False) -> Database:
    """The migrated database in ``directory``; refuses a missing one unless ``create``."""
    path = database_path(directory)
    if not path.exists():
        if not create:
            raise Refused("office.not_initialized", data_dir=str(directory))
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _os_error(exc, directory) from exc
    check_at_open(path)
    try:
        upgrade(path, backups_dir(directory))
    except (sqlite3.DatabaseError, DBAPIError) as exc:
        raise storage_error(exc, path) or StorageError(
            "storage.unusable", path=str(path), reason=short_reason(exc)
        ) from exc
    return Database(path)


def _os_error(exc: OSError, directory: Path) -> StorageError:
    """The data folder cannot be made: a full disk and a read-only place are said as such."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        return DiskFull("storage.full", path=str(directory), reason=reason)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return DatabaseReadOnly("storage.read_only", path=str(directory), reason=reason)
    return StorageError("storage.unwritable", path=str(directory), reason=reason)


def verify(db: Database, stop: threading.Event | None = None) -> bool:
    """Check the whole file (``PRAGMA quick_check``: seconds on a large one, so off the GUI thread).

    Raises :class:`DatabaseDamaged` when it is not whole; from then on ``db`` refuses every write. False
    when ``stop`` ended the check early (the window closed), True when the file is whole. A whole file is
    followed by the sweep of the copies' files no row references (left by a crash before a commit).
    """
    try:
        whole = full_check(db.path, stop)
    except DatabaseDamaged as exc:
        db.damage = exc
        raise
    if whole:
        with contextlib.suppress(OSError, sqlite3.Error):  # a file left over is harmless; the next start retries
            sweep_papers(db.path)
    return whole
