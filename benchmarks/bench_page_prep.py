"""Benchmark: preparing one scanned page for the clerk (clean, is_blank, thumbnail), per A4 page.

What the digitisation panel does with every page the scanner gives before it shows it: cut the
scanner's dark borders and level the page (:func:`counter_app.scanning.pages.clean`), decide whether it
is blank (:func:`~counter_app.scanning.pages.is_blank`) and make its thumbnail. The page is Vietnamese
text in the bundled Liberation Serif at 13 pt on gray paper with noise, fed 2° crooked (so ``clean``
turns it: the expensive case) and also level. The reference, in the same run, is reading the same page
from the PNM file scanimage writes (what delivery of a page costs anyway).

Target: median at most 300 ms a page for a crooked gray A4 page at 300 dpi.

    .venv/bin/python benchmarks/bench_page_prep.py [--pages 5]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import emit
from PIL import Image, ImageChops, ImageDraw, ImageFont

from counter_app.paths import resources_dir
from counter_app.scanning.pages import Page, clean, is_blank, thumbnail

TARGET_MS = 300.0
DPI = 300
LINE = "Ủy ban nhân dân xã Tân Lập xác nhận ông Nguyễn Văn Đức thường trú tại thôn Đồng Xuân"


def scanned_page(seed: int, angle: float) -> Image.Image:
    """An A4 gray page of text as a scanner gives it: gray paper, noise, turned by ``angle``."""
    rng = random.Random(seed)
    size = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))
    first = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    second = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    page = ImageChops.add(first, second, scale=2).point(lambda v: min(255, max(0, round(222 + (v - 127.5) / 6))))
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(resources_dir() / "fonts" / "LiberationSerif-Regular.ttf"), round(13 * DPI / 72))
    for row in range(45):
        draw.text((DPI, DPI + row * round(DPI * 0.22)), LINE, font=font, fill=35)
    return page.rotate(angle, Image.Resampling.BILINEAR, fillcolor=222)


def prepare(page: Page) -> None:
    cleaned = clean(page)
    is_blank(cleaned)
    thumbnail(cleaned, 120)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=5)
    args = parser.parse_args()
    crooked_ms, level_ms, read_ms = [], [], []
    for seed in range(1, args.pages + 1):
        for angle, times in ((2.0, crooked_ms), (0.0, level_ms)):
            page = Page(scanned_page(seed, angle), DPI, "scanner")
            start = time.perf_counter()
            prepare(page)
            times.append((time.perf_counter() - start) * 1000)
        pnm = io.BytesIO()
        scanned_page(seed, 2.0).save(pnm, "PPM")
        start = time.perf_counter()
        with Image.open(io.BytesIO(pnm.getvalue())) as image:
            image.load()
        read_ms.append((time.perf_counter() - start) * 1000)
    crooked, level, reference = (statistics.median(t) for t in (crooked_ms, level_ms, read_ms))
    print(
        f"page preparation, A4 gray at {DPI} dpi: crooked median {crooked:.0f} ms, level {level:.0f} ms; "
        f"reading the PNM {reference:.1f} ms"
    )
    emit(
        "page_prep",
        label=f"Page prepared for the clerk (clean, is_blank, thumbnail), A4 gray {DPI} dpi fed 2° crooked",
        target=f"median ≤ {TARGET_MS:g} ms",
        measured=f"median {crooked:.0f} ms crooked, {level:.0f} ms level",
        reference=f"{reference:.1f} ms (reading the page's PNM file)",
        ratio=f"{crooked / reference:.0f}× reference",
        met=crooked <= TARGET_MS,
        details={"crooked_ms": crooked_ms, "level_ms": level_ms, "read_ms": read_ms},
    )


if __name__ == "__main__":
    main()
