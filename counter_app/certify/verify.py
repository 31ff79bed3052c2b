"""What an inspector checks on a copy: each signature, who made it, with which kind of key, whether the
signed bytes are intact, whether it covers the whole document, and (given trust roots) whether the
signer's certificate chains to one of them. pyHanko's validator does the work, offline (no fetching
of revocation data: a copy signed at the counter carries none, PAdES B-B).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from counter_app.certify.texts import OFFICE_CLAUSE, OFFICE_UNIT
from counter_app.domain.errors import InvalidInput

# pyHanko logs every untrusted chain as a warning; an office-key signature is untrusted by design.
logging.getLogger("pyhanko.sign.validation").setLevel(logging.ERROR)


@dataclass(frozen=True)
class SignatureInfo:
    field: str  # the signature field's name (ChungThuc1, ChungThuc2, ...)
    signer: str  # the signer certificate's common name (the clerk, or the office for its key)
    kind: str  # "token" | "office" (from the certificate's unit or the reason)
    reason: str | None
    location: str | None
    signed_at: datetime | None  # the time the signer's PC claims (no time-stamp in B-B)
    intact: bool  # the signed bytes are unchanged and the signature matches the certificate's key
    whole_document: bool  # covers the whole file, or later revisions only add signatures
    covers_entire_file: bool  # the last signature: nothing at all was added after it
    trusted: bool | None  # the certificate chains to a given trust root; None: no roots given


def _certificates(roots: Iterable[bytes | asn1_x509.Certificate]) -> list[asn1_x509.Certificate]:
    out: list[asn1_x509.Certificate] = []
    for root in roots:
        if isinstance(root, asn1_x509.Certificate):
            out.append(root)
        elif pem.detect(root):
            out.extend(asn1_x509.Certificate.load(der) for _kind, _headers, der in pem.unarmor(root, multiple=True))
        else:
            out.append(asn1_x509.Certificate.load(root))
    return out


def _common_name(cert: asn1_x509.Certificate) -> str:
    subject = cert.subject.native
    name = subject.get("common_name") or subject.get("organization_name") or cert.subject.human_friendly
    return str(name[0] if isinstance(name, list) else name)


def _kind(cert: asn1_x509.Certificate, reason: str | None) -> str:
    units = cert.subject.native.get("organizational_unit_name") or []
    units = [units] if isinstance(units, str) else units
    if OFFICE_UNIT in units or (reason is not None and OFFICE_CLAUSE in reason):
        return "office"
    return "token"


def _text(sig_object: object, key: str) -> str | None:
    try:
        value = sig_object[key]  # type: ignore[index]
    except KeyError:
        return None
    return str(value)


def _broken(sig: EmbeddedPdfSignature, reason: str | None, location: str | None, *, has_roots: bool) -> SignatureInfo:
    """A signature pyHanko cannot even evaluate (a damaged CMS, an unknown algorithm): not intact."""
    try:
        cert = sig.signer_cert
        signer, kind = _common_name(cert), _kind(cert, reason)
    except (ValueError, KeyError, TypeError, AttributeError):
        signer, kind = "", "office" if reason is not None and OFFICE_CLAUSE in reason else "token"
    try:
        signed_at = sig.self_reported_timestamp
    except (ValueError, KeyError, TypeError):
        signed_at = None
    return SignatureInfo(
        sig.field_name, signer, kind, reason, location, signed_at, False, False, False, False if has_roots else None
    )


def signatures(pdf: bytes, trust_roots: Sequence[bytes | asn1_x509.Certificate] | None = None) -> list[SignatureInfo]:
    """Every signature of ``pdf``, oldest first. ``trust_roots``: DER/PEM certificates (e.g. the CAs
    a province trusts, or the office certificate itself); without them ``trusted`` is None."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InvalidInput("certify.pdf_invalid", reason=str(exc) or type(exc).__name__) from exc
    roots = _certificates(trust_roots or ())
    found: list[SignatureInfo] = []
    for sig in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        reason = _text(sig.sig_object, "/Reason")
        location = _text(sig.sig_object, "/Location")
        try:
            status = validate_pdf_signature(sig, signer_validation_context=context)
        except (PdfError, ValueError, KeyError, TypeError, NotImplementedError) as exc:
            logging.getLogger(__name__).info("signature %s does not validate: %s", sig.field_name, exc)
            found.append(_broken(sig, reason, location, has_roots=bool(roots)))
            continue
        entire_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        later_ok = (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and status.modification_level is not None
            and status.modification_level <= ModificationLevel.FORM_FILLING
        )
        found.append(
            SignatureInfo(
                field=sig.field_name,
                signer=_common_name(status.signing_cert),
                kind=_kind(status.signing_cert, reason),
                reason=reason,
                location=location,
                signed_at=sig.self_reported_timestamp,
                intact=bool(status.intact and status.valid),
                whole_document=entire_file or later_ok,
                covers_entire_file=entire_file,
                trusted=bool(status.trusted) if roots else None,
            )
        )
    return found
