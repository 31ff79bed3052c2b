"""Pictures of every printed form for the user guides, into docs/images/forms/ (page 1 of each form,
grayscale). The documents are the fixed samples of counter_app/printing/samples.py, the same ones
the reference pictures of the tests use, printed with the bundled serif.

Run by ``scripts/screenshots.sh`` (no display needed), or alone:
``uv run --no-sync python scripts/form_pictures.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["COUNTER_APP_FORM_FONT"] = "bundled"  # before anything registers a font

from counter_app.printing import samples  # noqa: E402
from tests.printing.form_images import pages_png  # noqa: E402

OUT = ROOT / "docs" / "images" / "forms"
DPI = 75


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, pdf in samples.render_all().items():
        path = OUT / f"{name}.png"
        pages_png(pdf, DPI)[0].save(path, optimize=True)
        print("saved", path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
