"""The electronic copy of one paper: one PDF/A-2b file of its scanned pages.

Each page is stored the cheapest way that keeps it legible (issue 13, item 3):

* a text page (black text on paper, whatever mode it was scanned in) becomes bilevel at no more than
  300 dpi, compressed with CCITT Group 4 by Pillow's libtiff and embedded by img2pdf as it is (no
  re-encoding): typically 25–60 KB an A4 page;
* a grayscale photograph becomes a grayscale JPEG, a colour page (a red seal, a photograph, an ID
  card) a colour JPEG, quality 75, at no more than 200 dpi.

The PDF/A-2b identification (XMP with pdfaid part 2 / conformance B, dc:title and matching Info
dictionary, sRGB output intent, trailer ID) is added by pikepdf in :mod:`._pdfa_write`.
Nothing is written to disk; the caller stores the bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import img2pdf  # type: ignore[import-untyped]
import pikepdf
from PIL import Image

from counter_app.copies._kind import PageKind, otsu_threshold, page_kind
from counter_app.copies._pdfa_write import finish_pdfa
from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import clean

MAX_PAGES = 300
MIN_DPI, MAX_DPI = 75, 1200
MAX_PIXELS = 150_000_000  # a page: A3 at 1200 dpi is 140 Mpx
TEXT_MAX_DPI = 300
PHOTO_MAX_DPI = 200
JPEG_QUALITY = 75


class PageImage(Protocol):
    """What a page must offer (``counter_app.scanning.pages.Page`` does)."""

    @property
    def image(self) -> Image.Image: ...
    @property
    def dpi(self) -> int: ...


@dataclass(frozen=True)
class BuiltCopy:
    pdf: bytes
    pages: int


@dataclass(frozen=True)
class _Encoded:
    data: bytes
    kind: PageKind


def build_copy(pages: Sequence[PageImage], *, title: str) -> BuiltCopy:
    """The PDF/A-2b copy of ``pages`` (in order) titled ``title`` (the paper's name).

    Refuses (InvalidInput) no pages, too many, a resolution outside 75–1200 dpi or a page over
    150 million pixels, before any work is done.
    """
    name = clean(title, "text")
    if not name:
        raise InvalidInput("copy.no_title")
    if not pages:
        raise InvalidInput("copy.no_pages")
    if len(pages) > MAX_PAGES:
        raise InvalidInput("copy.too_many_pages", count=len(pages), limit=MAX_PAGES)
    for number, page in enumerate(pages, start=1):
        _check_page(number, page)
    encoded = [encode_page(page.image, page.dpi) for page in pages]
    raw = img2pdf.convert([e.data for e in encoded], rotation=img2pdf.Rotation.ifvalid)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        data = finish_pdfa(pdf, title=name)
    return BuiltCopy(pdf=data, pages=len(pages))


def _check_page(number: int, page: PageImage) -> None:
    if not isinstance(page.dpi, int) or not MIN_DPI <= page.dpi <= MAX_DPI:
        raise InvalidInput("copy.page_dpi", page=number, dpi=page.dpi, low=MIN_DPI, high=MAX_DPI)
    width, height = page.image.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        raise InvalidInput("copy.page_pixels", page=number, width=width, height=height, limit=MAX_PIXELS)


def _rgb_or_gray(image: Image.Image) -> Image.Image:
    """The page as "1", "L" or "RGB" (an alpha channel flattened on white paper)."""
    if image.mode in ("1", "L", "RGB"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, (255, 255, 255))
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    if image.mode.startswith("I") or image.mode == "F":
        return image.convert("L")
    return image.convert("RGB")


def _scaled(image: Image.Image, dpi: int, limit: int) -> tuple[Image.Image, int]:
    if dpi <= limit:
        return image, dpi
    size = (max(1, round(image.width * limit / dpi)), max(1, round(image.height * limit / dpi)))
    return image.resize(size, Image.Resampling.LANCZOS), limit


def bilevel(image: Image.Image) -> Image.Image:
    """A gray or colour text page in black and white, at Otsu's threshold."""
    gray = image if image.mode == "L" else image.convert("L")
    threshold, _ = otsu_threshold(gray.histogram())
    return gray.point([0 if v <= threshold else 255 for v in range(256)], "1")


def encode_page(image: Image.Image, dpi: int) -> _Encoded:
    """One page as a G4 TIFF or a JPEG file that img2pdf embeds without decoding."""
    image = _rgb_or_gray(image)
    kind = page_kind(image)
    out = io.BytesIO()
    if kind is PageKind.TEXT:
        if image.mode == "1" and dpi <= TEXT_MAX_DPI:
            page = image
        else:
            gray = image.convert("L") if image.mode != "L" else image
            gray, dpi = _scaled(gray, dpi, TEXT_MAX_DPI)
            page = bilevel(gray)
        # One strip: img2pdf then copies the G4 data as it is (several strips would be re-encoded).
        page.save(out, "TIFF", compression="group4", dpi=(dpi, dpi), tiffinfo={278: page.height})
    else:
        photo = image.convert("L") if kind is PageKind.GRAY else image
        photo, dpi = _scaled(photo, dpi, PHOTO_MAX_DPI)
        photo.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(dpi, dpi), subsampling="4:2:0")
    return _Encoded(out.getvalue(), kind)
