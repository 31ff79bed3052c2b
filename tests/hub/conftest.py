"""The real hub over loopback, on SQLite and on PostgreSQL.

Fixtures for every hub test (and the fault tests):

- ``hub_server`` (alias ``hub_url``): a running hub — uvicorn in a background thread on 127.0.0.1 and a
  free port — over a fresh database, parametrized ``sqlite`` / ``postgresql``. It has ``.url``,
  ``.db_url``, ``.hub`` (the :class:`~district_server.db.Hub` the server uses), ``.restart()`` (same
  database, same port, same paper store) and ``.stop()``; its paper store is ``<tmp_path>/papers``.
- ``hub_db_url``: only a fresh, empty database URL, parametrized the same way (no server).
- ``pg_cluster``: a throwaway PostgreSQL cluster for the session. When the binaries are missing the
  PostgreSQL parameters are skipped, or fail when ``HUB_TEST_POSTGRES=required`` (CI sets it).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from district_server.api import create_app
from district_server.db import Hub

BACKENDS = ("sqlite", "postgresql")
PG_ENV = "HUB_TEST_POSTGRES"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ------------------------------------------------------------------------------------------ PostgreSQL


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class PgCluster:
    bin_dir: Path
    directory: Path
    port: int
    _names: itertools.count[int]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str) -> None:
        subprocess.run(
            [
                *(str(self.bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"),
                *("-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql),
            ],
            check=True,
            capture_output=True,
        )

    def create_database(self) -> str:
        name = f"hub_{os.getpid()}_{next(self._names)}"
        self.psql(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
        return name

    def drop_database(self, name: str) -> None:
        self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    bin_dir = _pg_bin()
    if bin_dir is None:
        if os.environ.get(PG_ENV) == "required":
            pytest.fail(f"PostgreSQL binaries not found and {PG_ENV}=required")
        pytest.skip("PostgreSQL binaries not installed")
    directory = Path(tempfile.mkdtemp(prefix="hub-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    data = directory / "data"
    port = free_port()
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(
        _as_postgres(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(directory / "log"), "-o", options, "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield PgCluster(bin_dir, directory, port, itertools.count(1))
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def hub_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty hub database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub.db'}"
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database()
    try:
        yield cluster.url(name)
    finally:
        cluster.drop_database(name)


# ------------------------------------------------------------------------------------------ the server


class HubServer:
    """The real hub app served by uvicorn in a thread on a fixed loopback port."""

    def __init__(self, db_url: str, port: int | None = None, *, papers: str | None = None, **hub_options: Any) -> None:
        self.db_url = db_url
        self.papers = papers  # the paper store (None: the hub's default, papers/ beside a SQLite file)
        self.hub_options = hub_options  # more Hub(...) keywords: paper_quota, paper_max_bytes
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.hub: Hub | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> HubServer:
        self.hub = Hub(self.db_url, public_url=self.url, papers=self.papers, **self.hub_options)
        config = uvicorn.Config(
            create_app(self.hub),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            ws="none",
            http="h11",
            access_log=False,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name=f"hub-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=20)
        self._server = self._thread = None
        if self.hub is not None:
            self.hub.close()
            self.hub = None

    def restart(self) -> None:
        """Stop and start again on the same database and port (a hub restart)."""
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self._server is not None


@pytest.fixture
def hub_server(hub_db_url: str, tmp_path: Path) -> Iterator[HubServer]:
    server = HubServer(hub_db_url, papers=str(tmp_path / "papers")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def hub_url(hub_server: HubServer) -> HubServer:
    """The same running hub as ``hub_server`` (the name the fault tests use)."""
    return hub_server
