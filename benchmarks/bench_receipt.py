"""Benchmark: render Mẫu 01 (two copies with the QR code) against a bare reportlab reference.

The reference draws the same text (every line of both copies, with ``drawString`` at fixed
positions, in the same embedded fonts) and the same QR (``draw_qr`` of the same matrix) on two A4
pages: what the receipt would cost with no layout at all. Both are measured in the same run,
interleaved, after one warm-up each (fonts registered, labels loaded, QR matrix cached: a receipt
is previewed, then printed). The cold cost of a new QR matrix is reported separately.

Prints one line of JSON. Targets: median ≤ 40 ms and ≤ 1.5× the reference.

    .venv/bin/python benchmarks/bench_receipt.py [--runs 100]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.domain.receipt_qr import build_payload, claim_for
from counter_app.domain.values import ComponentForm
from counter_app.printing.fonts import FONTS, nfc, register_fonts
from counter_app.printing.labels import Labels, load_labels
from counter_app.printing.layout import date_params, form_name, moment_text
from counter_app.printing.model import Applicant, OfficeHeader, Paper, ReceiptDoc
from counter_app.printing.qr import draw_qr, qr_matrix
from counter_app.printing.receipt import render_receipt

TARGET_MS = 40.0
TARGET_RATIO = 1.5


def sample_receipt(code: str = "000.12.34.H26-251118-2001") -> ReceiptDoc:
    """A realistic receipt: birth registration, five papers, signed lookup QR."""
    received = datetime(2025, 11, 18, 2, 15, tzinfo=UTC)
    due = datetime(2025, 11, 21, 10, 0, tzinfo=UTC)
    base = "https://dichvucong.phutho.gov.vn/tra-cuu"
    payload = build_payload(base, claim_for(code, "MYCHZY", received, due), bytes(range(64)))
    return ReceiptDoc(
        office=OfficeHeader("UBND TỈNH PHÚ THỌ", "UBND XÃ TÂN LẬP", "Tân Lập", "0210 3846 123"),
        code=code,
        applicant=Applicant(
            "Nguyễn Thị Thuỷ Tiên",
            "Số 12, ngõ 34, thôn Đồng Xuân, xã Tân Lập, tỉnh Phú Thọ",
            "0912 345 678",
            "thuytien@example.vn",
            "025190001234",
        ),
        procedure_name="Đăng ký khai sinh",
        procedure_code="1.001193",
        papers=(
            Paper("Tờ khai đăng ký khai sinh (theo mẫu)", ComponentForm.ORIGINAL, 1),
            Paper("Giấy chứng sinh do cơ sở y tế cấp", ComponentForm.ORIGINAL, 1),
            Paper("Giấy chứng nhận kết hôn của cha, mẹ", ComponentForm.CERTIFIED_COPY, 1),
            Paper("Căn cước của người đi đăng ký", ComponentForm.ORIGINAL_OR_COPY, 1),
            Paper("Văn bản uỷ quyền (nếu có)", ComponentForm.CERTIFIED_COPY, 1),
        ),
        dossier_sets=1,
        working_days=3,
        received_at=received,
        appointment_at=due,
        return_by_post=True,
        postal_address="Số 12, ngõ 34, thôn Đồng Xuân, xã Tân Lập, tỉnh Phú Thọ",
        fee=8000,
        fee_note=None,
        register_book="05/2025",
        register_number=1234,
        receiver_name="Trần Văn Đức",
        qr_payload=payload,
        lookup_url=base,
        lookup_secret="MYCHZY",
        pending_sync=False,
        reprint=False,
        printed_at=received,
    )


def reference_lines(doc: ReceiptDoc, labels: Labels, copy: str) -> list[tuple[str, str]]:
    """(face, text) of every line of one copy, as the receipt prints them (no layout)."""
    a = doc.applicant
    lines = [
        (FONTS.bold, labels.form_no_receipt),
        (FONTS.regular, labels.basis),
        (FONTS.regular, doc.office.parent_name or ""),
        (FONTS.bold, doc.office.unit_name),
        (FONTS.bold, labels.national_name),
        (FONTS.bold, labels.national_motto),
        (FONTS.italic, labels.get("date_line", place=doc.office.place, **date_params(doc.received_at))),
        (FONTS.bold, labels.receipt_title),
        (FONTS.bold, labels.get("code_line", code=doc.code)),
        (FONTS.italic, copy),
        (FONTS.regular, labels.get("unit_line", unit=doc.office.unit_name)),
        (FONTS.regular, labels.get("applicant_name", name=a.full_name)),
        (FONTS.regular, labels.get("address", address=a.address)),
        (FONTS.regular, labels.get("phone", phone=a.phone) + "   " + labels.get("email", email=a.email)),
        (FONTS.regular, labels.get("id_number", number=a.id_number)),
        (FONTS.regular, labels.get("procedure", procedure=doc.procedure_name)),
        (FONTS.regular, labels.components_heading),
        (FONTS.bold, f"{labels.col_no}  {labels.col_paper}  {labels.col_form}  {labels.col_count}"),
    ]
    lines += [
        (FONTS.regular, f"{i}  {p.name}  {form_name(labels, p.form)}  {p.count}")
        for i, p in enumerate(doc.papers, start=1)
    ]
    lines += [
        (FONTS.regular, labels.get("dossier_sets", count=doc.dossier_sets)),
        (FONTS.regular, labels.get("time_limit", limit=labels.get("limit_days", days=doc.working_days))),
        (FONTS.regular, labels.get("received_at", moment=moment_text(labels, doc.received_at))),
        (FONTS.regular, labels.get("appointment_at", moment=moment_text(labels, doc.appointment_at))),
        (FONTS.regular, labels.get("return_option", option=labels.get("return_post", address=doc.postal_address))),
        (FONTS.regular, labels.get("fee_amount", amount=labels.money(doc.fee or 0))),
        (FONTS.regular, labels.get("register_line", book=doc.register_book, number=doc.register_number)),
        (FONTS.bold, labels.get("lookup_secret", secret=doc.lookup_secret)),
        (FONTS.regular, labels.get("lookup_with_url", url=doc.lookup_url)),
        (FONTS.bold, labels.sign_applicant + "     " + labels.sign_receiver),
        (FONTS.italic, labels.sign_hint + "     " + labels.sign_hint),
        (FONTS.bold, doc.receiver_name),
        (FONTS.regular, labels.footnote_heading),
        (FONTS.regular, labels.footnote_copies),
        (FONTS.regular, labels.footnote_return),
    ]
    return lines


def render_reference(doc: ReceiptDoc, labels: Labels) -> bytes:
    """The bare page: same text, same fonts, same QR, two pages, no layout engine."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1, initialFontName=FONTS.regular)
    matrix = qr_matrix(doc.qr_payload)
    for copy in (labels.copy_archive, labels.copy_applicant):
        y = A4[1] - 20 * mm
        for face, text in reference_lines(doc, labels, copy):
            canvas.setFont(face, 9)
            canvas.drawString(20 * mm, y, nfc(text))
            y -= 12.5
        draw_qr(canvas, matrix, A4[0] - 20 * mm - 33 * mm, 90 * mm, 33 * mm)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def measure(runs: int) -> dict[str, object]:
    labels = load_labels("2025", "vi")
    doc = sample_receipt()
    render_receipt(doc, labels)  # warm-up: font registration, label set, QR matrix, styles
    render_reference(doc, labels)
    ours: list[float] = []
    reference: list[float] = []
    # Every accepted dossier has its own code, secret and signature, so every receipt needs a fresh
    # QR matrix: each run gets new payloads, for our form and for the reference alike. Interleaved, so
    # drifting machine load hits both the same way.
    for i in range(runs):
        mine = sample_receipt(f"000.12.34.H26-251118-{1001 + i:04d}")
        bare = sample_receipt(f"000.12.34.H26-251118-{2001 + i:04d}")
        ours.append(_time(lambda d=mine: render_receipt(d, labels)))
        reference.append(_time(lambda d=bare: render_reference(d, labels)))
    cold = [
        _time(lambda i=i: qr_matrix(sample_receipt(f"000.12.34.H26-251118-{3001 + i:04d}").qr_payload))
        for i in range(20)
    ]
    median, ref_median = statistics.median(ours), statistics.median(reference)
    ratio = median / ref_median
    return {
        "benchmark": "receipt_render",
        "runs": runs,
        "median_ms": round(median, 2),
        "p90_ms": round(statistics.quantiles(ours, n=10)[-1], 2),
        "reference_median_ms": round(ref_median, 2),
        "ratio": round(ratio, 2),
        "cold_qr_matrix_ms": round(statistics.median(cold), 2),
        "pdf_bytes": len(render_receipt(doc, labels)),
        "target_ms": TARGET_MS,
        "target_ratio": TARGET_RATIO,
        "ok": median <= TARGET_MS and ratio <= TARGET_RATIO,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args(argv)
    result = measure(args.runs)
    print(json.dumps(result, ensure_ascii=False))
    return 0  # a missed target is a figure to report, not an error


if __name__ == "__main__":
    raise SystemExit(main())
