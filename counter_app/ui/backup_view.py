"""Backups in the desktop app: System → "Sao lưu ngay" and "Khôi phục…", the automatic backups, the settings box.

Every backup runs on the one task runner, with its progress in a bar in the status bar; its result
(verified, or the one sentence of what went wrong) stays written there. Automatic backups: when the
window closes (the end of the day) and, checked once a minute, when ``every`` dossiers were taken in
since the last backup. A missing USB stick, a full or read-only one only says so: the counter keeps
working and the earlier backups are untouched.

A restore replaces the data the app is running on: the database is closed, the current data folder
moved aside whole, the backup put in its place, and the app closes to be opened again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QWidget,
)

from counter_app import messages
from counter_app.domain.errors import DomainError
from counter_app.printing.recovery import recovery_sheet_pdf
from counter_app.services import backups
from counter_app.services.context import Context, utc_now
from counter_app.ui.errors import describe
from counter_app.ui.tasks import RunTask

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60_000
_STAGES: dict[str, str] = {
    "papers": str(QT_TRANSLATE_NOOP("BackupActions", "Đang sao lưu bản sao giấy tờ")),
    "backup": str(QT_TRANSLATE_NOOP("BackupActions", "Đang mã hóa và ghi")),
    "restore": str(QT_TRANSLATE_NOOP("BackupActions", "Đang kiểm tra")),
}


class BackupActions(QObject):
    """The System menu's backup entries and the automatic backups of one window."""

    progress = Signal(str, int, int)  # (stage, done, total), emitted from the worker thread
    finished = Signal(str)  # the sentence shown when a backup or restore ended

    def __init__(self, window: QMainWindow, data_dir: Path, context: Callable[[], Context], run: RunTask) -> None:
        super().__init__(window)
        self._window, self._data_dir, self._context, self._run = window, data_dir, context, run
        self.running = False
        self.restored = False  # the data was replaced: no backup at close, the app closes
        self.last_message = ""
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setVisible(False)
        self.label = QLabel()
        window.statusBar().addPermanentWidget(self.label)
        window.statusBar().addPermanentWidget(self.bar)
        self.progress.connect(self._show_progress)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.backup_if_due)
        self.timer.start(CHECK_EVERY_MS)
        self.backup_action = QAction(self.tr("Sao lưu ngay"), self)
        self.backup_action.triggered.connect(lambda: self.backup_now())
        self.restore_action = QAction(self.tr("Khôi phục…"), self)
        self.restore_action.triggered.connect(lambda: self.choose_restore())
        self.sheet_action = QAction(self.tr("In phiếu mã khôi phục…"), self)
        self.sheet_action.triggered.connect(lambda: self.choose_sheet())

    def add_to(self, menu: QMenu, before: QAction) -> None:
        menu.insertActions(before, [self.backup_action, self.restore_action, self.sheet_action])
        menu.insertSeparator(before)

    # ------------------------------------------------------------------ backing up
    def backup_now(self, target: Path | None = None, *, automatic: bool = False) -> bool:
        """Start a backup on the runner (to the settings' location); False when one is running already."""
        if self.running or self.restored:
            return False
        self.running = True
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self._say(self.tr("Đang sao lưu…"))
        db = self._context().db

        def work() -> backups.BackupResult:
            return backups.backup_now(db, self._data_dir, target, now=utc_now(), progress=self.progress.emit)

        self._run(work, self._backed_up, lambda exc: self._failed(exc, automatic))
        return True

    def backup_if_due(self) -> bool:
        """An automatic backup when ``every`` dossiers were taken in since the last one."""
        if self.running or self.restored:
            return False
        try:
            due = backups.backup_due(self._context().db, self._data_dir)
        except (OSError, DomainError):
            return False
        return due and self.backup_now(automatic=True)

    def at_close(self) -> None:
        """The end of the day: a backup when a location is chosen (the runner is waited for after)."""
        self.timer.stop()
        if not self.restored and backups.load_settings(self._data_dir).target is not None:
            self.backup_now(automatic=True)

    def _backed_up(self, result: backups.BackupResult) -> None:
        self.running = False
        self.bar.setVisible(False)
        size = f"{result.bytes / 1_048_576:.1f} MB"
        if result.verified:
            text = self.tr("Đã sao lưu lúc %1 (%2), khôi phục thử đạt").replace(
                "%1", result.created_at.astimezone().strftime("%H:%M")
            )
        else:
            problem = messages.message(result.problem or "", result.problem_params)
            text = self.tr("Sao lưu KHÔNG ĐẠT khi kiểm tra: %1").replace("%1", problem)
        text = text.replace("%2", size)
        if result.key_made:
            text += self.tr(" — đã tạo khóa sao lưu: hãy in phiếu mã khôi phục (Hệ thống → In phiếu mã khôi phục…)")
        self._say(text)

    def _failed(self, exc: BaseException, automatic: bool) -> None:
        self.running = False
        self.bar.setVisible(False)
        self._say(describe(exc))
        if not automatic:
            log.info("backup failed: %s", getattr(exc, "code", type(exc).__name__))

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        self.bar.setFormat(QCoreApplication.translate("BackupActions", _STAGES.get(stage, stage)) + " %p%")

    def _say(self, text: str) -> None:
        self.last_message = text
        self.label.setText(text)
        self.finished.emit(text)

    # ------------------------------------------------------------------ the recovery sheet
    def choose_sheet(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Lưu phiếu mã khôi phục"), "phieu-ma-khoi-phuc.pdf", self.tr("Tệp PDF (*.pdf)")
        )
        if name:
            self.write_sheet(Path(name))

    def write_sheet(self, path: Path) -> None:
        """Write the recovery sheet (the backup key is made now if there is none) for the commune leader."""
        ctx = self._context()

        def work() -> Path:
            text, _made = backups.recovery_key_text(self._data_dir)
            office_name, office_code = backups.office_names(ctx)
            pdf = recovery_sheet_pdf(text, office_name=office_name, office_code=office_code, printed_at=utc_now())
            path.write_bytes(pdf)
            return path

        def done(written: Path) -> None:
            self._say(
                self.tr("Đã lưu phiếu mã khôi phục %1: hãy in, giao lãnh đạo xã cất giữ, rồi xoá tệp").replace(
                    "%1", str(written)
                )
            )

        self._run(work, done, lambda exc: self._failed(exc, False))

    # ------------------------------------------------------------------ restoring
    def choose_restore(self) -> None:
        """Ask for the backup file (and the recovery key when this PC's key does not open it), then restore."""
        start = backups.load_settings(self._data_dir).target or ""
        name, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Chọn bản sao lưu"), start, self.tr("Bản sao lưu (*.hsmcbak)")
        )
        if not name:
            return
        key: str | None = None
        own = backups.data_dir_key(self._data_dir)
        if own is None or not backups.verify_key(Path(name), own):
            key, ok = QInputDialog.getText(
                self._window, self.tr("Mã khôi phục"), self.tr("Nhập mã khôi phục trên phiếu của đơn vị:")
            )
            if not ok:
                return
        answer = QMessageBox.question(
            self._window,
            self.tr("Khôi phục"),
            self.tr(
                "Dữ liệu hiện tại sẽ được chuyển sang thư mục bên cạnh (không xoá), bản sao lưu được đặt vào chỗ"
                " của nó, rồi chương trình đóng lại để mở lại. Tiếp tục?"
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(Path(name), key)

    def restore(self, file: Path, recovery_key: str | None) -> bool:
        if self.running:
            return False
        self.running = True
        self.timer.stop()
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self._say(self.tr("Đang khôi phục…"))
        ctx = self._context()
        ctx.db.close()  # no connection is left on the file being moved aside

        def work() -> backups.RestoreResult:
            return backups.restore(
                file, self._data_dir, recovery_key=recovery_key, replace=True, now=utc_now(),
                actor=ctx.actor, progress=self.progress.emit,
            )  # fmt: skip

        self._run(work, self._restored, lambda exc: self._failed(exc, False))
        return True

    def _restored(self, result: backups.RestoreResult) -> None:
        self.running = False
        self.restored = True
        self.bar.setVisible(False)
        text = self.tr("Đã khôi phục bản sao lưu (%1 hồ sơ); dữ liệu cũ ở %2. Chương trình sẽ đóng: hãy mở lại.")
        self._say(text.replace("%1", str(result.dossiers)).replace("%2", str(result.moved_aside or "—")))
        QTimer.singleShot(0, self._window.close)


class BackupSettingsBox(QGroupBox):
    """Settings: where the automatic backups go and every how many dossiers (saved in the data folder)."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sao lưu tự động (khi đóng chương trình và sau mỗi N hồ sơ)"))
        self._data_dir = data_dir
        current = backups.load_settings(data_dir)
        self.target = QLineEdit(current.target or "", placeholderText=self.tr("vd. E:\\SaoLuu (USB) hoặc thư mục mạng"))
        browse = QPushButton(self.tr("Chọn…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.target)
        row.addWidget(browse)
        self.every = QSpinBox(minimum=1, maximum=backups.MAX_EVERY)
        self.every.setValue(current.every)
        self.every.setSuffix(self.tr(" hồ sơ"))
        form = QFormLayout(self)
        form.addRow(self.tr("Nơi sao lưu"), row)
        form.addRow(self.tr("Sao lưu sau mỗi"), self.every)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Chọn nơi sao lưu"), self.target.text())
        if chosen:
            self.target.setText(chosen)

    def save(self) -> str | None:
        """Store the settings; the sentence of what is wrong (the dialog stays open), or None."""
        try:
            backups.save_settings(self._data_dir, self.target.text(), self.every.value())
        except DomainError as exc:
            self.target.setFocus()
            return describe(exc)
        return None
