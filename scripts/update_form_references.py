"""Regenerate the reviewed pictures of every printed form (tests/printing/reference/*.png).

Run after an intended change to a form's layout, wording or QR code, then LOOK at the pictures it
writes (they are what an inspector would see) before committing them:

    uv run --no-sync python scripts/update_form_references.py

The sample documents are fixed (counter_app/printing/samples.py: dates, names, codes and the QR's
signing key), and the bundled Liberation Serif is forced, so the same code always gives the same
pictures on every PC.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["COUNTER_APP_FORM_FONT"] = "bundled"  # before anything registers a font

from tests.printing.form_images import REFERENCE_DIR, write_references  # noqa: E402


def main() -> int:
    written = write_references()
    for path in written:
        print(path.relative_to(ROOT))
    print(f"{len(written)} pictures in {REFERENCE_DIR.relative_to(ROOT)}: review them, then commit.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
