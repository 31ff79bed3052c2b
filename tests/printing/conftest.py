"""Sample documents for the printing tests: a realistic receipt, supplement and refusal, with overrides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from counter_app.domain.receipt_qr import build_payload, claim_for
from counter_app.domain.values import ComponentForm
from counter_app.printing.model import Applicant, OfficeHeader, Paper, ReceiptDoc, RefusalDoc, SupplementDoc

RECEIVED = datetime(2025, 11, 18, 2, 15, tzinfo=UTC)  # 09:15 in Vietnam, Tuesday 18/11/2025
APPOINTMENT = datetime(2025, 11, 25, 10, 0, tzinfo=UTC)  # 17:00 on Tuesday 25/11/2025
CODE = "000.12.34.H26-251118-2001"
SECRET = "MYCHZY"
LOOKUP_BASE = "https://dichvucong.phutho.gov.vn/tra-cuu"

OFFICE = OfficeHeader(
    parent_name="UBND TỈNH PHÚ THỌ",
    unit_name="UBND XÃ TÂN LẬP",
    place="Tân Lập",
    phone="0210 3846 123",
)
APPLICANT = Applicant(
    full_name="Nguyễn Thị Thuỷ Tiên",
    address="Số 12, ngõ 34, thôn Đồng Xuân, xã Tân Lập, tỉnh Phú Thọ",
    phone="0912 345 678",
    email="thuytien@example.vn",
    id_number="025190001234",
)
PAPERS = (
    Paper("Tờ khai đăng ký khai sinh (theo mẫu)", ComponentForm.ORIGINAL, 1),
    Paper("Giấy chứng sinh do cơ sở y tế cấp", ComponentForm.ORIGINAL, 1),
    Paper("Giấy chứng nhận kết hôn của cha, mẹ", ComponentForm.CERTIFIED_COPY, 1),
    Paper("Căn cước của người đi đăng ký", ComponentForm.ORIGINAL_OR_COPY, 1),
)


def payload(code: str = CODE, secret: str = SECRET) -> str:
    return build_payload(LOOKUP_BASE, claim_for(code, secret, RECEIVED, APPOINTMENT), bytes(range(64)))


def receipt(**changes: Any) -> ReceiptDoc:
    doc = ReceiptDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Đăng ký khai sinh",
        procedure_code="1.001193",
        papers=PAPERS,
        dossier_sets=1,
        working_days=3,
        received_at=RECEIVED,
        appointment_at=APPOINTMENT,
        return_by_post=False,
        postal_address=None,
        fee=None,
        fee_note="Miễn lệ phí đăng ký khai sinh đúng hạn",
        register_book="05/2025",
        register_number=1234,
        receiver_name="Trần Văn Đức",
        qr_payload=payload(),
        lookup_url=LOOKUP_BASE,
        lookup_secret=SECRET,
        pending_sync=False,
        reprint=False,
        printed_at=RECEIVED,
    )
    return replace(doc, **changes)


def supplement(**changes: Any) -> SupplementDoc:
    doc = SupplementDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Đăng ký khai sinh",
        missing=(
            Paper("Giấy chứng sinh do cơ sở y tế cấp", ComponentForm.ORIGINAL, 1),
            Paper("Giấy chứng nhận kết hôn của cha, mẹ", ComponentForm.CERTIFIED_COPY, 1),
        ),
        reason="Hồ sơ thiếu giấy chứng sinh và giấy chứng nhận kết hôn của cha, mẹ.",
        guide_name="Trần Văn Đức",
        guide_phone="0912 000 111",
        issued_at=RECEIVED,
        reprint=False,
    )
    return replace(doc, **changes)


def refusal(**changes: Any) -> RefusalDoc:
    doc = RefusalDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Cấp giấy phép xây dựng nhà ở riêng lẻ",
        reason="Thủ tục không thuộc thẩm quyền tiếp nhận của Bộ phận Một cửa xã; đề nghị Ông/Bà nộp hồ sơ "
        "tại Trung tâm Phục vụ hành chính công tỉnh.",
        receiver_name="Trần Văn Đức",
        issued_at=RECEIVED,
        reprint=False,
    )
    return replace(doc, **changes)


@pytest.fixture
def make_receipt() -> Callable[..., ReceiptDoc]:
    return receipt


@pytest.fixture
def make_supplement() -> Callable[..., SupplementDoc]:
    return supplement


@pytest.fixture
def make_refusal() -> Callable[..., RefusalDoc]:
    return refusal
