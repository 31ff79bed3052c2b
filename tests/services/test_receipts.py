"""Receipts and slips through the services: signed QR verified offline, prints recorded, reprints marked."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdfium2 as pdfium
import pytest
import zxingcpp
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from pypdf import PdfReader

from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.domain.receipt_qr import claim_for, parse_payload
from counter_app.services import audit, documents, dossiers, intake, office, receipts
from counter_app.services.context import Context
from tests.conftest import FakeClock

BIRTH = "2.000635"  # bản sao trích lục hộ tịch: same day, 15:00 (khai sinh takes no paper)


def _accept(ctx: Context, name: str = "Nguyễn Thị Hồng Nhung") -> str:
    applicant = make_applicant(name, id_number="001190123456", address="Xóm Đông")
    return intake.accept(ctx, intake.IntakeRequest(BIRTH, applicant)).dossier.code


def _qr(pdf: bytes) -> str:
    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    return found[0].text


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_receipt_qr_decodes_and_verifies_offline(ctx: Context) -> None:
    code = _accept(ctx)
    printed = documents.receipt(ctx, code)
    payload = _qr(printed.pdf)
    result = receipts.verify_scan(ctx, payload)
    assert result.verdict is receipts.ScanVerdict.GENUINE
    assert result.code == code
    detail = dossiers.show(ctx, code)
    claim, _signature = parse_payload(payload)
    assert detail.due_at is not None
    assert claim == claim_for(code, detail.lookup_secret, detail.received_at, detail.due_at)
    # No lookup address configured in this office: plain text a phone shows, never an hsmc:// URL.
    assert payload.startswith("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ; Mã hồ sơ: ") and "://" not in payload


def test_altered_or_forged_receipts_are_detected(ctx: Context) -> None:
    code = _accept(ctx)
    payload = _qr(documents.receipt(ctx, code).pdf)
    claim, _ = parse_payload(payload)
    later_due = payload.replace(f"h={claim.due}", f"h={int(claim.due) + 1}")
    other_secret = payload.replace(f"k={claim.secret}", "k=AAAAAA")
    for altered in (later_due, other_secret):
        assert receipts.verify_scan(ctx, altered).verdict is receipts.ScanVerdict.FORGED
    other_pc = payload.replace(code, code[:-4] + "3001")
    assert receipts.verify_scan(ctx, other_pc).verdict is receipts.ScanVerdict.OTHER_WORKSTATION
    with pytest.raises(InvalidInput) as caught:
        receipts.verify_scan(ctx, "https://example.com/?ma=1")
    assert caught.value.code == "receipt_qr.invalid"


def test_public_key_verifies_what_the_counter_signed(ctx: Context) -> None:
    code = _accept(ctx)
    claim, signature = parse_payload(_qr(documents.receipt(ctx, code).pdf))
    key = load_pem_public_key(office.public_key_pem(ctx).encode())
    key.verify(signature, claim.message)  # type: ignore[union-attr, call-arg]  # raises if not genuine


def test_receipt_content_and_reprint(ctx: Context, clock: FakeClock) -> None:
    code = _accept(ctx)
    first = documents.receipt(ctx, code)
    text = _text(first.pdf)
    assert not first.reprint
    assert code in text
    assert "Nguyễn Thị Hồng Nhung" in text
    assert "BẢN IN LẠI" not in text
    assert "chưa đồng bộ" in text  # this office never synced
    clock.now += timedelta(minutes=5)
    again = documents.receipt(ctx, code)
    assert again.reprint
    assert "BẢN IN LẠI" in _text(again.pdf)
    assert audit.count(ctx, "print.receipt") == 2
    kinds = [(e.kind, e.payload.get("reprint")) for e in dossiers.show(ctx, code).events]
    assert kinds == [("received", None), ("printed", False), ("printed", True)]


def test_slips_only_for_dossiers_that_have_them(ctx: Context) -> None:
    code = _accept(ctx)
    with pytest.raises(InvalidInput) as caught:
        documents.refusal_slip(ctx, code)
    assert caught.value.code == "slip.not_applicable"
    applicant = make_applicant("Lê Văn An")
    incomplete = intake.record_incomplete(
        ctx, intake.IntakeRequest(BIRTH, applicant, missing=(1, 2)), "Mang giấy chứng sinh bản chính"
    ).dossier.code
    with pytest.raises(InvalidInput) as caught:
        documents.receipt(ctx, incomplete)
    assert caught.value.code == "receipt.not_accepted"
    text = " ".join(_text(documents.supplement_slip(ctx, incomplete).pdf).split())
    assert "Mang giấy chứng sinh bản chính" in text
    assert "Tờ khai cấp bản sao trích lục hộ tịch" in text
    refused = intake.refuse(ctx, intake.IntakeRequest(BIRTH, applicant), "Không thuộc thẩm quyền").dossier.code
    assert "Không thuộc thẩm quyền" in _text(documents.refusal_slip(ctx, refused).pdf)
    with pytest.raises(InvalidInput):
        intake.refuse(ctx, intake.IntakeRequest(BIRTH, applicant), "   ")
    with pytest.raises(InvalidInput):
        intake.record_incomplete(ctx, intake.IntakeRequest(BIRTH, applicant))


def test_register_numbers_run_per_workstation_and_year(ctx: Context) -> None:
    first, second = _accept(ctx), _accept(ctx, "Trần Văn Bình")
    a, b = dossiers.show(ctx, first), dossiers.show(ctx, second)
    assert (a.register_book, a.register_number) == ("2025-2", 1)
    assert (b.register_book, b.register_number) == ("2025-2", 2)
