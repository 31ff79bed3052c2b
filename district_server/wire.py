"""Wire helpers shared by the API, the services and the sneakernet files: canonical JSON, times, keys."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import unicodedata
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PROTOCOL_VERSION = 1


def canonical_json(value: Any) -> bytes:
    """NFC, sorted keys, no spaces, UTF-8 (docs/sync-protocol.md): what hashes and signatures cover."""
    return json.dumps(nfc_deep(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def body_hash(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def nfc_deep(value: Any) -> Any:
    """Every string in a JSON value (keys included) in NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    return value


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def parse_time(value: Any) -> datetime:
    """An ISO 8601 time with an offset; a naive time or anything else raises ValueError."""
    if not isinstance(value, str):
        raise ValueError("time must be a string")  # noqa: TRY004 (one error type for every bad input)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("time without an offset")
    return moment.astimezone(UTC)


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
