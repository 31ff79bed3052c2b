"""The image copy of a paper: PDF/A-2b, text pages bilevel G4 within 80 KB, photographs JPEG."""

from __future__ import annotations

import io
import subprocess

import pikepdf
import pytest
from PIL import Image, ImageDraw

from counter_app.copies.build import MAX_PAGES, build_copy
from counter_app.copies.pdfa import pdfa_problems
from counter_app.domain.errors import InvalidInput
from counter_app.scanning.pages import Page

from .conftest import Scan, second_opinion


def _one(value: pikepdf.Object) -> pikepdf.Object:
    """A filter or its parameters, whether given alone or as a one-element array."""
    return value[0] if isinstance(value, pikepdf.Array) else value


def _images(pdf: bytes) -> list[dict[str, object]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        found = []
        for page in doc.pages:
            for _, image in page.get_images().items():
                found.append(
                    {
                        "filter": str(_one(image.Filter)),
                        "space": str(image.ColorSpace),
                        "bits": int(image.BitsPerComponent),
                        "width": int(image.Width),
                        "k": int(_one(image.DecodeParms).K) if "/DecodeParms" in image else None,
                        "bytes": len(image.read_raw_bytes()),
                    }
                )
        return found


def test_a_300_dpi_a4_text_page_is_one_g4_image_within_80_kb(text_300: Page) -> None:
    copy = build_copy([text_300], title="Giấy khai sinh")
    assert copy.pages == 1
    assert len(copy.pdf) <= 80 * 1024, len(copy.pdf)
    [image] = _images(copy.pdf)
    assert str(image["filter"]) == "/CCITTFaxDecode" and image["k"] == -1  # Group 4
    assert image["bits"] == 1 and image["space"] == "/DeviceGray"
    assert image["width"] == text_300.image.width  # kept at 300 dpi
    assert pdfa_problems(copy.pdf) == []
    assert second_opinion(copy.pdf) == []


def test_the_page_keeps_the_size_of_a4(text_200: Page) -> None:
    copy = build_copy([text_200], title="Giấy khai sinh")
    with pikepdf.open(io.BytesIO(copy.pdf)) as doc:
        box = [float(v) for v in doc.pages[0].mediabox]
    assert box[2] == pytest.approx(595.3, abs=1) and box[3] == pytest.approx(841.9, abs=1)


def test_a_600_dpi_text_scan_is_stored_at_300_dpi(text_300: Page) -> None:
    big = Scan(text_300.image.resize((text_300.image.width * 2, text_300.image.height * 2)), 600)
    copy = build_copy([big], title="Giấy khai sinh")
    [image] = _images(copy.pdf)
    assert image["width"] == text_300.image.width
    assert len(copy.pdf) <= 80 * 1024


def test_a_text_page_scanned_in_colour_is_still_bilevel(text_200: Page) -> None:
    copy = build_copy([Scan(text_200.image.convert("RGB"), 200)], title="Sổ hộ khẩu")
    assert [i["filter"] for i in _images(copy.pdf)] == ["/CCITTFaxDecode"]


def test_a_photograph_becomes_a_colour_jpeg_and_a_gray_one_a_gray_jpeg(photo: Page) -> None:
    copy = build_copy([photo, Scan(photo.image.convert("L"), 200)], title="Ảnh chân dung")
    assert copy.pages == 2
    images = _images(copy.pdf)
    assert [(i["filter"], i["space"]) for i in images] == [("/DCTDecode", "/DeviceRGB"), ("/DCTDecode", "/DeviceGray")]
    assert pdfa_problems(copy.pdf) == []
    assert second_opinion(copy.pdf) == []


def test_a_photograph_at_600_dpi_is_stored_at_200_dpi(photo: Page) -> None:
    big = Scan(photo.image.resize((photo.image.width * 3, photo.image.height * 3)), 600)
    [image] = _images(build_copy([big], title="Ảnh").pdf)
    assert image["width"] == photo.image.width


def _sealed(page: Page) -> Image.Image:
    image = page.image.convert("RGB")
    draw = ImageDraw.Draw(image)
    x, y = image.width * 0.6, image.height * 0.75
    r = 2 / 2.54 * page.dpi  # a 4 cm seal
    draw.ellipse((x - r, y - r, x + r, y + r), outline=(200, 20, 30), width=12)
    draw.ellipse((x - r / 2, y - r / 2, x + r / 2, y + r / 2), fill=(210, 30, 40))
    return image


def test_a_text_page_with_a_red_seal_stays_bilevel_and_shows_the_seal(text_200: Page) -> None:
    copy = build_copy([Scan(_sealed(text_200), 200)], title="Giấy khai sinh")
    [image] = _images(copy.pdf)
    assert str(image["filter"]) == "/CCITTFaxDecode"
    assert len(copy.pdf) <= 80 * 1024
    shown = subprocess.run(["pdftoppm", "-r", "50", "-gray", "-"], input=copy.pdf, capture_output=True, check=True)
    picture = Image.open(io.BytesIO(shown.stdout)).convert("L")
    seal = picture.crop(
        (int(picture.width * 0.57), int(picture.height * 0.73), int(picture.width * 0.63), int(picture.height * 0.77))
    )
    assert seal.getextrema()[1] < 128  # the seal's solid centre came out dark, not dropped as paper


def test_a_picture_scanned_in_colour_without_colour_is_a_gray_jpeg(photo: Page) -> None:
    gray_in_rgb = photo.image.convert("L").convert("RGB")
    [image] = _images(build_copy([Scan(gray_in_rgb, 200)], title="Ảnh").pdf)
    assert (image["filter"], image["space"]) == ("/DCTDecode", "/DeviceGray")


def test_the_copy_is_titled_and_identified_as_pdfa_2b(text_200: Page) -> None:
    copy = build_copy([text_200, text_200], title="  Giấy  chứng nhận kết hôn ")
    with pikepdf.open(io.BytesIO(copy.pdf)) as doc:
        meta = doc.open_metadata()
        assert meta["dc:title"] == "Giấy chứng nhận kết hôn"
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert str(doc.docinfo.Title) == "Giấy chứng nhận kết hôn"
        assert doc.pdf_version == "1.7"
        assert len(doc.pages) == 2
        assert "/ID" in doc.trailer and not doc.is_encrypted
    assert copy.pages == 2


def test_a_bilevel_page_is_embedded_as_it_is(text_200: Page) -> None:
    bilevel = text_200.image.point(lambda v: 255 if v > 128 else 0, "1")
    copy = build_copy([Scan(bilevel, 200)], title="Giấy tờ")
    [image] = _images(copy.pdf)
    assert str(image["filter"]) == "/CCITTFaxDecode" and image["width"] == bilevel.width
    assert pdfa_problems(copy.pdf) == []


@pytest.mark.parametrize(
    ("pages", "title", "code"),
    [
        ([], "Giấy khai sinh", "copy.no_pages"),
        ([Scan(Image.new("L", (300, 300), 255), 300)], "   ", "copy.no_title"),
        ([Scan(Image.new("1", (12_500, 12_500), 1), 1200)], "Giấy khai sinh", "copy.page_pixels"),
        ([Scan(Image.new("1", (200, 200), 1), 300)] * (MAX_PAGES + 1), "Giấy khai sinh", "copy.too_many_pages"),
        ([Scan(Image.new("L", (100, 3000), 255), 300)], "Giấy khai sinh", "copy.page_size"),  # 8 mm wide
        ([Scan(Image.new("1", (100, 16_000), 1), 200)], "Giấy khai sinh", "copy.page_size"),  # 2.03 m long
        ([Scan(Image.new("L", (300, 300), 255), 300)], "Giấy\x00", "text.control.text"),
    ],
)
def test_bad_input_is_refused_with_its_message(pages: list[Page], title: str, code: str) -> None:
    from counter_app.messages import known_codes

    with pytest.raises(InvalidInput) as refused:
        build_copy(pages, title=title)
    assert refused.value.code == code
    assert code in known_codes()
