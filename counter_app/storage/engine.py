"""The SQLite engine: PRAGMAs on every connection, explicit transactions, sessions.

- WAL journal, ``synchronous=FULL`` (a committed receipt survives a power cut, not only a crash),
  foreign keys on, a busy timeout so a second process waits instead of failing.
- pysqlite's own transaction handling is switched off and we emit ``BEGIN`` ourselves. Write units of
  work start with ``BEGIN IMMEDIATE``: the write lock is taken before anything is read, so reading the
  daily code sequence and writing the next number can never interleave with another process.
- Every failure inside a unit of work that SQLite or a damaged file caused is raised as the matching
  :class:`~counter_app.storage.errors.StorageError` (busy, disk full, read-only, I/O, damaged). A damaged
  file is marked (:mod:`counter_app.storage.check`) and no unit of work writes to it again.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from counter_app.storage.base import BEGIN_OPTION, make_sqlite_durable
from counter_app.storage.check import damage_mark, mark_damaged
from counter_app.storage.errors import DatabaseDamaged, damaged, storage_error


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
        self.damage: DatabaseDamaged | None = None  # set once the file is found damaged: no more writes

    def guarded(self, before_write: Callable[[], None]) -> Database:
        """The same database (engine and sessions shared) whose write units first call ``before_write``,
        which raises to refuse the write (e.g. while the GUI's screen is locked)."""
        view = copy.copy(self)
        view._before_write = before_write
        return view

    def unguarded(self) -> Database:
        """The same database without the write gate of :meth:`guarded`: for what the program itself must
        record while the GUI's screen is locked (the audit of a dossier a late task opened)."""
        view = copy.copy(self)
        view._before_write = None
        return view

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that writes: committed on success, rolled back on any error.

        Refused with :class:`DatabaseDamaged` once the file is known to be damaged (here or by another
        process: the damage mark next to the file).
        """
        if self._before_write is not None:
            self._before_write()
        self.refuse_if_damaged()
        with self._classified(), self._write.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work over a consistent snapshot."""
        with self._classified(), self._read() as session, session.begin():
            yield session

    def refuse_if_damaged(self) -> None:
        if self.damage is None:
            reason = damage_mark(self.path)
            if reason is not None:
                self.damage = damaged(self.path, reason)
        if self.damage is not None:
            raise self.damage

    def found_damaged(self, reason: str) -> DatabaseDamaged:
        """Record that the file is damaged (a check failed): this and every other process stop writing."""
        mark_damaged(self.path, reason)
        self.damage = damaged(self.path, reason)
        return self.damage

    @contextmanager
    def _classified(self) -> Iterator[None]:
        try:
            yield
        except Exception as exc:
            error = storage_error(exc, self.path)
            if error is None or error is exc:
                raise
            if isinstance(error, DatabaseDamaged):
                error = self.found_damaged(str(error.params.get("reason", "")))
            raise error from exc

    def close(self) -> None:
        self.engine.dispose()
