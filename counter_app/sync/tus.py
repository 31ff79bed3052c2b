"""A small tus 1.0 client over :class:`~counter_app.sync.client.HubClient` (docs/sync-protocol.md, Papers).

It sends one certified copy to the hub's ``/v1/papers`` endpoint, resumably:

- :meth:`TusClient.create` (``POST``, with the copy's sha256, dossier code, paper position and file
  name as tus metadata) answers the upload's URL and the bytes the hub already holds (0 for a new
  upload, the whole length when the hub has the copy: nothing to send). The hub derives the upload id
  from (commune, dossier, paper, sha256), so creating again never makes a second upload.
- :meth:`TusClient.offset` (``HEAD``) reads what the hub holds after a cut.
- :meth:`TusClient.patch` sends one chunk at ``Upload-Offset``.
- :meth:`TusClient.send` does all of it: create (or resume a known URL), PATCH in chunks until the
  length or the deadline; a ``409 offset_mismatch`` re-reads the offset, a ``404`` (the hub lost the
  upload) creates it again.

Bandwidth: a token bucket in kbit/s (:class:`TokenBucket`) is applied to the bytes written. A PATCH
body is a generator of small pieces (:data:`PIECE`), each waiting for its tokens, with an explicit
``Content-Length``. The chunk size follows the cap (about :data:`CHUNK_SECONDS` of bandwidth, between
:data:`MIN_CHUNK` and :data:`MAX_CHUNK`): a cut connection loses at most one chunk even if the hub kept
nothing, and a round's deadline is overrun by at most one chunk's time.

Errors are the client's typed errors (:class:`Offline`, :class:`ServerError`, :class:`Unauthorized`,
:class:`Refused` with the hub's error id) plus :class:`QuotaFull` (507). No database here.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counter_app.sync.client import HubClient, HubError, Refused
from counter_app.sync.protocol import ProtocolError, parse_error

if TYPE_CHECKING:
    import httpx

TUS_VERSION = "1.0.0"
PAPERS_PATH = "/v1/papers"
PIECE = 8 * 1024  # bytes written per step of the throttled body
MIN_CHUNK = 16 * 1024
MAX_CHUNK = 1024 * 1024
CHUNK_SECONDS = 2.0  # a chunk is about this much of the capped bandwidth
_QUOTA = frozenset({507})
MAX_RETRIES = 5  # offset mismatches / lost uploads in a row before giving up for this round


class QuotaFull(HubError):
    """507 ``paper_quota``: the commune's paper store at the hub is full (the hub's words kept)."""

    def __init__(self, message: str | None) -> None:
        super().__init__("paper.quota", message=message or "")
        self.message = message


class UploadGone(HubError):
    """404 on an upload URL: the hub does not know it (lost, expired, or never this commune's)."""

    def __init__(self) -> None:
        super().__init__("paper.upload_gone")


class OffsetMismatch(HubError):
    """409 ``offset_mismatch``: the hub holds ``offset`` bytes, not what the PATCH said."""

    def __init__(self, offset: int | None) -> None:
        super().__init__("paper.offset_mismatch", offset=offset)
        self.offset = offset


def kbps_bytes(kbps: int) -> float:
    """Bytes per second of a cap in kbit/s (1 kbit = 1000 bits)."""
    return kbps * 1000 / 8


def chunk_size(kbps: int | None) -> int:
    """The PATCH size for a cap: about two seconds of it, between 16 KiB and 1 MiB; 1 MiB uncapped."""
    if not kbps:
        return MAX_CHUNK
    return max(MIN_CHUNK, min(MAX_CHUNK, int(kbps_bytes(kbps) * CHUNK_SECONDS)))


class TokenBucket:
    """A token bucket of ``kbps`` kbit/s holding at most ``burst`` bytes (one piece by default).

    :meth:`take` waits until ``n`` bytes may be written. ``clock`` and ``sleep`` are injected (tests);
    ``kbps`` None or 0 never waits."""

    def __init__(
        self,
        kbps: int | None,
        *,
        burst: int = PIECE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.kbps = kbps or None
        self.rate = kbps_bytes(kbps) if kbps else 0.0
        self.burst = float(max(burst, 1))
        self._clock = clock
        self._sleep = sleep
        self._tokens = self.burst
        self._at = clock()

    def take(self, n: int) -> None:
        if not self.rate:
            return
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        self._tokens -= n
        if self._tokens < 0:  # in debt: wait until it is paid back
            self._sleep(-self._tokens / self.rate)
            self._at = self._clock()
            self._tokens = 0.0


@dataclass(frozen=True)
class Created:
    """The answer to a creation: the upload's URL (as the hub gave it) and the bytes it holds."""

    url: str
    offset: int


@dataclass(frozen=True)
class SendResult:
    """Where :meth:`TusClient.send` stopped: ``offset`` of ``length`` bytes held by the hub (done when
    equal); ``sent`` the bytes written this time (re-sent bytes included); ``url`` to resume with."""

    url: str
    offset: int
    length: int
    sent: int

    @property
    def done(self) -> bool:
        return self.offset >= self.length


def encode_metadata(metadata: Mapping[str, str]) -> str:
    """tus ``Upload-Metadata``: ``key base64(value)`` pairs, comma-separated (keys are plain ASCII)."""
    return ",".join(f"{key} {base64.b64encode(value.encode()).decode('ascii')}" for key, value in metadata.items())


def upload_path(url: str) -> str:
    """The request path of an upload URL, under the client's base URL: the hub answers
    ``/v1/papers/<id>``; an absolute URL (another host name for the same hub, a proxy) keeps its id."""
    upload_id = url.rstrip("/").rsplit("/", 1)[-1]
    if not upload_id or upload_id == "papers":
        raise ProtocolError("sync.protocol", reason=f"tus: bad upload URL {url!r}")
    return f"{PAPERS_PATH}/{upload_id}"


def _offset_header(headers: httpx.Headers, what: str) -> int:
    raw = headers.get("upload-offset")
    try:
        value = int(raw) if raw is not None else -1
    except ValueError:
        value = -1
    if value < 0:
        raise ProtocolError("sync.protocol", reason=f"{what}: no valid Upload-Offset")
    return value


def _refused(status: int, body: bytes) -> Refused:
    try:
        error, message = parse_error(json.loads(body))
    except ValueError:
        error, message = "error", None
    return Refused(status, error, message)


class TusClient:
    """tus over one :class:`HubClient` (its connection, credential and timeouts), capped at ``kbps``.

    The bucket is kept across PATCHes and copies, so the cap holds over a whole round."""

    def __init__(
        self,
        hub: HubClient,
        *,
        kbps: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.hub = hub
        self.kbps = kbps or None
        self.bucket = TokenBucket(kbps, clock=clock, sleep=sleep)
        self.chunk = chunk_size(kbps)
        self._clock = clock

    def _headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        return {"Tus-Resumable": TUS_VERSION, **(extra or {})}

    def create(self, length: int, metadata: Mapping[str, str]) -> Created:
        """``POST /v1/papers``: 201 with ``Location`` and ``Upload-Offset`` (0 new, ``length`` held).

        Raises :class:`QuotaFull` on 507, :class:`Refused` on another 4xx (``dossier_unknown``,
        ``commune_mismatch``, ``paper_too_large``, ``paper_metadata``…)."""
        headers = self._headers({"Upload-Length": str(length), "Upload-Metadata": encode_metadata(metadata)})
        status, answer, body = self.hub.exchange("POST", PAPERS_PATH, content=b"", headers=headers, keep=_QUOTA)
        if status == 507:
            raise QuotaFull(_refused(status, body).message)
        if status >= 400:
            raise _refused(status, body)
        location = answer.get("location")
        if status != 201 or not location:
            raise ProtocolError("sync.protocol", reason=f"tus create: status {status} without Location")
        upload_path(location)  # a bad URL is the hub's fault: said now
        offset = _offset_header(answer, "tus create") if "upload-offset" in answer else 0
        return Created(location, offset)

    def offset(self, url: str) -> int:
        """``HEAD`` an upload: the bytes the hub holds. :class:`UploadGone` on 404."""
        status, answer, body = self.hub.exchange("HEAD", upload_path(url), headers=self._headers())
        if status == 404:
            raise UploadGone()
        if status >= 400:
            raise _refused(status, body)
        return _offset_header(answer, "tus HEAD")

    def patch(self, url: str, offset: int, data: bytes) -> int:
        """``PATCH`` ``data`` at ``offset`` through the bucket; the hub's new offset.

        :class:`OffsetMismatch` on 409 (with the hub's offset when it said it), :class:`UploadGone` on
        404, :class:`Refused` on another 4xx (``paper_hash``, ``paper_signature`` at the last chunk)."""
        headers = self._headers(
            {
                "Content-Type": "application/offset+octet-stream",
                "Upload-Offset": str(offset),
                "Content-Length": str(len(data)),
            }
        )
        status, answer, body = self.hub.exchange("PATCH", upload_path(url), content=self._pieces(data), headers=headers)
        if status == 404:
            raise UploadGone()
        if status == 409:
            refused = _refused(status, body)
            if refused.error in ("offset_mismatch", "error"):
                raw = answer.get("upload-offset")
                raise OffsetMismatch(int(raw) if raw is not None and raw.isdigit() else None)
            raise refused
        if status >= 400:
            raise _refused(status, body)
        return _offset_header(answer, "tus PATCH")

    def _pieces(self, data: bytes) -> Iterator[bytes]:
        view = memoryview(data)
        for start in range(0, len(data), PIECE):
            piece = bytes(view[start : start + PIECE])
            self.bucket.take(len(piece))
            yield piece

    def terminate(self, url: str) -> None:
        """``DELETE`` an incomplete upload (404: already gone, fine)."""
        status, _, body = self.hub.exchange("DELETE", upload_path(url), headers=self._headers())
        if status >= 400 and status != 404:
            raise _refused(status, body)

    def send(
        self,
        data: bytes,
        metadata: Mapping[str, str],
        *,
        url: str | None = None,
        deadline: float | None = None,
        stop: Callable[[], bool] | None = None,
        on_url: Callable[[str], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> SendResult:
        """Send ``data`` whole, or until ``deadline`` (on the injected monotonic clock) has passed or
        ``stop()`` says so (both asked before each chunk: at most one chunk more is spent).

        With ``url`` (an upload this counter created before), resume from the hub's HEAD offset; without,
        or when the hub lost it, create. ``on_url`` is told each new URL (keep it: a crash resumes there),
        ``on_progress`` each offset the hub confirms. Network errors propagate: what the hub kept stays
        there, the next call resumes from its HEAD offset."""
        length = len(data)
        sent = 0
        retries = 0
        offset: int | None = None
        while True:
            if url is None:
                created = self.create(length, metadata)
                url, offset = created.url, created.offset
                if on_url is not None:
                    on_url(url)
            elif offset is None:
                try:
                    offset = self.offset(url)
                except UploadGone:
                    url = None
                    continue
            if offset > length:
                raise ProtocolError("sync.protocol", reason=f"tus: the hub holds {offset} of {length} bytes")
            if offset == length:
                return SendResult(url, offset, length, sent)
            if (deadline is not None and self._clock() >= deadline) or (stop is not None and stop()):
                return SendResult(url, offset, length, sent)
            piece = data[offset : offset + self.chunk]
            try:
                new = self.patch(url, offset, piece)
            except OffsetMismatch as exc:
                retries += 1
                if retries > MAX_RETRIES:
                    raise
                offset = exc.offset  # None: HEAD again
                continue
            except UploadGone:
                retries += 1
                if retries > MAX_RETRIES:
                    raise
                url, offset = None, None
                continue
            sent += len(piece)
            if new <= offset or new > length:
                raise ProtocolError("sync.protocol", reason=f"tus PATCH: offset {offset} → {new}")
            offset = new
            retries = 0
            if on_progress is not None:
                on_progress(offset)
