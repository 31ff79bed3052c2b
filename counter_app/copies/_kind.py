"""Whether a picture page keeps its colour (private to the copies; text or picture is decided by
:func:`counter_app.scanning.pages.is_text_page`).

Measured on a downscaled copy (at most :data:`_SAMPLE_SIDE` pixels a side), so it costs a few
milliseconds whatever the scan's resolution.
"""

from __future__ import annotations

from enum import Enum

from PIL import Image, ImageChops

_SAMPLE_SIDE = 600
_SATURATION = 90  # of 255, in HSV: below this a pixel reads as gray (yellowed paper, scanner tint)
_VALUE = 50  # darker than this, saturation is noise


class PageKind(Enum):
    TEXT = "text"  # bilevel, CCITT G4
    GRAY = "gray"  # grayscale JPEG
    COLOUR = "colour"  # colour JPEG


def colour_share(image: Image.Image) -> float:
    """Share of clearly coloured pixels of an RGB image (0 for other modes)."""
    if image.mode != "RGB":
        return 0.0
    sample = image.copy()
    sample.thumbnail((_SAMPLE_SIDE, _SAMPLE_SIDE), Image.Resampling.BOX)
    _, s, v = sample.convert("HSV").split()
    coloured = Image.eval(s, lambda x: 255 if x >= _SATURATION else 0)
    bright = Image.eval(v, lambda x: 255 if x >= _VALUE else 0)
    histogram = ImageChops.multiply(coloured, bright).histogram()
    return histogram[255] / max(1, sum(histogram))
