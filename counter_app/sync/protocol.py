"""The wire format between a counter and the hub (docs/sync-protocol.md); knows no database.

- :func:`canonical_json`: sorted keys, no spaces, UTF-8 (``ensure_ascii=False``), NFC text. It is what
  the hub compares bodies by and what sneakernet signatures cover.
- Typed answers (:class:`EnrollAnswer`, :class:`PushAnswer`, :class:`ChangesAnswer`, :class:`Health`)
  parsed from the hub's JSON by ``parse_*`` functions that raise :class:`ProtocolError` naming the
  first field that is wrong, never a ``KeyError`` from deep inside.
- Sneakernet files: :func:`build_sync_file` (the counter's outbox, signed with the office's Ed25519
  receipt key) and :func:`read_sync_answer` (the hub's signed answer), plus the mirror functions the hub
  may use (:func:`read_sync_file`, :func:`build_sync_answer`).

Every string that comes in is NFC-normalised here, so the layers above never see decomposed text.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from counter_app.domain.errors import DomainError
from counter_app.domain.text import nfc
from counter_app.sync.inflate import GZIP_MAGIC, InflatedTooLarge, InflateError, inflate_bytes

SYNC_FILE_FORMAT = "hsmc-sync/1"
ANSWER_FILE_FORMAT = "hsmc-sync-answer/1"
MAX_BATCH = 500  # items per push batch (the hub refuses more)
GZIP_THRESHOLD = 1024  # bodies larger than this are sent gzip-compressed
ITEM_STATUSES = frozenset({"ok", "conflict", "rejected"})


class ProtocolError(DomainError):
    """A message from the hub (or a file) does not have the documented shape.

    Raised as ``ProtocolError("sync.protocol", reason=...)`` or ``("sync.file_signature")`` /
    ``("sync.file_unreadable", ...)`` for sneakernet files.
    """


# ----------------------------------------------------------------------------- encoding


def nfc_tree(value: Any) -> Any:
    """``value`` with every string (keys included) in NFC."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, Mapping):
        return {nfc(str(k)): nfc_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [nfc_tree(v) for v in value]
    return value


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8 without ``\\u`` escapes, NFC: the bytes bodies are compared by."""
    return json.dumps(nfc_tree(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def encode_body(value: Any) -> tuple[bytes, dict[str, str]]:
    """A request body and its headers: JSON, gzip-compressed above 1 KiB."""
    raw = canonical_json(value)
    headers = {"Content-Type": "application/json"}
    if len(raw) > GZIP_THRESHOLD:
        headers["Content-Encoding"] = "gzip"
        return gzip.compress(raw, mtime=0), headers
    return raw, headers


def gzip_json(value: Any) -> bytes:
    # Level 6: a 500-item push batch in a third of level 9's time, ~3 % larger.
    return gzip.compress(canonical_json(value), compresslevel=6, mtime=0)


def decode_json(data: bytes, what: str = "answer") -> Any:
    """JSON from bytes that may be gzip-compressed (inflated with the cap of :mod:`.inflate`);
    ProtocolError when it is neither, ``sync.data_too_large`` past the cap."""
    if data[:2] == GZIP_MAGIC:
        try:
            data = inflate_bytes(data, gzip=True)
        except InflatedTooLarge as exc:
            raise ProtocolError(exc.code, **exc.params) from None
        except InflateError as exc:
            raise ProtocolError("sync.protocol", reason=f"{what}: {exc.params.get('reason')}") from exc
    try:
        return nfc_tree(json.loads(data.decode("utf-8")))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError("sync.protocol", reason=f"{what}: not JSON ({exc})") from exc


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str, what: str) -> bytes:
    """Standard or URL-safe base64, padding optional."""
    cleaned = text.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProtocolError("sync.protocol", reason=f"{what}: not base64") from exc


def iso(moment: datetime) -> str:
    """An aware datetime as ISO 8601 with its offset."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime on the wire")
    return moment.isoformat()


# ----------------------------------------------------------------------------- field readers


def _object(data: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ProtocolError("sync.protocol", reason=f"{what}: not a JSON object")
    return data


def _str(data: Mapping[str, Any], key: str, what: str, *, optional: bool = False) -> str:
    value = data.get(key)
    if value is None and optional:
        return ""
    if not isinstance(value, str) or not value:
        raise ProtocolError("sync.protocol", reason=f"{what}: '{key}' missing or not text")
    return value


def _int(data: Mapping[str, Any], key: str, what: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ProtocolError("sync.protocol", reason=f"{what}: '{key}' missing or not a whole number")
    return value


def _bool(data: Mapping[str, Any], key: str, what: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise ProtocolError("sync.protocol", reason=f"{what}: '{key}' missing or not true/false")
    return value


def _time(data: Mapping[str, Any], key: str, what: str) -> datetime:
    text = _str(data, key, what)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ProtocolError("sync.protocol", reason=f"{what}: '{key}' is not an ISO time") from exc
    if moment.tzinfo is None:
        raise ProtocolError("sync.protocol", reason=f"{what}: '{key}' has no UTC offset")
    return moment


def parse_time(text: str, what: str = "time") -> datetime:
    """An ISO 8601 time with an offset (ProtocolError otherwise)."""
    return _time({"t": text}, "t", what)


# ----------------------------------------------------------------------------- enrolment


@dataclass(frozen=True)
class EnrollRequest:
    code: str
    device_uid: str
    workstation: int
    agency_code: str
    office_name: str
    office_phone: str | None
    lookup_url_base: str | None
    public_key: bytes  # Ed25519 raw, 32 bytes
    device_time: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "code": nfc(self.code.strip()),
            "device_uid": self.device_uid,
            "workstation": self.workstation,
            "agency_code": self.agency_code,
            "office_name": nfc(self.office_name),
            "office_phone": self.office_phone,
            "lookup_url_base": self.lookup_url_base,
            "public_key": b64encode(self.public_key),
            "device_time": iso(self.device_time),
        }


@dataclass(frozen=True)
class EnrollAnswer:
    device_id: str
    token: str
    commune_code: str
    commune_name: str
    lookup_url_base: str
    hub_public_key: bytes
    epoch: str
    server_time: datetime


def parse_enroll_answer(data: Any) -> EnrollAnswer:
    what = "enrol answer"
    body = _object(data, what)
    commune = _object(body.get("commune"), f"{what}: commune")
    key = b64decode(_str(body, "hub_public_key", what), f"{what}: hub_public_key")
    if len(key) != 32:
        raise ProtocolError("sync.protocol", reason=f"{what}: hub_public_key is not 32 bytes")
    return EnrollAnswer(
        device_id=_str(body, "device_id", what),
        token=_str(body, "token", what),
        commune_code=_str(commune, "code", what),
        commune_name=_str(commune, "name", what),
        lookup_url_base=_str(body, "lookup_url_base", what),
        hub_public_key=key,
        epoch=_str(body, "epoch", what),
        server_time=_time(body, "server_time", what),
    )


# ----------------------------------------------------------------------------- push


@dataclass(frozen=True)
class PushItem:
    uid: str
    topic: str
    body: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "topic": self.topic, "body": dict(self.body)}


@dataclass(frozen=True)
class ItemResult:
    uid: str
    status: str  # ok | conflict | rejected
    reason: str | None


@dataclass(frozen=True)
class PushAnswer:
    results: tuple[ItemResult, ...]
    server_time: datetime
    epoch: str


def push_envelope(items: Sequence[PushItem], batch_id: str, device_time: datetime) -> dict[str, Any]:
    if len(items) > MAX_BATCH:
        raise ValueError(f"a push batch holds at most {MAX_BATCH} items")
    return {"batch": batch_id, "device_time": iso(device_time), "items": [i.to_json() for i in items]}


def _results(data: Any, what: str) -> tuple[ItemResult, ...]:
    if not isinstance(data, list):
        raise ProtocolError("sync.protocol", reason=f"{what}: 'results' is not a list")
    results = []
    for entry in data:
        item = _object(entry, f"{what}: result")
        status = _str(item, "status", what)
        if status not in ITEM_STATUSES:
            raise ProtocolError("sync.protocol", reason=f"{what}: unknown item status {status!r}")
        reason = item.get("reason")
        results.append(ItemResult(_str(item, "uid", what), status, reason if isinstance(reason, str) else None))
    return tuple(results)


def check_results(results: Sequence[ItemResult], uids: Sequence[str], what: str = "push answer") -> None:
    """The hub answers one result per item, in order; anything else is a broken answer."""
    if [r.uid for r in results] != list(uids):
        raise ProtocolError("sync.protocol", reason=f"{what}: results do not match the items sent")


def parse_push_answer(data: Any, uids: Sequence[str] | None = None) -> PushAnswer:
    what = "push answer"
    body = _object(data, what)
    results = _results(body.get("results"), what)
    if uids is not None:
        check_results(results, uids, what)
    return PushAnswer(results, _time(body, "server_time", what), _str(body, "epoch", what))


# ----------------------------------------------------------------------------- pull


@dataclass(frozen=True)
class Change:
    seq: int
    topic: str
    body: Mapping[str, Any]


@dataclass(frozen=True)
class ChangesAnswer:
    epoch: str
    reset: bool
    changes: tuple[Change, ...]
    next: int
    more: bool
    server_time: datetime


def _changes(data: Any, what: str) -> tuple[Change, ...]:
    if not isinstance(data, list):
        raise ProtocolError("sync.protocol", reason=f"{what}: 'changes' is not a list")
    changes = []
    for entry in data:
        item = _object(entry, f"{what}: change")
        changes.append(Change(_int(item, "seq", what), _str(item, "topic", what), _object(item.get("body"), what)))
    return tuple(changes)


def parse_changes(data: Any, what: str = "changes") -> ChangesAnswer:
    body = _object(data, what)
    reset = body.get("reset", False)
    if not isinstance(reset, bool):
        raise ProtocolError("sync.protocol", reason=f"{what}: 'reset' is not true/false")
    more = body.get("more", False)
    if not isinstance(more, bool):
        raise ProtocolError("sync.protocol", reason=f"{what}: 'more' is not true/false")
    return ChangesAnswer(
        epoch=_str(body, "epoch", what),
        reset=reset,
        changes=_changes(body.get("changes", []), what),
        next=_int(body, "next", what),
        more=more,
        server_time=_time(body, "server_time", what),
    )


@dataclass(frozen=True)
class Health:
    ok: bool
    epoch: str | None


def parse_health(data: Any) -> Health:
    body = _object(data, "health")
    epoch = body.get("epoch")
    return Health(_bool(body, "ok", "health"), epoch if isinstance(epoch, str) else None)


def parse_error(data: Any) -> tuple[str, str | None]:
    """The hub's error id and message from an error body (``{"error": id, "message"?: text}``)."""
    if isinstance(data, Mapping):
        error = data.get("error")
        if isinstance(error, str) and error:
            message = data.get("message") or data.get("detail")
            return error, message if isinstance(message, str) else None
        detail = data.get("detail")
        if isinstance(detail, Mapping):
            return parse_error(detail)
        if isinstance(detail, str):
            return "error", detail
    return "error", None


# ----------------------------------------------------------------------------- sneakernet


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
    )
