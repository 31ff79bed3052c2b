"""Declarative base, naming convention and shared column types."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from sqlalchemy import DateTime, Dialect, Engine, MetaData, String, TypeDecorator, event
from sqlalchemy.engine import Connection, ExceptionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC; naive input is refused (it would be ambiguous)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime()}


IntPk = Annotated[int, mapped_column(primary_key=True)]
Uid = Annotated[str, mapped_column(String(36), unique=True)]
Text200 = Annotated[str, mapped_column(String(200))]


# ---------------------------------------------------------------- SQLite connection settings
# Shared by the counter's file and the hub's SQLite default (district_server/db.py).

BUSY_TIMEOUT_MS = 10_000
BEGIN_OPTION = "sqlite_begin"  # execution option naming the BEGIN mode, e.g. {BEGIN_OPTION: "IMMEDIATE"}


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_sqlite_durable(engine: Engine) -> Engine:
    """WAL, ``synchronous=FULL`` (a commit survives a power cut), foreign keys and a busy timeout on every
    connection; pysqlite's own transactions off, and ``BEGIN`` emitted in the mode of :data:`BEGIN_OPTION`;
    text that is not UTF-8 raised as :class:`DamagedText`."""
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "handle_error", _on_error)
    return engine


# ---------------------------------------------------------------- what went wrong with SQLite
# The one classification of SQLite failures, shared by the counter (counter_app.storage.errors turns it
# into the user's sentence and the CLI's exit code) and by the hub's SQLite default.


class SqliteFailure(StrEnum):
    """The environment's reason a SQLite operation failed (never a bug in a statement)."""

    BUSY = "busy"  # another program holds the database (SQLITE_BUSY, SQLITE_LOCKED)
    FULL = "full"  # the disk, or the database's own page limit, is full (SQLITE_FULL)
    READ_ONLY = "read_only"  # the file or its folder cannot be written (SQLITE_READONLY, SQLITE_PERM)
    IO = "io"  # the disk failed to read or write, or the file cannot be opened (SQLITE_IOERR, SQLITE_CANTOPEN)
    CORRUPT = "corrupt"  # the file is damaged or not a database (SQLITE_CORRUPT, SQLITE_NOTADB, bad text)


_PRIMARY_CODES = {
    5: SqliteFailure.BUSY,  # SQLITE_BUSY
    6: SqliteFailure.BUSY,  # SQLITE_LOCKED
    13: SqliteFailure.FULL,  # SQLITE_FULL
    8: SqliteFailure.READ_ONLY,  # SQLITE_READONLY
    3: SqliteFailure.READ_ONLY,  # SQLITE_PERM
    10: SqliteFailure.IO,  # SQLITE_IOERR
    14: SqliteFailure.IO,  # SQLITE_CANTOPEN
    15: SqliteFailure.IO,  # SQLITE_PROTOCOL (the WAL locks misbehave: a network drive)
    11: SqliteFailure.CORRUPT,  # SQLITE_CORRUPT
    26: SqliteFailure.CORRUPT,  # SQLITE_NOTADB
}
# Only when the driver gives no error code (pysqlite's own text decoding): the message then decides.
_MESSAGE_HINTS = (
    ("could not decode to utf-8", SqliteFailure.CORRUPT),
    ("malformed", SqliteFailure.CORRUPT),
    ("not a database", SqliteFailure.CORRUPT),
    ("database is locked", SqliteFailure.BUSY),
    ("database table is locked", SqliteFailure.BUSY),
    ("disk is full", SqliteFailure.FULL),
    ("readonly database", SqliteFailure.READ_ONLY),
    ("disk i/o error", SqliteFailure.IO),
    ("unable to open database file", SqliteFailure.IO),
)


class DamagedText(sqlite3.DatabaseError):
    """Text SQLite gave back is not UTF-8 (a damaged row, or a damaged name in an error message).

    Raised by an engine of :func:`make_sqlite_durable` in place of the driver's bare ``UnicodeDecodeError``,
    which would otherwise be indistinguishable from a bug decoding some file.
    """


def _on_error(context: ExceptionContext) -> BaseException | None:
    if isinstance(context.original_exception, UnicodeDecodeError):
        return DamagedText("database text is not valid UTF-8")
    return None


def sqlite_failure(exc: BaseException) -> SqliteFailure | None:
    """Why ``exc`` happened, if SQLite or a damaged file is the reason; None for anything else.

    Takes pysqlite's errors, SQLAlchemy's wrappers of them, and :class:`DamagedText`.
    """
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, DamagedText):
        return SqliteFailure.CORRUPT
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _PRIMARY_CODES:
        return _PRIMARY_CODES[code & 0xFF]
    text = str(exc).lower()
    for hint, failure in _MESSAGE_HINTS:
        if hint in text:
            return failure
    return None
