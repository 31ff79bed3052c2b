"""The recovery sheet: the backup key on one A4 page, as grouped text and a QR, for the commune leader.

Printed once when the key is made (and again on request). Whoever holds it can open every backup of the
office, so the sheet says to keep it locked away, apart from the USB stick.
"""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from counter_app.domain.calendar import office_time
from counter_app.printing.fonts import nfc, register_fonts
from counter_app.printing.qr import draw_qr, qr_matrix

QR_PREFIX = "HSMC-BACKUP-KEY:"  # the QR's payload: this prefix and the key's 56 characters, no spaces

_STEPS = (
    "Khi máy tính của bộ phận Một cửa hỏng hoặc bị mất, cán bộ công nghệ thông tin cài phần mềm trên máy mới,",
    "cắm USB (hoặc mở thư mục mạng) có thư mục counter-backups rồi chạy:",
    '    counter-app restore <tệp .hsmcbak mới nhất> --recovery-key "<mã ở trên>"',
    "hoặc trong phần mềm: Hệ thống → Khôi phục… và nhập mã ở trên (hoặc quét mã QR).",
    "Sau khi khôi phục, đồng bộ với máy chủ huyện để lấy lại những gì máy chủ đã có.",
)
_KEEP = (
    "Ai có phiếu này thì mở được mọi bản sao lưu của đơn vị (có thông tin cá nhân của công dân).",
    "Hãy cất phiếu ở nơi có khóa, tách riêng với USB sao lưu; không chụp ảnh, không gửi qua mạng.",
)


def recovery_sheet_pdf(key_text: str, *, office_name: str, office_code: str, printed_at: datetime) -> bytes:
    """The sheet as a PDF (deterministic for the same input)."""
    faces = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1, lang="vi")
    canvas.setTitle(nfc(f"Phiếu mã khôi phục bản sao lưu – {office_name}"))
    canvas.setAuthor(nfc(office_name))
    canvas.setCreator("counter_app")
    height = A4[1]
    left = 22 * mm
    y = height - 25 * mm

    def text(line: str, size: float, face: str = faces.regular, x: float = left) -> None:
        nonlocal y
        canvas.setFont(face, size)
        canvas.drawString(x, y, nfc(line))
        y -= size * 1.45

    text(office_name.upper(), 13, faces.bold)
    if office_code:
        text(f"Mã đơn vị: {office_code}", 11)
    y -= 4 * mm
    text("PHIẾU MÃ KHÔI PHỤC BẢN SAO LƯU", 16, faces.bold)
    text("(Giao lãnh đạo UBND xã giữ — chỉ in một lần)", 11, faces.italic)
    y -= 4 * mm
    text("Mã khôi phục:", 12, faces.bold)
    groups = key_text.split()
    for start in range(0, len(groups), 7):
        text("  ".join(groups[start : start + 7]), 15, "Courier-Bold")
    y -= 2 * mm
    qr_size = 55 * mm
    draw_qr(canvas, qr_matrix(QR_PREFIX + "".join(groups)), left, y - qr_size, qr_size)
    y -= qr_size + 6 * mm
    text("Cách dùng:", 12, faces.bold)
    for line in _STEPS:
        text(line, 10.5)
    y -= 3 * mm
    text("Giữ phiếu an toàn:", 12, faces.bold)
    for line in _KEEP:
        text(line, 10.5)
    y -= 6 * mm
    text(f"In lúc {office_time(printed_at):%H:%M ngày %d/%m/%Y}", 10.5, faces.italic)
    text("Người nhận phiếu (ký, ghi rõ họ tên):", 11)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
