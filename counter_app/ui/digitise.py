"""What the counter's digitisation needs from the window: the papers service bound to the clerk's
context, the scanner and scan-to-folder settings, and the background OCR of stored copies.

OCR runs on the one task runner, one copy at a time and one round at a time (a second request while
a round runs only asks for another round after it): the counter is never blocked, a copy that fails
is logged and the next one goes on, and a PC without tesseract keeps its copies "pending"
(:func:`counter_app.services.papers.ocr_pending` lists none there).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.scanning.folder import ScanFolder
from counter_app.services import papers
from counter_app.services.context import Context
from counter_app.ui.scan_panel import ScanSetup
from counter_app.ui.settings_store import SettingsStore
from counter_app.ui.tasks import RunTask

if TYPE_CHECKING:
    from counter_app.certify.signers import CopySigner
    from counter_app.ui.token_session import ClerkToken

log = logging.getLogger(__name__)


class PaperServices:
    """The papers service calls the GUI makes, bound to the signed-in clerk's context."""

    def __init__(self, context: Callable[[], Context], signer: Callable[[], CopySigner | None] = lambda: None) -> None:
        self._context = context
        self._signer = signer  # the clerk's open token signer (None: the office key), read at each copy

    def reusable_for(self, cccd: str) -> list[papers.ReusableCopy]:
        return papers.reusable_for(self._context(), cccd)

    def list_copies(self, code: str) -> list[papers.PaperCopyInfo]:
        return papers.list_copies(self._context(), code)

    def export(self, code: str, directory: Path) -> list[Path]:
        return papers.export_copies(self._context(), code, directory)

    def opened(self, code: str, paper: int) -> None:
        """Audit the opening of a copy (before the viewer shows it)."""
        papers.copy_opened(self._context(), code, paper)

    def ocr_pending(self) -> list[int]:
        return papers.ocr_pending(self._context())

    def ocr_one(self, copy_id: int) -> bool:
        # the same kind of signer as the copy had: the clerk's token while it is open, else the office key
        return papers.ocr_one(self._context(), copy_id, self._signer())


class BackgroundOcr(QObject):
    """Single-flight OCR of the copies still without a text layer."""

    status_changed = Signal(str)  # "" when idle

    def __init__(self, services: PaperServices, run: RunTask, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._run = run
        self.running = False
        self._again = False
        self.stopped = False  # the window closed: an answer still on its way is dropped
        self.queue: list[int] = []
        self.done: list[int] = []
        self.failed: list[int] = []

    DELAY_MS = 2000  # after an intake: the receipt is printed first

    def start_soon(self) -> None:
        QTimer.singleShot(self.DELAY_MS, self, self.start)

    def stop(self) -> None:
        """At quit: no new round, and answers arriving after the window is gone touch nothing."""
        self.stopped = True
        self.queue = []

    def start(self) -> None:
        """Look for copies to OCR and work through them (again after the round running now, if one is)."""
        if self.stopped:
            return
        if self.running:
            self._again = True
            return
        self.running = True
        self._again = False
        self._run(self._services.ocr_pending, self._got_pending, self._round_failed)

    def _got_pending(self, pending: list[int]) -> None:
        self.queue = list(pending)
        self._next()

    def _next(self) -> None:
        if self.stopped:
            return
        if not self.queue:
            self.running = False
            self.status_changed.emit("")
            if self._again:
                self.start()
            return
        self.status_changed.emit(self.tr("Đang nhận dạng chữ: %1 bản").replace("%1", str(len(self.queue))))
        copy_id = self.queue.pop(0)
        self._run(
            lambda: self._services.ocr_one(copy_id), lambda ok: self._one_done(copy_id, ok), self._one_failed(copy_id)
        )

    def _one_done(self, copy_id: int, ok: bool) -> None:
        # False: the service logged why (tesseract, a damaged file, the signer); the copy stays pending.
        (self.done if ok else self.failed).append(copy_id)
        self._next()

    def _one_failed(self, copy_id: int) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            log.warning("OCR of paper copy %s failed", copy_id, exc_info=exc)
            self.failed.append(copy_id)
            self._next()

        return failed

    def _round_failed(self, exc: BaseException) -> None:
        log.warning("could not list the copies waiting for OCR", exc_info=exc)
        self.running = False
        if not self.stopped:
            self.status_changed.emit("")


class Digitiser(QObject):
    """The intake view's and dossier dialog's access to scanning, stored copies and OCR."""

    def __init__(
        self,
        services: PaperServices,
        run: RunTask,
        settings: SettingsStore,
        parent: QObject | None = None,
        ocr_services: PaperServices | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.run = run
        self.settings = settings
        self.ocr = BackgroundOcr(ocr_services or services, run, self)
        # The clerk's USB token for the session (ui/token_session.py); None: every copy takes the office key.
        self.token: ClerkToken | None = None
        # A USB QR scanner typing a CCCD now (ui/scanner.py): its letters are not the checklist's keys.
        self.scan_in_progress: Callable[[], bool] = lambda: False
        self._folder: ScanFolder | None = None
        self._folder_path = ""

    def folder(self) -> ScanFolder | None:
        """The watched scan-to-folder directory of the settings (kept, so a file taken is not offered again)."""
        path = self.settings.load().scan_folder
        if not path:
            return None
        if self._folder is None or path != self._folder_path:
            self._folder, self._folder_path = ScanFolder(Path(path)), path
        return self._folder

    def setup(self) -> ScanSetup:
        return ScanSetup(
            run=self.run,
            device=lambda: self.settings.load().scan_device,
            remember_device=lambda device: self._remember(device),
            folder=self.folder,
        )

    def _remember(self, device: str) -> None:
        if device != self.settings.load().scan_device:
            self.settings.update(scan_device=device)
