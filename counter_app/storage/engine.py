"""The SQLite engine: PRAGMAs on every connection, explicit transactions, sessions.

- WAL journal, ``synchronous=FULL`` (a committed receipt survives a power cut, not only a crash),
  foreign keys on, a busy timeout so a second process waits instead of failing.
- pysqlite's own transaction handling is switched off and we emit ``BEGIN`` ourselves. Write units of
  work start with ``BEGIN IMMEDIATE``: the write lock is taken before anything is read, so reading the
  daily code sequence and writing the next number can never interleave with another process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000
_BEGIN_OPTION = "counter_app_begin"


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
    mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Database:
    """One counter database file: an engine and the two kinds of unit of work."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        writer = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        self._write = sessionmaker(writer, expire_on_commit=False)
        self._read = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that writes: committed on success, rolled back on any error."""
        with self._write.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work over a consistent snapshot."""
        with self._read() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
