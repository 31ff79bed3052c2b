"""Signing electronic copies: the clerk's token (SoftHSM2 over PKCS#11) and the office key, checked by
poppler's pdfsig against an NSS database that trusts the test CA, and by our own verify."""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pikepdf.pdfa
import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from counter_app import certify as certify_package
from counter_app import messages
from counter_app.certify.pades import Reservation
from counter_app.certify.signers import office_signer
from counter_app.certify.texts import OFFICE_CLAUSE, OFFICE_REASON, TOKEN_REASON, certification_reason
from counter_app.certify.token import TokenSigner
from counter_app.certify.verify import signatures
from counter_app.copies.build import build_copy
from counter_app.copies.pdfa import pdfa_problems
from counter_app.copies.samples import sample_scan
from counter_app.domain.errors import InvalidInput, Unavailable
from tests.pki import CA_NAME, CLERK_NAME, Pki, pdfsig

OFFICE = "UBND xã Tân Lập"
VALID = "Signature is Valid"
TRUSTED = "Certificate is Trusted"


def _signed_by_clerk(signer: TokenSigner, pdf: bytes) -> bytes:
    return signer.sign(pdf, reason=certification_reason("token"), location=OFFICE)


def test_token_signature_is_valid_and_trusted_for_the_test_ca(
    clerk_signer: TokenSigner, one_page: bytes, nss_db: str, pki: Pki, tmp_path: Path
) -> None:
    signed = _signed_by_clerk(clerk_signer, one_page)

    report = pdfsig(signed, nss_db, tmp_path)
    assert VALID in report, report
    assert TRUSTED in report, report
    assert f"Common Name: {CLERK_NAME}" in report
    assert "ETSI.CAdES.detached" in report
    assert "Total document signed" in report
    assert signed.startswith(one_page)  # incremental: the scanned copy's bytes are untouched
    [info] = signatures(signed, [pki.ca_pem.read_bytes()])
    assert (info.signer, info.kind, info.reason, info.location) == (CLERK_NAME, "token", TOKEN_REASON, OFFICE)
    assert info.intact and info.whole_document and info.covers_entire_file and info.trusted is True
    assert clerk_signer.kind == "token" and clerk_signer.name == CLERK_NAME
    # the CA certificate the token holds travels in the signature, for a verifier without it
    [embedded] = PdfFileReader(io.BytesIO(signed), strict=False).embedded_signatures
    subjects = {c.chosen.subject.native["common_name"] for c in embedded.signed_data["certificates"]}
    assert subjects == {CLERK_NAME, CA_NAME}


def test_a_changed_byte_makes_the_signature_invalid(
    clerk_signer: TokenSigner, one_page: bytes, nss_db: str, pki: Pki, tmp_path: Path
) -> None:
    signed = bytearray(_signed_by_clerk(clerk_signer, one_page))
    position = len(one_page) // 2  # inside the scanned image, in the first signed byte range
    signed[position] ^= 0x01

    report = pdfsig(bytes(signed), nss_db, tmp_path)
    assert VALID not in report, report
    assert "Digest Mismatch" in report, report
    [info] = signatures(bytes(signed), [pki.ca_pem.read_bytes()])
    assert not info.intact


def test_office_key_signature_is_valid_untrusted_and_says_it_is_the_office_key(
    one_page: bytes, nss_db: str, pki: Pki, tmp_path: Path
) -> None:
    signer = office_signer(tmp_path / "data", OFFICE)
    signed = signer.sign(one_page, reason=certification_reason("office"), location=OFFICE)

    report = pdfsig(signed, nss_db, tmp_path)
    assert VALID in report, report
    assert TRUSTED not in report, report
    assert "Khóa ký của cơ quan (không phải chữ ký số cá nhân)" in report  # the certificate's unit
    [info] = signatures(signed, [pki.ca_pem.read_bytes()])
    assert (info.signer, info.kind, info.reason) == (OFFICE, "office", OFFICE_REASON)
    assert info.intact and info.whole_document and info.trusted is False
    # trusted once the inspector is given the office's own certificate
    [own] = signatures(signed, [signer.certificate_pem])
    assert own.trusted is True
    assert (signer.kind, signer.name) == ("office", OFFICE)


def test_the_office_key_always_says_so_even_with_the_token_reason(one_page: bytes, tmp_path: Path) -> None:
    signer = office_signer(tmp_path, OFFICE)
    signed = signer.sign(one_page, reason=TOKEN_REASON + "; người chứng thực: Lê Văn Bình", location=OFFICE)

    [info] = signatures(signed)
    assert info.reason is not None and OFFICE_CLAUSE in info.reason and "Lê Văn Bình" in info.reason
    assert info.kind == "office" and info.trusted is None


def test_office_key_is_made_once_private_and_kept_when_the_office_is_renamed(tmp_path: Path) -> None:
    first = office_signer(tmp_path, OFFICE)
    path = tmp_path / "keys" / "office-signing.p12"
    assert first.path == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["office-signing.p12"]  # no temporary file left

    again = office_signer(tmp_path, OFFICE)
    assert again.fingerprint == first.fingerprint

    renamed = office_signer(tmp_path, "UBND phường Tân Lập")
    assert renamed.name == "UBND phường Tân Lập" and renamed.fingerprint != first.fingerprint

    def public_key(p12_path: Path) -> bytes:
        key, _cert, _more = pkcs12.load_key_and_certificates(p12_path.read_bytes(), None)
        assert key is not None
        return key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    first_key = x509.load_pem_x509_certificate(first.certificate_pem).public_key()
    assert public_key(path) == first_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_an_unreadable_office_key_is_one_vietnamese_sentence(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "office-signing.p12"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"truncated")
    with pytest.raises(Unavailable) as caught:
        office_signer(tmp_path, OFFICE)
    error = caught.value
    assert error.code == "certify.office_key_unreadable"
    assert messages.message(error.code, error.params, "vi").startswith("Không đọc được khóa ký của cơ quan")
    assert path.read_bytes() == b"truncated"  # left for the administrator, never replaced by a new key


def test_pdfa_identification_and_output_intent_are_kept(clerk_signer: TokenSigner, one_page: bytes) -> None:
    signed = _signed_by_clerk(clerk_signer, one_page)

    with pikepdf.open(io.BytesIO(signed)) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert meta["dc:title"] == "Giấy khai sinh"
        assert "/Filter" not in pdf.Root.Metadata  # PDF/A: the XMP stream stays uncompressed
        assert len(pdf.Root.OutputIntents) == 1
        [field] = pdf.Root.AcroForm.Fields
        flags = int(field.F)
        assert flags & 4 and not flags & (1 | 2 | 32 | 256)  # Print; not Invisible, Hidden, NoView, ToggleNoView
        assert [float(v) for v in field.Rect] == [0, 0, 0, 0]  # zero-size: no appearance (no font) needed
        info = pdf.trailer.Info
        if "/Producer" in info:  # the Info entries pyHanko touches agree with the XMP (PDF/A-2 §6.6.2.3)
            assert str(info.Producer) == meta["pdf:Producer"]


def test_a_second_signature_keeps_both_valid(
    clerk_signer: TokenSigner, one_page: bytes, nss_db: str, pki: Pki, tmp_path: Path
) -> None:
    first = _signed_by_clerk(clerk_signer, one_page)
    second = _signed_by_clerk(clerk_signer, first)

    report = pdfsig(second, nss_db, tmp_path)
    assert report.count(VALID) == 2, report
    # poppler 22.12 says "Unknown issue with Certificate" for a second signature by the same
    # certificate in one run; the first is checked against the CA here, both by pyHanko below.
    assert report.index(TRUSTED) < report.index("Signature #2"), report
    infos = signatures(second, [pki.ca_pem.read_bytes()])
    assert [i.field for i in infos] == ["ChungThuc1", "ChungThuc2"]
    assert all(i.intact and i.whole_document and i.trusted for i in infos)
    assert [i.covers_entire_file for i in infos] == [False, True]


def test_not_a_pdf_and_an_encrypted_pdf_are_refused(clerk_signer: TokenSigner, tmp_path: Path) -> None:
    for data, code in ((b"%PDF-1.7 not really", "certify.pdf_invalid"), (b"", "certify.pdf_invalid")):
        with pytest.raises(InvalidInput) as caught:
            clerk_signer.sign(data, reason=TOKEN_REASON, location=OFFICE)
        assert caught.value.code == code
    plain = pikepdf.new()
    plain.add_blank_page()
    buf = io.BytesIO()
    plain.save(buf, encryption=pikepdf.Encryption(owner="chu", user="mo"))
    with pytest.raises(InvalidInput) as caught:
        office_signer(tmp_path, OFFICE).sign(buf.getvalue(), reason=TOKEN_REASON, location=OFFICE)
    assert caught.value.code == "certify.pdf_encrypted"
    assert "mã hóa" in messages.message(caught.value.code, caught.value.params, "vi")


def test_an_unsigned_pdf_has_no_signatures_and_garbage_is_refused(one_page: bytes) -> None:
    assert signatures(one_page) == []
    with pytest.raises(InvalidInput):
        signatures(b"garbage")


def test_every_code_certify_raises_has_a_sentence_in_both_languages() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in Path(certify_package.__file__).parent.glob("*.py"))
    raised = set(re.findall(r'(?:Refused|Unavailable|InvalidInput)\(\s*"([a-z_.]+)"', source))
    assert len(raised) >= 15
    for code in raised:
        assert code in messages.known_codes(), code
        assert messages.message(code, {}, "vi") != messages.message(code, {}, "en"), code


def test_signing_does_not_touch_the_environment(one_page: bytes, tmp_path: Path) -> None:
    before = set(os.listdir(tmp_path))
    office_signer(tmp_path, OFFICE).sign(one_page, reason=TOKEN_REASON, location=OFFICE)
    assert set(os.listdir(tmp_path)) - before == {"keys"}


@dataclass(frozen=True)
class _Scan:
    image: Image.Image
    dpi: int
    source: str = "file"


def test_a_built_copy_stays_pdfa_2b_after_one_and_two_signatures(clerk_signer: TokenSigner, tmp_path: Path) -> None:
    built = build_copy([_Scan(sample_scan(200, seed=3), 200)], title="Giấy khai sinh")
    assert pdfa_problems(built.pdf) == []

    once = _signed_by_clerk(clerk_signer, built.pdf)
    assert pdfa_problems(once) == []
    twice = office_signer(tmp_path, OFFICE).sign(once, reason=certification_reason("office"), location=OFFICE)
    assert pdfa_problems(twice) == []
    # pikepdf's own allowlist validator, independent of ours: nothing but the form it does not cover
    # (a signature needs an /AcroForm)
    with pikepdf.open(io.BytesIO(twice)) as doc:
        findings = pikepdf.pdfa.check(doc, "2b").findings
    assert [f for f in findings if not (f.kind == "unsupported" and "/AcroForm" in f.where)] == []
    assert [(i.kind, i.intact, i.whole_document) for i in signatures(twice)] == [
        ("token", True, True),
        ("office", True, True),
    ]


def test_a_reserved_size_too_small_signs_again_with_a_fresh_estimate(pki: Pki, one_page: bytes) -> None:
    key_der = pki.clerk_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(pki.clerk_cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore(),
    )
    reservation = Reservation()
    first = reservation.sign(one_page, signer, name=CLERK_NAME, reason=TOKEN_REASON, location=OFFICE)
    learned = reservation.size
    assert learned is not None and 2000 < learned < 32000
    assert all(i.intact for i in signatures(first, [pki.ca_pem.read_bytes()]))
    second = reservation.sign(one_page, signer, name=CLERK_NAME, reason=TOKEN_REASON, location=OFFICE)
    assert reservation.retries == 0  # the learned size fits: no second signing
    assert len(first) - 4000 < len(second) < len(first)  # what the first used and a margin, not 1.5×
    reservation.size = 64  # far too small for any CMS
    again = reservation.sign(one_page, signer, name=CLERK_NAME, reason=TOKEN_REASON, location=OFFICE)
    assert reservation.retries == 1
    assert reservation.size == learned
    assert len(again) == len(first)
    assert all(i.intact for c in (second, again) for i in signatures(c, [pki.ca_pem.read_bytes()]))


def test_a_page_changed_after_signing_is_intact_but_not_the_whole_document(
    clerk_signer: TokenSigner, one_page: bytes, nss_db: str, pki: Pki, tmp_path: Path
) -> None:
    signed = _signed_by_clerk(clerk_signer, one_page)
    # someone appends a revision that draws over the page (an incremental update, no signature)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    page_ref = writer.find_page_for_modification(0)[0]
    cover = writer.add_object(generic.StreamObject(stream_data=b"1 1 1 rg 0 0 300 300 re f"))
    page = page_ref.get_object()
    page["/Contents"] = generic.ArrayObject([page.raw_get("/Contents"), cover])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    altered = out.getvalue()

    report = pdfsig(altered, nss_db, tmp_path)
    assert "Not total document signed" in report, report
    [info] = signatures(altered, [pki.ca_pem.read_bytes()])
    assert info.intact  # the signed revision's bytes are still there, untouched
    assert not info.whole_document and not info.covers_entire_file


def test_naming_the_signer_interface_does_not_load_pyhanko() -> None:
    # services import CopySigner at start-up; pyHanko (with requests) costs about a second to import
    code = (
        "import sys\n"
        "from counter_app.certify.signers import CopySigner, TokenRefused, certification_reason\n"
        "assert certification_reason('office').endswith('của công chức)')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyhanko', 'pkcs11', 'requests')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"
    from counter_app.certify import signers

    assert signers.TokenSigner.kind == "token" and signers.OfficeSigner.kind == "office"


def test_processes_starting_together_end_with_one_office_key(tmp_path: Path) -> None:
    # the GUI and a CLI command started at the same moment on a fresh data directory
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from counter_app.certify.signers import office_signer\n"
        "print(office_signer(Path(sys.argv[1]), 'UBND xã Tân Lập').fingerprint)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    prints = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert prints == {office_signer(tmp_path, OFFICE).fingerprint}
    assert [p.name for p in (tmp_path / "keys").iterdir()] == ["office-signing.p12"]
