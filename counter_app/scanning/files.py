"""Pages from files the clerk drops or chooses: PDF, JPEG, PNG and TIFF, several pages included.

Everything is checked before it is decoded, so a bad file costs neither memory nor time: its size on
disk (:data:`MAX_FILE_BYTES`, from ``stat``, before a byte is read), its type (the first bytes, not the
name), its page count (:data:`MAX_PAGES`), each page's pixel count from the header
(:data:`MAX_PAGE_PIXELS`, a decompression bomb never reaches the decoder) and the decoded size of all
pages together (:data:`MAX_TOTAL_BYTES`). A bad file raises one :class:`BadFile` naming it; nothing of
the call is returned then (all files or none).

PDF pages: a scanned page (one JPEG or CCITT G4 image filling the page, optionally under an invisible
OCR text layer) gives its image as it is, at its own resolution; any other page is rendered by
Ghostscript (``gs``, in a subprocess with a timeout and ``-dSAFER``) at :data:`RENDER_DPI`. pypdfium2
would render too, but it is only a test dependency; Ghostscript is installed with the OCR tools.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import tempfile
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PIL import Image, ImageChops, ImageOps, UnidentifiedImageError

from counter_app.domain.errors import Unavailable
from counter_app.scanning.errors import BadFile
from counter_app.scanning.pages import MAX_DPI, MIN_DPI, Page, normalise_image, rotate

if TYPE_CHECKING:  # pikepdf (qpdf) loads in 85 ms: only when a PDF is read, not when the app starts
    import pikepdf

MAX_FILE_BYTES: Final = 200 * 1024 * 1024  # one file on disk
MAX_PAGES: Final = 200  # pages in one call (one paper)
MAX_PAGE_PIXELS: Final = 70_000_000  # one page: A3 at 600 dpi; a 50,000 × 50,000 bomb is 2.5 billion
MAX_TOTAL_BYTES: Final = 1024 * 1024 * 1024  # decoded pixels of one call, all pages together
RENDER_DPI: Final = 200  # a PDF page that is not a scan (text, drawings) is rendered at this resolution
GS_TIMEOUT: Final = 30.0  # seconds for Ghostscript, plus GS_TIMEOUT_PER_PAGE for each page
GS_TIMEOUT_PER_PAGE: Final = 5.0
_A4_LONG_INCHES: Final = 297 / 25.4
_GHOSTSCRIPT: Final = ("gs", "gswin64c", "gswin32c")
_IMAGE_FORMATS: Final = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "TIFF": "tiff"}


def read_files(paths: Sequence[Path]) -> list[Page]:
    """The pages of ``paths`` in order (each file's pages in its own order); raises :class:`BadFile`
    (or :class:`Unavailable` when Ghostscript is needed and missing) and returns nothing then."""
    if not paths:
        raise BadFile("file.none")
    budget = _Budget()
    pages: list[Page] = []
    for path in paths:
        pages += _read_one(Path(path), budget)
    return pages


@dataclass
class _Budget:
    """Pages and decoded bytes taken so far in one call, checked before each page is decoded."""

    pages: int = 0
    bytes: int = 0

    def take(self, name: str, width: int, height: int, bands: int) -> None:
        if width <= 0 or height <= 0:
            raise BadFile("file.corrupt", name=name)
        if width * height > MAX_PAGE_PIXELS:
            raise BadFile(
                "file.too_many_pixels",
                name=name,
                megapixels=_millions(width * height),
                limit=_millions(MAX_PAGE_PIXELS),
            )
        self.pages += 1
        self.bytes += width * height * bands
        if self.pages > MAX_PAGES:
            raise BadFile("file.too_many_pages", name=name, limit=MAX_PAGES)
        if self.bytes > MAX_TOTAL_BYTES:
            raise BadFile("file.too_large_total", name=name, limit=MAX_TOTAL_BYTES // 1024**2)

    def grow(self, name: str, more: int) -> None:
        """A page decoded larger than counted (a rendered page in colour)."""
        self.bytes += more
        if self.bytes > MAX_TOTAL_BYTES:
            raise BadFile("file.too_large_total", name=name, limit=MAX_TOTAL_BYTES // 1024**2)

    def expect_pages(self, name: str, count: int) -> None:
        if self.pages + count > MAX_PAGES:
            raise BadFile("file.too_many_pages", name=name, limit=MAX_PAGES)


def shown_name(path: Path) -> str:
    """The file's name as a message shows it: on one line, at most 80 characters."""
    name = unicodedata.normalize("NFC", path.name)
    if not name.isprintable():
        name = "".join(c if c.isprintable() else "?" for c in name)
    return name if len(name) <= 80 else name[:40] + "…" + name[-39:]


def _millions(pixels: int) -> str:
    return f"{pixels / 10**6:,.0f}".replace(",", ".")  # Vietnamese groups thousands with dots


def _kind(path: Path) -> str:
    """``"pdf"`` or ``"image"``, from the size and first bytes; raises BadFile for anything else."""
    name = shown_name(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise BadFile("file.not_image", name=name)
    except FileNotFoundError as exc:
        raise BadFile("file.missing", name=name) from exc
    except OSError as exc:
        raise BadFile("file.unreadable", name=name) from exc
    if size == 0:
        raise BadFile("file.empty", name=name)
    if size > MAX_FILE_BYTES:
        raise BadFile("file.too_large", name=name, size=-(-size // 1024**2), limit=MAX_FILE_BYTES // 1024**2)
    try:
        with open(path, "rb") as stream:
            head = stream.read(1024)
    except OSError as exc:
        raise BadFile("file.unreadable", name=name) from exc
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")):
        return "image"
    if b"%PDF-" in head:  # the header may follow some junk, within the first 1024 bytes
        return "pdf"
    raise BadFile("file.not_image", name=name)


def _read_one(path: Path, budget: _Budget) -> list[Page]:
    if _kind(path) == "pdf":
        return _read_pdf(path, budget)
    return list(_decode(path, shown_name(path), budget, "file", upright=True))


# ----------------------------------------------------------------------------- images


def _dpi(image: Image.Image) -> int:
    """The image's resolution from its header, else guessed as an A4 sheet's long side."""
    value = image.info.get("dpi")
    try:
        dpi = round(float(value[0])) if value else 0
    except (TypeError, ValueError, IndexError):
        dpi = 0
    if not MIN_DPI <= dpi <= MAX_DPI:
        dpi = round(max(image.size) / _A4_LONG_INCHES)
    return min(max(dpi, MIN_DPI), MAX_DPI)


def _decode(
    source: Path | io.BytesIO, name: str, budget: _Budget, origin: str, dpi: int | None = None, *, upright: bool = False
) -> Iterator[Page]:
    """The frames of one JPEG, PNG or TIFF image, each checked against the budget before decoding;
    ``upright``: turned as its EXIF orientation says (a photo file, not an image inside a PDF)."""
    with warnings.catch_warnings():
        # Pillow's own bomb guard, kept as a second line: its warning is an error here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(source) as image:
                if image.format not in _IMAGE_FORMATS:
                    raise BadFile("file.not_image", name=name)
                many = image.format == "TIFF"
                for index in itertools.count():
                    if index:
                        if not many:
                            break
                        try:  # frame by frame, not n_frames: a TIFF of a million tiny frames stops at the cap
                            image.seek(index)
                        except EOFError:
                            break
                    bands = 1 if image.mode in ("1", "L", "P", "I;16", "I", "F") else 3
                    budget.take(name, image.width, image.height, bands)
                    image.load()
                    turned = ImageOps.exif_transpose(image) if upright and index == 0 else image
                    picture = normalise_image(turned)
                    if picture is image:
                        picture = image.copy()  # the next frame reuses this image object
                    yield Page(picture, dpi or _dpi(image), origin)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            # Pillow's guard fired first (at open, from the header): its message counts the pixels.
            found = re.search(r"\((\d+) pixels\)", str(exc))
            pixels = int(found[1]) if found else MAX_PAGE_PIXELS + 1
            raise BadFile(
                "file.too_many_pixels", name=name, megapixels=_millions(pixels), limit=_millions(MAX_PAGE_PIXELS)
            ) from exc
        except UnidentifiedImageError as exc:
            raise BadFile("file.not_image", name=name) from exc
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError) as exc:
            raise BadFile("file.corrupt", name=name) from exc


# ----------------------------------------------------------------------------- PDF


def _read_pdf(path: Path, budget: _Budget) -> list[Page]:
    import pikepdf

    name = shown_name(path)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise BadFile("file.encrypted", name=name) from exc
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError) as exc:
        raise BadFile("file.corrupt", name=name) from exc
    try:
        with pdf:
            return _pdf_pages(pdf, path, budget)
    except (pikepdf.PdfError, ValueError, KeyError, TypeError, AttributeError, RuntimeError) as exc:
        raise BadFile("file.corrupt", name=name) from exc


def _pdf_pages(pdf: pikepdf.Pdf, path: Path, budget: _Budget) -> list[Page]:
    name = shown_name(path)
    count = len(pdf.pages)
    if count == 0:
        raise BadFile("file.corrupt", name=name)
    budget.expect_pages(name, count)
    slots: list[Page | None] = []
    to_render: dict[int, list[int]] = {}  # dpi -> page numbers (1-based) Ghostscript renders
    sizes: dict[int, tuple[float, float]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        width, height = _page_inches(page, name)
        sizes[number] = (width, height)
        scanned = _scanned_page(page, width, height, name, budget)
        if isinstance(scanned, Page):
            slots.append(scanned)
            continue
        dpi = scanned or RENDER_DPI
        # Counted gray here; a page that comes back in colour adds its other two bands (_render).
        budget.take(name, round(width * dpi), round(height * dpi), 1)
        to_render.setdefault(dpi, []).append(number)
        slots.append(None)
    for dpi, numbers in to_render.items():
        for number, rendered in zip(numbers, _render(path, numbers, dpi, budget), strict=True):
            slots[number - 1] = rendered
    return [page for page in slots if page is not None]


def _page_inches(page: pikepdf.Page, name: str) -> tuple[float, float]:
    box = [float(v) for v in page.mediabox]
    unit = float(page.obj.get("/UserUnit", 1))
    width, height = abs(box[2] - box[0]) * unit / 72, abs(box[3] - box[1]) * unit / 72
    if width <= 0 or height <= 0:
        raise BadFile("file.corrupt", name=name)
    return width, height


# Operators that may appear on a scanned page beside its one image: the graphics state, marked content,
# and text (only ever invisible, an OCR layer: checked separately).
_STATE_OPS: Final = {"q", "Q", "cm", "gs", "w", "J", "j", "M", "d", "ri", "i", "BDC", "BMC", "EMC", "MP", "DP"}
_TEXT_OPS: Final = {"BT", "ET", "Tf", "Tr", "Tm", "Td", "TD", "T*", "Tc", "Tw", "Tz", "TL", "Ts", "rg", "g", "k"}
_SHOW_OPS: Final = {"Tj", "TJ", "'", '"'}
_DIRECT_FILTERS: Final = (["/DCTDecode"], ["/CCITTFaxDecode"])
_MAX_SCAN_CONTENT: Final = 64 * 1024  # bytes of content stream a scanned page (image + OCR text) stays under


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
        e * a2 + f * c2 + e2, e * b2 + f * d2 + f2,
    )  # fmt: skip


def _scanned_page(page: pikepdf.Page, width: float, height: float, name: str, budget: _Budget) -> Page | int | None:
    """The page's own image when the page is a scan (one JPEG/G4 image filling it, nothing else visible);
    else the resolution to render it at (a scan in another encoding) or None (render at RENDER_DPI)."""
    import pikepdf

    if _content_length(page) > _MAX_SCAN_CONTENT:
        return None  # a long content stream is drawn, not a scan: no need to parse it here
    resources = page.obj.get("/Resources")
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(xobjects, pikepdf.Dictionary):
        return None
    ctm: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    stack: list[tuple[float, ...]] = []
    drawn: list[tuple[pikepdf.Stream, tuple[float, ...]]] = []
    render_mode = 0
    for instruction in pikepdf.parse_content_stream(page):
        op, operands = str(instruction.operator), instruction.operands
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm" and len(operands) == 6:
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif op == "Tr" and operands:
            render_mode = int(operands[0])
        elif op in _SHOW_OPS:
            if render_mode != 3:
                return None
        elif op == "Do" and operands:
            target = xobjects.get(str(operands[0]))
            if not isinstance(target, pikepdf.Stream) or target.get("/Subtype") != "/Image":
                return None
            drawn.append((target, ctm))
        elif op not in _STATE_OPS and op not in _TEXT_OPS:
            return None
    if len(drawn) != 1:
        return None
    target, (a, b, c, d, _, _) = drawn[0]
    box_w, box_h = width * 72, height * 72
    if abs(b) > 1e-3 * box_w or abs(c) > 1e-3 * box_h or a <= 0 or d <= 0 or a * d < 0.97 * box_w * box_h:
        return None
    if target.get("/ImageMask") or "/SMask" in target or "/Mask" in target:
        return None
    if "/Decode" in target:  # inverted or remapped samples: let Ghostscript apply it
        return dpi_of(target, width)
    try:
        image = pikepdf.PdfImage(target)
    except (pikepdf.PdfError, ValueError, NotImplementedError):
        return None
    dpi = dpi_of(target, width)
    if image.filters not in _DIRECT_FILTERS or image.mode not in ("1", "L", "RGB"):
        return dpi
    data = io.BytesIO()
    try:
        image.extract_to(stream=data)
    except (pikepdf.PdfError, ValueError, NotImplementedError, pikepdf.UnsupportedImageTypeError):
        return dpi
    data.seek(0)
    pages = list(_decode(data, name, budget, "file", dpi))
    if len(pages) != 1:
        raise BadFile("file.corrupt", name=name)
    turn = int(page.obj.get("/Rotate", 0)) % 360
    return rotate(pages[0], turn) if turn in (90, 180, 270) else pages[0]


def dpi_of(image: pikepdf.Stream, width_inches: float) -> int:
    """The resolution of an image that fills a page ``width_inches`` wide."""
    return min(max(round(int(image.get("/Width", 0)) / width_inches), MIN_DPI), MAX_DPI)


def _content_length(page: pikepdf.Page) -> int:
    import pikepdf

    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    return sum(int(stream.get("/Length", 0)) for stream in streams if isinstance(stream, pikepdf.Stream))


def _ghostscript() -> str:
    for command in _GHOSTSCRIPT:
        found = shutil.which(command)
        if found:
            return found
    raise Unavailable("file.no_renderer")


def _render(path: Path, numbers: list[int], dpi: int, budget: _Budget) -> list[Page]:
    """Pages ``numbers`` of the PDF rendered by Ghostscript at ``dpi``; gray pages come back as "L"."""
    name = shown_name(path)
    timeout = GS_TIMEOUT + GS_TIMEOUT_PER_PAGE * len(numbers)
    with tempfile.TemporaryDirectory(prefix="counter-pdf-") as work:
        out = Path(work)
        command = [
            _ghostscript(), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dNOPROMPT", "-dQUIET",
            "-sDEVICE=png16m", f"-r{dpi}", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
            f"-sPageList={','.join(map(str, numbers))}", f"-sOutputFile={out / 'page-%04d.png'}",
            str(path.resolve()),  # absolute: a name like "-dNOSAFER.pdf" is never read as an option
        ]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise BadFile("file.render_timeout", name=name, seconds=round(timeout)) from exc
        except OSError as exc:
            raise Unavailable("file.no_renderer") from exc
        files = sorted(out.glob("page-*.png"))
        if done.returncode != 0 or len(files) != len(numbers):
            raise BadFile("file.corrupt", name=name)
        pages = []
        for file in files:
            with Image.open(file) as image:
                image.load()
                page = Page(_gray_if_gray(normalise_image(image)), dpi, "file")
            if page.image.mode == "RGB":
                budget.grow(name, 2 * page.image.width * page.image.height)
            pages.append(page)
        return pages


def _gray_if_gray(image: Image.Image) -> Image.Image:
    """An RGB image whose channels agree (a black-and-white page rendered in colour) as "L"."""
    if image.mode != "RGB":
        return image
    red, green, blue = image.split()
    spread = max(_highest(ImageChops.difference(red, green)), _highest(ImageChops.difference(green, blue)))
    return image.convert("L") if spread <= 8 else image


def _highest(band: Image.Image) -> int:
    """The highest level present in a one-band image."""
    histogram = band.histogram()
    return max((level for level, count in enumerate(histogram) if count), default=0)
