"""Sneakernet files on the wire (docs/sync-protocol.md "Sneakernet files", "Papers by USB"); no database.

The half of the wire schema that travels on a USB stick, in the one envelope (:func:`_sign`, Ed25519 over
:func:`counter_app.sync.protocol.canonical_json` of everything but ``signature``) and the bounds of
:mod:`counter_app.sync.protocol`:

- :func:`build_sync_file` (the counter's outbox, signed with the office's Ed25519 receipt key) and
  :func:`read_sync_answer` (the hub's signed answer, with the papers it holds, :class:`HeldPaper`, and
  refused, :class:`RefusedPaper`), plus the mirror functions the hub may use (:func:`read_sync_file`,
  :func:`build_sync_answer`);
- the parts that carry papers, or an export cut to fit a small stick: :class:`PartHeader` /
  :class:`PartPiece` (:func:`build_part_header`, :func:`decode_part_header`, :func:`check_part_signature`,
  :func:`parse_part_header`) with their bounds; the file around a header is :mod:`.parts`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from counter_app.sync.protocol import (
    MAX_TEXT,
    MAX_WHOLE,
    Change,
    ItemResult,
    ProtocolError,
    PushItem,
    _changes,
    _int,
    _object,
    _results,
    _str,
    _time,
    b64decode,
    b64encode,
    canonical_json,
    decode_json,
    gzip_json,
    iso,
)

SYNC_FILE_FORMAT = "hsmc-sync/1"
ANSWER_FILE_FORMAT = "hsmc-sync-answer/1"


def _sign(document: Mapping[str, Any], private_key: bytes) -> str:
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    return b64encode(Ed25519PrivateKey.from_private_bytes(private_key).sign(canonical_json(unsigned)))


def _verify(document: Mapping[str, Any], public_key: bytes) -> None:
    signature = document.get("signature")
    if not isinstance(signature, str):
        raise ProtocolError("sync.file_signature")
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            b64decode(signature, "signature"), canonical_json(unsigned)
        )
    except (InvalidSignature, ValueError, ProtocolError) as exc:
        raise ProtocolError("sync.file_signature") from exc


def _read_file(data: bytes, expected_format: str) -> Mapping[str, Any]:
    try:
        document = _object(decode_json(data, "file"), "file")
    except ProtocolError as exc:
        if exc.code == "sync.data_too_large":
            raise
        raise ProtocolError("sync.file_unreadable", reason=str(exc.params.get("reason", exc))) from exc
    if document.get("format") != expected_format:
        raise ProtocolError("sync.file_unreadable", reason=f"not a {expected_format} file")
    return document


@dataclass(frozen=True)
class SyncFile:
    """What a counter carries to the hub on a USB stick."""

    device_id: str
    batch: str
    created_at: datetime
    cursor: int
    epoch: str
    items: tuple[PushItem, ...]


def build_sync_file(content: SyncFile, signing_key: bytes) -> bytes:
    """The gzip JSON export, signed with the office's receipt-signing key (raw Ed25519 private bytes)."""
    document: dict[str, Any] = {
        "format": SYNC_FILE_FORMAT,
        "device_id": content.device_id,
        "batch": content.batch,
        "created_at": iso(content.created_at),
        "cursor": content.cursor,
        "epoch": content.epoch,
        "items": [i.to_json() for i in content.items],
    }
    document["signature"] = _sign(document, signing_key)
    return gzip_json(document)


def read_sync_file(data: bytes, public_key: bytes | None = None) -> SyncFile:
    """Parse an export (the hub's side); with ``public_key``, refuse a file whose signature fails."""
    document = _read_file(data, SYNC_FILE_FORMAT)
    if public_key is not None:
        _verify(document, public_key)
    what = "sync file"
    items_data = document.get("items")
    if not isinstance(items_data, list):
        raise ProtocolError("sync.file_unreadable", reason="'items' is not a list")
    items = []
    for entry in items_data:
        item = _object(entry, what)
        items.append(PushItem(_str(item, "uid", what), _str(item, "topic", what), _object(item.get("body"), what)))
    return SyncFile(
        device_id=_str(document, "device_id", what),
        batch=_str(document, "batch", what),
        created_at=_time(document, "created_at", what),
        cursor=_int(document, "cursor", what),
        epoch=_str(document, "epoch", what),
        items=tuple(items),
    )


@dataclass(frozen=True)
class SyncAnswer:
    """The hub's signed answer to a sneakernet file: a push answer and a pull page in one."""

    device_id: str
    batch: str
    results: tuple[ItemResult, ...]
    changes: tuple[Change, ...]
    next: int
    epoch: str
    server_time: datetime
    reset: bool = False  # the changes are a snapshot (the file's cursor or epoch was not the hub's)
    # Papers by USB (answers to parts): the copies the hub holds of the dossiers the files carried papers
    # of, the copies it holds in part (bytes from 0 to ``offset``), and those it refused for good.
    papers: tuple[HeldPaper, ...] = ()
    uploads: tuple[HeldPaper, ...] = ()
    refused: tuple[RefusedPaper, ...] = ()


@dataclass(frozen=True)
class HeldPaper:
    """A copy the hub holds (``offset`` = ``bytes``) or holds in part (its first ``offset`` bytes)."""

    dossier_code: str
    paper: int
    sha256: str
    bytes: int
    offset: int

    def to_json(self) -> dict[str, Any]:
        return {
            "dossier": self.dossier_code,
            "paper": self.paper,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "offset": self.offset,
        }


@dataclass(frozen=True)
class RefusedPaper:
    """A copy the hub refused (``error``: its stable id, e.g. ``paper_signature``; ``reason``: its words)."""

    dossier_code: str
    paper: int
    sha256: str
    error: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "dossier": self.dossier_code,
            "paper": self.paper,
            "sha256": self.sha256,
            "error": self.error,
            "reason": self.reason,
        }


def _held(data: Any, what: str) -> tuple[HeldPaper, ...]:
    if not isinstance(data, list) or len(data) > MAX_ANSWER_PAPERS:
        raise ProtocolError("sync.protocol", reason=f"{what}: not a list of at most {MAX_ANSWER_PAPERS}")
    held = []
    for entry in data:
        item = _object(entry, what)
        size = _bounded(item, "bytes", what, 1, MAX_WHOLE)
        held.append(
            HeldPaper(
                _key(item, "dossier", what),
                _bounded(item, "paper", what, 1, MAX_PAPER_POSITION),
                _sha(item, "sha256", what),
                size,
                _bounded(item, "offset", what, 0, size),
            )
        )
    return tuple(held)


def _refused(data: Any, what: str) -> tuple[RefusedPaper, ...]:
    if not isinstance(data, list) or len(data) > MAX_ANSWER_PAPERS:
        raise ProtocolError("sync.protocol", reason=f"{what}: not a list of at most {MAX_ANSWER_PAPERS}")
    refused = []
    for entry in data:
        item = _object(entry, what)
        refused.append(
            RefusedPaper(
                _key(item, "dossier", what),
                _bounded(item, "paper", what, 1, MAX_PAPER_POSITION),
                _sha(item, "sha256", what),
                _key(item, "error", what),
                _str(item, "reason", what, optional=True)[:MAX_TEXT],
            )
        )
    return tuple(refused)


def build_sync_answer(content: SyncAnswer, signing_key: bytes) -> bytes:
    document: dict[str, Any] = {
        "format": ANSWER_FILE_FORMAT,
        "device_id": content.device_id,
        "batch": content.batch,
        "results": [
            {"uid": r.uid, "status": r.status, **({} if r.reason is None else {"reason": r.reason})}
            for r in content.results
        ],
        "changes": [{"seq": c.seq, "topic": c.topic, "body": dict(c.body)} for c in content.changes],
        "next": content.next,
        "reset": content.reset,
        "epoch": content.epoch,
        "server_time": iso(content.server_time),
    }
    if content.papers or content.uploads or content.refused:
        document["papers"] = [p.to_json() for p in content.papers]
        document["uploads"] = [p.to_json() for p in content.uploads]
        document["refused"] = [p.to_json() for p in content.refused]
    document["signature"] = _sign(document, signing_key)
    return gzip_json(document)


def read_sync_answer(data: bytes, hub_public_key: bytes) -> SyncAnswer:
    """Parse and verify the hub's answer file; ProtocolError("sync.file_signature") if it was not signed
    by the hub this counter enrolled with (or was altered)."""
    document = _read_file(data, ANSWER_FILE_FORMAT)
    _verify(document, hub_public_key)
    what = "answer file"
    return SyncAnswer(
        device_id=_str(document, "device_id", what),
        batch=_str(document, "batch", what),
        results=_results(document.get("results"), what),
        changes=_changes(document.get("changes", []), what),
        next=_int(document, "next", what),
        epoch=_str(document, "epoch", what),
        server_time=_time(document, "server_time", what),
        reset=document.get("reset") is True,
        papers=_held(document.get("papers", []), f"{what}: papers"),
        uploads=_held(document.get("uploads", []), f"{what}: uploads"),
        refused=_refused(document.get("refused", []), f"{what}: refused"),
    )


# ----------------------------------------------------------------------------- sneakernet parts (papers)
# When papers travel by USB, or the stick is small, the export is one or several *parts*
# (docs/sync-protocol.md, "Papers by USB"). A part is one file: the line ``hsmc-sync-part/1``, a line with
# the byte length of the header, the header (gzip JSON, the same signed envelope as a sync file: Ed25519 by
# the office's key over the canonical JSON of everything but ``signature``), then the pieces' raw bytes in
# the header's order. Each piece is a whole copy or a byte range of one, named by its copy's sha256 and
# carrying its own sha256, so the signature covers every byte. The framing is :mod:`.parts`.

PART_FILE_FORMAT = "hsmc-sync-part/1"
MAX_PART_PIECES = 10_000  # pieces in one part
MAX_PAPER_BYTES = 64 * 1024 * 1024  # one copy (the hub's default Tus-Max-Size): a larger one never travels
MAX_PIECE_BYTES = 8 * 1024 * 1024  # one piece: what either side holds in memory at a time
MAX_PARTS = 10_000  # parts of one export
MAX_PAPER_POSITION = 999  # a paper's place in the dossier's checklist (1-based), as the hub's
MAX_DOSSIER_CODE = 30
MAX_ANSWER_PAPERS = 100_000  # papers listed in one answer file
MAX_KEY = 64  # device id, export, batch, epoch: UUIDs (a push batch key is at most 64 characters)
_SHA256 = re.compile("[0-9a-f]{64}")


@dataclass(frozen=True)
class PartPiece:
    """A whole copy (``offset`` 0, ``length`` = ``bytes``) or the range ``[offset, offset + length)`` of one."""

    dossier_code: str
    paper: int  # position in the dossier's checklist, 1-based
    sha256: str  # of the whole copy: its identity
    bytes: int  # the whole copy's length
    offset: int
    length: int
    piece_sha256: str  # of this piece's bytes

    @property
    def whole(self) -> bool:
        return self.offset == 0 and self.length == self.bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "dossier": self.dossier_code,
            "paper": self.paper,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "offset": self.offset,
            "length": self.length,
            "piece_sha256": self.piece_sha256,
        }


@dataclass(frozen=True)
class PartHeader:
    """One part of a USB export: the events it carries (pushed with the push rules under ``batch``, a key
    derived from those items) and its pieces. ``export`` names the export (shared by its parts), ``part``
    is 1-based out of ``parts``. A part repeats the pending events of the dossiers whose papers it carries,
    so each part can be imported alone, in any order."""

    device_id: str
    export: str
    part: int
    parts: int
    batch: str
    created_at: datetime
    cursor: int
    epoch: str
    items: tuple[PushItem, ...]
    pieces: tuple[PartPiece, ...]

    @property
    def payload_bytes(self) -> int:
        return sum(p.length for p in self.pieces)


def part_document(header: PartHeader) -> dict[str, Any]:
    """The header as JSON, without its signature (what the signature covers; also the exporter's sizing)."""
    return {
        "format": PART_FILE_FORMAT,
        "device_id": header.device_id,
        "export": header.export,
        "part": header.part,
        "parts": header.parts,
        "batch": header.batch,
        "created_at": iso(header.created_at),
        "cursor": header.cursor,
        "epoch": header.epoch,
        "items": [i.to_json() for i in header.items],
        "pieces": [p.to_json() for p in header.pieces],
    }


def build_part_header(header: PartHeader, signing_key: bytes) -> bytes:
    """The signed header, gzip JSON (the file around it: :func:`counter_app.sync.parts.write_part`)."""
    document = part_document(header)
    document["signature"] = _sign(document, signing_key)
    return gzip_json(document)


def decode_part_header(data: bytes) -> Mapping[str, Any]:
    """The header's JSON object (inflated with the cap), not yet verified: the hub reads ``device_id`` to
    find the key to check it with (:func:`check_part_signature`)."""
    return _read_file(data, PART_FILE_FORMAT)


def check_part_signature(document: Mapping[str, Any], public_key: bytes) -> None:
    """``ProtocolError("sync.file_signature")`` unless ``public_key`` signed ``document``."""
    _verify(document, public_key)


def _bounded(data: Mapping[str, Any], key: str, what: str, low: int, high: int) -> int:
    value = _int(data, key, what)
    if not low <= value <= high:
        raise ProtocolError("sync.file_unreadable", reason=f"{what}: '{key}' is outside {low}–{high}")
    return value


def _sha(data: Mapping[str, Any], key: str, what: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or _SHA256.fullmatch(value) is None:
        raise ProtocolError("sync.file_unreadable", reason=f"{what}: '{key}' is not a sha256 in hex")
    return value


def _piece(entry: Any, what: str) -> PartPiece:
    data = _object(entry, what)
    code = _str(data, "dossier", what)
    if len(code) > MAX_DOSSIER_CODE:
        raise ProtocolError("sync.file_unreadable", reason=f"{what}: 'dossier' is longer than {MAX_DOSSIER_CODE}")
    size = _bounded(data, "bytes", what, 1, MAX_PAPER_BYTES)
    offset = _bounded(data, "offset", what, 0, size - 1)
    length = _bounded(data, "length", what, 1, min(MAX_PIECE_BYTES, size - offset))
    return PartPiece(
        dossier_code=code,
        paper=_bounded(data, "paper", what, 1, MAX_PAPER_POSITION),
        sha256=_sha(data, "sha256", what),
        bytes=size,
        offset=offset,
        length=length,
        piece_sha256=_sha(data, "piece_sha256", what),
    )


def _key(data: Mapping[str, Any], key: str, what: str) -> str:
    value = _str(data, key, what)
    if len(value) > MAX_KEY:
        raise ProtocolError("sync.protocol", reason=f"{what}: '{key}' is longer than {MAX_KEY}")
    return value


def _part_header(document: Mapping[str, Any]) -> PartHeader:
    what = "part"
    items_data, pieces_data = document.get("items"), document.get("pieces")
    if not isinstance(items_data, list) or not isinstance(pieces_data, list):
        raise ProtocolError("sync.protocol", reason=f"{what}: 'items' and 'pieces' must be lists")
    if len(pieces_data) > MAX_PART_PIECES:
        raise ProtocolError("sync.protocol", reason=f"{what}: more than {MAX_PART_PIECES} pieces")
    items = []
    for entry in items_data:
        item = _object(entry, what)
        items.append(PushItem(_str(item, "uid", what), _str(item, "topic", what), _object(item.get("body"), what)))
    parts = _bounded(document, "parts", what, 1, MAX_PARTS)
    return PartHeader(
        device_id=_key(document, "device_id", what),
        export=_key(document, "export", what),
        part=_bounded(document, "part", what, 1, parts),
        parts=parts,
        batch=_key(document, "batch", what),
        created_at=_time(document, "created_at", what),
        cursor=_int(document, "cursor", what),
        epoch=_key(document, "epoch", what),
        items=tuple(items),
        pieces=tuple(_piece(entry, f"{what}: piece {n + 1}") for n, entry in enumerate(pieces_data)),
    )


def parse_part_header(document: Mapping[str, Any]) -> PartHeader:
    """A part's header within the bounds above; ``ProtocolError("sync.file_unreadable")`` naming the first
    wrong field."""
    try:
        return _part_header(document)
    except ProtocolError as exc:
        if exc.code == "sync.file_unreadable":
            raise
        raise ProtocolError("sync.file_unreadable", reason=str(exc.params.get("reason", exc))) from None
