"""The late-dossier board: overdue, due today and due soon, most urgent first, refreshed live.

The model is a thin adapter over :class:`~counter_app.services.lateness.BoardRow` in the order the
service gives; overdue rows are red, those due today orange, results the post brought back purple.
The view refreshes every minute and whenever the window reports a dossier change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QSpinBox, QTableView, QVBoxLayout, QWidget

from counter_app import messages
from counter_app.domain.calendar import office_time
from counter_app.services import lateness
from counter_app.services.context import Context
from counter_app.services.lateness import BoardRow, Urgency
from counter_app.ui import i18n
from counter_app.ui.errors import describe
from counter_app.ui.keyboard import open_on_enter
from counter_app.ui.tasks import RunTask, run_now

log = logging.getLogger(__name__)
_Index = QModelIndex | QPersistentModelIndex

REFRESH_MS = 60_000
DEFAULT_WITHIN = 3
OVERDUE_COLOUR = QColor("#b00020")
DUE_TODAY_COLOUR = QColor("#c25e00")
UNDELIVERABLE_COLOUR = QColor("#6a1b9a")
COLOURS = {
    Urgency.OVERDUE: OVERDUE_COLOUR,
    Urgency.UNDELIVERABLE: UNDELIVERABLE_COLOUR,
    Urgency.DUE_TODAY: DUE_TODAY_COLOUR,
}
UrgencyRole = Qt.ItemDataRole.UserRole  # the row's Urgency, for tests and delegates


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[BoardRow], str]
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    tooltip: Callable[[BoardRow], str | None] = lambda _row: None


def _day(moment: Any) -> str:
    return office_time(moment).strftime("%d/%m/%Y")


class LateBoardModel(QAbstractTableModel):
    """One row per :class:`BoardRow`, in the service's order (most urgent first)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BoardRow] = []
        self.columns: tuple[Column, ...] = (
            Column(self.tr("Mức độ"), self._urgency_text, tooltip=self._urgency_tip),
            Column(self.tr("Mã hồ sơ"), lambda r: r.code),
            Column(self.tr("Người nộp"), lambda r: r.applicant_name),
            Column(self.tr("Điện thoại"), lambda r: r.phone or "—"),
            Column(self.tr("Thủ tục"), lambda r: r.procedure_name),
            Column(self.tr("Trạng thái"), lambda r: messages.status_label(r.status)),
            Column(self.tr("Hạn giải quyết"), lambda r: _day(r.due_at)),
            Column(self.tr("Hẹn trả"), self._appointment_text, tooltip=self._appointment_tip),
            Column(self.tr("Số ngày"), self._days_text, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        )

    # ------------------------------------------------------------------ our API

    def set_rows(self, rows: Sequence[BoardRow]) -> None:
        self.beginResetModel()
        try:
            self._rows = list(rows)
        finally:
            self.endResetModel()

    def row_at(self, row: int) -> BoardRow:
        return self._rows[row]

    def overdue_count(self) -> int:
        return sum(1 for r in self._rows if r.urgency is Urgency.OVERDUE)

    # ------------------------------------------------------------------ Qt overrides

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns)
        if role == Qt.ItemDataRole.DisplayRole and horizontal:
            return i18n.live(self.columns[section].header, i18n.contexts_of(self))  # built in the language of its day
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        try:
            if role == Qt.ItemDataRole.DisplayRole:
                return column.text(row)
            if role == Qt.ItemDataRole.ForegroundRole:
                return COLOURS.get(row.urgency)
            if role == Qt.ItemDataRole.ToolTipRole:
                return column.tooltip(row)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(column.alignment.value)
            if role == UrgencyRole:
                return row.urgency.value
        except Exception:  # data() must never raise into Qt: show the cell as unreadable, log why
            log.exception("cannot show board row %s", index.row())
            return "⚠" if role == Qt.ItemDataRole.DisplayRole else None
        return None

    # ------------------------------------------------------------------ cell texts

    def _urgency_text(self, row: BoardRow) -> str:
        label = {
            Urgency.OVERDUE: self.tr("Quá hạn"),
            Urgency.UNDELIVERABLE: self.tr("Bưu điện trả lại"),
            Urgency.DUE_TODAY: self.tr("Đến hạn hôm nay"),
            Urgency.DUE_SOON: self.tr("Sắp đến hạn"),
        }[row.urgency]
        return self.tr("%1 · chưa xin lỗi").replace("%1", label) if row.needs_apology else label

    def _urgency_tip(self, row: BoardRow) -> str | None:
        if row.urgency is Urgency.UNDELIVERABLE:
            return self.tr("Bưu điện không giao được kết quả: liên hệ công dân để trả tại bộ phận một cửa hoặc gửi lại")
        if row.needs_apology:
            return self.tr("Chưa có văn bản xin lỗi và hẹn lại ngày trả kết quả")
        return None

    def _appointment_text(self, row: BoardRow) -> str:
        day = _day(row.appointment_at)
        if not row.flagged:
            return day
        return self.tr("%1 ⚑ hẹn lại lần %2").replace("%1", day).replace("%2", str(row.reschedule_count))

    def _appointment_tip(self, row: BoardRow) -> str | None:
        if row.flagged:
            return self.tr("Đã hẹn lại nhiều hơn một lần (lãnh đạo đã xác nhận)")
        return None

    def _days_text(self, row: BoardRow) -> str:
        if row.urgency is Urgency.OVERDUE:
            return self.tr("quá %n ngày", "", row.working_days)
        if row.urgency is Urgency.DUE_TODAY:
            return self.tr("hôm nay")
        if row.urgency is Urgency.UNDELIVERABLE:
            return self.tr("liên hệ công dân")
        return self.tr("còn %n ngày", "", row.working_days)


class LateBoardView(QWidget):
    """The board with its horizon ("trong N ngày làm việc"); double-click opens the dossier."""

    opened = Signal(int)  # dossier id
    overdue_changed = Signal(int)  # number of overdue dossiers after a refresh

    def __init__(
        self, context: Callable[[], Context], parent: QWidget | None = None, run_task: RunTask | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._run_task: RunTask = run_task or run_now
        self._generation = 0
        self.within = QSpinBox(minimum=0, maximum=60, value=DEFAULT_WITHIN)
        self.within.setSuffix(self.tr(" ngày làm việc"))
        self.within.setPrefix(self.tr("trong "))
        self.within.valueChanged.connect(self.refresh)
        self.model = LateBoardModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((205, 185, 150, 95, 200, 120, 95, 165)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open)
        open_on_enter(self.table, self._open)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Hồ sơ quá hạn, đến hạn hôm nay và sắp đến hạn")))
        top.addWidget(self.within)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def _open(self, index: QModelIndex) -> None:
        self.opened.emit(self.model.row_at(index.row()).id)

    def refresh(self) -> None:
        """Recompute the board on the task runner (the calendar's first use takes a moment)."""
        self._generation += 1
        generation, ctx, within = self._generation, self._context(), self.within.value()
        # A busy database must not break the timer: say so and keep the rows shown.
        self._run_task(
            lambda: lateness.board(ctx, within),
            lambda rows: self._show(generation, rows),
            lambda exc: self.summary.setText(describe(exc)),
        )

    def _show(self, generation: int, rows: list[BoardRow]) -> None:
        if generation != self._generation:  # overtaken by a newer refresh
            return
        self.model.set_rows(rows)
        overdue = self.model.overdue_count()
        self.summary.setText(
            self.tr("%n hồ sơ trên bảng", "", len(rows)) + " · " + self.tr("%n hồ sơ quá hạn", "", overdue)
        )
        self.overdue_changed.emit(overdue)
