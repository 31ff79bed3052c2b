"""The counter's scanner reads a receipt's plain-text QR (Circular 01/2023, office not enrolled) whole."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pytestqt.qtbot import QtBot

from counter_app.ui.dossier_dialog import DossierDialog
from counter_app.ui.main_window import MainWindow
from tests.gui.helpers import Keyboard
from tests.gui.test_counter import _accept_one

pytestmark = pytest.mark.gui


def test_a_plain_text_receipt_scanned_after_other_typing_opens_its_dossier(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot
) -> None:
    code = _accept_one(window, keyboard, qtbot)
    assert window.preview is not None
    page = pdfium.PdfDocument(window.preview.printed_to)[0].render(scale=3).to_pil()
    payload = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)[0].text
    assert payload.startswith("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ; ") and "://" not in payload
    window.tabs.setCurrentIndex(1)
    window.list.search_box.setFocus()
    keyboard.type("Nguyễn")
    keyboard.scan(payload)  # title, fields, phone and the proof, typed as keys after the clerk's word
    qtbot.waitUntil(lambda: isinstance(window.dossier_dialog, DossierDialog), timeout=3000)
    assert window.dossier_dialog is not None
    assert window.dossier_dialog.detail.code == code
    assert window.list.search_box.text() == "Nguyễn"  # the whole scan was taken back, the word stays
