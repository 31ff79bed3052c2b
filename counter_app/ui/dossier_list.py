"""The dossier list: filters, one search box, a lazy table (a dossier opens in :mod:`dossier_dialog`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app import messages
from counter_app.domain.lifecycle import Status
from counter_app.domain.values import Channel
from counter_app.services import dossiers
from counter_app.services.context import Context
from counter_app.ui.dossier_model import DossierTableModel
from counter_app.ui.errors import describe
from counter_app.ui.keyboard import open_on_enter
from counter_app.ui.tasks import RunTask, run_now

SEARCH_DELAY_MS = 150


SEARCH_LIMIT = 1000
ASSISTED = "assisted"  # the channel filter's "online, filed with the counter's help" (Directive 24/CT-TTg)


class DossierListView(QWidget):
    opened = Signal(int)  # dossier id

    def __init__(
        self,
        context: Callable[[], Context],
        parent: QWidget | None = None,
        run_task: RunTask | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._run_task: RunTask = run_task or run_now
        self._generation = 0
        self.search_box = QLineEdit(placeholderText=self.tr("Tìm theo tên, mã hồ sơ, số CCCD, số điện thoại…"))
        self.search_box.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem(self.tr("Mọi trạng thái"), None)
        for status in Status:
            self.status.addItem(messages.status_label(status), status)
        self.channel = QComboBox()
        self.channel.addItem(self.tr("Mọi hình thức"), None)
        for channel, label in (
            (Channel.DIRECT, self.tr("Trực tiếp")),
            (Channel.POSTAL, self.tr("Bưu chính")),
            (Channel.ONLINE, self.tr("Trực tuyến")),
            (ASSISTED, self.tr("Trực tuyến (hỗ trợ)")),  # Directive 24/CT-TTg: filed at the counter
        ):
            self.channel.addItem(label, channel)
        self.due_today = QCheckBox(self.tr("Đến hạn hôm nay"))
        self.overdue = QCheckBox(self.tr("Quá hạn"))
        self.by_period = QCheckBox(self.tr("Nhận từ"))
        today = QDate.currentDate()
        self.period_from = QDateEdit(today.addMonths(-1))
        self.period_to = QDateEdit(today)
        for edit in (self.period_from, self.period_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        filters = QHBoxLayout()
        for widget in (
            self.status,
            self.channel,
            self.due_today,
            self.overdue,
            self.by_period,
            self.period_from,
            QLabel(self.tr("đến")),
            self.period_to,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.model = DossierTableModel(lambda ids: dossiers.rows(self._context(), ids), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((230, 200, 320, 150, 130, 130)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open)
        open_on_enter(self.table, self._open)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(self._timer.start)
        for combo in (self.status, self.channel):
            combo.currentIndexChanged.connect(self.refresh)
        for box in (self.due_today, self.overdue, self.by_period):
            box.toggled.connect(self.refresh)
        for edit in (self.period_from, self.period_to):
            edit.dateChanged.connect(self._period_changed)

    def _period_changed(self) -> None:
        if self.by_period.isChecked():
            self.refresh()

    def current_filter(self) -> dossiers.ListFilter:
        status, channel = self.status.currentData(), self.channel.currentData()
        assisted = channel == ASSISTED
        return dossiers.ListFilter(
            statuses=frozenset() if status is None else frozenset({Status(status)}),
            channel=None if channel is None else Channel.ONLINE if assisted else Channel(channel),
            assisted=assisted,
            due_today=self.due_today.isChecked(),
            overdue=self.overdue.isChecked(),
            received_from=_day(self.period_from) if self.by_period.isChecked() else None,
            received_to=_day(self.period_to) if self.by_period.isChecked() else None,
        )

    def refresh(self) -> None:
        """Show the newest page at once; with no search, the rest of the ids load in the background."""
        ctx = self._context()
        text = self.search_box.text().strip()
        where = self.current_filter()
        self._generation += 1
        if text:
            matched = [r.id for r in dossiers.search(ctx, text, SEARCH_LIMIT)]
            if where != dossiers.ListFilter():
                keep = set(dossiers.all_ids(ctx, where))
                matched = [i for i in matched if i in keep]
            self.model.set_ids(matched)
        else:
            first, total = dossiers.first_page(ctx, where)
            self.model.show_first(first, total)
            if total > len(first):
                generation = self._generation
                self._run_task(
                    lambda: dossiers.all_ids(ctx, where),
                    lambda ids: self._complete(generation, ids),
                    lambda exc: self.count_label.setText(describe(exc)),
                )
        self.count_label.setText(self.tr("%n hồ sơ", "", self.model.rowCount()))

    def _open(self, index: QModelIndex) -> None:
        dossier_id = self.model.dossier_id(index.row())
        if dossier_id is not None:  # a row whose id is still loading cannot be opened yet
            self.opened.emit(dossier_id)

    def _complete(self, generation: int, ids: list[int]) -> None:
        if generation == self._generation:  # not overtaken by a newer search or filter
            self.model.complete(ids)


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())
