"""The desktop app's start stays fast: digitisation's heavy libraries load when a paper is digitised.

pikepdf (qpdf, 85 ms), pyHanko with asn1crypto (about 1 s), img2pdf and OCRmyPDF are needed only to
read a PDF, build, sign or OCR a copy, never to show the login and the main window (cold start is a
benchmark, benchmarks/bench_startup.py).
"""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("pikepdf", "pyhanko", "asn1crypto", "img2pdf", "ocrmypdf", "pkcs11")


def test_the_main_window_loads_none_of_the_digitisation_libraries() -> None:
    code = (
        "import sys; import counter_app.ui.main_window, counter_app.app;"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120, env=env
    )
    assert done.stdout.strip() == ""
