"""Sneakernet parts: the files that carry a counter's events and papers to the hub on a USB stick.

The header's format and bounds are the wire schema's (:mod:`.sneakernet`: :class:`PartHeader`,
:func:`build_part_header`); this module is the file around it and knows no database:

- :func:`plan_parts` cuts an export into parts of at most ``max_bytes`` (no limit: one part), each
  self-contained: a copy travels whole when it fits in a part, else in byte ranges over several parts;
  a part repeats the pending events of every dossier whose papers it carries.
- :func:`write_part` streams the pieces from their files into the part (one chunk in memory at a time).
- :func:`open_part`, :func:`check_pieces`, :func:`read_pieces` read it back with bounded memory: the
  header inflated with the cap of :mod:`.inflate`, the file's length checked against the header (a part
  cut short is refused before anything else), every piece hashed as it streams.

A part is ``hsmc-sync-part/1\\n``, the header's byte length in ASCII and ``\\n``, the header (gzip JSON),
then the pieces' bytes one after the other in the header's order, nothing after them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from counter_app.sync.inflate import CHUNK, MAX_SYNC_DATA, CappedInflater, InflatedTooLarge, InflateError
from counter_app.sync.protocol import ProtocolError, PushItem, canonical_json
from counter_app.sync.sneakernet import (
    MAX_PART_PIECES,
    MAX_PARTS,
    MAX_PIECE_BYTES,
    PartHeader,
    PartPiece,
    decode_part_header,
    parse_part_header,
    part_document,
)

PART_MAGIC = b"hsmc-sync-part/1\n"
MIN_PART_BYTES = 64 * 1024  # a smaller --max-bytes is refused: a part must hold a dossier's events and a piece
MIN_SLICE = 4 * 1024  # a range shorter than this is not worth a piece of its own
_LENGTH_LINE = 24  # the header's length in ASCII digits and a line feed
_SIGNATURE_JSON = len(',"signature":""') + 88  # an Ed25519 signature in base64
_NUMBER = 2**63 - 1  # the widest number a piece may carry (sizes are estimated with it)


def part_path(first: Path, number: int) -> Path:
    """Where part ``number`` of an export to ``first`` goes: ``FILE``, ``FILE.part2``, ``FILE.part3``…"""
    return first if number == 1 else first.with_name(f"{first.name}.part{number}")


# ----------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class WaitingCopy:
    """A copy to carry from ``offset`` (the bytes the hub already holds) to its end, read from ``path``."""

    dossier_code: str
    paper: int
    sha256: str
    bytes: int
    path: Path
    offset: int = 0


@dataclass(frozen=True)
class PlannedPiece:
    copy: WaitingCopy
    offset: int
    length: int


@dataclass
class PlannedPart:
    items: list[PushItem] = field(default_factory=list)
    pieces: list[PlannedPiece] = field(default_factory=list)
    size: int = 0  # the header's JSON, items and pieces, in bytes (before gzip)
    payload: int = 0  # the pieces' bytes


class PartTooSmall(ProtocolError):
    """``PartTooSmall("sync.part_too_small", dossier=…, needed=…)``: the events of one dossier alone do not
    fit in a part of the size asked for."""


def _gzip_bound(raw: int) -> int:
    """At least the gzip size of ``raw`` bytes, whatever they are (stored blocks cost 5 bytes per 64 KiB)."""
    return raw + 5 * (raw // 16_000 + 1) + 64


def plan_parts(
    template: PartHeader,
    items: Sequence[tuple[str, PushItem]],
    copies: Sequence[WaitingCopy],
    max_bytes: int | None,
) -> list[PlannedPart]:
    """Cut ``items`` (each with its dossier code, in outbox order) and ``copies`` into parts of at most
    ``max_bytes`` on the stick (None: one part). ``template`` gives the header's fixed fields, for sizing.

    Dossiers go in the order of their first item, then those with only copies. A part holds a dossier's
    items whole (:class:`PartTooSmall` when they alone exceed a part) and, after them, its copies: whole
    when a copy fits in the part, in a new part when it fits there, else in ranges filling parts, each
    later part repeating the dossier's items. Pieces are at most :data:`MAX_PIECE_BYTES`, and at most
    :data:`MAX_PART_PIECES` in a part (more copies: more parts, even without a limit).
    """
    base = len(PART_MAGIC) + _LENGTH_LINE + len(canonical_json(part_document(template))) + _SIGNATURE_JSON
    by_code: dict[str, list[PushItem]] = {}
    for code, item in items:
        by_code.setdefault(code, []).append(item)
    copies_of: dict[str, list[WaitingCopy]] = {}
    for copy in copies:
        if copy.offset < copy.bytes:
            copies_of.setdefault(copy.dossier_code, []).append(copy)
            by_code.setdefault(copy.dossier_code, [])

    parts: list[PlannedPart] = []

    def size_of(part: PlannedPart, more_json: int = 0, more_bytes: int = 0) -> int:
        return _gzip_bound(base + part.size + more_json) + part.payload + more_bytes

    def fits(part: PlannedPart, more_json: int = 0, more_bytes: int = 0) -> bool:
        return max_bytes is None or size_of(part, more_json, more_bytes) <= max_bytes

    def room(part: PlannedPart, more_json: int) -> int:
        return MAX_PIECE_BYTES if max_bytes is None else max_bytes - size_of(part, more_json)

    def fresh(group: list[PushItem], group_json: int) -> PlannedPart:
        parts.append(PlannedPart(items=list(group), size=group_json))
        return parts[-1]

    def piece_json(copy: WaitingCopy) -> int:
        wide = PartPiece(copy.dossier_code, _NUMBER, copy.sha256, _NUMBER, _NUMBER, _NUMBER, copy.sha256)
        return len(canonical_json(wide.to_json())) + 1

    current = fresh([], 0)
    for code, group in by_code.items():
        group_json = sum(len(canonical_json(i.to_json())) + 1 for i in group)
        if group and not fits(current, group_json):
            if current.items or current.pieces:
                current = fresh([], 0)
            if not fits(current, group_json):
                raise PartTooSmall("sync.part_too_small", dossier=code, needed=size_of(current, group_json))
        current.items.extend(group)
        current.size += group_json
        alone = PlannedPart(items=list(group), size=group_json)  # a new part holding only this dossier's items
        for copy in copies_of.get(code, []):
            entry = piece_json(copy)
            at = copy.offset
            while at < copy.bytes:
                left = min(copy.bytes - at, MAX_PIECE_BYTES)
                if len(current.pieces) >= MAX_PART_PIECES:
                    current = fresh(group, group_json)
                if not fits(current, entry, left):
                    starting_whole = at == copy.offset and copy.bytes - at <= MAX_PIECE_BYTES
                    is_alone = not current.pieces and current.size == group_json
                    if not is_alone and (
                        (starting_whole and fits(alone, entry, left)) or room(current, entry) < min(MIN_SLICE, left)
                    ):
                        current = fresh(group, group_json)  # whole in a new part, or no room left here
                    if not fits(current, entry, left):
                        if room(current, entry) < min(MIN_SLICE, left):
                            needed = size_of(alone, entry, min(MIN_SLICE, left))
                            raise PartTooSmall("sync.part_too_small", dossier=code, needed=needed)
                        left = room(current, entry)
                current.pieces.append(PlannedPiece(copy, at, left))
                current.size += entry
                current.payload += left
                at += left
        if len(parts) > MAX_PARTS:
            raise ProtocolError("sync.protocol", reason=f"an export is at most {MAX_PARTS} parts")
    return [part for part in parts if part.items or part.pieces] or [parts[0]]


# ----------------------------------------------------------------------------- writing


def range_digest(path: Path, offset: int, length: int) -> str:
    """The sha256 of ``length`` bytes of ``path`` from ``offset``, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        stream.seek(offset)
        for chunk in _chunks(stream, length, str(path)):
            digest.update(chunk)
    return digest.hexdigest()


def _chunks(stream: BinaryIO, length: int, what: str) -> Iterator[bytes]:
    left = length
    while left:
        chunk = stream.read(min(CHUNK, left))
        if not chunk:
            raise ProtocolError("sync.file_unreadable", reason=f"{what} is cut short")
        left -= len(chunk)
        yield chunk


def piece_of(planned: PlannedPiece) -> PartPiece:
    """The header's entry of a planned piece (its bytes hashed from the copy's file)."""
    copy = planned.copy
    return PartPiece(
        dossier_code=copy.dossier_code,
        paper=copy.paper,
        sha256=copy.sha256,
        bytes=copy.bytes,
        offset=planned.offset,
        length=planned.length,
        piece_sha256=range_digest(copy.path, planned.offset, planned.length),
    )


def write_part(path: Path, header: bytes, pieces: Sequence[PlannedPiece]) -> int:
    """Write a part (``header`` from :func:`build_part_header`) to a temporary name, then rename it:
    a part half written (a stick pulled out) never has the part's name. Returns its size in bytes."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with temporary.open("wb") as out:
            out.write(PART_MAGIC)
            out.write(b"%d\n" % len(header))
            out.write(header)
            for planned in pieces:
                with planned.copy.path.open("rb") as source:
                    source.seek(planned.offset)
                    for chunk in _chunks(source, planned.length, str(planned.copy.path)):
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path.stat().st_size


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class PartFile:
    """A part whose framing and header were read (its signature is not checked yet: the reader knows the
    key only from ``header.device_id``; see :func:`counter_app.sync.sneakernet.check_part_signature`)."""

    path: Path
    document: Mapping[str, Any]
    header: PartHeader
    payload_at: int  # where the first piece starts in the file


def is_part(path: Path) -> bool:
    """Whether ``path`` starts like a part (an ``hsmc-sync/1`` file is gzip JSON)."""
    with path.open("rb") as stream:
        return stream.read(len(PART_MAGIC)) == PART_MAGIC


def _unreadable(reason: str) -> ProtocolError:
    return ProtocolError("sync.file_unreadable", reason=reason)


def open_part(path: Path) -> PartFile:
    """Read a part's framing and header (inflated with the cap) and check its length: a file cut short,
    or with bytes after its last piece, is refused here. ``OSError`` if it cannot be read."""
    with path.open("rb") as stream:
        if stream.read(len(PART_MAGIC)) != PART_MAGIC:
            raise _unreadable("not an hsmc-sync-part/1 file")
        line = stream.readline(_LENGTH_LINE)
        if not line.endswith(b"\n") or not line[:-1].isdigit():
            raise _unreadable("the header's length is missing")
        length = int(line)
        if length > MAX_SYNC_DATA:
            raise ProtocolError("sync.data_too_large", limit_mb=MAX_SYNC_DATA // (1024 * 1024))
        inflater = CappedInflater(MAX_SYNC_DATA, gzip=True)  # chunk by chunk: a gzip bomb never fills memory
        try:
            for chunk in _chunks(stream, length, "the file (in its header)"):
                inflater.feed(chunk)
            data = inflater.finish()
        except InflatedTooLarge as exc:
            raise ProtocolError(exc.code, **exc.params) from None
        except InflateError as exc:
            raise _unreadable(str(exc.params.get("reason", exc.code))) from None
        document = decode_part_header(data)
        del data
        header = parse_part_header(document)
        payload_at = stream.tell()
    size = path.stat().st_size
    expected = payload_at + header.payload_bytes
    if size < expected:
        raise _unreadable(f"the file is cut short ({size} of {expected} bytes)")
    if size > expected:
        raise _unreadable(f"{size - expected} bytes after the last piece")
    return PartFile(path, document, header, payload_at)


def _pieces(part: PartFile, *, keep: bool) -> Iterator[tuple[PartPiece, bytes]]:
    with part.path.open("rb") as stream:
        stream.seek(part.payload_at)
        for number, piece in enumerate(part.header.pieces, start=1):
            digest = hashlib.sha256()
            kept: list[bytes] = []
            for chunk in _chunks(stream, piece.length, "the file"):
                digest.update(chunk)
                if keep:
                    kept.append(chunk)
            if digest.hexdigest() != piece.piece_sha256:
                raise ProtocolError("sync.file_signature", piece=number)
            yield piece, b"".join(kept)


def check_pieces(part: PartFile) -> None:
    """Hash every piece as it streams; ``ProtocolError("sync.file_signature")`` at the first whose bytes are
    not the ones the (signed) header names. Memory: one chunk."""
    for _ in _pieces(part, keep=False):
        pass


def read_pieces(part: PartFile) -> Iterator[tuple[PartPiece, bytes]]:
    """Each piece with its bytes (at most :data:`MAX_PIECE_BYTES` in memory), hashed again as it is read."""
    yield from _pieces(part, keep=True)
