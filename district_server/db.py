"""The hub's database: an engine from a URL, migrations at open, and units of work.

- SQLite (the default, one file under the platform's user-data directory): WAL, ``synchronous=FULL``
  (an "ok" given to a counter survives a power cut), foreign keys on, a 10 s busy timeout. pysqlite's
  own transaction handling is off; writes start with ``BEGIN IMMEDIATE`` so two writers never
  interleave reads and writes.
- PostgreSQL (``postgresql+psycopg://…``): writes run at READ COMMITTED (the change counter's row lock
  orders them), reads at REPEATABLE READ so one pull or snapshot sees one consistent state.

:class:`Hub` opens the database, brings it to the newest schema (Alembic ``upgrade head``) and makes the
``hub_meta`` row (epoch, Ed25519 key) on first open.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import Engine, create_engine, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from counter_app.storage.base import BEGIN_OPTION, make_sqlite_durable
from district_server.models import Device, HubMeta

if TYPE_CHECKING:
    from district_server.papers.store import PaperStore

APP_NAME = "district-server"
DB_ENV = "DISTRICT_SERVER_DB"
PAPERS_ENV = "DISTRICT_SERVER_PAPERS"
PAPER_MAX_BYTES = 64 * 1024 * 1024  # one copy (tus ``Tus-Max-Size``)
PAPER_QUOTA_BYTES = 20 * 1024**3  # per commune, unless ``serve --paper-quota`` or the commune's own says
SEEN_EVERY = timedelta(minutes=1)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    """``$DISTRICT_SERVER_DB``, else a SQLite file in the platform's user-data directory."""
    explicit = os.environ.get(DB_ENV)
    if explicit:
        return explicit
    directory = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{directory / 'hub.db'}"


def default_papers(url: str) -> str:
    """``$DISTRICT_SERVER_PAPERS``, else ``papers/`` beside a SQLite hub's database file, else ``papers``
    in the platform's user-data directory."""
    explicit = os.environ.get(PAPERS_ENV)
    if explicit:
        return explicit
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return str(Path(parsed.database).expanduser().parent / "papers")
    return str(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "papers")


def utc_now() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the hub's connection settings (SQLite directory created if missing)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return make_sqlite_durable(create_engine(parsed, connect_args={"check_same_thread": False}))
    return create_engine(parsed, pool_pre_ping=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def upgrade(url: str) -> None:
    """Run the hub's Alembic revisions up to head (a no-op when the database is already there).

    A separate engine is used and thrown away: on SQLite foreign keys are switched off for the batch
    table rebuilds, and that connection must not go back into the hub's pool.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if is_sqlite(engine):
                raw = connection.connection.driver_connection
                assert raw is not None
                raw.execute("PRAGMA foreign_keys = OFF")  # only effective outside a transaction
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
    finally:
        engine.dispose()


def new_signing_key() -> tuple[bytes, bytes]:
    """A fresh Ed25519 key pair as (raw private 32 bytes, raw public 32 bytes)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, public


class Hub:
    """One hub database: engine, migrations, the identity row, and the two kinds of unit of work.

    ``public_url`` is the address counters and citizens reach the hub at; the default lookup base of
    an enrolled counter is ``<public_url>/ho-so``. ``papers`` names the paper store (a directory or an
    ``s3://`` address, :func:`district_server.papers.store.open_store`; default :func:`default_papers`),
    opened on first use as :attr:`paper_store`; ``paper_quota`` is the default quota of a commune (bytes),
    ``paper_max_bytes`` the largest copy accepted.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        public_url: str | None = None,
        migrate: bool = True,
        papers: str | None = None,
        paper_quota: int | None = None,
        paper_max_bytes: int | None = None,
    ) -> None:
        self.url = url or default_url()
        self.public_url = public_url.rstrip("/") if public_url else None
        self.papers = papers or default_papers(self.url)
        self.paper_quota = PAPER_QUOTA_BYTES if paper_quota is None else paper_quota
        self.paper_max_bytes = PAPER_MAX_BYTES if paper_max_bytes is None else paper_max_bytes
        self._paper_store: PaperStore | None = None
        self.engine = make_engine(self.url)
        if is_sqlite(self.engine):
            writer = self.engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
            reader = self.engine
        else:
            writer = self.engine.execution_options(isolation_level="READ COMMITTED")
            reader = self.engine.execution_options(isolation_level="REPEATABLE READ")
        self._write = sessionmaker(writer, expire_on_commit=False)
        self._read = sessionmaker(reader, expire_on_commit=False)
        self._seen: dict[str, datetime] = {}
        self.epoch = ""
        if migrate:
            upgrade(self.url)
            self._ensure_meta()
            self.epoch = self.meta().epoch

    @property
    def lookup_base(self) -> str | None:
        """The citizen lookup address receipts carry when a counter does not name its own."""
        return None if self.public_url is None else f"{self.public_url}/ho-so"

    def seen(self, device_id: str, now: datetime) -> None:
        """Remember that a device was heard from (at most one write a minute per device)."""
        last = self._seen.get(device_id)
        if last is not None and now - last < SEEN_EVERY:
            return
        self._seen[device_id] = now
        with self.write() as session:
            session.execute(update(Device).where(Device.id == device_id).values(last_seen_at=now))

    @property
    def paper_store(self) -> PaperStore:
        """The paper store, opened on first use (HubError ``paper_store_spec`` for a malformed spec)."""
        if self._paper_store is None:
            from district_server.papers.store import open_store

            self._paper_store = open_store(self.papers)
        return self._paper_store

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _ensure_meta(self) -> None:
        with self.read() as session:
            if session.get(HubMeta, 1) is not None:
                return
        private, public = new_signing_key()
        try:
            with self.write() as session:
                if session.get(HubMeta, 1) is None:
                    session.add(
                        HubMeta(
                            id=1,
                            epoch=str(uuid.uuid4()),
                            signing_key=private,
                            public_key=public,
                            last_seq=0,
                            created_at=utc_now(),
                        )
                    )
        except IntegrityError:  # another process made it first (PostgreSQL, two hubs starting at once)
            pass

    def meta(self) -> HubMeta:
        with self.read() as session:
            row = session.scalars(select(HubMeta).where(HubMeta.id == 1)).one()
            session.expunge(row)
            return row

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that writes: committed on success, rolled back on any error."""
        with self._write.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work over one consistent snapshot."""
        with self._read() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
