"""The electronic copy of one paper: one PDF/A-2b file of its scanned pages.

Each page is stored the cheapest way that keeps it legible (issue 13, item 3):

* a text page (text or line art on paper, whatever mode it was scanned in, as
  :func:`counter_app.scanning.pages.is_text_page` decides; a seal or a signature on it does not
  change that) becomes bilevel at no more than 300 dpi, compressed with CCITT Group 4 by Pillow's
  libtiff and embedded by img2pdf as it is (no re-encoding): 45–70 KB a full A4 page;
* any other page is a picture: a colour JPEG when it has colour (a photograph, an ID card), else a
  grayscale JPEG, quality 75, at no more than 200 dpi.

The PDF/A-2b identification (XMP with pdfaid part 2 / conformance B, dc:title and matching Info
dictionary, sRGB output intent, trailer ID) is added by pikepdf in :mod:`._pdfa_write`.
Nothing is written to disk; the caller stores the bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

import img2pdf  # type: ignore[import-untyped]
import pikepdf
from PIL import Image

from counter_app.copies._kind import PageKind, colour_share
from counter_app.copies._pdfa_write import finish_pdfa
from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import clean
from counter_app.scanning.pages import Page, is_text_page, normalise_image, otsu_threshold

MAX_PAGES = 300
MAX_PIXELS = 150_000_000  # a page: A3 at 1200 dpi is 140 Mpx
MIN_SIDE_MM, MAX_SIDE_MM = 10, 2000  # a paper's side: a stamp-sized photo to beyond A0 (1189 mm)
TEXT_MAX_DPI = 300
PHOTO_MAX_DPI = 200
JPEG_QUALITY = 75
COLOUR_SHARE = 0.003  # of strongly coloured pixels, above which a picture keeps its colour


@dataclass(frozen=True)
class BuiltCopy:
    pdf: bytes
    pages: int


@dataclass(frozen=True)
class _Encoded:
    data: bytes
    kind: PageKind


def build_copy(pages: Sequence[Page], *, title: str) -> BuiltCopy:
    """The PDF/A-2b copy of ``pages`` (in order) titled ``title`` (the paper's name).

    Refuses (InvalidInput) no title, no pages, too many, a page over 150 million pixels or with a
    side under 10 mm or over 2 m at its resolution, before any work is done (:class:`Page` itself
    guarantees the mode and a resolution of 75–1200 dpi).
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
    encoded = [encode_page(page) for page in pages]
    raw = img2pdf.convert([e.data for e in encoded], rotation=img2pdf.Rotation.ifvalid)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        data = finish_pdfa(pdf, title=name)
    return BuiltCopy(pdf=data, pages=len(pages))


def _check_page(number: int, page: Page) -> None:
    width, height = page.image.size
    if width * height > MAX_PIXELS:
        raise InvalidInput("copy.page_pixels", page=number, width=width, height=height, limit=MAX_PIXELS)
    mm = (round(width * 25.4 / page.dpi), round(height * 25.4 / page.dpi))
    if min(mm) < MIN_SIDE_MM or max(mm) > MAX_SIDE_MM:
        raise InvalidInput("copy.page_size", page=number, width=mm[0], height=mm[1], low=MIN_SIDE_MM, high=MAX_SIDE_MM)


def _scaled(image: Image.Image, dpi: int, limit: int) -> tuple[Image.Image, int]:
    if dpi <= limit:
        return image, dpi
    size = (max(1, round(image.width * limit / dpi)), max(1, round(image.height * limit / dpi)))
    return image.resize(size, Image.Resampling.LANCZOS), limit


def bilevel(gray: Image.Image) -> Image.Image:
    """A gray text page in black and white at Otsu's threshold (as ``scanning.pages.to_bilevel`` cuts
    it), straight through a lookup table into mode "1": 15 ms an A4 page at 300 dpi, not 100 ms."""
    threshold = otsu_threshold(gray.histogram())
    return gray.point([0 if v <= threshold else 255 for v in range(256)], "1")


def page_kind(page: Page) -> PageKind:
    """TEXT (bilevel G4) for text or line art on paper, as :func:`is_text_page` decides (a red seal or
    a signature on a text page keeps it text: the 80 KB budget holds for sealed papers, the seal
    prints black); otherwise COLOUR when the picture has colour, else GRAY."""
    if is_text_page(page):
        return PageKind.TEXT
    return PageKind.COLOUR if colour_share(page.image) > COLOUR_SHARE else PageKind.GRAY


def encode_page(page: Page) -> _Encoded:
    """One page as a G4 TIFF or a JPEG file that img2pdf embeds without decoding."""
    page = replace(page, image=normalise_image(page.image))
    kind = page_kind(page)
    image, dpi = page.image, page.dpi
    out = io.BytesIO()
    if kind is PageKind.TEXT:
        if image.mode != "1" or dpi > TEXT_MAX_DPI:
            gray, dpi = _scaled(image if image.mode == "L" else image.convert("L"), dpi, TEXT_MAX_DPI)
            image = bilevel(gray)
        # One strip (RowsPerStrip = height): that strip is the whole G4 stream img2pdf copies as it is.
        image.save(out, "TIFF", compression="group4", dpi=(dpi, dpi), tiffinfo={278: image.height})
    else:
        photo = image.convert("L") if kind is PageKind.GRAY else image.convert("RGB")
        photo, dpi = _scaled(photo, dpi, PHOTO_MAX_DPI)
        photo.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(dpi, dpi), subsampling="4:2:0")
    return _Encoded(out.getvalue(), kind)
