"""The QR codes of the papers the counter issues (Circular 01/2023/TT-VPCP, Art. 26): pure text.

Every paper carries, top left, a QR holding the circular's minimum data: the dossier code, the
procedure code, the applicant's identifier (masked, see :func:`mask_id`), the paper, the issuing
system and the time of printing, and on the receipt the appointment date. Its form depends on the
office:

* **enrolled with a hub** (a lookup address is known): one https URL of the hub's lookup page, which
  a phone camera opens. The proof comes first, then the circular's fields (``INFO_KEYS``)::

      https://hub.example.vn/ho-so?ma=000.12.34.H26-251118-2001&k=MYCHZY&n=202511180915&h=20251118&s=…
          &tt=1.001193&g=01&x=202511180916&d=********9012

* **not enrolled**: one line of plain text that a phone shows as text (the fields in words, the
  office's phone), ending with the same proof after the token ``HSMC1?`` for the counter's scanner.
  No ``hsmc://`` URL is printed any more; receipts printed with one still scan at the counter.

The receipt's proof is signed: the message ``HSMC1|code|secret|received|due`` (received
``YYYYMMDDHHMM`` and due ``YYYYMMDD`` in office time) with Ed25519 (made in services), so a receipt
whose code, secret or dates were altered, or one made up from scratch, fails verification offline.
The other papers carry ``ma`` and ``k`` only (the secret is the proof, as in the notice SMS). The
circular's fields are information, not proof: they are not signed and the hub does not show them.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

from counter_app.domain.calendar import office_time
from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.errors import InvalidInput

VERSION = "HSMC1"
LEGACY_LOCAL_BASE = "hsmc://tra-cuu"  # printed on receipts before the plain-text QR; still read
TEXT_TOKEN = f"{VERSION}?"  # starts the proof at the end of a plain-text QR
TEXT_SEPARATOR = "; "  # one line: a USB scanner types a line break as Enter, mid-scan
# The circular's fields in the URL: procedure code, paper (form number), time of printing, applicant.
INFO_KEYS = frozenset({"tt", "g", "x", "d"})
# The papers, by their number in Circular 03/2025's Annex I; "GN" the hand-over note (no number).
PAPERS = ("01", "02", "03", "04", "05", "06", "GN")
SIGNATURE_BYTES = 64
_RECEIVED = re.compile(r"[0-9]{12}")
_DUE = re.compile(r"[0-9]{8}")
_SECRET = re.compile(r"[A-Z0-9]{4,16}")
_PROCEDURE = re.compile(r"[0-9A-Za-z.\-_]{1,40}")
_MASKED = re.compile(r"[*0-9A-Za-z]{1,20}")
_TEXT_PROOF = re.compile(re.escape(TEXT_TOKEN) + r"(\S+)\s*$")


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


@dataclass(frozen=True)
class PaperInfo:
    """The circular's fields of one printed paper beyond the dossier code (which the proof carries)."""

    paper: str  # one of PAPERS
    procedure_code: str | None
    issued: str  # YYYYMMDDHHMM, office time: the time of printing (thời điểm xuất bản)
    applicant: str | None  # masked identifier (mask_id)

    def query(self) -> dict[str, str]:
        fields = {"tt": self.procedure_code, "g": self.paper, "x": self.issued, "d": self.applicant}
        return {key: value for key, value in fields.items() if value}


def paper_info(paper: str, procedure_code: str | None, issued_at: datetime, id_number: str | None) -> PaperInfo:
    assert paper in PAPERS, paper
    return PaperInfo(paper, procedure_code or None, office_time(issued_at).strftime("%Y%m%d%H%M"), mask_id(id_number))


def mask_id(id_number: str | None) -> str | None:
    """The applicant's identifier with all but its last four characters starred ("********9012").

    The circular lists the identifier among the QR's data; the Law on Personal Data Protection
    (91/2025/QH15) asks for no more personal data than the purpose needs, and the URL travels to the
    hub (and its logs). Four characters let the clerk and the citizen tell whose paper it is.
    """
    cleaned = "".join((id_number or "").split())
    if not cleaned:
        return None
    return "*" * max(len(cleaned) - 4, 0) + cleaned[-4:]


def signed_query(claim: ReceiptClaim, signature: bytes) -> str:
    """The receipt's proof: code, secret, received minute, due date and the signature over them."""
    return urlencode(
        {"ma": claim.code, "k": claim.secret, "n": claim.received, "h": claim.due, "s": _b64(signature)}, safe="."
    )


def secret_query(code: str, secret: str) -> str:
    """The other papers' proof: the code and its lookup secret (as in the notice SMS's link)."""
    return urlencode({"ma": code, "k": secret}, safe=".")


def lookup_url(base: str, proof: str, info: PaperInfo | None = None) -> str:
    """The hub's lookup URL for a paper: the proof, then the circular's fields."""
    tail = "" if info is None else "&" + urlencode(info.query(), safe=".*")
    return f"{base.rstrip('?')}?{proof}{tail}"


def plain_text(lines: list[str], proof: str) -> str:
    """The not-enrolled QR: the fields in words on one line, then ``HSMC1?<proof>`` for the counter."""
    words = TEXT_SEPARATOR.join(" ".join(text.split()) for text in lines if text.strip())
    return f"{words}{TEXT_SEPARATOR}{TEXT_TOKEN}{proof}"


def build_payload(base: str | None, claim: ReceiptClaim, signature: bytes, info: PaperInfo | None = None) -> str:
    """A receipt's signed URL (``base`` known) or bare proof ``HSMC1?…`` (no base: tests, tools)."""
    proof = signed_query(claim, signature)
    return lookup_url(base, proof, info) if base else f"{TEXT_TOKEN}{proof}"


def looks_like_receipt_qr(text: str) -> bool:
    """Cheap test used by the scan handler: our signed query keys, in a URL or after ``HSMC1?``."""
    stripped = text.strip()
    return "?" in stripped and "ma=" in stripped and "&s=" in stripped


def proof_query(text: str) -> str:
    """The query of a scanned paper QR: a URL's (https, or the legacy ``hsmc://``) or the part after
    ``HSMC1?`` at the end of a plain-text QR. InvalidInput("receipt_qr.invalid") otherwise."""
    stripped = text.strip()
    if stripped.startswith(("https://", "http://", LEGACY_LOCAL_BASE, "?")):  # "?": a bare query (the hub)
        return urlsplit(stripped).query
    match = _TEXT_PROOF.search(stripped)
    if match is None:
        raise InvalidInput("receipt_qr.invalid")
    return match.group(1)


def text_start(text: str, token_at: int, titles: Sequence[str] = ()) -> int:
    """Where the plain-text QR whose ``HSMC1?`` token is at ``token_at`` begins in ``text`` (what a USB
    scanner typed, maybe after other typing): at the paper's title (one of ``titles`` when given), the
    field before the first mention of the dossier code. ``token_at`` for a bare proof."""
    match = re.match(r"ma=([^&\s]+)", text[token_at + len(TEXT_TOKEN) :])
    if match is None:
        return token_at
    code_at = text.find(match.group(1), 0, token_at)
    if code_at < 0:
        return token_at
    field_at = text.rfind(TEXT_SEPARATOR, 0, code_at)
    if field_at < 0:
        return token_at
    known = [at for at in (text.rfind(title, 0, field_at) for title in titles) if at >= 0]
    if known:
        return max(known)
    title_at = text.rfind(TEXT_SEPARATOR, 0, field_at)
    return 0 if title_at < 0 else title_at + len(TEXT_SEPARATOR)


def valid_info(fields: dict[str, str]) -> bool:
    """Whether the circular's fields of a query (those present) have their shapes."""
    checks = {
        "tt": lambda v: _PROCEDURE.fullmatch(v) is not None,
        "g": lambda v: v in PAPERS,
        "x": lambda v: _RECEIVED.fullmatch(v) is not None,
        "d": lambda v: _MASKED.fullmatch(v) is not None,
    }
    return all(checks[key](value) for key, value in fields.items() if key in INFO_KEYS)


def parse_payload(text: str) -> tuple[ReceiptClaim, bytes]:
    """The claim and signature a scanned receipt QR carries (either form, or a legacy ``hsmc://``
    receipt); InvalidInput("receipt_qr.invalid")."""
    try:
        query = parse_qs(proof_query(text), strict_parsing=True)
    except ValueError:
        raise InvalidInput("receipt_qr.invalid") from None
    fields = {key: values[0] for key, values in query.items() if len(values) == 1}
    if len(fields) != len(query) or set(fields) - INFO_KEYS != {"ma", "k", "n", "h", "s"} or not valid_info(fields):
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
