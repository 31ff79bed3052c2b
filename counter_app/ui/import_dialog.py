"""Importing old dossiers from a CSV file (issue 7.1): choose the file, see what it holds and what is wrong
with it, then import everything at once with a progress bar.

The check and the import run on the task runner. Import stays disabled while any row has a problem
(the service imports all or nothing); the errors are listed with their line numbers, in red, and the
same lines are red in the table of the file's first rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app import messages
from counter_app.domain.calendar import office_time
from counter_app.services import history_import
from counter_app.services.context import Context
from counter_app.services.history_import import ImportPreview, ImportRejected, ImportReport, RowError
from counter_app.ui.errors import describe
from counter_app.ui.screen_fit import fit_to_screen
from counter_app.ui.tasks import RunTask

SAMPLE_ROWS = 50
ERROR_COLOUR = QColor("#b00020")
ERROR_BACKGROUND = QColor("#fde7e9")


@dataclass(frozen=True)
class Checked:
    """The service's preview of a file, and its first rows as read."""

    path: Path
    preview: ImportPreview
    header: list[str]
    sample: list[tuple[int, dict[str, str]]]


def check(ctx: Context, path: Path) -> Checked:
    """Work function: the preview and the first rows (nothing is written)."""
    result = history_import.preview(ctx, path)
    header, rows = history_import.read_table(path)
    return Checked(path, result, header, rows[:SAMPLE_ROWS])


class _Progress(QObject):
    """Carries the import's progress from the worker thread to the bar (a queued signal)."""

    moved = Signal(int, int)


def _day(moment: datetime | None) -> str:
    return "—" if moment is None else f"{office_time(moment):%d/%m/%Y}"


class ImportDialog(QDialog):
    imported = Signal(int)  # dossiers imported

    def __init__(self, context: Callable[[], Context], run: RunTask, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._run = run
        self.checked: Checked | None = None
        self.report: ImportReport | None = None
        self.setWindowTitle(self.tr("Nhập hồ sơ cũ từ tệp CSV"))

        self.file_label = QLabel(self.tr("Chưa chọn tệp"))
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Chọn tệp…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.errors = QListWidget()
        self.errors.setStyleSheet(f"color: {ERROR_COLOUR.name()}")
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Nhập hồ sơ"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton(self.tr("Đóng"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self._relay = _Progress(self)
        self._relay.moved.connect(self._moved)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        self.errors_title = QLabel(self.tr("Lỗi (sửa tệp rồi chọn lại; chưa nhập gì):"))
        self.errors_title.setStyleSheet(f"color: {ERROR_COLOUR.name()}; font-weight: bold")
        layout.addWidget(self.errors_title)
        layout.addWidget(self.errors)
        self.sample_title = QLabel()
        layout.addWidget(self.sample_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addLayout(bottom)
        for widget in (self.errors_title, self.errors, self.sample_title, self.table):
            widget.hide()
        fit_to_screen(self, 1000, 640)

    # ------------------------------------------------------------------ choosing and checking

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp CSV"), str(Path.home()), self.tr("Tệp CSV (*.csv);;Mọi tệp (*)")
        )
        if chosen:
            self.load(Path(chosen))

    def load(self, path: Path) -> None:
        """Check ``path`` on the task runner and show what an import would do."""
        self.checked = self.report = None
        self.import_button.setEnabled(False)
        self.file_label.setText(str(path))
        self.summary.clear()
        self._say(self.tr("Đang kiểm tra tệp…"))
        ctx = self._context()
        self._run(lambda: check(ctx, path), self.show_checked, self._failed)

    def show_checked(self, checked: Checked) -> None:
        self.checked = checked
        p = checked.preview
        statuses = ", ".join(
            f"{messages.status_label(status)}: {count}" for status, count in sorted(p.by_status.items())
        )
        lines = [
            self.tr("%1 dòng dữ liệu, %2 dòng hợp lệ.").replace("%1", str(p.rows)).replace("%2", str(p.valid)),
            self.tr("Theo trạng thái: %1").replace("%1", statuses or "—"),
            self.tr("Mã hồ sơ có sẵn: %1; sẽ cấp mã mới: %2")
            .replace("%1", str(p.codes_given))
            .replace("%2", str(p.codes_to_allot)),
            self.tr("Tiếp nhận từ %1 đến %2")
            .replace("%1", _day(p.first_received))
            .replace("%2", _day(p.last_received)),
        ]
        self.summary.setText("\n".join(lines))
        self._show_errors(p.errors)
        self._show_sample(checked, {e.line for e in p.errors})
        ready = not p.errors and p.valid > 0
        self.import_button.setEnabled(ready)
        if p.errors:
            self._say(
                self.tr("%1 dòng có lỗi: chưa thể nhập.").replace("%1", str(len(p.bad_lines))), ERROR_COLOUR.name()
            )
        elif not p.valid:
            self._say(self.tr("Tệp không có dòng dữ liệu nào."), ERROR_COLOUR.name())
        else:
            self._say(self.tr("Tệp hợp lệ: bấm \u201cNhập hồ sơ\u201d để nhập %1 hồ sơ.").replace("%1", str(p.valid)))
            self.import_button.setDefault(True)

    def _show_errors(self, errors: tuple[RowError, ...]) -> None:
        self.errors.clear()
        for error in errors:
            self.errors.addItem(self.tr("Dòng %1: %2").replace("%1", str(error.line)).replace("%2", error.message()))
        self.errors_title.setVisible(bool(errors))
        self.errors.setVisible(bool(errors))

    def _show_sample(self, checked: Checked, bad: set[int]) -> None:
        header = checked.header
        self.table.clear()
        self.table.setColumnCount(len(header) + 1)
        self.table.setHorizontalHeaderLabels([self.tr("Dòng"), *header])
        self.table.setRowCount(len(checked.sample))
        for row, (line, values) in enumerate(checked.sample):
            cells = [str(line), *(values.get(name, "") for name in header)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if line in bad:
                    item.setForeground(QBrush(ERROR_COLOUR))
                    item.setBackground(QBrush(ERROR_BACKGROUND))
                self.table.setItem(row, column, item)
        self.table.verticalHeader().hide()
        self.table.resizeColumnsToContents()
        shown = len(checked.sample)
        self.sample_title.setText(
            self.tr("%1 dòng đầu của tệp:").replace("%1", str(shown))
            if shown < checked.preview.rows
            else self.tr("Các dòng của tệp:")
        )
        self.sample_title.setVisible(bool(shown))
        self.table.setVisible(bool(shown))

    def bad_lines_shown(self) -> list[int]:
        """Lines painted red in the table (for the clerk's eye; tests read it too)."""
        found = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.background().color() == ERROR_BACKGROUND:
                found.append(int(item.text()))
        return found

    # ------------------------------------------------------------------ importing

    def start_import(self) -> None:
        checked = self.checked
        if checked is None or checked.preview.errors:
            return
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.progress.setRange(0, max(1, checked.preview.valid))
        self.progress.setValue(0)
        self.progress.show()
        self._say(self.tr("Đang nhập…"))
        ctx, path, relay = self._context(), checked.path, self._relay
        self._run(lambda: history_import.run(ctx, path, progress=relay.moved.emit), self._done, self._import_failed)

    def _moved(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _done(self, report: ImportReport) -> None:
        self.report = report
        self.choose_button.setEnabled(True)
        self.progress.setValue(self.progress.maximum())
        statuses = ", ".join(
            f"{messages.status_label(status)}: {count}" for status, count in sorted(report.by_status.items())
        )
        self._say(
            self.tr("Đã nhập %1 hồ sơ (%2); cấp mã mới cho %3 hồ sơ.")
            .replace("%1", str(report.imported))
            .replace("%2", statuses)
            .replace("%3", str(report.codes_allotted)),
            "#2e7d32",
        )
        self.close_button.setText(self.tr("Xong"))
        self.close_button.setDefault(True)
        self.imported.emit(report.imported)

    def _import_failed(self, exc: BaseException) -> None:
        self.choose_button.setEnabled(True)
        self.progress.hide()
        if isinstance(exc, ImportRejected):  # the file changed since it was checked
            self._show_errors(exc.errors)
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self._say(describe(exc), ERROR_COLOUR.name())

    def _say(self, text: str, colour: str = "") -> None:
        self.message.setStyleSheet(f"color: {colour}" if colour else "")
        self.message.setText(text)
