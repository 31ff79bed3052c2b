"""The bundled font covers Vietnamese; the QR code is vector squares that scan."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
import zxingcpp
from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing.fonts import FONTS, covered_code_points, missing_characters, nfc, register_fonts
from counter_app.printing.qr import QUIET_ZONE, draw_qr, qr_drawing, qr_matrix

VOWELS = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ"
VIETNAMESE_LOWER = VOWELS + "bcdđghklmnpqrstvx"
VIETNAMESE = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()
PUNCTUATION = "0123456789 .,:;/()–-…·\u00a0"


def test_registration_is_idempotent() -> None:
    first = register_fonts()
    second = register_fonts()
    assert first == second == FONTS
    assert {FONTS.regular, FONTS.bold, FONTS.italic} <= set(pdfmetrics.getRegisteredFontNames())


@pytest.mark.parametrize("face", [FONTS.regular, FONTS.bold, FONTS.italic])
def test_every_vietnamese_letter_is_in_the_font(face: str) -> None:
    assert len(set(VIETNAMESE)) == len(VIETNAMESE) == 2 * (72 + 17)
    covered = covered_code_points(face)
    for ch in VIETNAMESE + PUNCTUATION:
        assert ord(ch) in covered, f"{ch!r} U+{ord(ch):04X} missing from {face}"
    assert missing_characters(VIETNAMESE + PUNCTUATION, face) == ""


def test_missing_characters_reports_what_cannot_be_drawn() -> None:
    assert missing_characters("Tân Lập 中文") == "中文"


def test_bold_and_italic_markup_resolve_to_the_real_faces() -> None:
    register_fonts()
    from reportlab.lib.fonts import tt2ps

    assert tt2ps(FONTS.regular, 1, 0) == FONTS.bold
    assert tt2ps(FONTS.regular, 0, 1) == FONTS.italic
    assert tt2ps(FONTS.regular, 1, 1) == FONTS.bold_italic


def test_nfc_composes() -> None:
    assert nfc("Nguye\u0302\u0303n") == "Nguyễn"


def test_matrix_has_the_quiet_zone_and_error_correction_m() -> None:
    matrix = qr_matrix("https://tracuu.example.vn/ho-so?ma=000.12.34.H26-251118-2001")
    assert matrix.modules == 17 + 4 * matrix.version + 2 * QUIET_ZONE
    dark_rows = {row for row, _col, _len in matrix.runs}
    dark_cols = {col for _row, col, _len in matrix.runs} | {col + n - 1 for _row, col, n in matrix.runs}
    assert min(dark_rows) == QUIET_ZONE and max(dark_rows) == matrix.modules - QUIET_ZONE - 1
    assert min(dark_cols) == QUIET_ZONE and max(dark_cols) == matrix.modules - QUIET_ZONE - 1
    assert matrix.is_dark(QUIET_ZONE, QUIET_ZONE)  # finder pattern corner
    assert not matrix.is_dark(0, 0)
    assert qr_matrix("https://tracuu.example.vn/ho-so?ma=000.12.34.H26-251118-2001") is matrix  # cached


def _scan(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    return [code.text for code in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("payload", ["HSMC1 Nguyễn Thị Thuỷ Tiên – Tân Lập", "x" * 300])
def test_canvas_qr_scans(payload: str) -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    draw_qr(canvas, qr_matrix(payload), 30 * mm, 150 * mm, 35 * mm)
    canvas.showPage()
    canvas.save()
    assert _scan(buffer.getvalue()) == [payload]
    assert b"/Subtype /Image" not in buffer.getvalue()  # vectors, not a raster


def test_drawing_qr_scans() -> None:
    payload = "https://tracuu.example.vn/ho-so?ma=000.12.34.H26-251118-2001&k=MYCHZY"
    drawing = qr_drawing(payload, 35 * mm)
    assert (drawing.width, drawing.height) == (35 * mm, 35 * mm)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    renderPDF.draw(drawing, canvas, 30 * mm, 150 * mm)
    canvas.showPage()
    canvas.save()
    assert _scan(buffer.getvalue()) == [payload]
