"""The wire format between a counter and the hub (docs/sync-protocol.md); knows no database.

- :func:`canonical_json`: sorted keys, no spaces, UTF-8 (``ensure_ascii=False``), NFC text. It is what
  the hub compares bodies by and what sneakernet signatures cover.
- Typed answers (:class:`EnrollAnswer`, :class:`PushAnswer`, :class:`ChangesAnswer`, :class:`Health`)
  parsed from the hub's JSON by ``parse_*`` functions that raise :class:`ProtocolError` naming the
  first field that is wrong, never a ``KeyError`` from deep inside.
- Sneakernet files and parts (USB), in the same envelope and bounds: :mod:`.sneakernet` (split off
  along that seam; it builds on this module's encoding and field readers).

Every string that comes in is NFC-normalised here, so the layers above never see decomposed text.

The bounds of the wire format live here too, for both sides (the counter reading the hub's answers, the
hub reading requests): :func:`parse_json` refuses JSON nested deeper than :data:`MAX_DEPTH` *before*
``json`` recurses, and ``NaN``/``Infinity``; :func:`clean_text` is the one rule for text (characters
that are not text, C0/C1 controls other than tab, line feed and carriage return and lone surrogates, are
removed, then NFC); :func:`wire_time` keeps times within years :data:`EARLIEST_YEAR`–:data:`LATEST_YEAR`
so their conversion to UTC can never overflow; :func:`overlong_text` finds a string beyond
:data:`MAX_TEXT` characters.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.domain.text import nfc
from counter_app.sync.inflate import GZIP_MAGIC, InflatedTooLarge, InflateError, inflate_bytes

MAX_BATCH = 500  # items per push batch (the hub refuses more)
GZIP_THRESHOLD = 1024  # bodies larger than this are sent gzip-compressed
ITEM_STATUSES = frozenset({"ok", "conflict", "rejected"})

# Bounds of every message (both directions). The deepest legitimate document is a push envelope: envelope
# → items → item → body → dossier → applicant (6 levels), a published catalogue a few more; 32 leaves
# room and stays far below the depth at which ``json`` and the tree walks recurse out of stack (~1,000).
MAX_DEPTH = 32
# The longest legitimate string is a notice text (2,000 characters) or a catalogue description; a
# string beyond this is an error or an attack (a 60,000-character address made a 32-page receipt).
MAX_TEXT = 10_000
# Times on the wire: a dossier code carries a two-digit year (``…-yymmdd-…``), so a dossier's moments are
# in 2000–2099. Within these years every conversion between offsets (±14:00) stays inside ``datetime``.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099
MAX_TIME_TEXT = 40  # "2025-11-18T09:00:00.123456+07:00" is 32
MAX_WHOLE = 2**63 - 1  # a whole number on the wire fits a BIGINT


class ProtocolError(DomainError):
    """A message from the hub (or a file) does not have the documented shape.

    Raised as ``ProtocolError("sync.protocol", reason=...)`` or ``("sync.file_signature")`` /
    ``("sync.file_unreadable", ...)`` for sneakernet files.
    """


# ----------------------------------------------------------------------------- text and JSON bounds

# Not text: C0 controls but tab, LF and CR; DEL and the C1 controls; lone surrogates (a JSON ``\ud800``
# escape decodes to one; it cannot be encoded as UTF-8, and PostgreSQL refuses NUL).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_EMPTY_PAIR = re.compile(r"\[\]|\{\}")
_CHUNK = 65_536


def clean_text(text: str) -> str:
    """The one rule for text on the wire: characters that are not text removed, then NFC."""
    if _NOT_TEXT.search(text) is not None:
        text = _NOT_TEXT.sub("", text)
    return nfc(text)


def nfc_tree(value: Any) -> Any:
    """``value`` with every string (keys included) through :func:`clean_text` (NFC, no control characters)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {clean_text(str(k)): nfc_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [nfc_tree(v) for v in value]
    return value


def json_depth(text: str, stop: int | None = None) -> int:
    """How deep arrays and objects nest in JSON ``text``, counted without parsing (no recursion); with
    ``stop``, counting ends as soon as the depth is beyond it (a flood of brackets costs little)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if not brackets:
        return 0
    # Empty pairs removed first (one C-speed pass): the deepest pair is among them, so depth is one more
    # than what remains; a flat flood of "[]" leaves nothing to count one by one.
    inner = _EMPTY_PAIR.sub("", brackets)
    base = 1 if len(inner) < len(brackets) else 0
    level = peak = 0
    for start in range(0, len(inner), _CHUNK):
        levels = list(accumulate(map(_BRACKET_STEP.__getitem__, inner[start : start + _CHUNK]), initial=level))
        peak, level = max(peak, *levels), levels[-1]
        if stop is not None and base + peak > stop:
            break
    return base + peak


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} is out of range")
    return number


def parse_json(data: bytes | str, what: str = "body") -> Any:
    """JSON within the wire's bounds: UTF-8, at most :data:`MAX_DEPTH` deep (checked before parsing),
    no ``NaN``/``Infinity``, every string through :func:`clean_text`. ProtocolError otherwise."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise ProtocolError("sync.protocol", reason=f"{what}: not UTF-8") from exc
    if json_depth(text, stop=MAX_DEPTH) > MAX_DEPTH:
        raise ProtocolError("sync.protocol", reason=f"{what}: JSON nested deeper than {MAX_DEPTH} levels")
    try:
        return nfc_tree(json.loads(text, parse_constant=_no_constant, parse_float=_finite))
    except ValueError as exc:  # JSONDecodeError, NaN, an integer of more than 4,300 digits
        raise ProtocolError("sync.protocol", reason=f"{what}: not JSON ({exc})") from exc
    except RecursionError as exc:  # unreachable after the depth check; never a 500 should it change
        raise ProtocolError("sync.protocol", reason=f"{what}: JSON nested too deep") from exc


def overlong_text(value: Any, limit: int = MAX_TEXT, path: str = "") -> str | None:
    """The path (``dossier.applicant.address``, cut to 80 characters) of the first string in ``value``
    longer than ``limit`` characters, keys included; None when there is none."""
    if isinstance(value, str):
        return (path[:80] or "(text)") if len(value) > limit else None
    if isinstance(value, Mapping):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if len(str(key)) > limit:
                return where[:80]
            found = overlong_text(item, limit, where)
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = overlong_text(item, limit, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def wire_time(value: Any, field: str, what: str = "body") -> datetime:
    """An ISO 8601 time with its UTC offset, in years 2000–2099 (the offset kept); ProtocolError naming
    ``field`` otherwise. Such a time always converts to UTC or office time without overflow."""
    if not isinstance(value, str) or not value or len(value) > MAX_TIME_TEXT:
        raise ProtocolError("sync.protocol", reason=f"{what}: '{field}' missing or not an ISO time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ProtocolError("sync.protocol", reason=f"{what}: '{field}' is not an ISO time") from exc
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ProtocolError("sync.protocol", reason=f"{what}: '{field}' has no UTC offset")
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ProtocolError(
            "sync.protocol", reason=f"{what}: '{field}' is outside the years {EARLIEST_YEAR}–{LATEST_YEAR}"
        )
    return moment


def wire_time_utc(value: Any, field: str, what: str = "body") -> datetime:
    """:func:`wire_time` converted to UTC."""
    return wire_time(value, field, what).astimezone(UTC)


# ----------------------------------------------------------------------------- encoding


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
    return parse_json(data, what)


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
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_WHOLE:
        raise ProtocolError("sync.protocol", reason=f"{what}: '{key}' missing or not a whole number")
    return value


def _bool(data: Mapping[str, Any], key: str, what: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise ProtocolError("sync.protocol", reason=f"{what}: '{key}' missing or not true/false")
    return value


def _time(data: Mapping[str, Any], key: str, what: str) -> datetime:
    return wire_time(data.get(key), key, what)


def parse_time(text: str, what: str = "time") -> datetime:
    """An ISO 8601 time with an offset within the wire's years (ProtocolError naming ``what`` otherwise)."""
    return wire_time(text, what, "time")


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


# ----------------------------------------------------------------------------- JSON Schema of the requests
# What the hub's OpenAPI (``/openapi.json``) says the request bodies are, from the bounds above: the same
# numbers the parsers enforce. The hub checks every field itself (a bad item is refused on its own, with
# its reason), so these describe the wire and drive schemathesis; they are not a second parser.


def _text_schema(max_length: int, *, min_length: int = 1, nullable: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": min_length, "maxLength": max_length}
    return {"anyOf": [schema, {"type": "null"}]} if nullable else schema


_TIME_SCHEMA: dict[str, Any] = {
    "type": "string",
    "format": "date-time",
    "maxLength": MAX_TIME_TEXT,
    "description": f"ISO 8601 with its UTC offset, years {EARLIEST_YEAR}–{LATEST_YEAR}",
}
_UUID_SCHEMA: dict[str, Any] = {"type": "string", "format": "uuid", "maxLength": 36}

ENROLL_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["code", "device_uid", "workstation", "agency_code", "public_key"],
    "properties": {
        "code": _text_schema(64),
        "device_uid": _UUID_SCHEMA,
        "workstation": {"type": "integer", "minimum": 1, "maximum": 9},
        "agency_code": {"type": "string", "maxLength": 20, "example": "000.12.34.H26"},
        "office_name": _text_schema(200, min_length=0),
        "office_phone": _text_schema(30, nullable=True),
        "lookup_url_base": {"anyOf": [{"type": "string", "format": "uri", "maxLength": 300}, {"type": "null"}]},
        "public_key": {"type": "string", "description": "Ed25519 raw public key, base64 (32 bytes)"},
        "device_time": {"anyOf": [_TIME_SCHEMA, {"type": "null"}]},
    },
}

_APPLICANT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["full_name"],
    "properties": {
        "full_name": _text_schema(200),
        "id_number": _text_schema(12, nullable=True),
        "phone": _text_schema(20, nullable=True),
    },
}

_DOSSIER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["code", "procedure_code", "procedure_name", "channel", "received_at", "lookup_secret", "applicant"],
    "properties": {
        "code": _text_schema(30),
        "procedure_code": _text_schema(20),
        "procedure_name": _text_schema(400),
        "field": _text_schema(200, min_length=0),
        "channel": _text_schema(10),
        "return_by_post": {"type": "boolean"},
        "received_at": _TIME_SCHEMA,
        "due_at": {"anyOf": [_TIME_SCHEMA, {"type": "null"}]},
        "lookup_secret": _text_schema(16),
        "applicant": _APPLICANT_SCHEMA,
        "assisted": {
            "type": "boolean",
            "description": "filed on the national portal with the clerk's help (Directive 24/CT-TTg); channel online",
        },
        "portal_code": _text_schema(40, nullable=True),
        "paper_exception": _text_schema(1000, nullable=True),
    },
}

_PAYLOAD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": f"the event's details; times among them are ISO 8601 with an offset, strings ≤ {MAX_TEXT}",
    "properties": {
        "received_at": _TIME_SCHEMA,
        "due_at": _TIME_SCHEMA,
        "old_appointment": _TIME_SCHEMA,
        "new_appointment": _TIME_SCHEMA,
    },
}

EVENT_BODY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["v", "event_uid", "dossier_uid", "dossier_code", "seq", "kind", "status_after", "at"],
    "properties": {
        "v": {"const": 1},
        "event_uid": _UUID_SCHEMA,
        "dossier_uid": _UUID_SCHEMA,
        "dossier_code": _text_schema(30),
        "seq": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
        "kind": _text_schema(30),
        "status_after": _text_schema(24),
        "at": _TIME_SCHEMA,
        "recorded_at": {"anyOf": [_TIME_SCHEMA, {"type": "null"}]},
        "actor": _text_schema(100, min_length=0, nullable=True),
        "payload": {"anyOf": [_PAYLOAD_SCHEMA, {"type": "null"}]},
        "dossier": _DOSSIER_SCHEMA,
    },
}

RATING_BODY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["v", "rating_uid", "dossier_uid", "dossier_code", "rating", "rated_at"],
    "properties": {
        "v": {"const": 1},
        "rating_uid": _UUID_SCHEMA,
        "dossier_uid": _UUID_SCHEMA,
        "dossier_code": _text_schema(30),
        "rating": _text_schema(16),
        "criteria": {"anyOf": [{"type": "object"}, {"type": "null"}]},
        "comment": _text_schema(1000, min_length=0, nullable=True),
        "rated_at": _TIME_SCHEMA,
    },
}

PUSH_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["items"],
    "properties": {
        "batch": {"type": "string", "minLength": 1, "maxLength": 64, "description": "or the Idempotency-Key"},
        "device_time": {"anyOf": [_TIME_SCHEMA, {"type": "null"}]},
        "items": {
            "type": "array",
            "maxItems": MAX_BATCH,
            "items": {
                "type": "object",
                "required": ["uid", "topic", "body"],
                "properties": {
                    "uid": {"type": "string", "minLength": 1, "maxLength": 36},
                    "topic": {"enum": ["dossier.event", "rating"]},
                    "body": {"anyOf": [EVENT_BODY_SCHEMA, RATING_BODY_SCHEMA]},
                },
            },
        },
    },
}
