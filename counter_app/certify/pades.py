"""One PAdES baseline B-B signature, added to a PDF as an incremental update.

The signature is invisible (a signature field with a zero-size widget, Print flag set, no appearance
needed): the scanned page stays exactly as the paper was, a PDF/A-2b copy stays PDF/A-2b (PDF/A-2
§6.3.3 exempts zero-size annotations from needing an appearance, so no font has to be embedded), and
a second signature on the OCR version does not pile a second stamp on the page. What a stamp would
say goes in the signature dictionary, which every viewer shows in its signature panel: /Name (who
signed, the certificate's common name), /Reason (what was certified and, for the office key, that it
is the office's key and no clerk's personal signature) and /Location (the office).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError

from counter_app.certify.texts import OFFICE_REASON, TOKEN_REASON, certification_reason
from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import clean

__all__ = ["OFFICE_REASON", "TOKEN_REASON", "Reservation", "certification_reason", "sign_incremental"]

FIELD_PREFIX = "ChungThuc"
MAX_PDF_BYTES = 200 * 1024 * 1024  # a stored copy is at most a few MB; this refuses a runaway input
_CONTENTS = re.compile(rb"/Contents\s*<([0-9A-Fa-f]+)>")
_MARGIN_HEX = 512  # 256 bytes


def _field_name(writer: IncrementalPdfFileWriter) -> str:
    taken = {name for name, _value, _ref in fields.enumerate_sig_fields(writer.prev, filled_status=None)}
    number = 1
    while f"{FIELD_PREFIX}{number}" in taken:
        number += 1
    return f"{FIELD_PREFIX}{number}"


def open_for_signing(pdf: bytes) -> IncrementalPdfFileWriter:
    """An incremental writer over ``pdf``; a PDF that is not one, or is encrypted, is refused."""
    if not isinstance(pdf, bytes | bytearray) or not pdf:
        raise InvalidInput("certify.pdf_invalid", reason="empty")
    if len(pdf) > MAX_PDF_BYTES:
        raise InvalidInput("certify.pdf_too_large", size_mb=len(pdf) // (1024 * 1024), limit_mb=MAX_PDF_BYTES >> 20)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(bytes(pdf)), strict=False)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InvalidInput("certify.pdf_invalid", reason=str(exc) or type(exc).__name__) from exc
    if writer.prev.encrypted:
        raise InvalidInput("certify.pdf_encrypted")
    return writer


def _keep_metadata_consistent(writer: IncrementalPdfFileWriter) -> None:
    """Make pyHanko's metadata update leave the Info dictionary and the XMP agreeing (PDF/A-2 §6.6.3).

    Left alone, pyHanko writes /Producer "<old>; pyHanko x.y" into Info but "pyHanko x.y" into the
    XMP, and takes "now" twice (Info /ModDate and xmp:ModifyDate can straddle a second).
    """
    writer.document_meta.last_modified = datetime.now(UTC).replace(microsecond=0)
    if "/Metadata" not in writer.root:
        return  # no XMP: nothing to agree with (and a PDF/A file always has one)
    try:
        old = writer.trailer["/Info"]
    except KeyError:
        return
    info = generic.DictionaryObject(dict(old.items()))  # type: ignore[no-untyped-call]
    info[generic.pdf_name("/Producer")] = generic.TextStringObject(VENDOR)
    writer.set_info(info)


def _needed_size(signed: bytes, original_length: int) -> int | None:
    """The space the last signature's CMS needs, in hex digits as pyHanko counts ``bytes_reserved``,
    read from the revision it appended: what it used (its zero padding stripped) and a margin for
    DER lengths that vary by a few bytes between signatures (an RSA signature's length does not)."""
    found = _CONTENTS.search(signed, original_length)
    if found is None:
        return None
    used = len(found.group(1).rstrip(b"0"))
    return min(len(found.group(1)), used + used % 2 + _MARGIN_HEX)


class Reservation:
    """The space a signer's signatures need, learned from its first one.

    pyHanko sizes the signature by signing once with a dummy before signing for real (40 % of a
    signature's time) and reserves half as much again as it measured. A signer's certificates do not
    change, so later signatures reserve what the first one used plus a small margin: faster, and
    about 3 KB smaller per signature. Should one not fit, it is signed again with a fresh estimate.
    """

    def __init__(self) -> None:
        self.size: int | None = None
        self.retries = 0  # signatures that did not fit the learned size

    def sign(self, pdf: bytes, signer: signers.Signer, *, name: str, reason: str, location: str) -> bytes:
        size = self.size
        try:
            signed = sign_incremental(pdf, signer, name=name, reason=reason, location=location, bytes_reserved=size)
        except SigningError:
            if size is None:
                raise
            self.retries += 1
            self.size = size = None
            signed = sign_incremental(pdf, signer, name=name, reason=reason, location=location)
        if size is None:
            self.size = _needed_size(signed, len(pdf))
        return signed


def sign_incremental(
    pdf: bytes,
    signer: signers.Signer,
    *,
    name: str,
    reason: str,
    location: str,
    bytes_reserved: int | None = None,
) -> bytes:
    """``pdf`` with one more PAdES B-B signature (subfilter ETSI.CAdES.detached) by ``signer``.

    Raises InvalidInput for a bad PDF or text; errors of the key itself are left to the caller
    (a token's PKCS#11 errors, which it turns into its own messages).
    """
    reason = clean(reason, "reason")
    location = clean(location, "address")
    if not reason:
        raise InvalidInput("certify.reason_empty")
    writer = open_for_signing(pdf)
    _keep_metadata_consistent(writer)
    field = _field_name(writer)
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        name=name,
        reason=reason,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        use_pades_lta=False,
        embed_validation_info=False,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        new_field_spec=fields.SigFieldSpec(field, box=None),
    )
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out, bytes_reserved=bytes_reserved)
    except PdfError as exc:
        raise InvalidInput("certify.pdf_invalid", reason=str(exc) or type(exc).__name__) from exc
    return out.getvalue()
