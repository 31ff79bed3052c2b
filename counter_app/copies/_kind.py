"""How a page is stored: bilevel text, grayscale photograph or colour (private to the copies).

A scanned text page is two populations of pixels, paper and ink, far apart: Otsu's threshold
splits them with a between-class variance close to the whole variance. A photograph has many
tones in between. A colour page (a red seal, a coloured photograph, a banknote-like ID card) keeps
its colours as JPEG; a gray or colour scan of black text on white becomes bilevel.

Measured on a downscaled copy (at most :data:`_SAMPLE_SIDE` pixels a side), so it costs a few
milliseconds whatever the scan's resolution.
"""

from __future__ import annotations

from enum import Enum

from PIL import Image, ImageChops

_SAMPLE_SIDE = 600
# A text page's separability (between-class over total variance) is above 0.9 on clean scans and
# above 0.8 on noisy or yellowed ones; photographs and halftone pictures fall below 0.75.
_TEXT_SEPARABILITY = 0.8
# Share of strongly coloured pixels above which colour is kept: a 4 cm red seal on A4 is about 2 %.
_COLOUR_SHARE = 0.003
_SATURATION = 90  # of 255, in HSV: below this a pixel reads as gray (yellowed paper, scanner tint)
_VALUE = 50  # darker than this, saturation is noise


class PageKind(Enum):
    TEXT = "text"  # bilevel, CCITT G4
    GRAY = "gray"  # grayscale JPEG
    COLOUR = "colour"  # colour JPEG


def otsu_threshold(histogram: list[int]) -> tuple[int, float]:
    """Otsu's threshold of a 256-bin histogram and the separability (0..1) it achieves."""
    total = sum(histogram)
    if total == 0:
        return 128, 1.0
    sum_all = sum(i * h for i, h in enumerate(histogram))
    mean = sum_all / total
    variance = sum(h * (i - mean) ** 2 for i, h in enumerate(histogram)) / total
    if variance == 0:
        return 128, 1.0
    best, best_between = 128, -1.0
    weight = 0
    cumulative = 0.0
    for t in range(256):
        weight += histogram[t]
        if weight == 0:
            continue
        rest = total - weight
        if rest == 0:
            break
        cumulative += t * histogram[t]
        mean_low = cumulative / weight
        mean_high = (sum_all - cumulative) / rest
        between = weight * rest * (mean_low - mean_high) ** 2 / (total * total)
        if between > best_between:
            best, best_between = t, between
    return best, best_between / variance


def _sample(image: Image.Image) -> Image.Image:
    sample = image.copy()
    sample.thumbnail((_SAMPLE_SIDE, _SAMPLE_SIDE), Image.Resampling.BOX)
    return sample


def colour_share(image: Image.Image) -> float:
    """Share of clearly coloured pixels of an RGB image (0 for other modes)."""
    if image.mode != "RGB":
        return 0.0
    _, s, v = _sample(image).convert("HSV").split()
    coloured = Image.eval(s, lambda x: 255 if x >= _SATURATION else 0)
    bright = Image.eval(v, lambda x: 255 if x >= _VALUE else 0)
    mask = ImageChops.multiply(coloured, bright)
    histogram = mask.histogram()
    return histogram[255] / max(1, sum(histogram))


def text_separability(image: Image.Image) -> float:
    """How well one threshold splits the page into paper and ink (1 = perfectly)."""
    gray = _sample(image.convert("L") if image.mode != "L" else image)
    return otsu_threshold(gray.histogram())[1]


def page_kind(image: Image.Image) -> PageKind:
    """TEXT for a page that reads as well in black and white, else GRAY or COLOUR."""
    if image.mode == "1":
        return PageKind.TEXT
    if image.mode == "RGB" and colour_share(image) > _COLOUR_SHARE:
        return PageKind.COLOUR
    return PageKind.TEXT if text_separability(image) >= _TEXT_SEPARABILITY else PageKind.GRAY
