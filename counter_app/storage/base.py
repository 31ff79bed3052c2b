"""Declarative base, naming convention and shared column types."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import DateTime, Dialect, Engine, MetaData, String, TypeDecorator, event
from sqlalchemy.engine import Connection
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
    connection; pysqlite's own transactions off, and ``BEGIN`` emitted in the mode of :data:`BEGIN_OPTION`."""
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine
