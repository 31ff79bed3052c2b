"""One page of a paper as an image in memory, and the cheap things done to it at the counter.

A :class:`Page` comes from the scanner (:mod:`.sources`), a file (:mod:`.files`) or the scan-to-folder
directory (:mod:`.folder`). The clerk rotates or deletes pages; :func:`is_blank` offers blank pages
(the back of a single-sided sheet fed duplex) for removal; :func:`clean` straightens a page fed a
little crooked and cuts off the dark borders a scanner adds around a sheet smaller than its glass.
:func:`to_bilevel` and :func:`is_text_page` are for the copy: bilevel (G4) for text, JPEG for photos.

Pure Pillow (no numpy): every measurement runs on a copy shrunk to about 100 dpi, so it costs a few
milliseconds on an A4 page at 300 dpi.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Final

from PIL import Image

MODES: Final = ("1", "L", "RGB")
SOURCES: Final = ("scanner", "file", "folder")
MIN_DPI: Final = 75
MAX_DPI: Final = 1200


@dataclass(frozen=True)
class Page:
    """One scanned or imported page, kept in memory as an image (mode "1", "L" or "RGB")."""

    image: Image.Image
    dpi: int  # 75..1200, the same both ways
    source: str  # "scanner" | "file" | "folder"

    def __post_init__(self) -> None:
        # Programming errors (the readers normalise what they read), hence ValueError and not a message.
        if self.image.mode not in MODES:
            raise ValueError(f"page image mode {self.image.mode!r} is not one of {MODES}")
        if not MIN_DPI <= self.dpi <= MAX_DPI:
            raise ValueError(f"page resolution {self.dpi} dpi is outside {MIN_DPI}..{MAX_DPI}")
        if self.source not in SOURCES:
            raise ValueError(f"page source {self.source!r} is not one of {SOURCES}")

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height of the paper in millimetres."""
        w, h = self.image.size
        return (w * 25.4 / self.dpi, h * 25.4 / self.dpi)


_TRANSPOSE = {
    90: Image.Transpose.ROTATE_270,  # Pillow turns counter-clockwise; our degrees turn clockwise
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


def rotate(page: Page, degrees: int) -> Page:
    """The page turned clockwise by ``degrees`` (a multiple of 90, negative turns counter-clockwise).

    Lossless: pixels are moved, never resampled, so four quarter turns give back the same image.
    """
    if degrees % 90:
        raise ValueError(f"a page turns by quarter turns only, not {degrees}°")
    turn = degrees % 360
    if turn == 0:
        return page
    return replace(page, image=page.image.transpose(_TRANSPOSE[turn]))


def thumbnail(page: Page, longest: int = 160) -> Image.Image:
    """A small copy of the page for a strip of thumbnails or a preview: its longest side ``longest``
    pixels (never enlarged), box-averaged so text stays legible gray rather than broken black."""
    image = page.image.convert("L") if page.image.mode == "1" else page.image
    w, h = image.size
    scale = min(1.0, longest / max(w, h))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return image.copy() if size == (w, h) else image.resize(size, Image.Resampling.BOX)


# ----------------------------------------------------------------------------- measuring on a small copy

_WORK_DPI: Final = 100  # every measurement runs on a copy at about this resolution


def _gray(page: Page, dpi: int = _WORK_DPI) -> Image.Image:
    """A grayscale copy at about ``dpi`` (box-averaged when shrinking)."""
    image = page.image if page.image.mode == "L" else page.image.convert("L")
    if page.dpi == dpi:
        return image
    w, h = image.size
    size = (max(1, round(w * dpi / page.dpi)), max(1, round(h * dpi / page.dpi)))
    resample = Image.Resampling.BOX if page.dpi > dpi else Image.Resampling.BILINEAR
    return image.resize(size, resample)


def _percentile(histogram: list[int], fraction: float) -> int:
    """The gray level below which ``fraction`` of the pixels lie."""
    total = sum(histogram)
    goal = fraction * total
    seen = 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= goal:
            return level
    return 255


def otsu_threshold(histogram: list[int]) -> int:
    """Otsu's threshold of a 256-level histogram: levels <= the result are ink, above it paper."""
    total = sum(histogram)
    if total == 0:
        return 127
    sum_all = sum(level * count for level, count in enumerate(histogram))
    weight_dark = 0
    sum_dark = 0
    best, best_level = -1.0, 127
    for level, count in enumerate(histogram):
        weight_dark += count
        if weight_dark == 0:
            continue
        weight_light = total - weight_dark
        if weight_light == 0:
            break
        sum_dark += level * count
        mean_dark = sum_dark / weight_dark
        mean_light = (sum_all - sum_dark) / weight_light
        between = weight_dark * weight_light * (mean_dark - mean_light) ** 2
        if between > best:
            best, best_level = between, level
    return best_level


# ----------------------------------------------------------------------------- blank pages

# A page is blank when no patch of ink spans this many 1 mm cells touching each other. One letter at
# 12 pt spans 5 to 10 cells; a speck of dust up to 1 mm across at most 4, and the noise of a scanner's
# glass none (a lone noisy pixel does not ink a cell).
BLANK_MIN_PATCH: Final = 5
_BLANK_DPI: Final = 150  # thin serif strokes at 12 pt keep their darkness at this resolution
_CELL: Final = 6  # pixels of the 150 dpi copy per cell side (about 1 mm)
_CELL_MIN_DARK: Final = 4  # dark pixels (of 36) that make a cell carry ink; a lone noise pixel does not
_MARGIN: Final = 0.04  # each edge's share left out: the shadow of the sheet's edge is not content


def _ink_grid(page: Page) -> tuple[bytes, int, int] | None:
    """The page's 1 mm cells (its edges left out), 255 where ink darker than its paper falls, 0 elsewhere,
    with the grid's width and height; None for a dark page (a photograph, a black test page)."""
    gray = _gray(page, _BLANK_DPI)
    w, h = gray.size
    mx, my = round(w * _MARGIN), round(h * _MARGIN)
    if w - 2 * mx >= _CELL and h - 2 * my >= _CELL:
        gray = gray.crop((mx, my, w - mx, h - my))
    histogram = gray.histogram()
    paper = _percentile(histogram, 0.5)
    # The paper's noise: how far its darker tail reaches below the median (ink is under 5 % of a page).
    spread = paper - _percentile(histogram, 0.05)
    cut = paper - min(110, max(70, 4 * spread))
    if cut <= 0:
        return None
    dark = gray.point(lambda v: 255 if v < cut else 0)
    cw, ch = max(1, dark.width // _CELL), max(1, dark.height // _CELL)
    # Box-average each cell: a cell's value is 255 × its share of dark pixels.
    cells = dark.crop((0, 0, cw * _CELL, ch * _CELL)).reduce(_CELL)
    level = 255 * _CELL_MIN_DARK // (_CELL * _CELL)
    return cells.point(lambda v: 255 if v >= level else 0).tobytes(), cw, ch


def ink_patch(page: Page, enough: int = BLANK_MIN_PATCH) -> int:
    """The number of cells of the largest patch of touching inked cells (8 neighbours), counted up to
    ``enough`` (a dark page counts as ``enough``)."""
    grid = _ink_grid(page)
    if grid is None:
        return enough
    cells, width, _ = grid
    seen = bytearray(len(cells))
    largest = 0
    start = cells.find(255)
    while start >= 0:
        if not seen[start]:
            seen[start] = 1
            patch, todo = 0, [start]
            while todo and patch < enough:
                index = todo.pop()
                patch += 1
                row, col = divmod(index, width)
                for dr in (-1, 0, 1):
                    for dc in (-1, 0, 1):
                        r, c = row + dr, col + dc
                        near = r * width + c
                        if 0 <= c < width and 0 <= near < len(cells) and cells[near] and not seen[near]:
                            seen[near] = 1
                            todo.append(near)
            largest = max(largest, patch)
            if largest >= enough:
                return enough
        start = cells.find(255, start + 1)
    return largest


def is_blank(page: Page) -> bool:
    """True for a page with nothing on it: white or a scanner's gray noise, specks of dust at most.

    Tuned to err on the side of content: one short word is not blank, so a page offered for removal is
    really empty.
    """
    return ink_patch(page) < BLANK_MIN_PATCH


# ----------------------------------------------------------------------------- cleaning

MAX_SKEW: Final = 5.0  # degrees either way that clean() looks for
_SKEW_DPI: Final = 50
_MIN_SKEW: Final = 0.25  # below this a page is left as it is (no resampling for nothing)
_MAX_BORDER: Final = 0.2  # at most this share of each side is cut as a dark border


def _profile_score(bilevel: Image.Image, angle: float) -> float:
    """How sharply rows of ink stand out when the ink is turned by ``angle`` (sum of squared row-to-row
    differences of the row sums): largest when the text lines are level."""
    turned = bilevel.rotate(angle, resample=Image.Resampling.NEAREST, expand=True, fillcolor=0)
    rows = list(turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
    return float(sum((a - b) ** 2 for a, b in itertools.pairwise(rows)))


def skew_angle(page: Page) -> float:
    """The angle (degrees, counter-clockwise) that levels the page's lines of text, 0.0 when the page
    has no clear lines or is level already. Projection profile on a 50 dpi copy, within ±5°."""
    gray = _gray(page, _SKEW_DPI)
    histogram = gray.histogram()
    threshold = otsu_threshold(histogram)
    ink = gray.point(lambda v: 255 if v <= threshold else 0)
    share = sum(ink.histogram()[255:]) / (ink.width * ink.height or 1)
    if not 0.002 < share < 0.5:  # blank, or mostly dark (a photograph): no lines to level
        return 0.0

    def score(angle: float) -> float:
        return _profile_score(ink, angle)

    level_score = score(0.0)
    best = max((step * 0.5 for step in range(-10, 11)), key=score)
    fine = max((best + step * 0.1 for step in range(-5, 6)), key=score)
    if abs(fine) < _MIN_SKEW or score(fine) < level_score * 1.1:
        return 0.0
    return round(fine, 1)


def _border_cut(means: list[int], paper: int) -> int:
    """How many leading entries of ``means`` (row or column means from one edge) are dark border."""
    limit = max(1, int(len(means) * _MAX_BORDER))
    cut = 0
    while cut < limit and means[cut] < paper * 0.45:
        cut += 1
    return cut


def crop_borders(page: Page) -> Page:
    """The page without the dark bands a scanner adds at its edges (the lid's shadow, an empty glass)."""
    gray = _gray(page, _SKEW_DPI)
    paper = _percentile(gray.histogram(), 0.5)
    if paper < 128:  # a dark page: no paper to tell the border from
        return page
    rows = list(gray.resize((1, gray.height), Image.Resampling.BOX).tobytes())
    cols = list(gray.resize((gray.width, 1), Image.Resampling.BOX).tobytes())
    top, bottom = _border_cut(rows, paper), _border_cut(rows[::-1], paper)
    left, right = _border_cut(cols, paper), _border_cut(cols[::-1], paper)
    if not (top or bottom or left or right):
        return page
    scale = page.image.width / gray.width
    # One pixel of the small copy more, so no gray fringe of the border is left.
    box = (
        min(page.image.width - 1, round((left + (1 if left else 0)) * scale)),
        min(page.image.height - 1, round((top + (1 if top else 0)) * scale)),
        max(1, round((gray.width - right - (1 if right else 0)) * scale)),
        max(1, round((gray.height - bottom - (1 if bottom else 0)) * scale)),
    )
    if box[2] <= box[0] or box[3] <= box[1]:
        return page
    return replace(page, image=page.image.crop(box))


def deskew(page: Page) -> Page:
    """The page turned so its lines of text are level (within ±5°), or the page itself."""
    angle = skew_angle(page)
    if not angle:
        return page
    image = page.image
    # At 200 dpi and more a page turns pixel for pixel (nearest): a step of one pixel (0.13 mm or less)
    # along a stroke is invisible on paper and to OCR, and it costs a tenth of bilinear (25 ms against
    # 150-270 ms for a gray A4 at 300 dpi); a bilevel page stays bilevel, as scanners' own deskew does.
    # Below 200 dpi the steps would show: bilinear.
    resample = Image.Resampling.NEAREST if page.dpi >= 200 or image.mode == "1" else Image.Resampling.BILINEAR
    white: int | tuple[int, int, int] = (255, 255, 255) if image.mode == "RGB" else 255
    turned = image.rotate(angle, resample, expand=False, fillcolor=white)
    return replace(page, image=turned)


def clean(page: Page) -> Page:
    """The page with the scanner's dark borders cut off and its text lines levelled, where that is cheap
    (a crooked photograph or a blank page is left as it is)."""
    cropped = crop_borders(page)
    levelled = deskew(cropped)
    return cropped if levelled is cropped else crop_borders(levelled)


# ----------------------------------------------------------------------------- text or photograph


def to_bilevel(page: Page) -> Page:
    """The page in black and white (mode "1"), cut at Otsu's threshold of its gray levels."""
    if page.image.mode == "1":
        return page
    gray = page.image if page.image.mode == "L" else page.image.convert("L")
    threshold = otsu_threshold(_gray(page).histogram())
    return replace(page, image=gray.point(lambda v: 255 if v > threshold else 0).convert("1"))


def is_text_page(page: Page) -> bool:
    """True when the page is text or line art on paper (copied bilevel), False for a photograph or a
    picture with tones (copied as JPEG). A bilevel page is text; a colour page counts its colour."""
    if page.image.mode == "1":
        return True
    small = _gray(page)
    histogram = small.histogram()
    total = sum(histogram) or 1
    threshold = otsu_threshold(histogram)
    dark = histogram[: threshold + 1]
    light = histogram[threshold + 1 :]
    n_dark, n_light = sum(dark), sum(light)
    if n_light / total < 0.5:  # mostly dark: not printed paper
        return False
    mean_dark = sum(i * c for i, c in enumerate(dark)) / (n_dark or 1)
    mean_light = sum((threshold + 1 + i) * c for i, c in enumerate(light)) / (n_light or 1)
    gap = mean_light - mean_dark
    low, high = round(mean_dark + gap * 0.25), round(mean_light - gap * 0.25)
    middle = sum(histogram[max(0, low) : max(0, high) + 1]) / total
    if middle > 0.12:
        return False
    if page.image.mode == "RGB":
        # Colour beyond a stamp or a signature (a photograph on white) makes it a picture.
        saturation = page.image.resize(small.size, Image.Resampling.BOX).convert("HSV").getchannel("S")
        coloured = sum(saturation.histogram()[64:]) / total
        if coloured > 0.15:
            return False
    return True


def normalise_image(image: Image.Image) -> Image.Image:
    """``image`` in one of the page modes: "1" and "L" and "RGB" as they are, transparency laid on white,
    16-bit and float gray scaled to 8 bits, palettes and CMYK as RGB."""
    if image.mode in MODES:
        return image
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(white, rgba)
        return flat.convert("L" if image.mode in ("LA", "La") else "RGB")
    if image.mode.startswith("I;16") or image.mode == "I":
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode == "F":
        return image.convert("L")
    return image.convert("RGB")
