"""The dossier list: filters, one search box, a lazy table; and a dossier's detail dialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app import messages
from counter_app.domain.calendar import office_time
from counter_app.domain.lifecycle import Status
from counter_app.domain.values import Channel
from counter_app.services import dossiers
from counter_app.services.context import Context
from counter_app.services.dto import DossierDetail
from counter_app.ui.dossier_model import DossierTableModel

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 1000


class DossierListView(QWidget):
    opened = Signal(int)  # dossier id

    def __init__(self, context: Callable[[], Context], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
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
        for column, width in enumerate((230, 200, 320, 150, 130)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda index: self.opened.emit(self.model.dossier_id(index.row())))
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
        return dossiers.ListFilter(
            statuses=frozenset() if status is None else frozenset({Status(status)}),
            channel=None if channel is None else Channel(channel),
            due_today=self.due_today.isChecked(),
            overdue=self.overdue.isChecked(),
            received_from=_day(self.period_from) if self.by_period.isChecked() else None,
            received_to=_day(self.period_to) if self.by_period.isChecked() else None,
        )

    def refresh(self) -> None:
        ctx = self._context()
        text = self.search_box.text().strip()
        wanted = dossiers.all_ids(ctx, self.current_filter())
        if text:
            matched = [r.id for r in dossiers.search(ctx, text, SEARCH_LIMIT)]
            filtered = self.current_filter() != dossiers.ListFilter()
            keep = set(wanted) if filtered else None
            wanted = [i for i in matched if keep is None or i in keep]
        self.model.set_ids(wanted)
        self.count_label.setText(self.tr("%n hồ sơ", "", self.model.rowCount()))


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def _when(moment: object) -> str:
    return "—" if moment is None else office_time(moment).strftime("%H:%M %d/%m/%Y")  # type: ignore[arg-type]


class DossierDialog(QDialog):
    """A dossier's details and history, with its forms to print again."""

    def __init__(
        self,
        detail: DossierDetail,
        reprint: Callable[[str, str], None],
        parent: QWidget | None = None,
        *,
        warning: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.detail = detail
        self.setWindowTitle(self.tr("Hồ sơ %1").replace("%1", detail.code))
        form = QFormLayout()
        a = detail.applicant
        rows = [
            (self.tr("Mã hồ sơ"), detail.code),
            (self.tr("Trạng thái"), messages.status_label(detail.status)),
            (self.tr("Thủ tục"), f"{detail.procedure_name} ({detail.procedure_code})"),
            (self.tr("Người nộp"), a.full_name),
            (self.tr("Số CCCD"), a.id_number or "—"),
            (self.tr("Điện thoại"), a.phone or "—"),
            (self.tr("Địa chỉ"), a.address or "—"),
            (self.tr("Nhận lúc"), _when(detail.received_at)),
            (self.tr("Hẹn trả"), _when(detail.appointment_at)),
        ]
        for label, value in rows:
            field = QLabel(value)
            field.setWordWrap(True)
            form.addRow(label, field)
        self.warning = QLabel(warning or "")
        self.warning.setStyleSheet("color: #b00020; font-weight: bold")
        self.warning.setVisible(bool(warning))
        history = QListWidget()
        for event in detail.events:
            history.addItem(
                f"{_when(event.at)} — {event.kind} → {messages.status_label(event.status_after)} ({event.actor})"
            )
        buttons = QHBoxLayout()
        if detail.due_at is not None:
            receipt = QPushButton(self.tr("In lại giấy tiếp nhận"))
            receipt.clicked.connect(lambda: reprint("receipt", detail.code))
            buttons.addWidget(receipt)
        kinds = {e.kind for e in detail.events}
        if kinds & {"intake_incomplete", "supplement_requested"}:
            slip = QPushButton(self.tr("In lại phiếu yêu cầu bổ sung"))
            slip.clicked.connect(lambda: reprint("supplement", detail.code))
            buttons.addWidget(slip)
        if "refused" in kinds:
            slip = QPushButton(self.tr("In lại phiếu từ chối"))
            slip.clicked.connect(lambda: reprint("refusal", detail.code))
            buttons.addWidget(slip)
        buttons.addStretch(1)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Lịch sử")))
        layout.addWidget(history, 1)
        layout.addLayout(buttons)
        self.resize(640, 560)
