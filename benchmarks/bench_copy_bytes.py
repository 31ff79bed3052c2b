"""Benchmark: bytes per A4 text page of the electronic copy, against img2pdf's lossless PDF.

The page is what a scanner gives for a typical paper: Vietnamese administrative text in the bundled
Liberation Serif at 13 pt on A4, gray paper, a slight blur, Gaussian noise and a skew of 0.4°
(:func:`counter_app.copies.samples.sample_scan`). For each resolution the same scans go through
:func:`counter_app.copies.build.build_copy` (bilevel CCITT G4 in PDF/A-2b) and through img2pdf
as a lossless grayscale PNG (Flate), the reference, in the same run. The searchable copy
(:func:`counter_app.copies.ocr.add_text_layer`) is measured too when tesseract is installed, with
the words the OCR must find.

Prints one line of JSON. Target: at most 80 KB a page, image copy and searchable copy alike.

    .venv/bin/python benchmarks/bench_copy_bytes.py [--pages 3] [--no-ocr]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import img2pdf
from common import emit

from counter_app.copies.build import build_copy
from counter_app.copies.ocr import add_text_layer, ocr_available
from counter_app.copies.pdfa import pdfa_problems
from counter_app.copies.samples import sample_scan
from counter_app.domain.text import fold
from counter_app.scanning.pages import Page, to_bilevel

TARGET_KB = 80.0
WORDS = ("Giấy khai sinh", "Nguyễn Văn Đức", "thường trú", "Phú Thọ")


def lossless(scans: list[Page], *, bilevel: bool = False) -> bytes:
    """img2pdf's PDF of the scans as PNG (Flate, lossless): gray as scanned, or at our threshold."""
    files = []
    for scan in scans:
        buffer = io.BytesIO()
        image = to_bilevel(scan).image if bilevel else scan.image
        image.save(buffer, "PNG", dpi=(scan.dpi, scan.dpi))
        files.append(buffer.getvalue())
    return bytes(img2pdf.convert(files))


def measure_dpi(dpi: int, pages: int, ocr: bool) -> dict[str, object]:
    scans = [Page(sample_scan(dpi, seed=seed), dpi, "scanner") for seed in range(1, pages + 1)]
    one_page_ms = []
    for scan in scans:
        start = time.perf_counter()
        build_copy([scan], title="Giấy khai sinh")
        one_page_ms.append((time.perf_counter() - start) * 1000)
    copy = build_copy(scans, title="Giấy khai sinh")
    reference = lossless(scans)
    flate_bilevel = lossless(scans, bilevel=True)
    result: dict[str, object] = {
        "kb_per_page": round(len(copy.pdf) / pages / 1024, 1),
        "lossless_kb_per_page": round(len(reference) / pages / 1024, 1),
        "ratio": round(len(copy.pdf) / len(reference), 4),
        "lossless_bilevel_kb_per_page": round(len(flate_bilevel) / pages / 1024, 1),
        "build_ms_per_page_median": round(statistics.median(one_page_ms), 1),
        "pdfa_problems": pdfa_problems(copy.pdf),
    }
    if ocr:
        start = time.perf_counter()
        searchable, text = add_text_layer(copy.pdf)
        result["ocr_s_per_page"] = round((time.perf_counter() - start) / pages, 2)
        result["searchable_kb_per_page"] = round(len(searchable) / pages / 1024, 1)
        result["searchable_pdfa_problems"] = pdfa_problems(searchable)
        result["ocr_words_found"] = sum(fold(word) in fold(text) for word in WORDS)
        result["ocr_words"] = len(WORDS)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--no-ocr", action="store_true")
    args = parser.parse_args(argv)
    ocr = not args.no_ocr and ocr_available()
    figures = {f"{dpi}dpi": measure_dpi(dpi, args.pages, ocr) for dpi in (300, 200)}
    sizes = [f[key] for f in figures.values() for key in ("kb_per_page", "searchable_kb_per_page") if key in f]
    data = {"benchmark": "copy_bytes", "pages": args.pages, **figures, "target_kb_per_page": TARGET_KB}
    data["ok"] = max(sizes) <= TARGET_KB
    print(json.dumps(data, ensure_ascii=False))
    high, low = figures["300dpi"], figures["200dpi"]
    searchable = (
        f"; searchable {high['searchable_kb_per_page']} / {low['searchable_kb_per_page']} KB"
        if "searchable_kb_per_page" in high
        else ""
    )
    emit(  # the row run.py writes into docs/PERFORMANCE.md
        "copy_bytes",
        label="Electronic copy of an A4 text page (PDF/A-2b, G4) at 300 / 200 dpi",
        target=f"≤ {TARGET_KB:g} KB a page",
        measured=f"{high['kb_per_page']} / {low['kb_per_page']} KB a page{searchable}",
        reference=f"{high['lossless_kb_per_page']:,} / {low['lossless_kb_per_page']:,} KB (img2pdf, lossless gray)",
        ratio=f"{high['ratio'] * 100:.2f} % / {low['ratio'] * 100:.2f} % of lossless",
        met=data["ok"],
        details=data,
    )
    return 0  # a missed target is a figure to report, not an error


if __name__ == "__main__":
    raise SystemExit(main())
