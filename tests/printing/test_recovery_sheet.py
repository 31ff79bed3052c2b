"""The recovery sheet: the key readable as text and as a QR, in Vietnamese, and it opens the backups."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from counter_app.backup.errors import BackupError
from counter_app.backup.key import parse_recovery_key, recovery_text
from counter_app.printing.recovery import QR_PREFIX, recovery_sheet_pdf


def _sheet(key: bytes) -> bytes:
    return recovery_sheet_pdf(
        recovery_text(key), office_name="UBND xã Tân Lập", office_code="000.12.34.H26",
        printed_at=datetime(2025, 11, 18, 2, 0, tzinfo=UTC),
    )  # fmt: skip


def test_sheet_text_gives_back_the_key() -> None:
    key = os.urandom(32)
    pdf = _sheet(key)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "PHIẾU MÃ KHÔI PHỤC BẢN SAO LƯU" in text
    assert "UBND XÃ TÂN LẬP" in text and "09:00 ngày 18/11/2025" in text
    assert "counter-app restore" in text
    groups = recovery_text(key).split()
    assert len(groups) == 14 and all(len(g) == 4 for g in groups)
    assert all(group in text for group in groups)
    # what a person copies from the page (the grouped lines) parses back to the key
    lines = [line for line in text.splitlines() if line.split() and all(g in groups for g in line.split())]
    assert parse_recovery_key(" ".join(lines)) == key


def test_sheet_qr_decodes_to_the_key() -> None:
    key = os.urandom(32)
    document = pdfium.PdfDocument(_sheet(key))
    try:
        image = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    found = [code.text for code in zxingcpp.read_barcodes(image)]
    assert len(found) == 1 and found[0].startswith(QR_PREFIX)
    assert parse_recovery_key(found[0][len(QR_PREFIX) :]) == key


def test_a_mistyped_character_is_refused_not_taken_for_another_key() -> None:
    text = recovery_text(os.urandom(32))
    typo = ("B" if text[0] != "B" else "C") + text[1:]
    with pytest.raises(BackupError) as caught:
        parse_recovery_key(typo)
    assert caught.value.code == "backup.recovery_key_invalid"
    assert parse_recovery_key(text.lower().replace(" ", "-")) == parse_recovery_key(text)
