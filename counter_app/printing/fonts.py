"""The bundled Be Vietnam Pro family for reportlab, and the NFC rule for every string drawn.

reportlab embeds a *subset* of a TrueType font without OpenType positioning (no shaping), so
combining marks (NFD text) sit badly while precomposed glyphs are perfect (STYLE.md §6.4,
TOOLCHAIN.md §4). Every Vietnamese letter has a precomposed code point, so :func:`nfc` on every
string at the printing boundary is all it takes.

Registration is process-global in reportlab; :func:`register_fonts` does it once (thread-safe)
and returns the face names to use. Parsing a TTF costs a few milliseconds, so never re-register.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from counter_app.paths import resources_dir

FAMILY = "BeVietnamPro"


@dataclass(frozen=True)
class FontFamily:
    """reportlab names of the registered faces (bold-italic maps to bold: no such file is shipped)."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


FONTS = FontFamily(
    regular=FAMILY,
    bold=f"{FAMILY}-Bold",
    italic=f"{FAMILY}-Italic",
    bold_italic=f"{FAMILY}-Bold",
)

_FILES = {
    FONTS.regular: "BeVietnamPro-Regular.ttf",
    FONTS.bold: "BeVietnamPro-Bold.ttf",
    FONTS.italic: "BeVietnamPro-Italic.ttf",
}

_lock = threading.Lock()
_registered = False


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> FontFamily:
    """Register the family once per process (idempotent, thread-safe) and return its face names.

    Paragraph markup ``<b>``/``<i>`` resolves to the real bold and italic files through
    ``registerFontFamily``.
    """
    global _registered
    if _registered:
        return FONTS
    with _lock:
        if not _registered:
            directory = fonts_dir()
            registered = set(pdfmetrics.getRegisteredFontNames())
            for name, filename in _FILES.items():
                if name not in registered:
                    pdfmetrics.registerFont(TTFont(name, str(directory / filename)))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=FONTS.regular, bold=FONTS.bold, italic=FONTS.italic, boldItalic=FONTS.bold_italic
            )
            _registered = True
    return FONTS


def nfc(text: str) -> str:
    """The string in Unicode NFC: precomposed Vietnamese letters, which the embedded subset draws right."""
    return unicodedata.normalize("NFC", text)


def covered_code_points(face: str = FONTS.regular) -> frozenset[int]:
    """The code points in a registered face's character map (for coverage checks)."""
    register_fonts()
    font = pdfmetrics.getFont(face)
    return frozenset(int(cp) for cp in font.face.charToGlyph)


def missing_characters(text: str, face: str = FONTS.regular) -> str:
    """The characters of ``nfc(text)`` that the face cannot draw (empty when all are covered)."""
    covered = covered_code_points(face)
    seen: dict[str, None] = {}
    for ch in nfc(text):
        if ord(ch) not in covered and not ch.isspace():
            seen.setdefault(ch)
    return "".join(seen)
