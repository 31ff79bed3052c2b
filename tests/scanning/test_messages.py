"""Every code capture raises reads as one sentence in Vietnamese and in English."""

from __future__ import annotations

import re
from pathlib import Path

from counter_app import messages

PACKAGE = Path(__file__).resolve().parents[2] / "counter_app" / "scanning"
RAISED = re.compile(r"(?:BadFile|ScannerError|InvalidInput|Unavailable)\(\s*\"([a-z_.]+)\"")
CAUSES = re.compile(r"\"(cause\.scan_[a-z_]+)\"")


def _codes() -> set[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py"))
    return set(RAISED.findall(text)) | set(CAUSES.findall(text))


def test_every_code_raised_has_both_sentences() -> None:
    codes = _codes()
    assert {"file.corrupt", "file.too_many_pixels", "scan.interrupted", "cause.scan_jammed"} <= codes
    for code in codes:
        assert code in messages.known_codes(), code
        vi, en = messages.message(code, None, "vi"), messages.message(code, None, "en")
        assert vi != en and "\n" not in vi + en, code
