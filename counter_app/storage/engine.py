"""The SQLite engine: PRAGMAs on every connection, explicit transactions, sessions.

- WAL journal, ``synchronous=FULL`` (a committed receipt survives a power cut, not only a crash),
  foreign keys on, a busy timeout so a second process waits instead of failing.
- pysqlite's own transaction handling is switched off and we emit ``BEGIN`` ourselves. Write units of
  work start with ``BEGIN IMMEDIATE``: the write lock is taken before anything is read, so reading the
  daily code sequence and writing the next number can never interleave with another process.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from counter_app.storage.base import BEGIN_OPTION, make_sqlite_durable


def make_engine(path: Path) -> Engine:
    return make_sqlite_durable(create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False}))


class Database:
    """One counter database file: an engine and the two kinds of unit of work."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        writer = self.engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        self._write = sessionmaker(writer, expire_on_commit=False)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._before_write: Callable[[], None] | None = None

    def guarded(self, before_write: Callable[[], None]) -> Database:
        """The same database (engine and sessions shared) whose write units first call ``before_write``,
        which raises to refuse the write (e.g. while the GUI's screen is locked)."""
        view = copy.copy(self)
        view._before_write = before_write
        return view

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that writes: committed on success, rolled back on any error."""
        if self._before_write is not None:
            self._before_write()
        with self._write.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work over a consistent snapshot."""
        with self._read() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
