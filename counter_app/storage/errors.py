"""Storage failures the environment is to blame for (shown to the user), as distinct from bugs.

Every SQLite failure is classified once (:func:`counter_app.storage.base.sqlite_failure`) and turned
here into one of the classes below, each with its own message and its own CLI exit code: busy or
locked, disk full, read-only, I/O error, damaged. The units of work of
:class:`counter_app.storage.engine.Database` do the turning, so services and the GUI never see a raw
``sqlite3`` or SQLAlchemy error for these causes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from counter_app.domain.errors import Unavailable
from counter_app.storage.base import SqliteFailure, sqlite_failure

REASON_LIMIT = 80  # a technical detail quoted in a message is cut to this many characters
NEARLY_FULL_BYTES = 1 << 20  # an I/O error with less free space than this on the disk is a full disk


class StorageError(Unavailable):
    """The database cannot be used as asked: missing, locked, read-only, corrupt, or too new."""


class DatabaseBusy(StorageError):
    """Another program holds the database longer than the busy timeout."""


class DiskFull(StorageError):
    """The disk holding the database is full; the unit of work was rolled back."""


class DatabaseReadOnly(StorageError):
    """The database file or its folder cannot be written."""


class DiskIoError(StorageError):
    """The operating system failed to read or write the file (a failing disk, a lost network drive)."""


class DatabaseDamaged(StorageError):
    """The file is damaged, empty or not this program's database: nothing more is written to it.

    The message names the restore path (the newest backup kept in the data folder's ``backups``).
    """


_CLASSES: dict[SqliteFailure, tuple[type[StorageError], str]] = {
    SqliteFailure.BUSY: (DatabaseBusy, "storage.busy"),
    SqliteFailure.FULL: (DiskFull, "storage.full"),
    SqliteFailure.READ_ONLY: (DatabaseReadOnly, "storage.read_only"),
    SqliteFailure.IO: (DiskIoError, "storage.io"),
}


def short_reason(exc: BaseException | str) -> str:
    """A technical detail for a message: one line, at most :data:`REASON_LIMIT` characters.

    The text of a damaged row is never quoted (it may hold a citizen's data, and it is not UTF-8).
    """
    if isinstance(exc, UnicodeDecodeError):
        return "text is not valid UTF-8"
    text = str(getattr(exc, "orig", None) or exc) if isinstance(exc, BaseException) else exc
    text = " ".join(text.split())
    if text.lower().startswith("could not decode to utf-8"):
        return "text is not valid UTF-8"
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"


def damaged(path: Path, reason: str) -> DatabaseDamaged:
    """The error for a damaged database file, with the restore path in its parameters."""
    from counter_app.paths import backups_dir

    folder = backups_dir(path.parent)
    copies = sorted(folder.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    params: dict[str, Any] = {"path": str(path), "reason": short_reason(reason), "folder": str(folder)}
    if copies:
        return DatabaseDamaged("storage.corrupt", **params, backup=str(copies[-1]))
    return DatabaseDamaged("storage.corrupt_no_backup", **params)


def _free_bytes(path: Path) -> int:
    try:
        stat = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs on Windows
        return NEARLY_FULL_BYTES
    return stat.f_bavail * stat.f_frsize


def _on_read_only_filesystem(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def storage_error(exc: BaseException, path: Path) -> StorageError | None:
    """The :class:`StorageError` for ``exc`` if the environment caused it, else None (a bug: re-raise it)."""
    if isinstance(exc, StorageError):
        return exc
    failure = sqlite_failure(exc)
    if failure is None:
        return None
    if failure is SqliteFailure.CORRUPT:
        return damaged(path, short_reason(exc))
    if failure is SqliteFailure.IO:
        # SQLite says "I/O error" when it cannot create or grow the -wal and -shm files: on a read-only
        # filesystem, or on a full disk (SQLITE_IOERR_SHMSIZE). Tell the user the cause they can act on.
        if _on_read_only_filesystem(path):
            failure = SqliteFailure.READ_ONLY
        elif _free_bytes(path) < NEARLY_FULL_BYTES:
            failure = SqliteFailure.FULL
    cls, code = _CLASSES[failure]
    return cls(code, path=str(path), reason=short_reason(exc))
