"""The papers' part of the sync dialog (issue 14): the upload cap, the sending hours, and the copies the
hub set aside with its reasons.

- :class:`PaperScheduleBox`: a kbit/s spin box (0 = no limit) and two time edits with an "any time"
  check, saved through ``hub_sync.papers.set_paper_schedule`` (a bad value: its sentence, nothing saved).
- :class:`SetAsidePapers`: the copies the hub refused for good (signature, hash, size…), each with the
  reason and "Gửi lại" (send it again), which never blocks the other copies.

Service calls go through the task runner, as everywhere in the GUI.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.context import Context
from counter_app.services.hub_sync import papers as paper_sync
from counter_app.services.hub_sync.papers import PaperSchedule, SetAsidePaper
from counter_app.ui.errors import describe
from counter_app.ui.tasks import RunTask

MAX_KBPS = paper_sync.MAX_KBPS
DEFAULT_START, DEFAULT_END = QTime(7, 0), QTime(17, 0)
ALERT, GOOD = "#b00020", "#2e7d32"


class PaperScheduleBox(QGroupBox):
    """The cap and the sending hours of the papers (events are never held by either)."""

    saved = Signal(object)  # PaperSchedule

    def __init__(self, context: Callable[[], Context], run: RunTask, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Gửi giấy tờ (bản sao điện tử) lên máy chủ"), parent)
        self._context = context
        self._run = run
        self.kbps = QSpinBox()
        self.kbps.setRange(0, MAX_KBPS)
        self.kbps.setSingleStep(64)
        self.kbps.setSuffix(" kbit/s")
        self.kbps.setSpecialValueText(self.tr("Không giới hạn"))
        self.any_time = QCheckBox(self.tr("Gửi bất kỳ lúc nào"))
        self.start = QTimeEdit(DEFAULT_START)
        self.end = QTimeEdit(DEFAULT_END)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.any_time.toggled.connect(self._any_time)
        self.save_button = QPushButton(self.tr("Lưu cài đặt gửi giấy tờ"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        hours = QHBoxLayout()
        hours.addWidget(QLabel(self.tr("Từ")))
        hours.addWidget(self.start)
        hours.addWidget(QLabel(self.tr("đến")))
        hours.addWidget(self.end)
        hours.addWidget(self.any_time)
        hours.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Giới hạn tốc độ (0 = không giới hạn)"), self.kbps)
        form.addRow(self.tr("Giờ gửi giấy tờ"), hours)
        form.addRow(self.save_button, self.message)
        self.any_time.setChecked(True)

    def _any_time(self, checked: bool) -> None:
        self.start.setEnabled(not checked)
        self.end.setEnabled(not checked)

    def load(self) -> None:
        context = self._context
        self._run(lambda: paper_sync.paper_schedule(context()), self.show_schedule, self._failed)

    def show_schedule(self, schedule: PaperSchedule) -> None:
        self.kbps.setValue(schedule.kbps or 0)
        if schedule.hours is None:
            self.any_time.setChecked(True)
        else:
            start, end = paper_sync.parse_hours(schedule.hours)
            self.start.setTime(QTime(start.hour, start.minute))
            self.end.setTime(QTime(end.hour, end.minute))
            self.any_time.setChecked(False)

    def hours(self) -> str | None:
        if self.any_time.isChecked():
            return None
        return f"{self.start.time().toString('HH:mm')}-{self.end.time().toString('HH:mm')}"

    def save(self) -> None:
        context, kbps, hours = self._context, self.kbps.value(), self.hours()

        def done(schedule: PaperSchedule) -> None:
            self.message.setStyleSheet(f"color: {GOOD}")
            self.message.setText(self.tr("Đã lưu."))
            self.saved.emit(schedule)

        self._run(lambda: paper_sync.set_paper_schedule(context(), kbps, hours), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet(f"color: {ALERT}")
        self.message.setText(describe(exc))


class SetAsidePapers(QWidget):
    """The copies the hub refused, with its reasons; "Gửi lại" puts one back in the queue."""

    retried = Signal(int)

    def __init__(self, context: Callable[[], Context], run: RunTask, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._run = run
        self.items: list[SetAsidePaper] = []
        self.title = QLabel(self.tr("Giấy tờ máy chủ không nhận (giữ lại, không chặn các giấy tờ khác)"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Mã hồ sơ"), self.tr("Giấy tờ"), self.tr("Lý do"), ""])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.setVisible(False)

    def load(self) -> None:
        context = self._context
        self._run(lambda: paper_sync.set_aside_papers(context()), self.show_items, lambda _exc: None)

    def show_items(self, items: list[SetAsidePaper]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            for column, text in enumerate((item.dossier_code, f"{item.paper}. {item.name}", item.reason)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
            button = QPushButton(self.tr("Gửi lại"))
            button.clicked.connect(lambda _=False, upload=item.id: self.retry(upload))
            self.table.setCellWidget(row, 3, button)
        self.table.resizeColumnToContents(0)
        self.setVisible(bool(items))

    def retry(self, upload_id: int) -> None:
        context = self._context

        def done(count: int) -> None:
            self.retried.emit(count)
            self.load()

        self._run(lambda: paper_sync.retry_set_aside(context(), upload_id), done, lambda _exc: None)
