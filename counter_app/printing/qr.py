"""QR codes drawn as vector squares: sharp at any printer resolution, no raster image in the PDF.

The module matrix comes from the ``qrcode`` library (error correction M, a 4-module quiet zone).
Dark modules are merged into horizontal runs and filled as one path, which keeps the page stream
small. Choosing the mask (the spec's penalty evaluation) is most of the cost of a matrix, so
matrices are cached per payload: a receipt is typically previewed and then printed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import qrcode  # type: ignore[import-untyped]
from qrcode.constants import ERROR_CORRECT_M  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing, Path  # type: ignore[import-untyped]
from reportlab.lib.colors import black  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import Flowable  # type: ignore[import-untyped]

QUIET_ZONE = 4  # modules, as the QR spec requires
# A fixed mask pattern: every decoder reads the mask from the symbol's format bits, and skipping the
# spec's penalty scoring of all eight masks makes a fresh receipt's matrix about 3× cheaper (the
# printing tests decode every form's QR with zxing to keep this honest).
MASK_PATTERN = 2


@dataclass(frozen=True)
class QrMatrix:
    """A QR symbol with its quiet zone: ``modules`` per side, dark ``runs`` as (row, first column, length)
    counted from the top-left corner of the quiet zone."""

    modules: int
    runs: tuple[tuple[int, int, int], ...]
    version: int

    def is_dark(self, row: int, col: int) -> bool:
        return any(r == row and c <= col < c + n for r, c, n in self.runs)


@functools.lru_cache(maxsize=64)
def qr_matrix(payload: str, border: int = QUIET_ZONE) -> QrMatrix:
    """Encode ``payload`` (UTF-8 bytes, error correction M, smallest fitting version)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border, mask_pattern=MASK_PATTERN)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    rows: list[list[bool]] = code.get_matrix()
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(rows):
        start = -1
        for c, dark in enumerate(row):
            if dark and start < 0:
                start = c
            elif not dark and start >= 0:
                runs.append((r, start, c - start))
                start = -1
        if start >= 0:
            runs.append((r, start, len(row) - start))
    return QrMatrix(len(rows), tuple(runs), int(code.version))


def _fill_operators(matrix: QrMatrix) -> str:
    """PDF operators filling the dark runs in module units (x right, y down from the top-left corner)."""
    rects = " ".join(f"{col} {row} {length} 1 re" for row, col, length in matrix.runs)
    return f"{rects} f"


@functools.lru_cache(maxsize=64)
def _cached_operators(matrix: QrMatrix) -> str:
    return _fill_operators(matrix)


def draw_qr(canvas: Canvas, matrix: QrMatrix, x: float, y: float, size: float) -> None:
    """Fill the dark modules of ``matrix`` into the square (x, y)–(x+size, y+size), quiet zone included.

    The runs are written once per matrix as integer rectangles under a scaling transform (cached),
    instead of one formatted float per coordinate: the same vector squares at a fraction of the cost.
    """
    module = size / matrix.modules
    canvas.saveState()
    canvas.setFillColor(black)
    canvas.translate(x, y + size)
    canvas.scale(module, -module)
    canvas.addLiteral(_cached_operators(matrix))
    canvas.restoreState()


def qr_drawing(payload: str, size: float) -> Drawing:
    """The QR as a reportlab graphics ``Drawing`` of ``size`` points square (quiet zone included)."""
    matrix = qr_matrix(payload)
    module = size / matrix.modules
    path = Path(fillColor=black, strokeColor=None, strokeWidth=0)
    for row, col, length in matrix.runs:
        x0 = col * module
        y0 = size - (row + 1) * module
        path.moveTo(x0, y0)
        path.lineTo(x0 + length * module, y0)
        path.lineTo(x0 + length * module, y0 + module)
        path.lineTo(x0, y0 + module)
        path.closePath()
    drawing = Drawing(size, size)
    drawing.add(path)
    return drawing


class QrFlowable(Flowable):  # type: ignore[misc]
    """A platypus flowable drawing a QR of ``size`` points square."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.matrix = qr_matrix(payload)
        self.size = size
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.matrix, 0, 0, self.size)


# ---------------------------------------------------------------- the paper's corner QR (Circular 01/2023)

# Circular 01/2023/TT-VPCP Art. 26: the QR sits in the top-left corner of the paper. The box (quiet
# zone included) starts this far from the page's left and top edges, inside any printer's printable
# area; with Decree 30's left margin (30–35 mm) it stays in the margin. The page layout keeps
# :func:`corner_box` clear (``layout.corner_reserve``).
CORNER_LEFT = 6 * mm
CORNER_TOP = 5 * mm
MIN_SYMBOL = 20 * mm  # the symbol itself (no quiet zone) at least 20 mm: a phone reads it
MIN_MODULE = 0.3 * mm  # and no module under 0.3 mm, so a long payload grows the symbol
# What the page keeps clear from its left edge beside the corner QR (the largest box, a receipt's
# plain text at version 17–18, is about 29 mm): the reprint stamp starts right of it.
CORNER_RESERVE = 37 * mm


def corner_size(matrix: QrMatrix) -> float:
    """The side of the corner QR's box in points, quiet zone included."""
    symbol_modules = matrix.modules - 2 * QUIET_ZONE
    module = max(MIN_SYMBOL / symbol_modules, MIN_MODULE)
    return float(module * matrix.modules)


def corner_box(payload: str, page_height: float) -> tuple[float, float, float]:
    """(x, y, size) of the corner QR in PDF coordinates (y up from the bottom of the page)."""
    size = corner_size(qr_matrix(payload))
    return CORNER_LEFT, page_height - CORNER_TOP - size, size


def draw_corner_qr(canvas: Canvas, payload: str, page_height: float) -> None:
    """Draw ``payload``'s QR in the top-left corner of the current page."""
    x, y, size = corner_box(payload, page_height)
    draw_qr(canvas, qr_matrix(payload), x, y, size)
