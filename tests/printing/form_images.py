"""Pictures of the sample forms (``counter_app.printing.samples``) and their reviewed references.

``tests/printing/reference/<form>-p<page>.png`` holds every page of every form rendered at
:data:`DPI` in grayscale, as reviewed by a person. ``test_decree30.py`` renders the forms again and
compares: a mean absolute difference above :data:`TOLERANCE` (0-255 scale) fails with the form, the
page and the command that regenerates the references after an intended change:

    uv run --no-sync python scripts/update_form_references.py

(then look at the PNGs it writes before committing them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageChops, ImageStat

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
DPI = 60
TOLERANCE = 1.5  # mean absolute grey difference; a moved line of text is about 3-6, a changed word ~0.3-1
UPDATE_COMMAND = "uv run --no-sync python scripts/update_form_references.py"


def pages_png(pdf: bytes, dpi: float = DPI) -> list[Image.Image]:
    """Every page of ``pdf`` as a grayscale picture at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()


def reference_path(form: str, page: int) -> Path:
    return REFERENCE_DIR / f"{form}-p{page}.png"


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two grayscale pictures (255 when their sizes differ)."""
    if a.size != b.size:
        return 255.0
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


def render_samples() -> dict[str, list[Image.Image]]:
    """Every sample form (2025 set, Vietnamese) page by page, with the bundled serif."""
    os.environ.setdefault("COUNTER_APP_FORM_FONT", "bundled")
    from counter_app.printing import samples

    return {name: pages_png(pdf) for name, pdf in samples.render_all().items()}


def write_references(directory: Path = REFERENCE_DIR) -> list[Path]:
    """Regenerate the reference pictures (old ones removed); the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.png"):
        old.unlink()
    written = []
    for form, pages in render_samples().items():
        for number, image in enumerate(pages, start=1):
            path = directory / f"{form}-p{number}.png"
            image.save(path, optimize=True)
            written.append(path)
    return written
