"""The serif of the printed forms for reportlab, and the NFC rule for every string drawn.

Decree 30/2020/NĐ-CP, Annex I, Part I, I.4 asks for Times New Roman. Every Windows PC has it, so
the forms use the PC's own Times New Roman when its four faces are found (:func:`find_times`);
otherwise the bundled Liberation Serif, which has the same metrics (a line breaks at the same word)
and every precomposed Vietnamese letter (``tests/printing/test_decree30.py`` checks both). The
choice can be forced with ``COUNTER_APP_FORM_FONT``: ``bundled`` (the tests and the reference
images use it, so a PC with Times New Roman renders them the same), ``times``, or a folder holding
``times.ttf``, ``timesbd.ttf``, ``timesi.ttf`` and ``timesbi.ttf``.

reportlab embeds a *subset* of a TrueType font without OpenType positioning (no shaping), so
combining marks (NFD text) sit badly while precomposed glyphs are perfect (STYLE.md §6.4,
TOOLCHAIN.md §4). Every Vietnamese letter has a precomposed code point, so :func:`nfc` on every
string at the printing boundary is all it takes.

Registration is process-global in reportlab; :func:`register_fonts` does it once (thread-safe)
and returns the face names to use. The face names are the same whichever files back them; the
PDF's ``BaseFont`` carries the file's own PostScript name (``LiberationSerif``,
``TimesNewRomanPSMT``). Be Vietnam Pro stays the GUI's font only (``counter_app/app.py``).
"""

from __future__ import annotations

import contextlib
import os
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFError, TTFont  # type: ignore[import-untyped]

from counter_app.paths import resources_dir

FAMILY = "FormSerif"
FONT_ENV = "COUNTER_APP_FORM_FONT"


@dataclass(frozen=True)
class FontFamily:
    """reportlab names of the registered faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


FONTS = FontFamily(
    regular=FAMILY,
    bold=f"{FAMILY}-Bold",
    italic=f"{FAMILY}-Italic",
    bold_italic=f"{FAMILY}-BoldItalic",
)

BUNDLED = {
    FONTS.regular: "LiberationSerif-Regular.ttf",
    FONTS.bold: "LiberationSerif-Bold.ttf",
    FONTS.italic: "LiberationSerif-Italic.ttf",
    FONTS.bold_italic: "LiberationSerif-BoldItalic.ttf",
}

# The file names of Times New Roman: Windows (and Office for Mac), then the msttcorefonts package.
_TIMES_NAMES = (
    ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),
    (
        "Times_New_Roman.ttf",
        "Times_New_Roman_Bold.ttf",
        "Times_New_Roman_Italic.ttf",
        "Times_New_Roman_Bold_Italic.ttf",
    ),
    (
        "Times New Roman.ttf",
        "Times New Roman Bold.ttf",
        "Times New Roman Italic.ttf",
        "Times New Roman Bold Italic.ttf",
    ),
)


@dataclass(frozen=True)
class FontChoice:
    """Which serif backs the forms: ``name`` for people, ``files`` by face name."""

    name: str
    files: dict[str, Path]


_lock = threading.Lock()
_choice: FontChoice | None = None


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def bundled_choice() -> FontChoice:
    directory = fonts_dir()
    return FontChoice("Liberation Serif", {face: directory / name for face, name in BUNDLED.items()})


def font_dirs() -> list[Path]:
    """The usual places of installed fonts on Windows, macOS and Linux (fontconfig is not relied on)."""
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [
        Path("C:/Windows/Fonts"),
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts/Supplemental"),
        home / "Library" / "Fonts",
        home / ".fonts",
        home / ".local" / "share" / "fonts",
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
    ]
    return dirs


def _times_in(directory: Path, *, deep: bool) -> dict[str, Path] | None:
    """The four Times New Roman faces in ``directory`` (or, when ``deep``, one of its subfolders)."""
    if not directory.is_dir():
        return None
    candidates = [directory]
    if deep:
        with contextlib.suppress(OSError):
            candidates += sorted(p for p in directory.rglob("*") if p.is_dir())
    for folder in candidates:
        try:
            present = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
        except OSError:
            continue
        for names in _TIMES_NAMES:
            paths = [present.get(name.lower()) for name in names]
            if all(paths):
                return dict(zip((FONTS.regular, FONTS.bold, FONTS.italic, FONTS.bold_italic), paths, strict=True))  # type: ignore[arg-type]
    return None


def find_times(dirs: list[Path] | None = None) -> dict[str, Path] | None:
    """The installed Times New Roman faces by face name, or ``None`` when one of the four is missing."""
    for directory in font_dirs() if dirs is None else dirs:
        found = _times_in(directory, deep=directory.name.lower() != "fonts" or "share" in directory.parts)
        if found:
            return found
    return None


def choose_fonts(setting: str | None = None) -> FontChoice:
    """The serif to print with: ``setting`` (or ``COUNTER_APP_FORM_FONT``) "bundled", "times", a
    folder, or empty for "Times New Roman if installed, else Liberation Serif"."""
    value = (os.environ.get(FONT_ENV, "") if setting is None else setting).strip()
    if value.lower() == "bundled":
        return bundled_choice()
    if value and value.lower() != "times":
        found = _times_in(Path(value), deep=False)
        return FontChoice("Times New Roman", found) if found else bundled_choice()
    found = find_times()
    return FontChoice("Times New Roman", found) if found else bundled_choice()


def register_fonts() -> FontFamily:
    """Register the family once per process (idempotent, thread-safe) and return its face names.

    Paragraph markup ``<b>``/``<i>`` resolves to the real bold and italic files through
    ``registerFontFamily``. A Times New Roman file that cannot be read falls back to the bundled
    serif as a whole (never a mix of the two families).
    """
    global _choice
    if _choice is not None:
        return FONTS
    with _lock:
        if _choice is None:
            choice = choose_fonts()
            try:
                faces = {face: TTFont(face, str(path)) for face, path in choice.files.items()}
            except (OSError, ValueError, TTFError):  # an unreadable or unusual system font: the bundled one
                choice = bundled_choice()
                faces = {face: TTFont(face, str(path)) for face, path in choice.files.items()}
            for face in faces.values():
                pdfmetrics.registerFont(face)
            pdfmetrics.registerFontFamily(
                FAMILY, normal=FONTS.regular, bold=FONTS.bold, italic=FONTS.italic, boldItalic=FONTS.bold_italic
            )
            _choice = choice
    return FONTS


def font_choice() -> FontChoice:
    """The serif the forms are printed with (registering it first)."""
    register_fonts()
    assert _choice is not None
    return _choice


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
