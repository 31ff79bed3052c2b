"""Circular 01/2023/TT-VPCP's QR on every paper the counter prints, read back from the real PDFs.

Each paper (receipt, 02 supplement request, 03 refusal, 04 apology, 05 stop notice, 06 routing slip,
hand-over note) is printed through the services, rendered (pypdfium2) and decoded (zxing-cpp), first
in an office not yet enrolled, then after enrolment with the real hub: the QR sits in the top-left
corner of page 1, holds the circular's fields, never an ``hsmc://`` URL, and once enrolled is an
https URL that opens the dossier on the hub.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pypdfium2 as pdfium
import pytest
import zxingcpp

from counter_app.domain.applicant import make_applicant
from counter_app.printing.qr import MIN_SYMBOL, QUIET_ZONE
from counter_app.services import documents, intake, lifecycle, office, receipts
from counter_app.services import hub_sync as sync
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.users import find_user
from tests.conftest import ADMIN_PASSWORD, OFFICE_CODE, FakeClock
from tests.hub.conftest import HubServer
from tests.hub.support import add_commune, issue_code

CONTRACT = "2.001035"  # chứng thực hợp đồng: 2 working days, paper intake allowed
ID_NUMBER = "001190123456"
MASKED = "********3456"
PHONE = "0210 3812 345"
RENDER_SCALE = 3  # 216 dpi
MM = 72 / 25.4

PAPERS = ("01", "02", "03", "04", "05", "06", "GN")
TITLES = {
    "01": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "02": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "03": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "04": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    "05": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    "06": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    "GN": "PHIẾU GIAO NHẬN KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
}


def _take(ctx: Context, when: datetime | None = None) -> str:
    applicant = make_applicant("Nguyễn Văn An", id_number=ID_NUMBER, phone="0912345678", address="Xóm Đông")
    return intake.accept(ctx, intake.IntakeRequest(CONTRACT, applicant, received_at=when)).dossier.code


def _dossiers(ctx: Context) -> dict[str, str]:
    """One dossier for each paper, in the state that paper is printed in."""
    codes = {"01": _take(ctx), "06": _take(ctx)}
    codes["02"] = _take(ctx)
    lifecycle.request_supplement(ctx, codes["02"], (1,), "Thiếu bản sao")
    refused = intake.refuse(
        ctx, intake.IntakeRequest(CONTRACT, make_applicant("Trần Thị Hoa", id_number=ID_NUMBER)), "Sai thẩm quyền"
    )
    codes["03"] = refused.dossier.code
    codes["04"] = _take(ctx, ctx.now() - timedelta(days=7))  # overdue: the office apologises
    lifecycle.apology(ctx, codes["04"], "Chờ xác minh", lifecycle.first_apology_date(ctx, codes["04"]))
    codes["05"] = _take(ctx)
    lifecycle.stop(ctx, codes["05"], "Không đủ điều kiện")
    codes["GN"] = _take(ctx)
    lifecycle.record_result(ctx, codes["GN"])
    lifecycle.return_result(ctx, codes["GN"], "Nguyễn Văn An", ID_NUMBER)
    return codes


PRINT: dict[str, Callable[[Context, str], bytes]] = {
    "01": lambda ctx, code: documents.receipt(ctx, code).pdf,
    "02": lambda ctx, code: documents.supplement_slip(ctx, code).pdf,
    "03": lambda ctx, code: documents.refusal_slip(ctx, code).pdf,
    "04": lambda ctx, code: documents.apology_letter(ctx, code).pdf,
    "05": lambda ctx, code: documents.stop_notice(ctx, code).pdf,
    "06": lambda ctx, code: documents.routing_slip(ctx, code).pdf,
    "GN": lambda ctx, code: documents.handover_note(ctx, code).pdf,
}


def _first_page_qrs(pdf: bytes) -> list[zxingcpp.Barcode]:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=RENDER_SCALE).to_pil()
    finally:
        document.close()
    return list(zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


def _corner_qr(pdf: bytes) -> str:
    """The text of page 1's only QR, after checking it sits top left and is big enough to read."""
    found = _first_page_qrs(pdf)
    assert len(found) == 1, [b.text for b in found]
    qr = found[0]
    corners = [qr.position.top_left, qr.position.top_right, qr.position.bottom_left, qr.position.bottom_right]
    xs = [p.x / RENDER_SCALE / MM for p in corners]  # millimetres from the page's left edge
    ys = [p.y / RENDER_SCALE / MM for p in corners]  # from its top edge
    assert max(xs) < 105 and max(ys) < 148.5  # in the top-left quadrant of the A4 page
    assert min(xs) >= 6 and min(ys) >= 5  # inside any printer's printable area
    side = max(xs) - min(xs)
    assert side >= MIN_SYMBOL / MM - 0.5, side  # the symbol (finder to finder) at least 20 mm
    assert QUIET_ZONE == 4
    return qr.text


def _print_all(ctx: Context, codes: dict[str, str]) -> dict[str, str]:
    return {paper: _corner_qr(PRINT[paper](ctx, codes[paper])) for paper in PAPERS}


@pytest.fixture
def office_phone(tmp_path: Path, clock: FakeClock) -> Iterator[Context]:
    """The counter of tests/conftest.py with a hotline (the plain-text QR gives it)."""
    db = open_database(tmp_path / "with-phone", create=True)
    setup = Context(db, Actor(None, "admin", "cli"), clock)
    office.initialize(
        setup,
        office.InitRequest(
            office_code=OFFICE_CODE,
            office_name="UBND xã Tân Lập",
            parent_name="UBND TỈNH PHÚ THỌ",
            workstation=2,
            admin_password=ADMIN_PASSWORD,
            phone=PHONE,
        ),
    )
    admin = find_user(setup, "admin")
    yield Context(db, Actor(admin.id, admin.username, "cli"), clock)
    db.close()


def test_before_enrolment_every_paper_carries_plain_text_a_phone_shows(office_phone: Context) -> None:
    ctx = office_phone
    codes = _dossiers(ctx)
    printed = _print_all(ctx, codes)
    for paper, text in printed.items():
        assert "://" not in text and "hsmc:" not in text.lower(), (paper, text)  # no URL a phone cannot open
        assert "\n" not in text  # one line: a USB scanner would type a line break as Enter
        fields = text.split("; ")
        assert fields[0] == TITLES[paper]  # tên giấy tờ
        assert fields[1] == f"Mã hồ sơ: {codes[paper]}"
        assert f"Mã TTHC: {CONTRACT}" in fields
        assert f"Mã định danh người nộp: {MASKED}" in fields  # masked: Law 91/2025/QH15
        assert ID_NUMBER not in text
        assert "In lúc 09:00 18/11/2025 từ phần mềm một cửa" in fields  # thời điểm xuất bản, hệ thống
        assert any(f.startswith(f"Tra cứu: gọi {PHONE}, mã tra cứu ") for f in fields)
        assert fields[-1].startswith("HSMC1?ma=")
    assert "Ngày hẹn trả kết quả: 20/11/2025" in printed["01"].split("; ")
    assert not any(f.startswith("Ngày hẹn trả") for f in printed["02"].split("; "))
    # The counter's own scanner still verifies the receipt offline.
    assert receipts.verify_scan(ctx, printed["01"]).verdict is receipts.ScanVerdict.GENUINE


def test_after_enrolment_every_paper_opens_its_dossier_on_the_hub(hub_server: HubServer, office_phone: Context) -> None:
    ctx = office_phone
    assert hub_server.hub is not None
    add_commune(hub_server.hub, OFFICE_CODE)
    sync.enroll(ctx, hub_server.url, issue_code(hub_server.hub, OFFICE_CODE))
    codes = _dossiers(ctx)
    assert sync.run_round(ctx).error is None
    printed = _print_all(ctx, codes)
    for paper, url in printed.items():
        parts = urlsplit(url)
        assert (parts.scheme, f"{parts.scheme}://{parts.netloc}{parts.path}") == ("http", f"{hub_server.url}/ho-so")
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        assert query["ma"] == codes[paper] and query["g"] == paper
        assert query["tt"] == CONTRACT and query["d"] == MASKED and query["x"] == "202511180900"
        assert ID_NUMBER not in url
        if paper == "01":
            assert set(query) == {"ma", "k", "n", "h", "s", "tt", "g", "x", "d"}  # signed, with the due date
        else:
            assert set(query) == {"ma", "k", "tt", "g", "x", "d"}
        page = httpx.get(url, timeout=10)
        assert page.status_code == 200, (paper, url)
        assert codes[paper] in page.text
    assert receipts.verify_scan(ctx, printed["01"]).verdict is receipts.ScanVerdict.GENUINE
    # An unknown field, or one of ours malformed, is the neutral "not found" page.
    assert httpx.get(printed["02"] + "&zz=1", timeout=10).status_code == 404
    assert httpx.get(printed["02"].replace("&g=02", "&g=99"), timeout=10).status_code == 404


def test_a_receipt_printed_with_the_old_hsmc_url_still_scans(ctx: Context) -> None:
    from counter_app.domain.receipt_qr import claim_for, signed_query
    from counter_app.services import dossiers, signing
    from counter_app.services.office import current_office

    code = _take(ctx)
    with ctx.db.read() as session:
        office = current_office(session)
        dossier = dossiers.load(session, code)
        assert dossier.due_at is not None
        claim = claim_for(code, dossier.lookup_secret, dossier.received_at, dossier.due_at)
        legacy = f"hsmc://tra-cuu?{signed_query(claim, signing.sign(office, claim.message))}"
    assert receipts.verify_scan(ctx, legacy).verdict is receipts.ScanVerdict.GENUINE
