"""Wire helpers shared by the API, the services and the sneakernet files: canonical JSON, times, keys.

Text and times follow the one wire schema, :mod:`counter_app.sync.protocol` (its text rule, its time
window): the hub does not parse them a second way.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from counter_app.domain.calendar import office_time
from counter_app.sync.protocol import ProtocolError, nfc_tree, wire_time_utc

PROTOCOL_VERSION = 1


def canonical_json(value: Any) -> bytes:
    """NFC, sorted keys, no spaces, UTF-8 (docs/sync-protocol.md): what hashes and signatures cover."""
    return json.dumps(nfc_deep(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def body_hash(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def nfc_deep(value: Any) -> Any:
    """Every string in a JSON value (keys included) in NFC, without control characters (the wire's rule)."""
    return nfc_tree(value)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def shown_time(moment: datetime) -> datetime:
    """The moment in office time to show it; in UTC when the office's zone would overflow (a year-9999
    date stored before the wire had its window): a stored value never breaks a page or a listing."""
    try:
        return office_time(moment)
    except OverflowError:
        return moment


def parse_time(value: Any, field: str = "time") -> datetime:
    """An ISO 8601 time with an offset in the wire's window (protocol.wire_time), in UTC; ValueError
    naming ``field`` otherwise (a naive time, year 9999, anything not a time)."""
    try:
        return wire_time_utc(value, field)
    except ProtocolError as exc:
        raise ValueError(str(exc.params.get("reason", exc)).removeprefix("body: ")) from None


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, length: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise ValueError("base64 text expected")  # noqa: TRY004 (one error type for every bad input)
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64") from None
    if length is not None and len(data) != length:
        raise ValueError(f"{length} bytes expected")
    return data


def sign(private_key: bytes, document: dict[str, Any]) -> str:
    """Ed25519 over the canonical JSON of ``document`` (base64)."""
    return b64(Ed25519PrivateKey.from_private_bytes(private_key).sign(canonical_json(document)))


def verify(public_key: bytes, document: dict[str, Any], signature: Any) -> bool:
    try:
        raw = unb64(signature, 64)
        Ed25519PublicKey.from_public_bytes(public_key).verify(raw, canonical_json(document))
    except (ValueError, InvalidSignature):
        return False
    return True
