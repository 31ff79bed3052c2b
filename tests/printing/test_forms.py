"""The printed forms, checked the way a clerk would: open the PDF, read it, scan the QR code.

Text comes out through pypdf, pages are rendered with pypdfium2 and the QR decoded with zxing-cpp.
No database, no Qt: documents are built here from the printing DTOs.
"""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from counter_app.domain.values import ComponentForm
from counter_app.printing.forms import load_labels, render_receipt, render_refusal, render_supplement
from counter_app.printing.labels import Labels
from counter_app.printing.model import Applicant, Paper, ReceiptDoc, RefusalDoc, SupplementDoc

MakeReceipt = Callable[..., ReceiptDoc]
MakeSupplement = Callable[..., SupplementDoc]
MakeRefusal = Callable[..., RefusalDoc]

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
COPY_1 = "Liên 1: Lưu"
COPY_2 = "Liên 2: Giao người nộp hồ sơ"
REPRINT = "BẢN IN LẠI"
PENDING = "Giấy tiếp nhận lập khi chưa đồng bộ; đang chờ đồng bộ lên hệ thống"


@pytest.fixture
def vi() -> Labels:
    return load_labels("2025", "vi")


def texts(pdf: bytes) -> list[str]:
    """The text of each page, as pypdf extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """White space collapsed: a wrapped line reads as one."""
    return " ".join(text.split())


def all_text(pdf: bytes) -> str:
    return flat(" ".join(texts(pdf)))


def fonts_of(resources: DictionaryObject) -> list[DictionaryObject]:
    """Every font object in a resource dictionary, including those of nested form XObjects."""
    found = [font.get_object() for font in resources.get("/Font", {}).values()]
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            found += fonts_of(xobject["/Resources"].get_object())
    return found


def page_image(pdf: bytes, index: int = 0) -> Any:
    document = pdfium.PdfDocument(pdf)
    try:
        return document[index].render(scale=3).to_pil()
    finally:
        document.close()


# ---------------------------------------------------------------- Mẫu 01: what the clerk reads


def test_receipt_is_two_a4_pages_one_per_copy(make_receipt: MakeReceipt, vi: Labels) -> None:
    reader = PdfReader(io.BytesIO(render_receipt(make_receipt(), vi)))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_receipt_carries_every_field(make_receipt: MakeReceipt, vi: Labels) -> None:
    doc = make_receipt(fee=50_000, fee_note=None)
    for page in texts(render_receipt(doc, vi)):
        text = flat(page)
        assert "Mẫu số 01" in text
        assert "Thông tư số 03/2025/TT-VPCP" in text
        assert "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ" in text and "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "Tân Lập, ngày 18 tháng 11 năm 2025" in text
        assert TITLE in text
        assert "Mã hồ sơ: 000.12.34.H26-251118-2001" in text
        assert "Tiếp nhận hồ sơ của: Nguyễn Thị Thuỷ Tiên" in text
        assert "Địa chỉ: Số 12, ngõ 34, thôn Đồng Xuân, xã Tân Lập, tỉnh Phú Thọ" in text
        assert "Số điện thoại: 0912 345 678" in text and "Email: thuytien@example.vn" in text
        assert "025190001234" in text
        assert "Nội dung yêu cầu giải quyết: Đăng ký khai sinh (Mã thủ tục: 1.001193)" in text
        assert "(1) Thành phần hồ sơ nộp gồm:" in text
        for paper in doc.papers:
            assert paper.name in text
        assert "Bản sao có chứng thực" in text and "Bản chính hoặc bản sao" in text
        assert "(2) Số lượng hồ sơ: 1 bộ" in text
        assert "(3) Thời gian giải quyết hồ sơ theo quy định là: 3 ngày làm việc" in text
        # 02:15 UTC is 09:15 in Vietnam; 10:00 UTC is 17:00
        assert "(4) Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 18 tháng 11 năm 2025" in text
        assert "(5) Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 25 tháng 11 năm 2025" in text
        assert "(6) Đăng ký nhận kết quả: Tại Bộ phận Một cửa" in text
        assert "Phí, lệ phí: 50.000 đồng" in text
        assert "Vào Sổ theo dõi hồ sơ, Quyển số: 05/2025, Số thứ tự: 1234" in text
        assert "Mã tra cứu: MYCHZY" in text
        assert "https://dichvucong.phutho.gov.vn/tra-cuu" in text
        assert "Đường dây nóng: 0210 3846 123" in text
        assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
        assert text.count("(Ký và ghi rõ họ tên)") == 2
        assert "Trần Văn Đức" in text
        assert "được lập thành 02 liên" in text


def test_copy_labels_one_per_page(make_receipt: MakeReceipt, vi: Labels) -> None:
    first, second = texts(render_receipt(make_receipt(), vi))
    assert COPY_1 in first and COPY_2 not in first
    assert COPY_2 in second and COPY_1 not in second


@pytest.mark.parametrize("reprint", [False, True])
def test_reprint_mark_only_on_reprints(make_receipt: MakeReceipt, vi: Labels, reprint: bool) -> None:
    printed = datetime(2025, 11, 20, 3, 5, tzinfo=UTC)
    pdf = render_receipt(make_receipt(reprint=reprint, printed_at=printed), vi)
    for page in texts(pdf):
        assert (REPRINT in page) is reprint
        assert ("In lại lúc 10:05 ngày 20/11/2025" in page) is reprint
    title = PdfReader(io.BytesIO(pdf)).metadata.title
    assert (REPRINT in title) is reprint


@pytest.mark.parametrize("pending", [False, True])
def test_pending_sync_note_only_when_pending(make_receipt: MakeReceipt, vi: Labels, pending: bool) -> None:
    for page in texts(render_receipt(make_receipt(pending_sync=pending), vi)):
        assert (PENDING in flat(page)) is pending


def test_result_by_post_prints_the_postal_address(make_receipt: MakeReceipt, vi: Labels) -> None:
    address = "Số 7, đường Hùng Vương, phường Nông Trang, tỉnh Phú Thọ"
    text = all_text(render_receipt(make_receipt(return_by_post=True, postal_address=address), vi))
    assert f"(6) Đăng ký nhận kết quả: Qua dịch vụ bưu chính công ích, tại địa chỉ: {address}" in text
    assert "Tại Bộ phận Một cửa" not in text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"fee": None, "fee_note": None}, "Phí, lệ phí: Không"),
        ({"fee": 0, "fee_note": "Miễn phí"}, "Phí, lệ phí: Miễn phí"),
        ({"fee": 1_250_000, "fee_note": "nộp tại quầy"}, "Phí, lệ phí: 1.250.000 đồng (nộp tại quầy)"),
        ({"working_days": 0}, "theo quy định là: Trong ngày"),
        ({"register_book": None, "register_number": None}, "Quyển số: ……………, Số thứ tự: ……………"),
        ({"lookup_url": None}, "Tra cứu hồ sơ: quét mã QR bằng điện thoại"),
    ],
)
def test_receipt_variants(make_receipt: MakeReceipt, vi: Labels, changes: dict[str, Any], expected: str) -> None:
    assert expected in all_text(render_receipt(make_receipt(**changes), vi))


def test_unknown_applicant_details_print_as_blanks(make_receipt: MakeReceipt, vi: Labels) -> None:
    applicant = Applicant("Lò Văn Páo", None, None, None, None)
    text = all_text(render_receipt(make_receipt(applicant=applicant), vi))
    assert "Địa chỉ: ……………" in text
    assert "Số điện thoại: ……………" in text


def test_nfd_input_is_printed_nfc(make_receipt: MakeReceipt, vi: Labels) -> None:
    name = "Nguyễn Thị Thuỷ Tiên"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    applicant = replace(make_receipt().applicant, full_name=decomposed)
    text = all_text(render_receipt(make_receipt(applicant=applicant, procedure_name=decomposed), vi))
    assert f"Tiếp nhận hồ sơ của: {name}" in text
    assert unicodedata.normalize("NFC", text) == text
    assert decomposed not in text


def test_many_papers_and_a_long_address_still_print_everything(make_receipt: MakeReceipt, vi: Labels) -> None:
    papers = tuple(
        Paper(f"Giấy tờ thứ {i}: bản khai thông tin nhân thân của thành viên hộ gia đình", ComponentForm.COPY, i)
        for i in range(1, 16)
    )
    address = ("Xóm Đồng Chằm, thôn Thượng Nguyễn, xã Tân Lập, tỉnh Phú Thọ; " * 4)[:200]
    applicant = replace(make_receipt().applicant, address=address)
    pdf = render_receipt(make_receipt(papers=papers, applicant=applicant), vi)
    pages = texts(pdf)
    text = flat(" ".join(pages))
    for paper in papers:
        assert paper.name in text
    assert flat(address) in text
    assert COPY_1 in pages[0]
    assert COPY_2 in text
    assert "Mã tra cứu: MYCHZY" in text


def test_six_short_papers_fit_one_page_per_copy(make_receipt: MakeReceipt, vi: Labels) -> None:
    papers = tuple(Paper(f"Bản sao giấy tờ số {i} của người nộp", ComponentForm.COPY, 1) for i in range(1, 7))
    pages = texts(render_receipt(make_receipt(papers=papers), vi))
    assert len(pages) == 2
    for page in pages:
        for paper in papers:
            assert paper.name in page


def test_fifteen_papers_continue_each_copy_at_full_size_rather_than_shrink(
    make_receipt: MakeReceipt, vi: Labels
) -> None:
    """Decree 30 body text is 13-14 pt; the shrink-to-fit stops at 12 pt, and a copy then goes on
    to a second page numbered "2" at the top (page 1 shows no number)."""
    papers = tuple(Paper(f"Bản sao giấy tờ số {i} của người nộp", ComponentForm.COPY, 1) for i in range(1, 16))
    pages = texts(render_receipt(make_receipt(papers=papers), vi))
    assert len(pages) == 4
    assert not pages[0].startswith("1") and pages[1].startswith("2") and pages[3].startswith("2")
    text = flat(" ".join(pages))
    for paper in papers:
        assert text.count(paper.name) == 2


def test_very_many_papers_continue_on_further_pages(make_receipt: MakeReceipt, vi: Labels) -> None:
    papers = tuple(Paper(f"Giấy tờ số {i}", ComponentForm.ORIGINAL, 1) for i in range(1, 61))
    pages = texts(render_receipt(make_receipt(papers=papers), vi))
    assert len(pages) > 2
    text = flat(" ".join(pages))
    for paper in papers:
        assert f"{paper.name} " in text + " "
    assert "(tiếp theo)" in text
    starts = [i for i, page in enumerate(pages) if TITLE in page]
    assert len(starts) == 2  # each copy starts on a page of its own with the title
    assert COPY_1 in pages[starts[0]] and COPY_2 in pages[starts[1]]


def test_line_wider_than_the_page_wraps_instead_of_overflowing(make_receipt: MakeReceipt, vi: Labels) -> None:
    name = "Công ty trách nhiệm hữu hạn một thành viên thương mại dịch vụ xuất nhập khẩu " * 3
    applicant = replace(make_receipt().applicant, full_name=name.strip())
    pdf = render_receipt(make_receipt(applicant=applicant), vi)
    page = texts(pdf)[0]
    assert flat(name) in flat(page)
    assert max(len(text_line) for text_line in page.splitlines()) < 140  # wrapped, not one endless line


# ---------------------------------------------------------------- fonts, QR, metadata, determinism


def test_only_the_embedded_bundled_font_is_used(make_receipt: MakeReceipt, vi: Labels) -> None:
    reader = PdfReader(io.BytesIO(render_receipt(make_receipt(reprint=True, pending_sync=True), vi)))
    for page in reader.pages:
        fonts = fonts_of(page["/Resources"].get_object())
        assert fonts
        for font in fonts:
            assert "LiberationSerif" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            assert font["/Subtype"] == "/TrueType"
        assert {str(font["/BaseFont"]).split("+")[-1] for font in fonts} >= {
            "LiberationSerif",
            "LiberationSerif-Bold",
            "LiberationSerif-Italic",
        }


@pytest.mark.parametrize("page", [0, 1])
def test_qr_code_scans_to_the_payload(make_receipt: MakeReceipt, vi: Labels, page: int) -> None:
    doc = make_receipt()
    found = zxingcpp.read_barcodes(page_image(render_receipt(doc, vi), page))
    assert [code.text for code in found] == [doc.qr_payload]
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode


def test_pdf_metadata_is_vietnamese(make_receipt: MakeReceipt, vi: Labels) -> None:
    meta = PdfReader(io.BytesIO(render_receipt(make_receipt(), vi))).metadata
    assert meta.title == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả – 000.12.34.H26-251118-2001"
    assert meta.author == "UBND XÃ TÂN LẬP"
    assert "Mẫu số 01" in meta.subject and "Nguyễn Thị Thuỷ Tiên" in meta.subject
    assert "Thông tư số 03/2025/TT-VPCP" in meta.subject


def test_output_is_deterministic(make_receipt: MakeReceipt, vi: Labels) -> None:
    assert render_receipt(make_receipt(), vi) == render_receipt(make_receipt(), vi)


# ---------------------------------------------------------------- form sets and languages


@pytest.mark.parametrize(
    ("form_set", "basis", "counter"),
    [
        (
            "2018",
            "Ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018",
            "Tại Bộ phận Tiếp nhận và Trả kết quả",
        ),
        ("2025", "Phụ lục I ban hành kèm theo Thông tư số 03/2025/TT-VPCP", "Tại Bộ phận Một cửa"),
    ],
)
def test_each_form_set_prints_its_own_basis(
    make_receipt: MakeReceipt,
    make_supplement: MakeSupplement,
    make_refusal: MakeRefusal,
    form_set: str,
    basis: str,
    counter: str,
) -> None:
    labels = load_labels(form_set, "vi")
    other = "01/2018/TT-VPCP" if form_set == "2025" else "03/2025/TT-VPCP"
    for pdf in (
        render_receipt(make_receipt(), labels),
        render_supplement(make_supplement(), labels),
        render_refusal(make_refusal(), labels),
    ):
        text = all_text(pdf)
        assert basis in text
        assert other not in text
    assert counter in all_text(render_receipt(make_receipt(), labels))


@pytest.mark.parametrize("form_set", ["2018", "2025"])
def test_english_labels_render(make_receipt: MakeReceipt, make_supplement: MakeSupplement, form_set: str) -> None:
    labels = load_labels(form_set, "en")
    text = all_text(render_receipt(make_receipt(), labels))
    assert "DOSSIER RECEIPT AND APPOINTMENT FOR RESULTS" in text
    assert "Copy 1: Office file" in text and "Copy 2: For the applicant" in text
    assert "Nguyễn Thị Thuỷ Tiên" in text  # data stays as typed
    assert "Form No. 02" in all_text(render_supplement(make_supplement(), labels))


# ---------------------------------------------------------------- Mẫu 02 and Mẫu 03


def test_supplement_lists_every_missing_paper_at_once(make_supplement: MakeSupplement, vi: Labels) -> None:
    missing = tuple(Paper(f"Giấy tờ còn thiếu số {i}", ComponentForm.CERTIFIED_COPY, 2) for i in range(1, 9))
    pdf = render_supplement(make_supplement(missing=missing), vi)
    pages = texts(pdf)
    assert len(pages) == 1
    text = flat(pages[0])
    assert "Mẫu số 02" in text
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Mã hồ sơ: 000.12.34.H26-251118-2001" in text
    assert "Tiếp nhận hồ sơ của Ông/Bà: Nguyễn Thị Thuỷ Tiên" in text
    assert "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung sau:" in text
    assert "TT Thành phần hồ sơ Hình thức Số lượng" in text
    for paper in missing:
        assert paper.name in text
    assert "Lý do: Hồ sơ thiếu giấy chứng sinh" in text
    assert "Ông/Bà liên hệ Trần Văn Đức, số điện thoại 0912 000 111 để được hướng dẫn./." in text
    assert "NGƯỜI HƯỚNG DẪN" in text and "(Ký và ghi rõ họ tên)" in text
    assert REPRINT not in text
    assert PdfReader(io.BytesIO(pdf)).metadata.title.startswith("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")


def test_supplement_without_phone_or_reason(make_supplement: MakeSupplement, vi: Labels) -> None:
    text = all_text(render_supplement(make_supplement(guide_phone=None, reason=None, reprint=True), vi))
    assert "liên hệ Trần Văn Đức tại Ủy ban nhân dân xã Tân Lập để được hướng dẫn" in text
    assert "Lý do:" not in text
    assert REPRINT in text


def test_refusal_states_the_reason(make_refusal: MakeRefusal, vi: Labels) -> None:
    reason = "Thủ tục không thuộc thẩm quyền.\nĐề nghị nộp tại Trung tâm Phục vụ hành chính công tỉnh."
    doc = make_refusal(reason=reason)
    text = all_text(render_refusal(doc, vi))
    assert "Mẫu số 03" in text
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Nội dung yêu cầu giải quyết: Cấp giấy phép xây dựng nhà ở riêng lẻ" in text
    assert (
        "Qua xem xét, Ủy ban nhân dân xã Tân Lập thông báo không tiếp nhận, giải quyết hồ sơ này "
        "với lý do cụ thể như sau:" in text
    )
    assert "Thủ tục không thuộc thẩm quyền." in text
    assert "Đề nghị nộp tại Trung tâm Phục vụ hành chính công tỉnh." in text
    assert "Xin thông báo cho Ông/Bà được biết và thực hiện./." in text
    assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text and "Trần Văn Đức" in text


def test_slips_use_only_the_embedded_font(make_supplement: MakeSupplement, make_refusal: MakeRefusal) -> None:
    labels = load_labels("2018", "vi")
    for pdf in (render_supplement(make_supplement(reprint=True), labels), render_refusal(make_refusal(), labels)):
        for page in PdfReader(io.BytesIO(pdf)).pages:
            for font in fonts_of(page["/Resources"].get_object()):
                assert "LiberationSerif" in font["/BaseFont"]
                assert "/FontFile2" in font["/FontDescriptor"].get_object()


# ---------------------------------------------------------------- layering


def test_printing_imports_neither_qt_nor_sqlalchemy() -> None:
    code = (
        "import sys, counter_app.printing.forms as f;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'shiboken6'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
