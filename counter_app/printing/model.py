"""What the printing layer needs to draw a form: plain frozen dataclasses, no ORM, no Qt.

Services build these from a dossier; printing turns them into PDF bytes. Every text is NFC and
every datetime is aware (printing shows it in the office's time zone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.values import ComponentForm


@dataclass(frozen=True)
class OfficeHeader:
    """The left header block and the place on the date line."""

    parent_name: str | None  # governing body, e.g. "UBND TỈNH PHÚ THỌ" (may be None)
    unit_name: str  # e.g. "UBND XÃ TÂN LẬP" or "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN LẬP"
    place: str  # địa danh on the date line, e.g. "Tân Lập"
    phone: str | None = None  # hotline printed on receipts


@dataclass(frozen=True)
class Paper:
    """One component of a dossier as printed: name, form (original/copy…), count."""

    name: str
    form: ComponentForm
    count: int


@dataclass(frozen=True)
class Applicant:
    full_name: str
    address: str | None
    phone: str | None
    email: str | None
    id_number: str | None


@dataclass(frozen=True)
class ReceiptDoc:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (printed as two copies on two pages)."""

    office: OfficeHeader
    code: str
    applicant: Applicant
    procedure_name: str
    procedure_code: str
    papers: tuple[Paper, ...]  # the papers received
    dossier_sets: int  # Số lượng hồ sơ: … (bộ)
    working_days: int  # 0 = same day
    received_at: datetime
    appointment_at: datetime  # Thời gian trả kết quả
    return_by_post: bool
    postal_address: str | None
    fee: int | None  # đồng
    fee_note: str | None
    register_book: str | None  # Sổ theo dõi hồ sơ: Quyển số …
    register_number: int | None  # … Số thứ tự
    receiver_name: str  # the clerk (NGƯỜI TIẾP NHẬN HỒ SƠ)
    qr_payload: str  # what the QR code encodes (lookup URL with code, secret and signature)
    lookup_url: str | None  # printed under the QR, e.g. "https://…/tra-cuu"
    lookup_secret: str  # Mã tra cứu, printed for typing by hand
    pending_sync: bool  # issued before the office ever synced: say the receipt is pending sync
    reprint: bool  # a copy printed again: say "BẢN IN LẠI"
    printed_at: datetime


@dataclass(frozen=True)
class SupplementDoc:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — every missing item at once."""

    office: OfficeHeader
    code: str
    applicant: Applicant
    procedure_name: str
    missing: tuple[Paper, ...]
    reason: str | None
    guide_name: str  # NGƯỜI HƯỚNG DẪN (the clerk)
    guide_phone: str | None
    issued_at: datetime
    reprint: bool


@dataclass(frozen=True)
class RefusalDoc:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reason."""

    office: OfficeHeader
    code: str
    applicant: Applicant
    procedure_name: str
    reason: str
    receiver_name: str
    issued_at: datetime
    reprint: bool
