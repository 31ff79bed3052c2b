"""Issue 13's "Done when", end to end in the GUI, driven by key events like a clerk (never keyClicks).

A clerk takes a three-paper dossier (1.001022) for a citizen whose CCCD is scanned in:

- papers 1 and 2 are scanned on SANE's real `test` backend (device test:0, its own dll.conf in
  SANE_CONFIG_DIR). Its test pictures hold no words, so
- paper 3 is a file dropped on the scan panel: a page of Vietnamese administrative text rendered as a
  scanner delivers it (:func:`counter_app.copies.samples.sample_scan`, gray paper, blur, noise, skew),
  saved as a 200 dpi PNG. Its words are what the search finds later.

Each paper becomes a PDF/A signed with the office key (no clerk token in this test), stored at once;
the background OCR (the window's own BackgroundOcr on the real task runner, started by the intake)
adds the text layer with the real tesseract and signs again. Then a second dossier for the same
citizen reuses paper 1 with one key, and no new file is written; the dossier list's search finds a
word of the dropped page typed without tones and without đ; the statistics tab's share is the
statistics service's.

Real parts only; the one stand-in is for the window manager: the offscreen platform does not activate
the main window again when the receipt preview closes, so the test does (``print_receipt``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.certify.verify import signatures
from counter_app.copies.pdfa import pdfa_problems
from counter_app.copies.samples import sample_scan
from counter_app.domain.text import fold
from counter_app.services import dossiers, papers, statistics
from counter_app.services.context import Context
from counter_app.ui.dashboard import share
from counter_app.ui.main_window import MainWindow
from tests.gui.helpers import Keyboard
from tests.gui.test_digitise_gui import CTRL, checklist, choose_three_papers, drop, panel_of, rows

pytestmark = pytest.mark.gui

OCR_WAIT_MS = 240_000  # three copies through tesseract on a busy shared machine


@pytest.fixture
def sane_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SANE with only its `test` backend (device test:0)."""
    config = tmp_path / "sane"
    config.mkdir()
    (config / "dll.conf").write_text("test\n", encoding="utf-8")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(config))
    return config


def stored_files(data_dir: Path) -> set[Path]:
    return set((data_dir / "papers").rglob("*.pdf"))


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60)
    return done.stdout


def accept_and_print(window: MainWindow, keyboard: Keyboard, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.intake.accept_button, timeout=5000)
    keyboard.enter()  # Accept
    print_receipt(window, keyboard, qtbot)


def print_receipt(window: MainWindow, keyboard: Keyboard, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: window.preview is not None and window.preview.isVisible(), timeout=30_000)
    preview = window.preview
    assert preview is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is preview.print_button, timeout=5000)
    keyboard.enter()  # Print
    assert preview.printed_to is not None
    qtbot.waitUntil(lambda: not preview.isVisible(), timeout=5000)  # printed: the preview closes
    # A desktop's window manager activates the main window again when the preview closes; the offscreen
    # platform does not, so the test does what the window manager would.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def test_done_when_three_papers_scanned_signed_searchable_reused_searched_and_counted(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, tmp_path: Path, sane_test: Path
) -> None:
    data_dir = ctx.db.path.parent
    window.settings.update(scan_device="test:0")
    choose_three_papers(window, keyboard)

    # Papers 1 and 2 on the SANE test scanner: Ctrl+D from Accept, S from the checklist, Enter each.
    for n in (0, 1):
        if n == 0:
            keyboard.press(Qt.Key.Key_D, CTRL)
        else:
            keyboard.type("s")
        panel = panel_of(window)
        qtbot.waitUntil(lambda panel=panel: panel.strip.page_count == 1, timeout=30_000)
        qtbot.waitUntil(panel.isActiveWindow, timeout=5000)
        assert panel.pages[0].source == "scanner"
        keyboard.enter()
        assert checklist(window).panel is None
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.intake.papers, timeout=5000)

    # Paper 3: S opens the panel (and scans a page at once); Delete drops that picture, the file with
    # words is dropped on the panel instead.
    page = tmp_path / "giay-khai-sinh.png"
    sample_scan(200, seed=5).save(page, dpi=(200, 200))
    keyboard.type("s")
    panel = panel_of(window)
    qtbot.waitUntil(lambda: panel.strip.page_count == 1, timeout=30_000)
    qtbot.waitUntil(panel.isActiveWindow, timeout=5000)
    keyboard.press(Qt.Key.Key_Delete)
    assert panel.strip.page_count == 0
    drop(panel, [page])
    qtbot.waitUntil(lambda: panel.strip.page_count == 1, timeout=30_000)
    assert panel.pages[0].source == "file"
    keyboard.enter()
    assert [text.endswith("— đã số hóa (1 trang)") for text in rows(window)] == [True, True, True]

    window.runner.synchronous = False  # from here the real runner: the intake, then OCR, off the GUI thread
    accept_and_print(window, keyboard, qtbot)
    first = dossiers.search(ctx, "001190123456")[0].code
    copies = papers.list_copies(ctx, first)
    assert [(c.paper, c.pages, c.source) for c in copies] == [(1, 1, "scanner"), (2, 1, "scanner"), (3, 1, "file")]

    # The background OCR the intake started gives every copy its text layer, signed again.
    qtbot.waitUntil(lambda: all(c.ocr == "done" for c in papers.list_copies(ctx, first)), timeout=OCR_WAIT_MS)
    assert window.runner.wait()
    qtbot.waitUntil(lambda: window.ocr_status.text() == "", timeout=10_000)
    copies = papers.list_copies(ctx, first)
    for copy in copies:
        pdf = copy.path.read_bytes()
        assert pdfa_problems(pdf) == [], copy
        found = signatures(pdf)
        assert found, copy
        assert all(s.intact and s.whole_document for s in found), found
        assert found[-1].covers_entire_file
        assert found[-1].kind == copy.signer_kind == "office"
    words = fold(pdf_text(copies[2].path))
    assert "thang" in words.split() and "duc" in words.split(), words  # Thắng, Đức: read by tesseract

    # The form is empty again: the same citizen, paper 1 reused with one key (U).
    window.runner.synchronous = True
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.intake.picker.search, timeout=5000)
    files_before = stored_files(data_dir)
    choose_three_papers(window, keyboard)
    qtbot.waitUntil(lambda: rows(window)[0].endswith("(U)"), timeout=10_000)
    for _ in range(25):  # Shift+Tab back from Accept to the checklist (its first row is selected)
        if QApplication.focusWidget() is window.intake.papers:
            break
        keyboard.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.intake.papers
    assert window.intake.papers.currentRow() == 0
    start = keyboard.actions
    keyboard.type("u")  # this paper is the copy already held
    assert keyboard.actions - start == 1
    assert rows(window)[0].endswith("— dùng lại bản số hóa ngày 18/11/2025 do admin chứng thực"), rows(window)
    assert rows(window)[1].endswith("(U)")  # the others are still only offered
    keyboard.press(Qt.Key.Key_Return, CTRL)  # Accept from anywhere in the form
    print_receipt(window, keyboard, qtbot)
    second = next(d.code for d in dossiers.search(ctx, "001190123456") if d.code != first)
    [reused] = papers.list_copies(ctx, second)
    assert (reused.paper, reused.source, reused.reused_from) == (1, "reuse", first)
    assert reused.sha256 == copies[0].sha256
    assert stored_files(data_dir) == files_before  # no new file written

    # The dossier list (F3): a word of the dropped page, typed without tones and without đ.
    qtbot.keyClick(window, Qt.Key.Key_F3)
    listing = window.list
    assert window.tabs.currentWidget() is listing
    listing.search_box.setFocus()
    keyboard.type("thang duc")
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=5000)
    assert listing.model.data(listing.model.index(0, 0)) == first  # the second dossier holds no such page
    listing.search_box.clear()
    keyboard.type("Thang Đuc")  # đ typed, tones left off
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=5000)

    # The statistics tab (F6): the share the clerk reads is the statistics service's.
    qtbot.keyClick(window, Qt.Key.Key_F6)
    view = window.dashboard
    assert window.tabs.currentWidget() is view
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    expected = statistics.digitised(ctx, view.period())
    assert (expected.received, expected.digitised) == (2, 1)  # the second dossier lacks papers 2 and 3
    assert view.figures["digitised"].text() == share(expected.share) == "50,0 %"
    assert view.digitised_detail.text().startswith("Số hóa hồ sơ: 1 / 2 hồ sơ tiếp nhận")
