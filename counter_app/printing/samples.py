"""Deterministic sample documents of every printed form: fixed dates, names, codes and a fixed
signing key, so the same code gives the same PDF bytes and the same pictures.

Used by the Decree 30 presentation tests and their reference images
(``tests/printing/test_decree30.py``, ``scripts/update_form_references.py``) and by the user guide's
pictures (``scripts/screenshots.py`` -> ``docs/images/forms/``). Nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from counter_app.domain.handover import Authorisation
from counter_app.domain.receipt_qr import build_payload, claim_for, lookup_url, paper_info, secret_query
from counter_app.domain.values import ComponentForm
from counter_app.printing import forms
from counter_app.printing.labels import Labels
from counter_app.printing.model import (
    ApologyDoc,
    Applicant,
    HandoverDoc,
    Hop,
    ManifestItem,
    OfficeHeader,
    Paper,
    PostalManifestDoc,
    ReceiptDoc,
    RefusalDoc,
    RegisterDoc,
    RegisterRow,
    RoutingSlipDoc,
    Signer,
    StopNoticeDoc,
    SupplementDoc,
)

RECEIVED = datetime(2025, 11, 18, 2, 15, tzinfo=UTC)  # 09:15 in Vietnam, Tuesday 18/11/2025
APPOINTMENT = datetime(2025, 11, 25, 10, 0, tzinfo=UTC)  # 17:00 on 25/11/2025
CODE = "000.12.34.H26-251118-2001"
# The widest code the format allows ([0-9A-Z]{3}.[0-9A-Z]{2}.[0-9A-Z]{2}.[A-Z][0-9]{2}-yymmdd-nnnn, "W"
# being the widest letter of a serif): it must stay on one line in every table cell.
WIDEST_CODE = "WWW.WW.WW.W88-888888-8888"
SECRET = "MYCHZY"
LOOKUP_BASE = "https://dichvucong.phutho.gov.vn/tra-cuu"
SIGNING_KEY = bytes(range(64))  # fixed: the QR code is the same on every run

OFFICE = OfficeHeader(
    parent_name="UBND tỉnh Phú Thọ",
    unit_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
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
# A paper dossier of November 2025: not one of Directive 24's online-only services (khai sinh, khai tử,
# kết hôn, cư trú… take no paper dossier since 01/10/2025).
PROCEDURE = "Cấp Giấy xác nhận tình trạng hôn nhân"
PROCEDURE_CODE = "1.004873"
PAPERS = (
    Paper("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", ComponentForm.ORIGINAL, 1),
    Paper("Giấy tờ chứng minh đã ly hôn (trước đây đã kết hôn)", ComponentForm.ORIGINAL_OR_COPY, 1),
    Paper("Giấy xác nhận tình trạng hôn nhân đã được cấp trước đây", ComponentForm.ORIGINAL, 1),
    Paper("Căn cước của người yêu cầu (xuất trình để đối chiếu)", ComponentForm.ORIGINAL, 1),
)
# The receipt's papers as digitised at intake (issue 13): two scanned and certified at the counter, one
# reused from the copy certified for an earlier dossier (Decree 118/2025), the ID card only shown
# (Circular 03/2025 exempts papers only shown for comparison).
RECEIPT_PAPERS = (
    replace(PAPERS[0], digitised=True),
    replace(PAPERS[1], digitised=True, reused_on=datetime(2025, 3, 5, 2, 30, tzinfo=UTC)),
    replace(PAPERS[2], digitised=True),
    PAPERS[3],
)
CLERK = "Trần Văn Đức"
CLERK_TITLE = "Công chức Văn phòng - Thống kê"


def paper_qr(paper: str, at: datetime = RECEIVED) -> str:
    """The QR of a paper other than the receipt (Circular 01/2023): the enrolled office's lookup URL."""
    return lookup_url(
        LOOKUP_BASE, secret_query(CODE, SECRET), paper_info(paper, PROCEDURE_CODE, at, APPLICANT.id_number)
    )


LEADER = "Hoàng Văn Bình"


def receipt() -> ReceiptDoc:
    payload = build_payload(LOOKUP_BASE, claim_for(CODE, SECRET, RECEIVED, APPOINTMENT), SIGNING_KEY)
    return ReceiptDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        procedure_code=PROCEDURE_CODE,
        papers=RECEIPT_PAPERS,
        dossier_sets=1,
        working_days=3,
        received_at=RECEIVED,
        appointment_at=APPOINTMENT,
        return_by_post=False,
        postal_address=None,
        fee=None,
        fee_note="Lệ phí theo mức Hội đồng nhân dân tỉnh quy định",
        register_book="05/2025",
        register_number=1234,
        receiver_name=CLERK,
        receiver_title=CLERK_TITLE,
        qr_payload=payload,
        lookup_url=LOOKUP_BASE,
        lookup_secret=SECRET,
        pending_sync=False,
        reprint=False,
        printed_at=RECEIVED,
    )


def supplement() -> SupplementDoc:
    return SupplementDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        missing=(
            Paper("Giấy tờ chứng minh đã ly hôn (trước đây đã kết hôn)", ComponentForm.ORIGINAL_OR_COPY, 1),
            Paper("Giấy xác nhận tình trạng hôn nhân đã được cấp trước đây", ComponentForm.ORIGINAL, 1),
        ),
        reason="Người yêu cầu đã kết hôn trước đây: hồ sơ thiếu giấy tờ chứng minh đã ly hôn và giấy xác nhận đã cấp.",
        guide_name=CLERK,
        guide_phone="0912 000 111",
        issued_at=RECEIVED,
        reprint=False,
        qr_payload=paper_qr("02"),
    )


def refusal() -> RefusalDoc:
    return RefusalDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Cấp giấy phép xây dựng nhà ở riêng lẻ",
        reason="Thủ tục không thuộc thẩm quyền tiếp nhận của Bộ phận Một cửa xã; đề nghị Ông/Bà nộp hồ sơ "
        "tại Trung tâm Phục vụ hành chính công tỉnh.",
        receiver_name=CLERK,
        issued_at=RECEIVED,
        reprint=False,
        qr_payload=paper_qr("03"),
    )


def apology() -> ApologyDoc:
    return ApologyDoc(
        office=OFFICE,
        number=15,
        symbol="PXL-TTPVHCC",
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Đăng ký kết hôn",
        field="Hộ tịch",
        received_at=RECEIVED,
        original_appointment=APPOINTMENT,
        reason="Cần xác minh tình trạng hôn nhân của bên nam tại nơi cư trú trước đây (xã Hùng Sơn).",
        new_appointment=datetime(2025, 12, 2, 10, 0, tzinfo=UTC),
        signer=Signer("KT", "Giám đốc", "Phó Giám đốc", LEADER),
        issued_at=datetime(2025, 11, 24, 2, 0, tzinfo=UTC),
        second_reschedule=False,
        reprint=False,
        qr_payload=paper_qr("04"),
    )


def stop_notice() -> StopNoticeDoc:
    return StopNoticeDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân",
        received_at=RECEIVED,
        reason="Người yêu cầu có văn bản đề nghị rút hồ sơ ngày 20/11/2025.",
        signer=Signer("", None, "Giám đốc", LEADER),
        issued_at=datetime(2025, 11, 21, 2, 0, tzinfo=UTC),
        reprint=False,
        qr_payload=paper_qr("05"),
        number=3,
        symbol="TB-TTPVHCC",
    )


def routing_slip() -> RoutingSlipDoc:
    def hop(agency: str, hours: float, outcome: str | None, note: str | None = None) -> Hop:
        given = RECEIVED + timedelta(hours=hours)  # received in person at the hand-over
        return Hop(agency, given, CLERK, "Lê Thị Hoa", outcome, note, received_at=given)

    # A step's outcome is judged when it closes (the next hand-over): the last step is still open.
    return RoutingSlipDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Đăng ký kết hôn",
        received_at=RECEIVED,
        due_at=APPOINTMENT,
        hops=(
            hop("Bộ phận Một cửa xã Tân Lập", 1, "early"),
            hop("Công chức Tư pháp - Hộ tịch", 26, "on_time", "Chuyển thẩm định"),
            hop("Phó Chủ tịch Ủy ban nhân dân xã", 170, None),
        ),
        printed_at=datetime(2025, 11, 26, 3, 5, tzinfo=UTC),
        qr_payload=paper_qr("06"),
    )


def register_row(i: int, code: str | None = None) -> RegisterRow:
    received = datetime(2025, 11, 3, 1, 30, tzinfo=UTC) + timedelta(hours=1.7 * i)
    done = i % 5 != 0
    return RegisterRow(
        number=i + 1,
        code=code or f"000.12.34.H26-{received:%y%m%d}-{2000 + i:04d}",
        procedure_name=(PROCEDURE, "Chứng thực bản sao từ bản chính giấy tờ, văn bản")[i % 2],
        dossier_sets=1 + i % 2,
        applicant_name=("Nguyễn Thị Thuỷ Tiên", "Lò Văn Páo", "Công ty TNHH Thương mại Hùng Vương")[i % 3],
        applicant_contact=f"Thôn {i % 17 + 1}, xã Tân Lập; 0912 {i:06d}",
        processing_agency=("Ủy ban nhân dân xã Tân Lập", "Sở Tư pháp tỉnh Phú Thọ")[i % 2],
        received_at=received,
        due_at=received + timedelta(days=3),
        transferred_at=received + timedelta(hours=2) if i % 3 else None,
        result_at=received + timedelta(days=2) if done else None,
        returned_at=received + timedelta(days=3) if done else None,
        channel=("direct", "postal", "online")[i % 3],
        status="Đã trả kết quả" if done else "Đang giải quyết",
        note="Nhận kết quả qua bưu điện" if i % 7 == 0 else None,
    )


def register(count: int = 24) -> RegisterDoc:
    rows = [register_row(i) for i in range(count)]
    if count > 1:
        rows[1] = register_row(1, WIDEST_CODE)
    return RegisterDoc(
        office=OFFICE,
        period_from=datetime(2025, 10, 31, 17, 0, tzinfo=UTC),  # [01/11/2025 00:00, 01/12/2025 00:00)
        period_to=datetime(2025, 11, 30, 17, 0, tzinfo=UTC),
        rows=tuple(rows),
        printed_at=datetime(2025, 12, 1, 2, 0, tzinfo=UTC),
    )


def handover() -> HandoverDoc:
    return HandoverDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Đăng ký kết hôn",
        outcome="granted",
        papers=("Giấy chứng nhận kết hôn (bản chính)", "Trích lục kết hôn (bản sao)"),
        receiver_name="Trần Minh Khôi",
        receiver_id_number="001090123456",
        clerk_name=CLERK,
        returned_at=datetime(2025, 11, 25, 8, 30, tzinfo=UTC),
        reprint=False,
        qr_payload=paper_qr("GN"),
        authorisation=Authorisation("Giấy ủy quyền có chứng thực", "125/2025", date(2025, 11, 20)),
    )


def manifest(count: int = 4) -> PostalManifestDoc:
    names = ("Nguyễn Thị Thuỷ Tiên", "Lò Văn Páo", "Sở Tư pháp tỉnh Phú Thọ")
    items = tuple(
        ManifestItem(
            number=i,
            tracking=f"RR{123456700 + i:09d}VN",
            code=WIDEST_CODE if i == 2 else f"000.12.34.H26-251118-{2000 + i:04d}",
            purpose=("result", "transfer")[i % 2],
            recipient_name=names[i % 3],
            recipient_address=f"Số {i}, ngõ 34, thôn Đồng Xuân, xã Tân Lập, tỉnh Phú Thọ",
            postage=25_000 + 1_000 * (i % 4),
            slip_number=None,
        )
        for i in range(1, count + 1)
    )
    return PostalManifestDoc(
        office=OFFICE,
        direction="out",
        batch_number="BĐ-2025/0142",
        opened_at=datetime(2025, 11, 18, 1, 0, tzinfo=UTC),
        closed_at=datetime(2025, 11, 18, 9, 30, tzinfo=UTC),
        items=items,
        clerk_name=CLERK,
        postal_name="Phạm Thị Bưu",
        reprint=False,
    )


# name -> (file stem, render): every printed form, in the order of the 2025 set (01-07), then the
# two records that are not in the set.
FORMS: dict[str, Callable[[Labels], bytes]] = {
    "01-receipt": lambda labels: forms.render_receipt(receipt(), labels),
    "02-supplement": lambda labels: forms.render_supplement(supplement(), labels),
    "03-refusal": lambda labels: forms.render_refusal(refusal(), labels),
    "04-apology": lambda labels: forms.render_apology(apology(), labels),
    "05-stop-notice": lambda labels: forms.render_stop_notice(stop_notice(), labels),
    "06-routing-slip": lambda labels: forms.render_routing_slip(routing_slip(), labels),
    "07-register": lambda labels: forms.render_register(register(), labels),
    "handover-note": lambda labels: forms.render_handover(handover(), labels),
    "postal-manifest": lambda labels: forms.render_postal_manifest(manifest(), labels),
}


def render_all(form_set: str = "2025", lang: str = "vi") -> dict[str, bytes]:
    """Every form's PDF bytes for the sample documents."""
    labels = forms.load_labels(form_set, lang)
    return {name: render(labels) for name, render in FORMS.items()}
