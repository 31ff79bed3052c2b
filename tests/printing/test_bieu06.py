"""Biểu 06 printed: the official layout's words and figures (pypdf), the workbook (openpyxl), fonts."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from counter_app.printing.bieu06 import bieu06_xlsx, render_bieu06
from counter_app.printing.model import Bieu06Doc, Bieu06Row, OfficeHeader
from tests.printing.test_forms import fonts_of

NFD_FIELD = "Ho\u0302\u0323 ti\u0323ch"  # "Hộ tịch" typed with combining marks


def doc(rows: int = 2, **changes: object) -> Bieu06Doc:
    fields = [
        Bieu06Row("Chứng thực", (4, 0, 3, 1, 2, 0, 1, 1, 2, 1, 1)),
        Bieu06Row(NFD_FIELD, (4, 1, 1, 2, 3, 1, 1, 1, 1, 1, 0)),
    ] + [Bieu06Row(f"Lĩnh vực {n}", (1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0)) for n in range(rows - 2)]
    values: dict[str, object] = {
        "office": OfficeHeader("UBND TỈNH PHÚ THỌ", "UBND XÃ TÂN LẬP", "Tân Lập"),
        "period_from": date(2025, 7, 1),
        "period_to": date(2025, 9, 30),
        "rows": tuple(fields[:rows]),
        "total": Bieu06Row("", (8, 1, 4, 3, 5, 1, 2, 2, 3, 2, 1)),
        "ended_withdrawn": 1,
        "ended_stopped": 1,
        "refused": 2,
        "withdrawn_before_acceptance": 0,
        "apologies": 4,
        "online_share": 1 / 7,
        "postal_share": None,
        "satisfaction": (3, 1, 0),
        "printed_at": datetime(2025, 10, 2, 3, 0, tzinfo=UTC),
    }
    values.update(changes)
    return Bieu06Doc(**values)  # type: ignore[arg-type]


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_pdf_has_the_official_heading_groups_and_figures() -> None:
    pdf = render_bieu06(doc())
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape A4
    text = text_of(pdf)
    for words in (
        "Biểu số 06/VPCP/KSTT",
        "Thông tư số 01/2020/TT-VPCP",
        "Đơn vị báo cáo: UBND XÃ TÂN LẬP",
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC",
        "(Từ ngày 01/07/2025 đến ngày 30/09/2025)",
        "Đơn vị tính: Số hồ sơ TTHC",
        "Số hồ sơ nhận giải quyết",
        "Số hồ sơ đã giải quyết",
        "Số hồ sơ đang giải quyết",
        "Từ kỳ trước",
        "Trước hạn",
        "Đúng hạn",
        "Trong hạn",
        "(A) (B) (1) (2) (3) (4) (5) (6) (7) (8) (9) (10) (11)",
        "Tổng cộng 8 1 4 3 5 1 2 2 3 2 1",
        "1 Chứng thực 4 0 3 1 2 0 1 1 2 1 1",
        "2 Hộ tịch 4 1 1 2 3 1 1 1 1 1 0",  # NFD in, NFC out
        "rút hồ sơ theo đề nghị 1; dừng giải quyết 1",
        "từ chối tiếp nhận 2",
        "Văn bản xin lỗi đã ban hành trong kỳ: 4",
        "Tỷ lệ hồ sơ trực tuyến: 14,3 %; tỷ lệ sử dụng dịch vụ bưu chính công ích: —",
        "rất hài lòng 3; hài lòng 1; không hài lòng 0",
        "Tân Lập, ngày 02 tháng 10 năm 2025",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
    ):
        assert words in text, words
    assert reader.metadata.title == "Biểu số 06/VPCP/KSTT – UBND XÃ TÂN LẬP, 01/07/2025–30/09/2025"


def test_only_the_embedded_bundled_font_is_used() -> None:
    reader = PdfReader(io.BytesIO(render_bieu06(doc())))
    fonts = fonts_of(reader.pages[0]["/Resources"].get_object())
    assert {str(f["/BaseFont"]).split("+")[-1] for f in fonts} == {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
    }
    assert all("/FontFile2" in f["/FontDescriptor"].get_object() for f in fonts)


def test_many_fields_continue_with_the_header_repeated() -> None:
    pdf = render_bieu06(doc(rows=40))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2
    with_rows = [page for page in pages if "Lĩnh vực " in page]
    assert len(with_rows) >= 2 and all("Số hồ sơ nhận giải quyết" in page for page in with_rows)
    assert "Lĩnh vực 37" in text_of(pdf)


def test_an_empty_period_says_so_and_english_renders() -> None:
    assert "Không có hồ sơ trong kỳ báo cáo" in text_of(render_bieu06(doc(rows=0)))
    english = text_of(render_bieu06(doc(), "en"))
    assert "Form 06/VPCP/KSTT" in english and "Grand total 8 1 4 3 5 1 2 2 3 2 1" in english
    assert "Online share: 14.3 %" in english
    with pytest.raises(ValueError, match="unknown language"):
        render_bieu06(doc(), "fr")


def test_output_is_deterministic() -> None:
    assert render_bieu06(doc()) == render_bieu06(doc())
    assert bieu06_xlsx(doc()) == bieu06_xlsx(doc())


def test_workbook_has_the_same_layout_with_numbers() -> None:
    sheet = load_workbook(io.BytesIO(bieu06_xlsx(doc()))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    flat = [cell for row in rows for cell in row if cell is not None]
    assert "Biểu số 06/VPCP/KSTT" in flat and "(Từ ngày 01/07/2025 đến ngày 30/09/2025)" in flat
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert rows[header][2] == "Số hồ sơ nhận giải quyết" and rows[header][6] == "Số hồ sơ đã giải quyết"
    assert rows[header][10] == "Số hồ sơ đang giải quyết"
    assert rows[header + 1][2:6] == ["Tổng số", "Trong đó", None, "Từ kỳ trước"]
    assert rows[header + 2][3:5] == ["Trực tuyến", "Trực tiếp, dịch vụ bưu chính"]
    assert rows[header + 3][0] == "(A)" and rows[header + 3][12] == "(11)"
    assert rows[header + 4][1:] == ["Tổng cộng", 8, 1, 4, 3, 5, 1, 2, 2, 3, 2, 1]
    assert rows[header + 6][:3] == ["2", "Hộ tịch", 4]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"C8:F8", "G8:J8", "K8:M8", "A8:A10", "B8:B10", "C9:C10", "D9:E9", "F9:F10", "G9:G10"} <= merged
    assert any(isinstance(c, str) and "Văn bản xin lỗi đã ban hành trong kỳ: 4" in c for c in flat)
