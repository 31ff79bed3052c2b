"""The receipt QR code: a lookup URL carrying the dossier code, its lookup secret, the reception time
and due date, and an Ed25519 signature over them (made in services; this module is pure text).

``https://tracuu.example.vn/ho-so?ma=000.12.34.H26-251118-2001&k=MYCHZY&n=202511180915&h=20251118&s=…``

The signed message is ``HSMC1|code|secret|received|due`` (received ``YYYYMMDDHHMM`` and due
``YYYYMMDD`` in office time), so a receipt whose code, secret or dates were altered, or one made up
from scratch, fails verification offline. Without a configured lookup address the same query is
carried by the ``hsmc://tra-cuu`` scheme, which only the counter reads.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

from counter_app.domain.calendar import office_time
from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.errors import InvalidInput

VERSION = "HSMC1"
LOCAL_BASE = "hsmc://tra-cuu"
SIGNATURE_BYTES = 64
_RECEIVED = re.compile(r"[0-9]{12}")
_DUE = re.compile(r"[0-9]{8}")
_SECRET = re.compile(r"[A-Z0-9]{4,16}")


@dataclass(frozen=True)
class ReceiptClaim:
    """What a receipt asserts: the dossier code, its lookup secret, when received, when due."""

    code: str
    secret: str
    received: str  # YYYYMMDDHHMM, office time
    due: str  # YYYYMMDD, office date

    @property
    def message(self) -> bytes:
        return f"{VERSION}|{self.code}|{self.secret}|{self.received}|{self.due}".encode()


def claim_for(code: str, secret: str, received_at: datetime, due_at: datetime) -> ReceiptClaim:
    return ReceiptClaim(
        code, secret, office_time(received_at).strftime("%Y%m%d%H%M"), office_time(due_at).strftime("%Y%m%d")
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def build_payload(base: str | None, claim: ReceiptClaim, signature: bytes) -> str:
    """The text the QR code encodes."""
    query = urlencode(
        {"ma": claim.code, "k": claim.secret, "n": claim.received, "h": claim.due, "s": _b64(signature)}, safe="."
    )
    return f"{(base or LOCAL_BASE).rstrip('?')}?{query}"


def looks_like_receipt_qr(text: str) -> bool:
    """Cheap test used by the scan handler: a URL with our query keys."""
    stripped = text.strip()
    return "?" in stripped and "ma=" in stripped and "&s=" in stripped


def parse_payload(text: str) -> tuple[ReceiptClaim, bytes]:
    """The claim and signature a scanned receipt QR carries; InvalidInput("receipt_qr.invalid")."""
    try:
        query = parse_qs(urlsplit(text.strip()).query, strict_parsing=True)
    except ValueError:
        raise InvalidInput("receipt_qr.invalid") from None
    fields = {key: values[0] for key, values in query.items() if len(values) == 1}
    if set(fields) != {"ma", "k", "n", "h", "s"}:
        raise InvalidInput("receipt_qr.invalid")
    try:
        signature = _unb64(fields["s"])
    except (binascii.Error, ValueError):
        raise InvalidInput("receipt_qr.invalid") from None
    valid = (
        len(signature) == SIGNATURE_BYTES
        and _SECRET.fullmatch(fields["k"]) is not None
        and _RECEIVED.fullmatch(fields["n"]) is not None
        and _DUE.fullmatch(fields["h"]) is not None
    )
    if not valid:
        raise InvalidInput("receipt_qr.invalid")
    try:
        code = str(parse_dossier_code(fields["ma"]))
    except InvalidInput:
        raise InvalidInput("receipt_qr.invalid") from None
    return ReceiptClaim(code, fields["k"], fields["n"], fields["h"]), signature
