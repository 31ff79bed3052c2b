"""What the printing layer needs to draw a form: plain frozen dataclasses, no ORM, no Qt.

Services build these from a dossier; printing turns them into PDF bytes. Every text is NFC and
every datetime is aware (printing shows it in the office's time zone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counter_app.domain.handover import Authorisation, ResultPaper
from counter_app.domain.values import ComponentForm


@dataclass(frozen=True)
class OfficeHeader:
    """The left header block and the place on the date line."""

    parent_name: str | None  # governing body, e.g. "UBND TỈNH PHÚ THỌ" (may be None)
    unit_name: str  # e.g. "UBND XÃ TÂN LẬP" or "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN LẬP"
    place: str  # địa danh on the date line, e.g. "Tân Lập"
    phone: str | None = None  # hotline printed on receipts


@dataclass(frozen=True)
class Signer:
    """The signer of a letter (Decree 30/2020 Annex I): capacity "" | "TM" | "KT" | "Q", the authority
    signed for (the collective body with TM., the head's title with KT.), the signer's own title, and
    the full name (None: a dotted line to write it by hand)."""

    capacity: str
    authority: str | None
    title: str
    name: str | None


@dataclass(frozen=True)
class Paper:
    """One component of a dossier as printed: name, form (original/copy…), count."""

    name: str
    form: ComponentForm
    count: int
    # Digitisation at reception (issue 13): the paper's certified electronic copy was made at this
    # intake (``digitised``), or one the office already held was reused (``reused_on``: its date).
    digitised: bool = False
    reused_on: datetime | None = None


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
    qr_payload: str  # Circular 01/2023's QR, top left: the signed lookup URL, or plain text (not enrolled)
    lookup_url: str | None  # printed under the QR, e.g. "https://…/tra-cuu"
    lookup_secret: str  # Mã tra cứu, printed for typing by hand
    pending_sync: bool  # issued before the office ever synced: say the receipt is pending sync
    reprint: bool  # a copy printed again: say "BẢN IN LẠI"
    printed_at: datetime
    # A provincial or vertical-agency procedure received here regardless of residence (Decree 118/2025):
    # the body that decides it, printed under the procedure; None for the commune's own procedures.
    competent_agency: str | None = None
    receiver_title: str | None = None  # the clerk's title (chức danh), under the name
    # Directive 24/CT-TTg: filed on the national portal with the counter's help — the portal's dossier code;
    # the receipt then says the papers were digitised and the dossier was filed online (None: a paper dossier)
    assisted_portal_code: str | None = None


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
    qr_payload: str | None = None  # Circular 01/2023's QR, top left (None: no QR, e.g. a test's sample)
    guide_title: str | None = None


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
    qr_payload: str | None = None  # Circular 01/2023's QR, top left (None: no QR, e.g. a test's sample)
    receiver_title: str | None = None


@dataclass(frozen=True)
class ApologyDoc:
    """Mẫu 04: 2018 "Phiếu xin lỗi và hẹn lại ngày trả kết quả"; 2025 "Văn bản xin lỗi và đề nghị gia hạn
    thời gian giải quyết". The labels of the office's form set pick the title and wording."""

    office: OfficeHeader
    number: int | None  # Số: 12/PXL-TTPVHCC: the number of its book and year (None: dots, never issued)
    symbol: str | None  # "PXL-TTPVHCC"
    code: str
    applicant: Applicant
    procedure_name: str
    field: str
    received_at: datetime
    original_appointment: datetime  # the appointment the office missed
    reason: str
    new_appointment: datetime
    signer: Signer  # the head of the responsible agency (office settings)
    issued_at: datetime
    second_reschedule: bool  # a second new date, confirmed by a leader: printed as such
    reprint: bool
    due_passed: bool = True  # issued after the missed appointment: apologise for the lateness; before it,
    # ask for an extension (domain.timeliness.due_time_passed)
    qr_payload: str | None = None  # Circular 01/2023's QR, top left (None: no QR, e.g. a test's sample)


@dataclass(frozen=True)
class Hop:
    """One hand-over of the dossier on the routing slip (Phiếu kiểm soát quá trình giải quyết)."""

    agency: str  # TÊN CƠ QUAN (who received it)
    given_at: datetime
    giver: str
    receiver: str
    outcome: str | None  # "early" | "on_time" | "late" (timeliness of this hop), None while open
    note: str | None
    received_at: datetime | None = None  # "Nhận: …" when the receipt is known; None prints dots to fill in


@dataclass(frozen=True)
class RoutingSlipDoc:
    office: OfficeHeader
    code: str
    applicant: Applicant
    procedure_name: str
    received_at: datetime
    due_at: datetime
    hops: tuple[Hop, ...]
    printed_at: datetime
    qr_payload: str | None = None  # Circular 01/2023's QR, top left (None: no QR, e.g. a test's sample)


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register (Sổ theo dõi hồ sơ)."""

    number: int  # STT
    code: str
    procedure_name: str
    dossier_sets: int
    applicant_name: str
    applicant_contact: str  # address and phone
    processing_agency: str  # Cơ quan chủ trì giải quyết
    received_at: datetime
    due_at: datetime | None
    transferred_at: datetime | None  # first hand-over to the processing agency
    result_at: datetime | None  # result ready
    returned_at: datetime | None
    channel: str  # "direct" | "postal" | "online"
    status: str  # status label, already in the document's language
    note: str | None


@dataclass(frozen=True)
class RegisterDoc:
    """Mẫu 06 (2018) / Mẫu 07 (2025): the register for a period, printed landscape."""

    office: OfficeHeader
    period_from: datetime
    period_to: datetime
    rows: tuple[RegisterRow, ...]
    printed_at: datetime


@dataclass(frozen=True)
class HandoverDoc:
    """The note of a result handed to the citizen (or the person they sent), signed by both."""

    office: OfficeHeader
    code: str
    applicant: Applicant
    procedure_name: str
    outcome: str  # "granted" | "denied"
    papers: tuple[ResultPaper | str, ...]  # the result papers handed over (a plain name: one copy), may be empty
    receiver_name: str
    receiver_id_number: str | None
    clerk_name: str
    returned_at: datetime
    reprint: bool
    authorisation: Authorisation | None = None  # the proxy's authorisation paper (người nhận thay)
    qr_payload: str | None = None  # Circular 01/2023's QR, top left (None: no QR, e.g. a test's sample)


@dataclass(frozen=True)
class StopNoticeDoc:
    """2025 set: Thông báo dừng giải quyết hồ sơ (processing stopped, with the reason)."""

    office: OfficeHeader
    code: str
    applicant: Applicant
    procedure_name: str
    received_at: datetime
    reason: str
    signer: Signer
    issued_at: datetime
    reprint: bool
    qr_payload: str | None = None  # Circular 01/2023's QR, top left (None: no QR, e.g. a test's sample)
    number: int | None = None  # Số: 3/TB-TTPVHCC
    symbol: str | None = None


@dataclass(frozen=True)
class ManifestItem:
    number: int  # STT
    tracking: str  # S10
    code: str  # dossier code
    purpose: str  # "result" | "transfer" | "intake"
    recipient_name: str  # the applicant (result), the agency (transfer), the sender (intake)
    recipient_address: str
    postage: int | None  # đồng
    slip_number: str | None  # postal dossier slip of an incoming item


@dataclass(frozen=True)
class PostalManifestDoc:
    """Biên bản bàn giao hồ sơ/kết quả với bưu điện: every item of a batch, signed by both sides."""

    office: OfficeHeader
    direction: str  # "out" (to the post) | "in" (from the post)
    batch_number: str  # short reference printed on the record
    opened_at: datetime
    closed_at: datetime
    items: tuple[ManifestItem, ...]
    clerk_name: str  # our signatory
    postal_name: str  # the postal worker
    reprint: bool


@dataclass(frozen=True)
class Bieu06Row:
    """One line of Biểu 06: a field (or the total, label ""), its 11 figures in the table's column order:
    received total, online, direct and postal, carried over; resolved total, early, on time, late;
    in progress total, within time, overdue."""

    label: str
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Bieu06Doc:
    """Biểu số 06/VPCP/KSTT for a period (office days, both included), printed landscape, and the
    figures reported beside the table."""

    office: OfficeHeader
    period_from: date
    period_to: date
    rows: tuple[Bieu06Row, ...]
    total: Bieu06Row
    ended_withdrawn: int  # accepted, then withdrawn on request within the period
    ended_stopped: int
    refused: int  # refused at intake (Mẫu 03) within the period
    withdrawn_before_acceptance: int
    apologies: int  # apology letters issued within the period
    online_share: float | None  # of the dossiers received within the period
    postal_share: float | None
    satisfaction: tuple[int, int, int]  # very satisfied, satisfied, dissatisfied (ratings within the period)
    printed_at: datetime
    data_until: date | None = None  # the period runs past the day printed: "số liệu đến ngày …"
