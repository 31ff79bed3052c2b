"""Digitising one checklist paper: scan it, add files, or take the network scanner's next file, then
put the pages right and press Enter.

Keyboard first (every action has a key, shown on its button):

    S            scan a page with the remembered scanner (the panel opened by S has already scanned one)
    Ctrl+S       scan the selected page again (the new scan replaces it)
    Ctrl+O       add files (PDF, JPEG, PNG, TIFF; or drop them on the panel)
    F            take the next file from the scan-to-folder directory (set in Settings)
    R / Shift+R  turn the selected page right / left
    Ctrl+←/→     move the selected page
    Delete       delete the selected page
    B            delete every page found blank
    Enter        accept the pages and return to the checklist; Esc leaves them as they were

Scanning and reading files run on the window's one task runner, never on the GUI thread. A scanner
that fails part-way keeps the pages it gave and says why in one sentence.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.scanning.files import read_files
from counter_app.scanning.folder import ScanFolder
from counter_app.scanning.pages import Page
from counter_app.scanning.sources import ScanDevice, list_devices, open_source
from counter_app.ui.errors import describe
from counter_app.ui.page_strip import PageStrip, Shown, prepare
from counter_app.ui.screen_fit import fit_to_screen
from counter_app.ui.tasks import RunTask

FILE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")
SCAN_DPI = 300


@dataclass(frozen=True)
class Capture:
    """What one scan or file read brought: the pages got (even when it then failed) and the failure."""

    shown: list[Shown]
    error: BaseException | None = None


def scan_pages(device_id: str, cancel: Callable[[], bool], *, pages: int | None = 1) -> Capture:
    """Run on the task runner: pages from the scanner; a failure part-way keeps the pages before it."""
    got: list[Page] = []
    error: BaseException | None = None
    try:
        for page in open_source(device_id).scan(dpi=SCAN_DPI, mode="gray", pages=pages, cancel=cancel):
            got.append(page)  # noqa: PERF402 - one at a time: the pages before a failure are kept
    except DomainError as exc:
        error = exc
    return Capture(prepare(got, cleaned=True), error)


def file_pages(paths: Sequence[Path]) -> Capture:
    """Run on the task runner: the pages of files; a refused file adds nothing and says why."""
    try:
        return Capture(prepare(read_files(paths), cleaned=False))
    except DomainError as exc:
        return Capture([], exc)


_FOLDER_LOCK = threading.Lock()  # one look into the scan-to-folder directory at a time


def folder_count(folder: ScanFolder) -> int:
    """Run on the task runner: how many complete new files wait in the folder (a look the folder's
    settling needs: a file counts once it was seen unchanged for a while)."""
    with _FOLDER_LOCK:
        return len(folder.ready())


def folder_pages(folder: ScanFolder) -> Capture | None:
    """Run on the task runner: the next complete file of the scan-to-folder directory (None if none).
    The file taken moves to ``taken/``; one that cannot be read moves to ``refused/`` with the reason."""
    with _FOLDER_LOCK:
        ready = folder.ready()
        if not ready:
            return None
        try:
            pages = read_files(ready[:1])
        except DomainError as exc:
            folder.refuse(ready[0], describe(exc))
            return Capture([], exc)
        folder.take(ready[0])
    return Capture([replace_source(s, "folder") for s in prepare(pages, cleaned=True)])


def replace_source(shown: Shown, source: str) -> Shown:
    return replace(shown, page=replace(shown.page, source=source))


@dataclass
class ScanSetup:
    """The panel's ties to the window: the task runner, the remembered scanner, the watched folder."""

    run: RunTask
    device: Callable[[], str]  # the scanner picked once ("" until then)
    remember_device: Callable[[str], None]
    folder: Callable[[], ScanFolder | None]  # the scan-to-folder directory, None when not set


class ScanPanel(QDialog):
    FOLDER_LOOK_MS = 1000

    def __init__(
        self,
        title: str,
        setup: ScanSetup,
        parent: QWidget | None = None,
        *,
        shown: Sequence[Shown] = (),
        scan_now: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setup = setup
        self.busy = False
        self.closed = False
        self._cancelled = False
        self._accept_when_done = False
        self._looking = False
        self.folder_ready = 0  # complete new files in the scan-to-folder directory, at the last look
        self.devices: list[ScanDevice] = []
        self.setWindowTitle(self.tr("Số hóa: %1").replace("%1", title))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAcceptDrops(True)

        self.paper = QLabel(title)
        self.paper.setWordWrap(True)
        self.paper.setStyleSheet("font-weight: bold")
        self.device = QComboBox()
        remembered = setup.device()
        if remembered:
            self.device.addItem(remembered, remembered)
        self.device.currentIndexChanged.connect(self._device_chosen)
        self.strip = PageStrip()
        self.strip.set_pages(shown)
        self.strip.changed.connect(self._show_state)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")

        self.buttons: dict[str, QPushButton] = {}
        actions: list[tuple[str, str, tuple[str, ...], Callable[[], None]]] = [
            ("scan", self.tr("Quét (S)"), ("S",), self.scan),
            ("rescan", self.tr("Quét lại trang (Ctrl+S)"), ("Ctrl+S",), self.rescan),
            ("files", self.tr("Thêm tệp… (Ctrl+O)"), ("Ctrl+O",), self.choose_files),
            ("folder", self.tr("Lấy từ thư mục quét (F)"), ("F",), self.take_from_folder),
            ("right", self.tr("Xoay phải (R)"), ("R",), lambda: self.strip.rotate_current(90)),
            ("left", self.tr("Xoay trái (Shift+R)"), ("Shift+R",), lambda: self.strip.rotate_current(270)),
            ("earlier", self.tr("Lên trước (Ctrl+←)"), ("Ctrl+Left",), lambda: self.strip.move_current(-1)),
            ("later", self.tr("Ra sau (Ctrl+→)"), ("Ctrl+Right",), lambda: self.strip.move_current(1)),
            ("delete", self.tr("Xóa trang (Delete)"), ("Delete",), self.strip.delete_current),
            ("blanks", self.tr("Xóa trang trắng (B)"), ("B",), self.remove_blanks),
        ]
        grid = QGridLayout()
        for n, (key, text, keys, slot) in enumerate(actions):
            button = QPushButton(text)
            button.setAutoDefault(False)  # Enter is always "accept the pages"
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys work from the thumbnails
            button.clicked.connect(slot)
            self.buttons[key] = button
            grid.addWidget(button, n // 5, n % 5)
            for sequence in keys:
                QShortcut(QKeySequence(sequence), self, slot)
        self.done_button = QPushButton(self.tr("Xong — về danh mục giấy tờ (Enter)"))
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self.finish)
        self.cancel_button = QPushButton(self.tr("Hủy (Esc)"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        device_row = QHBoxLayout()
        device_row.addWidget(QLabel(self.tr("Máy quét")))
        device_row.addWidget(self.device, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.paper)
        layout.addLayout(device_row)
        layout.addWidget(self.strip, 1)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        fit_to_screen(self, 980, 720)
        self.strip.thumbs.setFocus()
        self._show_state()
        setup.run(list_devices, self._got_devices, self._failed)
        self.folder_timer = QTimer(self)  # the folder is looked at while the panel is open
        self.folder_timer.setInterval(self.FOLDER_LOOK_MS)
        self.folder_timer.timeout.connect(self.look_at_folder)
        if setup.folder() is not None:
            self.folder_timer.start()
            self.look_at_folder()
        if scan_now and remembered:
            self.scan()
        elif not remembered:
            self.message.setText(self.tr("Chọn máy quét (phím mũi tên) rồi nhấn S; máy được nhớ cho lần sau."))
            self.device.setFocus()

    # ------------------------------------------------------------------ state

    @property
    def pages(self) -> list[Page]:
        return self.strip.pages

    @property
    def shown(self) -> list[Shown]:
        return list(self.strip.shown)

    def _show_state(self) -> None:
        count, blanks = self.strip.page_count, len(self.strip.blanks())
        text = self.tr("%1 trang").replace("%1", str(count))
        if blanks:
            text += self.tr(" · %1 trang có vẻ trắng: nhấn B để xóa").replace("%1", str(blanks))
        if self.busy:
            text += self.tr(" · đang quét…")
        if self.folder_ready:
            text += self.tr(" · thư mục quét có %1 tệp mới: nhấn F").replace("%1", str(self.folder_ready))
        self.state.setText(text)
        self.buttons["blanks"].setEnabled(blanks > 0)
        for key in ("rescan", "right", "left", "earlier", "later", "delete"):
            self.buttons[key].setEnabled(count > 0)

    def _got_devices(self, devices: list[ScanDevice]) -> None:
        if self.closed:
            return
        self.devices = list(devices)
        chosen = self.setup.device()
        self.device.blockSignals(True)
        self.device.clear()
        for device in devices:
            self.device.addItem(f"{device.label} ({device.id})", device.id)
        if chosen and self.device.findData(chosen) < 0:
            self.device.addItem(self.tr("%1 (không tìm thấy)").replace("%1", chosen), chosen)
        self.device.setCurrentIndex(max(0, self.device.findData(chosen)) if self.device.count() else -1)
        self.device.blockSignals(False)
        if not chosen and self.device.count():
            self._device_chosen()
        if not self.device.count():
            self.message.setText(self.tr("Không tìm thấy máy quét: thêm tệp (Ctrl+O) hoặc lấy từ thư mục quét (F)."))

    def _device_chosen(self) -> None:
        device = self.device.currentData()
        if device:
            self.setup.remember_device(str(device))

    # ------------------------------------------------------------------ capture

    def _start(self, work: Callable[[], Capture | None], put: Callable[[list[Shown]], None]) -> None:
        if self.busy:
            return
        self.busy = True
        self._cancelled = False
        self.message.clear()
        self._show_state()

        def done(capture: Capture | None) -> None:
            self.busy = False
            if self.closed:
                return
            if capture is None:
                self.message.setText(self.tr("Thư mục quét chưa có tệp mới."))
            else:
                if capture.shown:
                    put(capture.shown)
                if capture.error is not None:
                    self.message.setText(describe(capture.error))
            self._show_state()
            if self._accept_when_done:
                self._accept_when_done = False
                self.finish()

        self.setup.run(work, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._accept_when_done = False
        if not self.closed:
            self.message.setText(describe(exc))
            self._show_state()

    def _device_id(self) -> str | None:
        device = self.device.currentData() or self.setup.device()
        if not device:
            self.message.setText(self.tr("Chưa chọn máy quét."))
            self.device.setFocus()
            return None
        return str(device)

    def scan(self) -> None:
        """S: one more page from the scanner, after the last."""
        device = self._device_id()
        if device is not None:
            self._start(lambda: scan_pages(device, lambda: self._cancelled), self.strip.add)
            self.strip.thumbs.setFocus()

    def rescan(self) -> None:
        """Ctrl+S: scan the selected page again; the new page takes its place."""
        device = self._device_id()
        if device is not None and self.strip.page_count:
            self._start(lambda: scan_pages(device, lambda: self._cancelled), self.strip.replace_current)

    def add_files(self, paths: Sequence[Path]) -> None:
        files = [Path(p) for p in paths]
        if files:
            self._start(lambda: file_pages(files), self.strip.add)

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn tệp giấy tờ"), "", self.tr("Ảnh và PDF (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")
        )
        self.add_files([Path(n) for n in names])

    def take_from_folder(self) -> None:
        """F: the oldest complete new file the network scanner wrote to the scan-to-folder directory."""
        folder = self.setup.folder()
        if folder is None:
            self.message.setText(self.tr("Chưa đặt thư mục quét: vào Cài đặt (Ctrl+,)."))
            return
        self.folder_ready = max(0, self.folder_ready - 1)
        self._start(lambda: folder_pages(folder), self.strip.add)

    def look_at_folder(self) -> None:
        folder = self.setup.folder()
        if folder is None or self._looking or self.busy or self.closed:
            return
        self._looking = True

        def seen(count: int) -> None:
            self._looking = False
            if not self.closed and count != self.folder_ready:
                self.folder_ready = count
                self._show_state()

        def failed(exc: BaseException) -> None:
            self._looking = False
            if not self.closed:
                self.folder_timer.stop()  # the folder went away: say it once, stop looking
                self.message.setText(describe(exc))

        self.setup.run(lambda: folder_count(folder), seen, failed)

    def remove_blanks(self) -> None:
        removed = self.strip.remove_blanks()
        if removed:
            self.message.setText(self.tr("Đã xóa %1 trang trắng.").replace("%1", str(removed)))

    # ------------------------------------------------------------------ drag and drop

    @staticmethod
    def _dropped(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in FILE_TYPES]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped(event)
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    # ------------------------------------------------------------------ leaving

    def finish(self) -> None:
        """Enter: the pages are the paper's (a scan still running is waited for)."""
        if self.busy:
            self._accept_when_done = True
            return
        self.accept()

    def done(self, result: int) -> None:
        self.closed = True
        self.folder_timer.stop()
        self._cancelled = True  # a scan still running stops at the next page
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._cancelled = True
        super().closeEvent(event)
