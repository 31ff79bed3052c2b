"""Where the hub keeps papers' bytes: a directory (the default) or an S3-compatible bucket.

Keys are ``/``-separated: a received copy is ``papers/<commune>/<sha[:2]>/<sha>.pdf`` (content-addressed,
so writing it twice is harmless); a tus upload's parts are ``uploads/<id>/<offset:012d>.<end:012d>``,
one object per part, so several hub nodes over one bucket share uploads in progress.

A part's key names its start *and* its end: two PATCHes racing on one upload (a client that retried while
its first connection was still being read) may both write a part at the same start, but only the one whose
conditional ``UPDATE paper_upload SET offset = end WHERE offset = start`` wins is part of the upload.
:meth:`PaperStore.parts` walks the chain of parts from 0 to the offset the database holds; a loser's part
lies beside it unused until :meth:`PaperStore.drop_parts`.

A failing store (disk full, bucket unreachable) raises :class:`~district_server.errors.HubError`
``paper_store`` (503): the counter keeps the copy and tries again later.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from district_server.errors import HubError

_KEY = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")
_PART = re.compile(r"^(\d{12})\.(\d{12})$")


class PaperStore(Protocol):
    """The bytes of papers and of uploads in progress."""

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def put_part(self, upload_id: str, offset: int, data: bytes) -> None: ...

    def parts(self, upload_id: str, upto: int | None = None) -> bytes: ...

    def drop_parts(self, upload_id: str) -> None: ...

    def describe(self) -> str: ...


def paper_key(commune_code: str, sha256: str) -> str:
    """The store key of a received copy."""
    return f"papers/{commune_code}/{sha256[:2]}/{sha256}.pdf"


def _check_key(key: str) -> str:
    if not _KEY.match(key) or ".." in key.split("/"):
        raise ValueError(f"not a store key: {key!r}")
    return key


def _check_id(upload_id: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9-]{1,64}", upload_id):
        raise ValueError(f"not an upload id: {upload_id!r}")
    return upload_id


def part_name(offset: int, end: int) -> str:
    return f"{offset:012d}.{end:012d}"


def chain(names: list[str], upto: int | None) -> list[str] | None:
    """The part names that join from 0 to ``upto`` (None: as far as the parts go), in order; None when
    no chain reaches ``upto``."""
    starts: dict[int, list[int]] = {}
    for name in names:
        match = _PART.match(name)
        if match:
            start, end = int(match.group(1)), int(match.group(2))
            if end > start:
                starts.setdefault(start, []).append(end)
    best: list[int] = [0]
    # depth-first from 0, longest ends first; an upload has at most a few hundred parts
    stack: list[list[int]] = [[0]]
    seen: set[int] = set()
    while stack:
        path = stack.pop()
        here = path[-1]
        if upto is not None and here == upto:
            return [part_name(a, b) for a, b in itertools.pairwise(path)]
        if here > best[-1]:
            best = path
        if here in seen:
            continue
        seen.add(here)
        stack.extend([*path, end] for end in sorted(starts.get(here, ())) if upto is None or end <= upto)
    if upto is not None:
        return [] if upto == 0 else None
    return [part_name(a, b) for a, b in itertools.pairwise(best)]


def _store_failure(store: str, exc: BaseException) -> HubError:
    return HubError("paper_store", status=503, store=store, detail=str(exc) or type(exc).__name__)


class FilesystemStore:
    """Papers as files under ``root``; every write is a temporary file, fsynced, then renamed into place."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser()

    def describe(self) -> str:
        return str(self.root)

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*_check_key(key).split("/"))

    def _write(self, path: Path, data: bytes) -> None:
        try:
            fd, temporary = self._temporary(path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as exc:
            raise _store_failure(self.describe(), exc) from None

    @staticmethod
    def _temporary(directory: Path) -> tuple[int, str]:
        for attempt in range(3):  # an upload's folder may be removed between mkdir and mkstemp (drop_parts)
            directory.mkdir(parents=True, exist_ok=True)
            try:
                return tempfile.mkstemp(prefix=".part-", dir=directory)
            except FileNotFoundError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def put(self, key: str, data: bytes) -> None:
        self._write(self._path(key), data)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None
        except OSError as exc:
            raise _store_failure(self.describe(), exc) from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as exc:
            raise _store_failure(self.describe(), exc) from None

    def _upload_dir(self, upload_id: str) -> Path:
        return self.root / "uploads" / _check_id(upload_id)

    def put_part(self, upload_id: str, offset: int, data: bytes) -> None:
        self._write(self._upload_dir(upload_id) / part_name(offset, offset + len(data)), data)

    def parts(self, upload_id: str, upto: int | None = None) -> bytes:
        directory = self._upload_dir(upload_id)
        try:
            names = [p.name for p in directory.iterdir()] if directory.is_dir() else []
            order = chain(names, upto)
            if order is None:
                raise KeyError(upload_id)
            return b"".join((directory / name).read_bytes() for name in order)
        except FileNotFoundError:  # dropped while being read (the upload was finished or reset meanwhile)
            raise KeyError(upload_id) from None
        except OSError as exc:
            raise _store_failure(self.describe(), exc) from None

    def drop_parts(self, upload_id: str) -> None:
        directory = self._upload_dir(upload_id)
        try:
            if directory.is_dir():
                for path in directory.iterdir():
                    if not path.name.startswith(".part-"):  # a write in progress finishes as a stray part
                        path.unlink(missing_ok=True)
                directory.rmdir()
        except FileNotFoundError:  # another request dropped them at the same time
            pass
        except OSError as exc:
            if exc.errno != errno.ENOTEMPTY:  # a racing PATCH's late part: harmless, left for the folder
                raise _store_failure(self.describe(), exc) from None


class S3Store:
    """Papers in an S3-compatible bucket (AWS, MinIO, Ceph …) through boto3.

    Credentials come from the usual places (``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``, a profile);
    ``endpoint_url`` names a non-AWS service, e.g. ``http://127.0.0.1:9000`` for MinIO.
    """

    def __init__(self, bucket: str, endpoint_url: str | None = None, prefix: str = "", region: str | None = None):
        import boto3  # type: ignore[import-untyped]
        from botocore.config import Config  # type: ignore[import-untyped]

        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.prefix = prefix.strip("/")
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            config=Config(connect_timeout=10, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"}),
        )

    def describe(self) -> str:
        where = f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"
        return f"{where} ({self.endpoint_url})" if self.endpoint_url else where

    def _key(self, key: str) -> str:
        key = _check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, name: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]

        try:
            return getattr(self.client, name)(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in ("NoSuchKey", "404", "NotFound"):
                raise KeyError(kwargs.get("Key", "")) from None
            raise _store_failure(self.describe(), exc) from None
        except BotoCoreError as exc:
            raise _store_failure(self.describe(), exc) from None

    def put(self, key: str, data: bytes) -> None:
        self._call("put_object", Key=self._key(key), Body=data)

    def get(self, key: str) -> bytes:
        answer = self._call("get_object", Key=self._key(key))
        body: bytes = answer["Body"].read()
        return body

    def exists(self, key: str) -> bool:
        try:
            self._call("head_object", Key=self._key(key))
        except KeyError:
            return False
        return True

    def delete(self, key: str) -> None:
        self._call("delete_object", Key=self._key(key))

    def _upload_prefix(self, upload_id: str) -> str:
        return self._key(f"uploads/{_check_id(upload_id)}") + "/"

    def _part_names(self, upload_id: str) -> list[str]:
        prefix = self._upload_prefix(upload_id)
        names: list[str] = []
        token: str | None = None
        while True:
            extra = {"ContinuationToken": token} if token else {}
            answer = self._call("list_objects_v2", Prefix=prefix, **extra)
            names.extend(str(item["Key"])[len(prefix) :] for item in answer.get("Contents", ()))
            token = answer.get("NextContinuationToken")
            if not answer.get("IsTruncated") or not token:
                return names

    def put_part(self, upload_id: str, offset: int, data: bytes) -> None:
        key = self._upload_prefix(upload_id) + part_name(offset, offset + len(data))
        self._call("put_object", Key=key, Body=data)

    def parts(self, upload_id: str, upto: int | None = None) -> bytes:
        order = chain(self._part_names(upload_id), upto)
        if order is None:
            raise KeyError(upload_id)
        prefix = self._upload_prefix(upload_id)
        return b"".join(self._call("get_object", Key=prefix + name)["Body"].read() for name in order)

    def drop_parts(self, upload_id: str) -> None:
        prefix = self._upload_prefix(upload_id)
        for name in self._part_names(upload_id):
            self._call("delete_object", Key=prefix + name)


def open_store(spec: str) -> PaperStore:
    """The store ``spec`` names: a directory path, or ``s3://bucket[/prefix]?endpoint=URL&region=NAME``.

    A malformed ``s3://`` address raises HubError ``paper_store_spec`` (the CLI's one line, exit 2).
    """
    if spec.startswith("s3://"):
        parts = urlsplit(spec)
        query = parse_qs(parts.query)
        unknown = set(query) - {"endpoint", "region"}
        if not parts.netloc or unknown or any(len(v) != 1 for v in query.values()):
            raise HubError("paper_store_spec", spec=spec)
        endpoint = query.get("endpoint", [None])[0]
        if endpoint is not None and urlsplit(endpoint).scheme not in ("http", "https"):
            raise HubError("paper_store_spec", spec=spec)
        return S3Store(parts.netloc, endpoint, parts.path.strip("/"), region=query.get("region", [None])[0])
    if not spec or "://" in spec:
        raise HubError("paper_store_spec", spec=spec)
    return FilesystemStore(Path(spec))
