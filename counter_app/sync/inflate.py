"""Capped gzip inflation for everything that comes from outside: sneakernet files and HTTP bodies.

A gzip bomb (a few MB that inflate to gigabytes) must never reach memory whole. :class:`CappedInflater`
takes the compressed bytes chunk by chunk and inflates each with ``max_length``, so no step ever holds
more than ``limit`` inflated bytes plus one chunk; past ``limit`` it raises :class:`InflatedTooLarge`.
The counter (``import-sync-answer``, its HTTP client) and the hub (``import-sync``, request bodies) both
use it, so the two sides of the wire share one rule.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from pathlib import Path

from counter_app.domain.errors import DomainError

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 64 * 1024
MiB = 1024 * 1024
# A sneakernet file or a hub answer holds every pending item, history imports included (~1 KB each):
# 256 MiB is a quarter of a million items, far above any real office, far below the memory of its PC.
MAX_SYNC_DATA = 256 * MiB


class InflateError(DomainError):
    """``InflateError("sync.data_too_large", limit_mb=…)`` past the cap, ``("sync.file_unreadable", reason=…)``
    when the gzip stream is corrupt or cut short."""


class InflatedTooLarge(InflateError):
    def __init__(self, limit: int) -> None:
        super().__init__("sync.data_too_large", limit_mb=max(1, limit // MiB))
        self.limit = limit


class CappedInflater:
    """Inflate a gzip stream (``gzip=True``), pass plain bytes through (``False``), or decide from the
    first two bytes (``None``); at most ``limit`` bytes out, else :class:`InflatedTooLarge`.

    Plain input is capped the same way, so a 10 GB file that is not compressed is refused too.
    """

    def __init__(self, limit: int, *, gzip: bool | None = None) -> None:
        self.limit = limit
        self._gzip = gzip
        self._head = b""  # the first bytes while the kind is not decided yet
        self._inflater = zlib.decompressobj(wbits=31)
        self._out: list[bytes] = []  # pieces, joined once at the end (no over-allocation while growing)
        self._size = 0

    def _take(self, data: bytes) -> None:
        if self._size + len(data) > self.limit:
            self._out.clear()
            raise InflatedTooLarge(self.limit)
        self._out.append(data)
        self._size += len(data)

    def feed(self, chunk: bytes) -> None:
        if self._gzip is None:
            self._head += chunk
            if len(self._head) < len(GZIP_MAGIC):
                return
            self._gzip = self._head.startswith(GZIP_MAGIC)
            chunk, self._head = self._head, b""
        if not self._gzip:
            self._take(chunk)
            return
        data = chunk
        while data:
            if self._inflater.eof:  # a file may hold several gzip members one after the other
                self._inflater = zlib.decompressobj(wbits=31)
            room = self.limit - self._size + 1  # one byte more than allowed tells "too large"
            try:
                piece = self._inflater.decompress(data, room)
            except zlib.error as exc:
                raise InflateError("sync.file_unreadable", reason=f"broken gzip ({exc})") from None
            self._take(piece)
            data = self._inflater.unused_data if self._inflater.eof else self._inflater.unconsumed_tail

    def finish(self) -> bytes:
        """Everything inflated; ``file_unreadable`` when a gzip stream stopped before its end."""
        if self._gzip is None:  # fewer than two bytes in all
            self._gzip = False
            self._take(self._head)
        elif self._gzip and not self._inflater.eof:
            raise InflateError("sync.file_unreadable", reason="the gzip data is cut short")
        return b"".join(self._out)


def inflate(chunks: Iterable[bytes], limit: int = MAX_SYNC_DATA, *, gzip: bool | None = None) -> bytes:
    """The inflated bytes of ``chunks`` (see :class:`CappedInflater`)."""
    inflater = CappedInflater(limit, gzip=gzip)
    for chunk in chunks:
        inflater.feed(chunk)
    return inflater.finish()


def inflate_bytes(data: bytes, limit: int = MAX_SYNC_DATA, *, gzip: bool | None = None) -> bytes:
    """:func:`inflate` of bytes already in memory, fed in chunks so the cap holds as it inflates."""
    view = memoryview(data)
    return inflate((bytes(view[i : i + CHUNK]) for i in range(0, len(data), CHUNK)), limit, gzip=gzip)


def read_file(path: Path, limit: int = MAX_SYNC_DATA) -> bytes:
    """A gzip (or plain) file's bytes, inflated, read in chunks and capped; ``OSError`` if it cannot be read."""
    with path.open("rb") as stream:
        return inflate(iter(lambda: stream.read(CHUNK), b""), limit)
