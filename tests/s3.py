"""A real S3-protocol server on loopback for tests: moto's ThreadedMotoServer on 127.0.0.1 and a free port.

Use it from any test module::

    from tests.s3 import S3Server, s3_server, s3_bucket  # noqa: F401  (fixtures)

- ``s3_server`` (session): the running server (``.endpoint``); AWS credentials in the environment are
  dummy values (``testing``) so nothing can reach a real account.
- ``s3_bucket``: a fresh, empty bucket on it for one test; ``.spec`` is the hub's ``--papers`` address
  (``s3://<bucket>/<prefix>?endpoint=…&region=us-east-1``) and ``.client`` a boto3 client to look inside.

Or without fixtures: ``with running_s3() as server: bucket = server.new_bucket()``.
"""

from __future__ import annotations

import itertools
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

REGION = "us-east-1"
DUMMY_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
}
_names = itertools.count(1)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def s3_client(endpoint: str) -> Any:
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=DUMMY_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=DUMMY_ENV["AWS_SECRET_ACCESS_KEY"],
    )


@dataclass
class S3Bucket:
    endpoint: str
    name: str
    prefix: str
    client: Any

    @property
    def spec(self) -> str:
        """The hub's paper store address for this bucket (``--papers`` / ``Hub(papers=…)``)."""
        path = f"{self.name}/{self.prefix}" if self.prefix else self.name
        return f"s3://{path}?endpoint={self.endpoint}&region={REGION}"

    def keys(self) -> list[str]:
        """Every object key in the bucket, sorted."""
        found: list[str] = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name):
            found.extend(str(item["Key"]) for item in page.get("Contents", ()))
        return sorted(found)


class S3Server:
    """moto's S3 server in a thread on 127.0.0.1."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def start(self) -> S3Server:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def new_bucket(self, prefix: str = "hub") -> S3Bucket:
        name = f"papers-{os.getpid()}-{next(_names)}"
        client = s3_client(self.endpoint)
        client.create_bucket(Bucket=name)
        return S3Bucket(self.endpoint, name, prefix, client)


@contextmanager
def running_s3() -> Iterator[S3Server]:
    """A started server with dummy AWS credentials in the environment; stopped (and the environment
    restored) on exit."""
    saved = {k: os.environ.get(k) for k in DUMMY_ENV}
    os.environ.update(DUMMY_ENV)
    server = S3Server().start()
    try:
        yield server
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    with running_s3() as server:
        yield server


@pytest.fixture
def s3_bucket(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch) -> S3Bucket:
    for key, value in DUMMY_ENV.items():
        monkeypatch.setenv(key, value)
    return s3_server.new_bucket()
