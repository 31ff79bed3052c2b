"""The lifecycle forms (apology, routing slip, register, hand-over note, stop notice), read back the way
a clerk would: text out of the PDF with pypdf, the register's workbook opened with openpyxl.

No database, no Qt: documents are built here from the printing DTOs.
"""

from __future__ import annotations

import io
import json
import time
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from counter_app.printing import forms, handover, notices, register, routing
from counter_app.printing.forms import (
    load_labels,
    register_xlsx,
    render_apology,
    render_handover,
    render_register,
    render_routing_slip,
    render_stop_notice,
)
from counter_app.printing.labels import MAY_BE_EMPTY, REQUIRED_KEYS, Labels, forms_dir
from counter_app.printing.model import (
    ApologyDoc,
    Applicant,
    HandoverDoc,
    Hop,
    OfficeHeader,
    RegisterDoc,
    RegisterRow,
    RoutingSlipDoc,
    Signer,
    StopNoticeDoc,
)
from tests.printing.test_forms import all_text, flat, fonts_of, texts

ALL_SETS = [("2018", "vi"), ("2018", "en"), ("2025", "vi"), ("2025", "en")]
RECEIVED = datetime(2025, 11, 18, 2, 15, tzinfo=UTC)  # 09:15 in Vietnam
DUE = datetime(2025, 11, 25, 10, 0, tzinfo=UTC)  # 17:00
NEW_APPOINTMENT = datetime(2025, 12, 2, 10, 0, tzinfo=UTC)  # 17:00 on 02/12/2025
CODE = "000.12.34.H26-251118-2001"
NAME = "Nguyễn Thị Thuỷ Tiên"
OFFICE = OfficeHeader("UBND TỈNH PHÚ THỌ", "UBND XÃ TÂN LẬP", "Tân Lập", "0210 3846 123")
APPLICANT = Applicant(
    NAME, "Số 12, ngõ 34, thôn Đồng Xuân, xã Tân Lập, tỉnh Phú Thọ", "0912 345 678", None, "025190001234"
)
REASON = "Cần xác minh tình trạng hôn nhân của bên nam tại nơi cư trú trước đây (xã Hùng Sơn)."
TITLES = {
    "2018": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "2025": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
}
BASIS = {"2018": "Thông tư số 01/2018/TT-VPCP", "2025": "Thông tư số 03/2025/TT-VPCP"}
ROUTING_TITLE = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
STOP_TITLE = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
HANDOVER_TITLE = "PHIẾU GIAO NHẬN KẾT QUẢ GIẢI QUYẾT HỒ SƠ"


@pytest.fixture(params=["2018", "2025"])
def vi_set(request: pytest.FixtureRequest) -> Labels:
    return load_labels(request.param, "vi")


def apology(**changes: Any) -> ApologyDoc:
    doc = ApologyDoc(
        office=OFFICE,
        number=15,
        symbol="PXL-UBND",
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Đăng ký kết hôn",
        field="Hộ tịch",
        received_at=RECEIVED,
        original_appointment=DUE,
        reason=REASON,
        new_appointment=NEW_APPOINTMENT,
        signer=Signer("TM", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hoàng Văn Bình"),
        issued_at=datetime(2025, 11, 24, 2, 0, tzinfo=UTC),
        second_reschedule=False,
        reprint=False,
    )
    return replace(doc, **changes)


def hop(agency: str, hours: float, outcome: str | None, note: str | None = None) -> Hop:
    return Hop(agency, RECEIVED + timedelta(hours=hours), "Trần Văn Đức", "Lê Thị Hoa", outcome, note)


HOPS = (
    hop("Bộ phận Một cửa xã Tân Lập", 1, "early"),
    hop("Công chức Tư pháp - Hộ tịch", 26, "on_time", "Chuyển thẩm định"),
    hop("Phó Chủ tịch UBND xã", 170, "late"),
    hop("Văn thư UBND xã", 171, None),
)


def routing_slip(**changes: Any) -> RoutingSlipDoc:
    doc = RoutingSlipDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Đăng ký kết hôn",
        received_at=RECEIVED,
        due_at=DUE,
        hops=HOPS,
        printed_at=datetime(2025, 11, 26, 3, 5, tzinfo=UTC),
    )
    return replace(doc, **changes)


def register_row(i: int, **changes: Any) -> RegisterRow:
    received = datetime(2025, 1, 2, 1, 30, tzinfo=UTC) + timedelta(hours=1.7 * i)
    done = i % 5 != 0
    row = RegisterRow(
        number=i + 1,
        code=f"000.12.34.H26-{received:%y%m%d}-{2000 + i:04d}",
        procedure_name=("Đăng ký khai sinh", "Chứng thực bản sao từ bản chính giấy tờ, văn bản")[i % 2],
        dossier_sets=1 + i % 2,
        applicant_name=("Nguyễn Thị Thuỷ Tiên", "Lò Văn Páo", "Công ty TNHH Thương mại Hùng Vương")[i % 3],
        applicant_contact=f"Thôn {i % 17 + 1}, xã Tân Lập; 0912 {i:06d}",
        processing_agency=("UBND xã Tân Lập", "Sở Tư pháp tỉnh Phú Thọ")[i % 2],
        received_at=received,
        due_at=received + timedelta(days=3),
        transferred_at=received + timedelta(hours=2) if i % 3 else None,
        result_at=received + timedelta(days=2) if done else None,
        returned_at=received + timedelta(days=3) if done else None,
        channel=("direct", "postal", "online")[i % 3],
        status="Đã trả kết quả" if done else "Đang giải quyết",
        note="Nhận kết quả qua bưu điện" if i % 7 == 0 else None,
    )
    return replace(row, **changes)


def register_doc(count: int = 300, **changes: Any) -> RegisterDoc:
    doc = RegisterDoc(
        office=OFFICE,
        # the services pass [start 00:00, end + 1 day 00:00) in office time
        period_from=datetime(2024, 12, 31, 17, 0, tzinfo=UTC),
        period_to=datetime(2025, 12, 31, 17, 0, tzinfo=UTC),
        rows=tuple(register_row(i) for i in range(count)),
        printed_at=datetime(2026, 1, 5, 2, 0, tzinfo=UTC),
    )
    return replace(doc, **changes)


def handover_note(**changes: Any) -> HandoverDoc:
    doc = HandoverDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Đăng ký kết hôn",
        outcome="granted",
        papers=("Giấy chứng nhận kết hôn (bản chính)", "Trích lục kết hôn (bản sao)"),
        receiver_name="Trần Minh Khôi",
        receiver_id_number="001090123456",
        clerk_name="Trần Văn Đức",
        returned_at=datetime(2025, 11, 25, 8, 30, tzinfo=UTC),
        reprint=False,
    )
    return replace(doc, **changes)


def stop_notice(**changes: Any) -> StopNoticeDoc:
    doc = StopNoticeDoc(
        office=OFFICE,
        code=CODE,
        applicant=APPLICANT,
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân",
        received_at=RECEIVED,
        reason="Người yêu cầu có văn bản đề nghị rút hồ sơ ngày 20/11/2025.",
        signer=Signer("", None, "CHỦ TỊCH", "Hoàng Văn Bình"),
        issued_at=datetime(2025, 11, 21, 2, 0, tzinfo=UTC),
        reprint=False,
    )
    return replace(doc, **changes)


def every_form(labels: Labels) -> dict[str, bytes]:
    return {
        "apology": render_apology(apology(reprint=True, second_reschedule=True), labels),
        "routing": render_routing_slip(routing_slip(), labels),
        "register": render_register(register_doc(40), labels),
        "handover": render_handover(handover_note(reprint=True), labels),
        "stop": render_stop_notice(stop_notice(reprint=True), labels),
    }


def compact(text: str) -> str:
    """No white space at all: a dossier code broken over two lines of a cell reads whole."""
    return "".join(text.split())


# ---------------------------------------------------------------- apology (Mẫu 04)


def test_apology_carries_every_field(vi_set: Labels) -> None:
    pdf = render_apology(apology(), vi_set)
    pages = texts(pdf)
    assert len(pages) == 1
    text = flat(pages[0])
    assert "Mẫu số 04" in text and BASIS[vi_set.form_set] in text
    assert TITLES[vi_set.form_set] in text
    other = TITLES["2025" if vi_set.form_set == "2018" else "2018"]
    assert other not in text
    assert "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ" in text and "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Tân Lập, ngày 24 tháng 11 năm 2025" in text
    assert "Số: 15/PXL" in text
    assert f"Kính gửi: {NAME}" in text
    assert "Địa chỉ: Số 12, ngõ 34, thôn Đồng Xuân, xã Tân Lập, tỉnh Phú Thọ" in text
    assert f"Ngày 18 tháng 11 năm 2025, Ủy ban nhân dân xã Tân Lập tiếp nhận hồ sơ của Ông/Bà {NAME}." in text
    assert f"Mã hồ sơ: {CODE}" in text
    assert "Nội dung yêu cầu giải quyết: Đăng ký kết hôn. Lĩnh vực: Hộ tịch" in text
    assert "Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 25 tháng 11 năm 2025" in text
    assert "đến nay chưa trả kết quả đúng hạn" in text
    assert f"Lý do: {REASON}" in text
    assert "xin lỗi Ông/Bà" in text
    assert "Thời gian hẹn trả kết quả lại: 17 giờ 00 phút, ngày 02 tháng 12 năm 2025" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text and "Hoàng Văn Bình" in text
    assert "(Ký, ghi rõ họ tên và đóng dấu)" in text
    assert "Nơi nhận:" in text
    assert "BẢN IN LẠI" not in text
    assert "thứ hai" not in text


@pytest.mark.parametrize("second", [False, True])
def test_the_second_reschedule_is_said_only_when_it_is_one(vi_set: Labels, second: bool) -> None:
    text = all_text(render_apology(apology(second_reschedule=second), vi_set))
    assert ("thứ hai" in text) is second
    assert ("đã được lãnh đạo cơ quan xác nhận" in text) is second


def test_apology_without_a_number_leaves_dots_and_a_reprint_is_marked() -> None:
    labels = load_labels("2025")
    pdf = render_apology(apology(number=None, reprint=True, signer=Signer("", None, "CHỦ TỊCH", None)), labels)
    text = all_text(pdf)
    assert "Số: ……………/PXL" in text
    assert "BẢN IN LẠI" in text
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == f"Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết – {CODE} (BẢN IN LẠI)"
    assert "Mẫu số 04" in meta.subject and NAME in meta.subject


def test_a_reason_over_several_lines_prints_every_line() -> None:
    reason = "Hồ sơ cần xác minh thêm.\nCơ quan phối hợp chưa trả lời."
    text = all_text(render_apology(apology(reason=reason), load_labels("2018")))
    assert "Lý do: Hồ sơ cần xác minh thêm." in text
    assert "Cơ quan phối hợp chưa trả lời." in text


# ---------------------------------------------------------------- routing slip


def test_routing_slip_lists_every_hand_over(vi_set: Labels) -> None:
    pages = texts(render_routing_slip(routing_slip(), vi_set))
    assert len(pages) <= 2  # 13 pt type: the blank rows may go on to a second page, numbered "2"
    assert all(page.startswith("2") for page in pages[1:])
    text = flat(" ".join(pages))
    number = {"2018": "Mẫu số 05", "2025": "Mẫu số 06"}[vi_set.form_set]
    assert number in text and BASIS[vi_set.form_set] in text
    assert ROUTING_TITLE in text
    assert f"Mã hồ sơ: {CODE}" in text
    assert f"Kèm theo hồ sơ của: {NAME}" in text and "Số điện thoại: 0912 345 678" in text
    assert "Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 18 tháng 11 năm 2025" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 25 tháng 11 năm 2025" in text
    for title in ("TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "GHI CHÚ"):
        assert title in text
    for item in HOPS:
        assert item.agency in text
    assert "Giao: 10 giờ 15 phút, ngày 18 tháng 11 năm 2025" in text  # 1 hour after reception
    assert "Người giao" in text and "Người nhận" in text
    assert "Trần Văn Đức" in text and "Lê Thị Hoa" in text
    assert "Chuyển thẩm định" in text
    # one outcome word per closed hop; the column title's hint also says "(Trước hạn/đúng hạn/quá hạn)"
    assert text.count("Trước hạn") == 1 + len(pages)  # the hint repeats with the column titles
    assert text.count("Đúng hạn") == 1
    assert text.count("Quá hạn") == 1
    assert "In lúc 10 giờ 05 phút, ngày 26 tháng 11 năm 2025" in text
    # padded with one blank row to write the next hand-over by hand
    assert "Giao: …… giờ …… phút, ngày …… tháng …… năm ……" in text


def test_an_open_slip_has_blank_rows_for_the_hand_overs_to_come() -> None:
    text = all_text(render_routing_slip(routing_slip(hops=()), load_labels("2025")))
    assert text.count("Giao: …… giờ …… phút") == routing.MIN_ROWS
    assert "Quá hạn" not in text and "Đúng hạn" not in text


def test_a_long_trail_continues_with_the_header_on_every_page() -> None:
    hops = tuple(hop(f"Cơ quan phối hợp số {i}", i, ("early", "on_time", "late", None)[i % 4]) for i in range(1, 41))
    pages = texts(render_routing_slip(routing_slip(hops=hops), load_labels("2025")))
    assert len(pages) > 1
    text = flat(" ".join(pages))
    for item in hops:
        assert f"{item.agency} " in text + " "
    for page in pages:
        assert "TÊN CƠ QUAN" in flat(page) and "THỜI GIAN GIAO, NHẬN HỒ SƠ" in flat(page)
    assert ROUTING_TITLE in pages[0]
    assert f"Mã hồ sơ: {CODE}" in pages[1]  # the continuation heading


def test_an_unknown_hop_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="outcome"):
        render_routing_slip(routing_slip(hops=(hop("UBND xã", 1, "soon"),)), load_labels("2025"))


# ---------------------------------------------------------------- register


def test_register_is_landscape_with_every_row_and_the_header_on_every_page(vi_set: Labels) -> None:
    doc = register_doc(300)
    reader = PdfReader(io.BytesIO(render_register(doc, vi_set)))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) > 5
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    everything = compact(" ".join(pages))
    for row in doc.rows:
        assert row.code in everything
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        # Decree 30/2020: the number at the top centre from page 2, none on page 1
        assert text.startswith(f"{number} ") is (number > 1)
        for title in ("STT", "Mã hồ sơ", "Tên TTHC", "Ngày nhận hồ sơ", "Ngày hẹn trả", "Ký nhận", "Ghi chú"):
            assert title in text
        assert "Số lượng hồ sơ (bộ)" in text and "Cơ quan chủ trì giải quyết" in text
        assert "Ngày chuyển hồ sơ" in text and "Ngày có kết quả" in text and "Ngày trả kết quả" in text
        assert "Tên cá nhân, tổ chức" in text and "Địa chỉ, số điện thoại" in text
    first = flat(pages[0])
    assert "SỔ THEO DÕI HỒ SƠ" in first
    assert {"2018": "Mẫu số 06", "2025": "Mẫu số 07"}[vi_set.form_set] in first
    assert BASIS[vi_set.form_set] in first
    assert "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in first
    # the end bound is exclusive: [01/01/2025 00:00, 01/01/2026 00:00) is the year 2025
    assert "Từ ngày 01/01/2025 đến ngày 31/12/2025" in first
    assert "02/01/2025 08:30" in first  # 01:30 UTC in office time
    assert "Nguyễn Thị Thuỷ Tiên" in first and "Lò Văn Páo" in first
    assert "Trực tuyến" in first and "Qua dịch vụ bưu chính công ích" in first
    assert "Đang giải quyết" in first and "Nhận kết quả qua bưu điện" in first


def test_an_inclusive_period_end_prints_its_own_day() -> None:
    doc = register_doc(3, period_to=datetime(2025, 3, 31, 16, 59, tzinfo=UTC))  # 23:59 on 31/03
    assert "Từ ngày 01/01/2025 đến ngày 31/03/2025" in all_text(render_register(doc, load_labels("2025")))


def test_an_empty_register_says_so_on_one_page() -> None:
    pages = texts(render_register(register_doc(0), load_labels("2025")))
    assert len(pages) == 1
    assert "Không có hồ sơ trong kỳ." in flat(pages[0])
    assert not pages[0].startswith("1")  # no number on page 1


def test_a_huge_cell_is_cut_to_one_page() -> None:
    note = "Ghi chú rất dài về quá trình xử lý hồ sơ. " * 400
    rows = (register_row(0), register_row(1, note=note), register_row(2))
    pages = texts(render_register(register_doc(0, rows=rows), load_labels("2025")))
    assert "…" in " ".join(pages)
    assert all(row.code in compact(" ".join(pages)) for row in rows)


def test_an_unknown_channel_is_refused() -> None:
    doc = register_doc(0, rows=(register_row(0, channel="pigeon"),))
    with pytest.raises(ValueError, match="channel"):
        render_register(doc, load_labels("2025"))


def test_wrapping_breaks_long_words_after_punctuation() -> None:
    face, size = "FormSerif", 7.4
    lines = register.wrap(CODE, face, size, 60.0)
    assert [text for text, _width in lines] == ["000.12.34.H26-", "251118-2001"]
    assert all(width <= 60.0 for _text, width in lines)
    assert [text for text, _ in register.wrap("18/11/2025\n09:15", face, 6.9, 46.0)] == ["18/11/2025", "09:15"]


def test_five_thousand_rows_render_quickly() -> None:
    doc = register_doc(5000)
    register.wrap.cache_clear()
    started = time.process_time()
    pdf = render_register(doc, load_labels("2025"))
    spent = time.process_time() - started
    assert spent < 10, f"5,000 rows took {spent:.1f} s of CPU"  # about 2 s on the reference machine
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 300
    assert doc.rows[-1].code in compact(reader.pages[-1].extract_text())


# ---------------------------------------------------------------- register as XLSX


def test_register_workbook_has_the_header_one_row_per_dossier_and_real_dates(vi_set: Labels) -> None:
    doc = register_doc(120)
    workbook = openpyxl.load_workbook(io.BytesIO(register_xlsx(doc, vi_set)))
    assert len(workbook.worksheets) == 1
    sheet = workbook.active
    assert sheet.title == "Sổ theo dõi hồ sơ"
    head = register.XLSX_HEAD_ROWS + 1
    above = [str(cell.value) for row in sheet.iter_rows(max_row=head - 1) for cell in row if cell.value]
    assert "SỔ THEO DÕI HỒ SƠ" in above and "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in above
    assert "Từ ngày 01/01/2025 đến ngày 31/12/2025" in above
    assert {"2018": "Mẫu số 06", "2025": "Mẫu số 07"}[vi_set.form_set] in above
    assert any(BASIS[vi_set.form_set] in text for text in above)
    header = [cell.value for cell in sheet[head]]
    assert header == [vi_set.get(column.key) for column in register.COLUMNS]
    assert header[:3] == ["STT", "Mã hồ sơ", "Tên TTHC"] and header[-2:] == ["Ký nhận", "Ghi chú"]
    assert all(cell.font.bold for cell in sheet[head])
    assert sheet.max_row == head + len(doc.rows)
    assert sheet.freeze_panes == f"A{head + 1}"
    assert sheet.auto_filter.ref == f"A{head}:N{head + len(doc.rows)}"
    assert all(sheet.column_dimensions[letter].width > 5 for letter in "ABCDEFGHIJKLMN")
    first = [cell.value for cell in sheet[head + 1]]
    row = doc.rows[0]
    texts_of_row = [row.code, row.procedure_name, row.dossier_sets, row.applicant_name, row.applicant_contact]
    assert first[:7] == [1, *texts_of_row, row.processing_agency]
    assert first[7] == datetime(2025, 1, 2, 8, 30)  # office time, naive
    assert isinstance(first[8], datetime) and first[8].tzinfo is None
    assert sheet.cell(head + 1, 8).is_date and sheet.cell(head + 1, 8).number_format == "dd/mm/yyyy hh:mm"
    assert first[9] is None  # not transferred
    assert first[12] is None  # Ký nhận: signed by hand
    assert first[13] == "Đang giải quyết; Nhận kết quả qua bưu điện"
    codes = [sheet.cell(r, 2).value for r in range(head + 1, sheet.max_row + 1)]
    assert codes == [r.code for r in doc.rows]


def test_register_workbook_is_nfc_keeps_formula_like_text_as_text_and_is_deterministic() -> None:
    decomposed = unicodedata.normalize("NFD", "Thôn Đồng Xuân, xã Tân Lập")
    formula = '=HYPERLINK("http://x","Bấm")'
    rows = (register_row(0, applicant_name=formula, applicant_contact=decomposed),)
    doc = register_doc(0, rows=rows)
    labels = load_labels("2025")
    data = register_xlsx(doc, labels)
    assert data == register_xlsx(doc, labels)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    row = register.XLSX_HEAD_ROWS + 2
    assert sheet.cell(row, 6).value == "Thôn Đồng Xuân, xã Tân Lập"
    assert sheet.cell(row, 5).value == formula
    assert sheet.cell(row, 5).data_type == "s"  # a name is never a formula


def test_an_empty_register_workbook_still_has_its_header() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(register_xlsx(register_doc(0), load_labels("2018", "en")))).active
    head = register.XLSX_HEAD_ROWS + 1
    assert sheet.max_row == head
    assert sheet[f"A{head}"].value == "No." and sheet.freeze_panes == f"A{head + 1}"


# ---------------------------------------------------------------- hand-over note


def test_handover_note_names_the_result_the_papers_and_both_signatories(vi_set: Labels) -> None:
    pdf = render_handover(handover_note(), vi_set)
    text = all_text(pdf)
    assert HANDOVER_TITLE in text
    assert f"Mã hồ sơ: {CODE}" in text
    assert f"Người nộp hồ sơ: {NAME}" in text
    assert "Nội dung yêu cầu giải quyết: Đăng ký kết hôn" in text
    assert "Kết quả: Hồ sơ đã được giải quyết." in text
    assert "Giấy chứng nhận kết hôn (bản chính)" in text and "Trích lục kết hôn (bản sao)" in text
    assert f"Người nhận kết quả: Trần Minh Khôi (nhận thay Ông/Bà {NAME})" in text
    assert "001090123456" in text
    assert "Thời gian trả kết quả: 15 giờ 30 phút, ngày 25 tháng 11 năm 2025" in text
    assert "NGƯỜI NHẬN KẾT QUẢ" in text and "NGƯỜI TRẢ KẾT QUẢ" in text and "Trần Văn Đức" in text
    # not an official form of either set: no form number, no legal basis
    assert "Mẫu số" not in text and "Thông tư" not in text
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == f"Phiếu giao nhận kết quả giải quyết hồ sơ – {CODE}"
    assert "Mẫu số" not in meta.subject and NAME in meta.subject


def test_a_denied_result_handed_to_the_applicant_in_person() -> None:
    doc = handover_note(outcome="denied", papers=(), receiver_name=NAME.upper(), reprint=True)
    text = all_text(render_handover(doc, load_labels("2025")))
    assert "Văn bản trả lời không giải quyết" in text
    assert "Hồ sơ đã được giải quyết" not in text
    assert "Giấy tờ giao cho người nhận kết quả: Không có." in text
    assert "nhận thay" not in text  # the same person, whatever the case
    assert "BẢN IN LẠI" in text


def test_an_unknown_handover_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="outcome"):
        render_handover(handover_note(outcome="maybe"), load_labels("2025"))


# ---------------------------------------------------------------- stop notice


def test_stop_notice_is_form_05_of_the_2025_set() -> None:
    text = all_text(render_stop_notice(stop_notice(), load_labels("2025")))
    assert "Mẫu số 05" in text and BASIS["2025"] in text
    assert STOP_TITLE in text
    assert f"Kính gửi: {NAME}" in text
    assert f"Mã hồ sơ: {CODE}" in text
    assert "Nội dung yêu cầu giải quyết: Cấp Giấy xác nhận tình trạng hôn nhân" in text
    assert "Ủy ban nhân dân xã Tân Lập thông báo dừng giải quyết hồ sơ nêu trên." in text
    assert "Lý do: Người yêu cầu có văn bản đề nghị rút hồ sơ ngày 20/11/2025." in text
    assert "CHỦ TỊCH" in text and "Hoàng Văn Bình" in text and "(Ký, ghi rõ họ tên và đóng dấu)" in text


def test_the_2018_set_prints_the_stop_notice_without_a_form_number() -> None:
    pdf = render_stop_notice(stop_notice(reprint=True), load_labels("2018"))
    text = all_text(pdf)
    assert STOP_TITLE in text and "Lý do:" in text and "BẢN IN LẠI" in text
    assert "Mẫu số" not in text and "Thông tư" not in text
    assert "Mẫu số" not in PdfReader(io.BytesIO(pdf)).metadata.subject


# ---------------------------------------------------------------- every form, every set


@pytest.mark.parametrize(("form_set", "lang"), ALL_SETS)
def test_every_label_set_renders_every_form(form_set: str, lang: str) -> None:
    labels = load_labels(form_set, lang)
    for name, pdf in every_form(labels).items():
        assert pdf.startswith(b"%PDF-"), name
        text = all_text(pdf)
        assert name == "register" or NAME in text, name
        for page in PdfReader(io.BytesIO(pdf)).pages:
            fonts = fonts_of(page["/Resources"].get_object())
            assert fonts, name
            for font in fonts:
                assert "LiberationSerif" in font["/BaseFont"], name
                assert "/FontFile2" in font["/FontDescriptor"].get_object(), name


def test_english_labels_speak_english() -> None:
    labels = load_labels("2025", "en")
    assert "LETTER OF APOLOGY AND REQUEST TO EXTEND THE PROCESSING TIME" in all_text(render_apology(apology(), labels))
    assert "PROCESSING CONTROL SLIP" in all_text(render_routing_slip(routing_slip(), labels))
    assert "DOSSIER REGISTER" in all_text(render_register(register_doc(5), labels))


@pytest.mark.parametrize(
    ("form_set", "numbers"),
    [
        ("2018", {"apology": "04", "routing": "05", "register": "06", "stop_notice": "", "handover": ""}),
        ("2025", {"apology": "04", "routing": "06", "register": "07", "stop_notice": "05", "handover": ""}),
    ],
)
def test_each_set_numbers_the_lifecycle_forms_its_own_way(form_set: str, numbers: dict[str, str]) -> None:
    for lang, prefix in (("vi", "Mẫu số "), ("en", "Form No. ")):
        labels = load_labels(form_set, lang)
        for form, number in numbers.items():
            assert labels.get(f"form_no_{form}") == (prefix + number if number else ""), (lang, form)


def test_label_sets_keep_identical_keys() -> None:
    raw = {
        (form_set, lang): json.loads((forms_dir() / f"{form_set}.{lang}.json").read_text(encoding="utf-8"))["labels"]
        for form_set, lang in ALL_SETS
    }
    for texts_of_set in raw.values():
        assert set(texts_of_set) == REQUIRED_KEYS
    assert {key for key in REQUIRED_KEYS if not raw[("2025", "vi")][key]} <= MAY_BE_EMPTY


def test_nfd_input_is_printed_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", NAME)
    reason = unicodedata.normalize("NFD", "Hồ sơ cần xác minh thêm tại xã Hùng Sơn")
    assert decomposed != NAME
    applicant = replace(APPLICANT, full_name=decomposed)
    labels = load_labels("2025")
    pdfs = [
        render_apology(apology(applicant=applicant, reason=reason), labels),
        render_routing_slip(routing_slip(applicant=applicant), labels),
        render_register(register_doc(0, rows=(register_row(0, applicant_name=decomposed),)), labels),
        render_handover(handover_note(applicant=applicant, receiver_name=decomposed), labels),
        render_stop_notice(stop_notice(applicant=applicant, reason=reason), labels),
    ]
    for pdf in pdfs:
        text = all_text(pdf)
        assert NAME in text
        assert decomposed not in text
        assert unicodedata.normalize("NFC", text) == text
    assert "Hồ sơ cần xác minh thêm tại xã Hùng Sơn" in all_text(pdfs[0])


def test_output_is_deterministic() -> None:
    labels = load_labels("2025")
    assert every_form(labels) == every_form(labels)


def test_public_renders_hold_the_printing_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, bool] = {}

    def spy(name: str) -> Any:
        def render(_doc: object, _labels: Labels) -> bytes:
            seen[name] = forms._LOCK.locked()
            return b""

        return render

    for module, name in (
        (notices, "render_apology"),
        (notices, "render_stop_notice"),
        (routing, "render_routing_slip"),
        (register, "render_register"),
        (handover, "render_handover"),
    ):
        monkeypatch.setattr(module, name, spy(name))
        getattr(forms, name)(None, load_labels("2025"))
    assert seen == dict.fromkeys(seen, True)
    assert len(seen) == 5
