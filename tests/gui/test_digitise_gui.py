"""Digitising at the counter, driven like a clerk: key events (never keyClicks) on the real SANE `test`
scanner (its own dll.conf in SANE_CONFIG_DIR), real files, a real counter database and real copies."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent
from PySide6.QtWidgets import QApplication

from counter_app.domain.applicant import make_applicant
from counter_app.scanning.files import read_files
from counter_app.services import catalogue, dossiers, intake, papers
from counter_app.services.context import Context
from counter_app.ui.main_window import MainWindow
from counter_app.ui.paper_checklist import PaperChecklist
from counter_app.ui.scan_panel import ScanPanel
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui

CCCD = "001190123456|012345678|Nguyễn Thị Hồng Nhung|15031990|Nữ|Xóm Đông, xã Tân Lập, Phú Thọ|01072021"
THREE_PAPERS = "1.001022"  # Đăng ký nhận cha, mẹ, con: three required papers
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def sane_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SANE with only its `test` backend (device test:0), as capture's tests have it."""
    config = tmp_path / "sane"
    config.mkdir()
    (config / "dll.conf").write_text("test\n", encoding="utf-8")
    (config / "test.conf").write_text("number_of_devices 2\n", encoding="utf-8")  # test:0 and test:1
    monkeypatch.setenv("SANE_CONFIG_DIR", str(config))
    return config


def checklist(window: MainWindow) -> PaperChecklist:
    assert window.intake.checklist is not None
    return window.intake.checklist


def panel_of(window: MainWindow) -> ScanPanel:
    panel = checklist(window).panel
    assert panel is not None
    return panel


def rows(window: MainWindow) -> list[str]:
    return [window.intake.papers.item(i).text() for i in range(window.intake.papers.count())]


def choose_three_papers(window: MainWindow, keyboard: Keyboard) -> None:
    keyboard.scan(CCCD)
    keyboard.type("nhan cha me con")
    keyboard.enter()
    assert window.intake.procedure is not None
    assert window.intake.procedure.code == THREE_PAPERS
    assert QApplication.focusWidget() is window.intake.accept_button


def page_file(path: Path, size: tuple[int, int], *, blank: bool = False) -> Path:
    """A 150 dpi page: lines of "text" (black bars), or nothing at all."""
    image = Image.new("L", size, 255)
    if not blank:
        draw = ImageDraw.Draw(image)
        for y in range(120, size[1] - 120, 40):
            draw.rectangle((100, y, size[0] - 100, y + 14), fill=0)
    image.save(path, dpi=(150, 150))
    return path


def drop(panel: ScanPanel, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    panel.dropEvent(event)


def scan_three(window: MainWindow, keyboard: Keyboard, qtbot: QtBot, pages: tuple[int, ...]) -> list[int]:
    """Each paper: S (Ctrl+D for the first, from Accept) scans a page at once, S in the panel scans
    one more, Enter accepts them."""
    spent = []
    for n, count in enumerate(pages):
        start = keyboard.actions
        if n == 0:
            keyboard.press(Qt.Key.Key_D, CTRL)
        else:
            keyboard.type("s")
        panel = panel_of(window)
        qtbot.waitUntil(lambda panel=panel: panel.strip.page_count == 1, timeout=20_000)
        qtbot.waitUntil(lambda panel=panel: panel.isActiveWindow(), timeout=2000)
        for more in range(2, count + 1):
            keyboard.type("s")
            qtbot.waitUntil(lambda panel=panel, more=more: panel.strip.page_count == more, timeout=20_000)
        keyboard.enter()
        assert checklist(window).panel is None  # closed, and let go
        spent.append(keyboard.actions - start)
        after = window.intake.papers if n < 2 else window.intake.accept_button
        qtbot.waitUntil(lambda after=after: QApplication.focusWidget() is after, timeout=2000)
    return spent


# ---------------------------------------------------------------------- the action budget


def test_three_papers_on_the_sane_test_scanner_cost_two_keys_a_page_and_one_more_for_the_second(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, sane_test: Path
) -> None:
    window.settings.update(scan_device="test:0")  # picked once in the panel, remembered since
    choose_three_papers(window, keyboard)
    before = keyboard.actions
    spent = scan_three(window, keyboard, qtbot, (1, 2, 1))
    assert spent == [2, 3, 2]  # at most 3 per 1–2 page paper
    marks = ["— đã số hóa (1 trang)", "— đã số hóa (2 trang)", "— đã số hóa (1 trang)"]
    assert [text[-len(mark) :] for text, mark in zip(rows(window), marks, strict=True)] == marks
    assert QApplication.focusWidget() is window.intake.accept_button  # nothing left to digitise
    keyboard.enter()  # Accept
    qtbot.waitUntil(lambda: window.preview is not None and window.preview.isVisible(), timeout=20_000)
    assert window.preview is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.preview.print_button, timeout=2000)
    keyboard.enter()  # Print
    assert keyboard.actions - before <= 10 + 3 * 3
    assert window.preview.printed_to is not None
    receipt = " ".join(page.extract_text() for page in PdfReader(window.preview.printed_to).pages)
    assert receipt.count("(đã số hóa)") == 3 * 2, receipt  # each paper, on both copies of the receipt
    code = dossiers.search(ctx, "001190123456")[0].code
    copies = papers.list_copies(ctx, code)
    assert [(c.paper, c.pages, c.source) for c in copies] == [(1, 1, "scanner"), (2, 2, "scanner"), (3, 1, "scanner")]
    assert all(c.path.exists() for c in copies)


def test_scanning_runs_off_the_gui_thread_and_enter_waits_for_the_page(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, sane_test: Path
) -> None:
    window.settings.update(scan_device="test:0")
    choose_three_papers(window, keyboard)
    window.runner.synchronous = False  # the real runner: scanimage works on a worker thread
    keyboard.press(Qt.Key.Key_D, CTRL)
    panel = panel_of(window)
    assert panel.busy  # the press returned at once; the page is still coming
    assert "đang quét…" in panel.state.text()
    qtbot.waitUntil(panel.isActiveWindow, timeout=2000)
    keyboard.enter()  # before the page came: accepted as soon as it comes
    qtbot.waitUntil(lambda: rows(window)[0].endswith("— đã số hóa (1 trang)"), timeout=30_000)
    assert window.runner.wait()
    assert checklist(window).panel is None


def test_a_cccd_scanned_on_the_checklist_opens_no_panel_and_keeps_its_letters(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, sane_test: Path
) -> None:
    window.settings.update(scan_device="test:0")
    choose_three_papers(window, keyboard)
    window.intake.papers.setFocus()
    window.intake.papers.setCurrentRow(0)
    keyboard.scan("001090123456|012345678|Sầm Văn Sơn|15031990|Nam|Bản Sen, xã Mường So, tỉnh Lai Châu|01072021")
    assert checklist(window).panel is None  # the S of "Sầm", "Sơn", "Sen", "So" scanned no paper
    assert window.intake.name.text() == "Sầm Văn Sơn"
    assert window.intake.address.text() == "Bản Sen, xã Mường So, tỉnh Lai Châu"
    assert window.intake.papers.currentRow() == 0
    assert QApplication.focusWidget() is window.intake.accept_button  # the scan filled the form
    window.intake.papers.setFocus()
    keyboard.type("s")  # the clerk's own S on the checklist still digitises
    assert checklist(window).panel is not None


def test_a_scanner_unplugged_keeps_the_pages_already_scanned(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, sane_test: Path
) -> None:
    window.settings.update(scan_device="test:1")
    choose_three_papers(window, keyboard)
    keyboard.press(Qt.Key.Key_D, CTRL)
    panel = panel_of(window)
    qtbot.waitUntil(panel.isActiveWindow, timeout=2000)
    qtbot.waitUntil(lambda: panel.strip.page_count == 1, timeout=20_000)
    (sane_test / "test.conf").write_text("number_of_devices 1\n", encoding="utf-8")  # test:1 unplugged
    keyboard.type("s")
    qtbot.waitUntil(lambda: bool(panel.message.text()), timeout=20_000)
    assert panel.strip.page_count == 1  # kept
    assert panel.message.text().startswith("Không tìm thấy máy quét test:1")
    keyboard.enter()
    assert rows(window)[0].endswith("— đã số hóa (1 trang)")


def test_the_first_scan_asks_for_the_scanner_and_remembers_it(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, sane_test: Path
) -> None:
    choose_three_papers(window, keyboard)
    keyboard.press(Qt.Key.Key_D, CTRL)
    panel = panel_of(window)
    qtbot.waitUntil(panel.isActiveWindow, timeout=2000)
    assert panel.strip.page_count == 0  # no scanner chosen yet: nothing scanned blindly
    qtbot.waitUntil(lambda: panel.device.count() > 0, timeout=20_000)
    assert panel.device.currentData() == "test:0"
    assert window.settings.load().scan_device == "test:0"
    keyboard.type("s")
    qtbot.waitUntil(lambda: panel.strip.page_count == 1, timeout=20_000)
    keyboard.press(Qt.Key.Key_Escape)
    assert checklist(window).panel is None
    assert not rows(window)[0].endswith("trang)")  # Esc keeps nothing


# ---------------------------------------------------------------------- pages


def test_pages_are_reordered_turned_deleted_and_blanks_go_in_one_key(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, tmp_path: Path, sane_test: Path
) -> None:
    choose_three_papers(window, keyboard)
    window.settings.update(scan_device="test:0")
    panel = checklist(window).digitise(scan_now=False)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.isActiveWindow(), timeout=2000)
    portrait = page_file(tmp_path / "a.png", (600, 840))
    landscape = page_file(tmp_path / "b.png", (840, 600))
    blank = page_file(tmp_path / "c.png", (600, 840), blank=True)
    drop(panel, [portrait, blank, landscape])
    qtbot.waitUntil(lambda: panel.strip.page_count == 3, timeout=10_000)
    assert panel.strip.blanks() == [1]
    assert "nhấn B để xóa" in panel.state.text()
    keyboard.type("b")  # every blank page goes
    assert [p.image.size for p in panel.pages] == [(600, 840), (840, 600)]
    panel.strip.thumbs.setCurrentRow(0)
    keyboard.press(Qt.Key.Key_Right, CTRL)  # first page after the second
    assert [p.image.size for p in panel.pages] == [(840, 600), (600, 840)]
    assert panel.strip.current == 1
    keyboard.press(Qt.Key.Key_Left, CTRL)
    assert [p.image.size for p in panel.pages] == [(600, 840), (840, 600)]
    assert panel.strip.current == 0
    keyboard.type("r")  # turned right
    assert panel.pages[0].image.size == (840, 600)
    keyboard.press(Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier, "R")  # and back
    assert panel.pages[0].image.size == (600, 840)
    keyboard.press(Qt.Key.Key_Delete)
    assert [p.image.size for p in panel.pages] == [(840, 600)]
    keyboard.enter()
    assert rows(window)[0].endswith("— đã số hóa (1 trang)")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.intake.papers, timeout=2000)  # S scans the next
    assert window.intake.papers.currentRow() == 1


def test_rescan_replaces_the_selected_page(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, tmp_path: Path, sane_test: Path
) -> None:
    window.settings.update(scan_device="test:0")
    choose_three_papers(window, keyboard)
    panel = checklist(window).digitise(scan_now=False)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.isActiveWindow(), timeout=2000)
    panel.add_files([page_file(tmp_path / "a.png", (600, 840)), page_file(tmp_path / "b.png", (840, 600))])
    qtbot.waitUntil(lambda: panel.strip.page_count == 2, timeout=10_000)
    panel.strip.thumbs.setCurrentRow(0)
    keyboard.press(Qt.Key.Key_S, CTRL)  # the first page scanned again
    qtbot.waitUntil(lambda: panel.pages[0].source == "scanner", timeout=20_000)
    assert [p.source for p in panel.pages] == ["scanner", "file"]


def test_a_file_that_is_not_an_image_is_one_sentence_and_adds_nothing(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, tmp_path: Path, sane_test: Path
) -> None:
    choose_three_papers(window, keyboard)
    panel = checklist(window).digitise(scan_now=False)
    assert panel is not None
    bad = tmp_path / "hop-dong.pdf"
    bad.write_bytes(b"not a pdf at all")
    panel.add_files([bad])
    qtbot.waitUntil(lambda: bool(panel.message.text()), timeout=10_000)
    assert panel.strip.page_count == 0
    assert "\n" not in panel.message.text()
    panel.reject()


def test_the_next_file_of_the_scan_to_folder(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, tmp_path: Path, sane_test: Path
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    window.settings.update(scan_folder=str(folder))
    choose_three_papers(window, keyboard)
    panel = checklist(window).digitise(scan_now=False)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.isActiveWindow(), timeout=2000)
    panel.strip.thumbs.setFocus()
    keyboard.type("f")
    assert panel.strip.page_count == 0
    assert panel.message.text() == "Thư mục quét chưa có tệp mới."
    page_file(folder / "scan0001.png", (600, 840))
    # The panel looks at the folder every second: the file counts once unchanged for two seconds.
    qtbot.waitUntil(lambda: panel.folder_ready == 1, timeout=10_000)
    assert "thư mục quét có 1 tệp mới: nhấn F" in panel.state.text()
    keyboard.type("f")
    qtbot.waitUntil(lambda: panel.strip.page_count == 1, timeout=10_000)
    assert panel.pages[0].source == "folder"
    assert [p.name for p in (folder / "taken").iterdir()] == ["scan0001.png"]  # never offered twice
    keyboard.enter()
    assert rows(window)[0].endswith("— đã số hóa (1 trang)")


def test_choosing_the_same_procedure_again_keeps_the_scans_another_drops_them(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, tmp_path: Path, sane_test: Path
) -> None:
    choose_three_papers(window, keyboard)
    panel = checklist(window).digitise(scan_now=False)
    assert panel is not None
    panel.add_files([page_file(tmp_path / "a.png", (600, 840))])
    panel.finish()
    procedure = window.intake.procedure
    assert procedure is not None
    window.intake.choose_procedure(procedure)
    assert rows(window)[0].endswith("— đã số hóa (1 trang)")
    other = next(p for p in catalogue.list_procedures(ctx) if p.code != THREE_PAPERS and p.components)
    window.intake.choose_procedure(other)
    assert not any(text.endswith("trang)") for text in rows(window))
    assert checklist(window).request_papers() == ({}, {})


def test_the_scan_folder_setting_must_be_a_folder(window: MainWindow, tmp_path: Path) -> None:
    dialog = window.open_settings()
    dialog.scan_folder.setText(str(tmp_path / "khong-co"))
    dialog.save()
    assert dialog.isVisible()
    assert "Không có thư mục" in dialog.error.text()
    dialog.scan_folder.setText(str(tmp_path))
    dialog.scan_device.setText("test:0")
    dialog.save()
    assert not dialog.isVisible()
    saved = window.settings.load()
    assert (saved.scan_folder, saved.scan_device) == (str(tmp_path), "test:0")


# ---------------------------------------------------------------------- reuse, double press, OCR, the dialog


def first_dossier(ctx: Context, tmp_path: Path) -> str:
    """A dossier of the same citizen whose first paper was digitised earlier."""
    applicant = make_applicant("Nguyễn Thị Hồng Nhung", id_number="001190123456")
    pages = read_files([page_file(tmp_path / "to-khai.png", (600, 840))])
    request = intake.IntakeRequest(procedure_code=THREE_PAPERS, applicant=applicant, papers={1: pages})
    return intake.accept(ctx, request).dossier.code


def test_a_paper_held_for_the_citizen_is_offered_and_reused_in_one_key(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, tmp_path: Path
) -> None:
    earlier = first_dossier(ctx, tmp_path)
    clerk = papers.list_copies(ctx, earlier)[0].certified_by
    choose_three_papers(window, keyboard)
    offer = f"— Dùng lại bản số hóa ngày 18/11/2025 do {clerk} chứng thực? (U)"
    assert rows(window)[0].endswith(offer), rows(window)
    assert not rows(window)[1].endswith("(U)")
    start = keyboard.actions
    keyboard.press(Qt.Key.Key_U, CTRL)  # one action: every copy offered is reused
    assert keyboard.actions - start == 1
    assert rows(window)[0].endswith(f"— dùng lại bản số hóa ngày 18/11/2025 do {clerk} chứng thực")
    window.intake.accept_button.setFocus()
    keyboard.enter()
    qtbot.waitUntil(lambda: window.preview is not None and window.preview.isVisible(), timeout=20_000)
    code = next(d.code for d in dossiers.search(ctx, "001190123456") if d.code != earlier)
    [copy] = papers.list_copies(ctx, code)
    assert (copy.paper, copy.reused_from, copy.source) == (1, earlier, "reuse")


def test_accept_pressed_again_stores_nothing_twice(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, tmp_path: Path, sane_test: Path
) -> None:
    choose_three_papers(window, keyboard)
    panel = checklist(window).digitise(scan_now=False)
    assert panel is not None
    panel.add_files([page_file(tmp_path / "a.png", (600, 840))])
    qtbot.waitUntil(lambda: panel.strip.page_count == 1, timeout=10_000)
    panel.finish()
    window.intake.accept_dossier()
    qtbot.waitUntil(lambda: window.preview is not None and window.preview.isVisible(), timeout=20_000)
    window.intake.accept_dossier()  # the receipt did not print: Accept again, same form
    found = dossiers.search(ctx, "001190123456")
    assert len(found) == 1
    kinds = [e.kind for e in dossiers.show(ctx, found[0].code).events]
    assert kinds.count("paper_digitised") == 1
    assert len(papers.list_copies(ctx, found[0].code, history=True)) == 1


def test_ocr_runs_in_the_background_and_a_failure_does_not_stop_the_next(
    window: MainWindow, qtbot: QtBot, ctx: Context, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    applicant = make_applicant("Nguyễn Thị Hồng Nhung", id_number="001190123456")
    pages = {n: read_files([page_file(tmp_path / f"{n}.png", (600, 840))]) for n in (1, 2, 3)}
    code = intake.accept(ctx, intake.IntakeRequest(THREE_PAPERS, applicant, papers=pages)).dossier.code
    copies = papers.list_copies(ctx, code)
    assert [c.ocr for c in copies] == ["pending"] * 3
    copies[0].path.unlink()  # one copy's file is lost: its OCR fails, the others go on
    statuses: list[str] = []
    ocr = window.digitiser.ocr
    ocr.status_changed.connect(statuses.append)
    with caplog.at_level(logging.WARNING):
        ocr.start()
    assert statuses[0] == "Đang nhận dạng chữ: 3 bản"
    assert statuses[-1] == ""
    assert window.ocr_status.text() == ""
    assert len(ocr.failed) == 1
    assert len(ocr.done) == 2
    assert "OCR of paper copy" in caplog.text
    assert [c.ocr for c in papers.list_copies(ctx, code)][1:] == ["done", "done"]


def test_the_dossier_dialog_lists_opens_and_exports_the_copies(
    window: MainWindow, qtbot: QtBot, ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    applicant = make_applicant("Nguyễn Thị Hồng Nhung", id_number="001190123456")
    pages = {1: read_files([page_file(tmp_path / "1.png", (600, 840)), page_file(tmp_path / "2.png", (600, 840))])}
    code = intake.accept(ctx, intake.IntakeRequest(THREE_PAPERS, applicant, papers=pages)).dossier.code
    window.open_dossier_code(code)
    dialog = window.dossier_dialog
    assert dialog is not None
    box = dialog.copies
    assert box is not None
    assert box.table.rowCount() == 1
    cells = [box.table.item(0, c).text() for c in range(4)]
    assert cells[0].startswith("1. ")
    assert cells[1] == "2"
    assert "khóa của cơ quan" in cells[2]
    assert cells[3] == "đang chờ"
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    box.table.setFocus()
    box.open_selected()
    assert [Path(u.toLocalFile()) for u in opened] == [papers.list_copies(ctx, code)[0].path]
    (tmp_path / "out").mkdir()
    box.export(tmp_path / "out")
    assert [p.name for p in box.exported] == [p.name for p in (tmp_path / "out").iterdir()]
    assert box.exported[0].read_bytes()[:5] == b"%PDF-"
    dialog.close()
