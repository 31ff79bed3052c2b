"""The receipt of an assisted filing (Directive 24/CT-TTg) says what happened: filed online on the national
portal under its code with the counter's help, papers digitised — not "papers submitted" on paper."""

from __future__ import annotations

import io

from pypdf import PdfReader

from counter_app.domain.applicant import make_applicant
from counter_app.domain.values import Channel
from counter_app.services import documents, intake
from counter_app.services.context import Context

MARRIAGE = "1.000894"  # Đăng ký kết hôn: online only from 01/10/2025
COPY = "2.000635"  # Cấp bản sao Trích lục hộ tịch: still on paper


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _take(ctx: Context, procedure: str, **kwargs: object) -> str:
    applicant = make_applicant("Nguyễn Thị Lan", id_number="001190123456", phone="0912345678")
    request = intake.IntakeRequest(procedure, applicant, **kwargs)  # type: ignore[arg-type]
    return intake.accept(ctx, request).dossier.code


def test_an_assisted_filings_receipt_names_the_portal_code_and_the_digitised_papers(ctx: Context) -> None:
    code = _take(ctx, MARRIAGE, channel=Channel.ONLINE, assisted=True, portal_code="000.12.34.H26-251118-0007")
    text = _text(documents.receipt(ctx, code).pdf)
    line = (
        "Hồ sơ nộp trực tuyến trên Cổng Dịch vụ công quốc gia, mã hồ sơ trên Cổng: "
        "000.12.34.H26-251118-0007 (Bộ phận Một cửa hỗ trợ nộp)."
    )
    assert line in text
    assert "(1) Thành phần hồ sơ đã số hóa (bản giấy trả lại người nộp):" in text
    assert "Thành phần hồ sơ nộp gồm" not in text  # no claim of papers submitted on paper
    english = _text(documents.receipt(ctx, code, lang="en").pdf)
    assert "portal dossier code: 000.12.34.H26-251118-0007" in english and "Documents digitised" in english


def test_a_paper_dossiers_receipt_is_unchanged(ctx: Context) -> None:
    text = _text(documents.receipt(ctx, _take(ctx, COPY)).pdf)
    assert "(1) Thành phần hồ sơ nộp gồm:" in text
    assert "Cổng Dịch vụ công quốc gia" not in text and "đã số hóa" not in text
