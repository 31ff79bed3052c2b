"""Rules that hold for any input: any page makes a PDF/A copy; no file makes the check crash."""

from __future__ import annotations

import io

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from counter_app.copies.build import build_copy
from counter_app.copies.pdfa import pdfa_problems
from counter_app.scanning.pages import Page


@st.composite
def pages(draw: st.DrawFn) -> Page:
    mode = draw(st.sampled_from(["1", "L", "RGB"]))
    dpi = draw(st.integers(75, 600))
    smallest = -(-10 * dpi // 25) + 1  # 10 mm, the smallest side a copy takes
    size = (draw(st.integers(smallest, smallest + 300)), draw(st.integers(smallest, smallest + 300)))
    background = draw(st.integers(0, 255))
    image = Image.new("RGB", size, (background, background, draw(st.integers(0, 255))))
    pen = ImageDraw.Draw(image)
    for _ in range(draw(st.integers(0, 6))):
        x0, y0 = draw(st.integers(0, size[0])), draw(st.integers(0, size[1]))
        x1, y1 = draw(st.integers(x0, size[0])), draw(st.integers(y0, size[1]))
        colour = tuple(draw(st.integers(0, 255)) for _ in range(3))
        pen.rectangle((x0, y0, x1, y1), fill=colour)  # type: ignore[arg-type]
    return Page(image.convert(mode), dpi, "file")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pages(), min_size=1, max_size=3))
def test_any_pages_make_a_pdfa_copy_with_one_page_each(scans: list[Page]) -> None:
    copy = build_copy(scans, title="Giấy tờ")
    assert copy.pages == len(scans)
    assert pdfa_problems(copy.pdf) == []
    with pikepdf.open(io.BytesIO(copy.pdf)) as doc:
        assert len(doc.pages) == len(scans)
        for page, scan in zip(doc.pages, scans, strict=True):
            box = [float(v) for v in page.mediabox]
            # the paper keeps its size (the image may have been scaled down to 300 or 200 dpi)
            assert box[2] == pytest.approx(scan.image.width * 72 / scan.dpi, rel=0.02, abs=1.5)
            assert box[3] == pytest.approx(scan.image.height * 72 / scan.dpi, rel=0.02, abs=1.5)


@pytest.fixture(scope="module")
def small_copy() -> bytes:
    image = Image.new("L", (120, 160), 230)
    ImageDraw.Draw(image).rectangle((10, 10, 60, 20), fill=20)
    return build_copy([Page(image, 150, "file")], title="Giấy tờ").pdf


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_file_gets_problems_never_an_exception(small_copy: bytes, data: st.DataObject) -> None:
    damaged = bytearray(small_copy)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        damaged = damaged[: data.draw(st.integers(0, len(damaged)))]
    problems = pdfa_problems(bytes(damaged))
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)
