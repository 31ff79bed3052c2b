"""The register of dossiers (Sổ theo dõi hồ sơ) on screen: a period, its lines, and the official
PDF or Excel file of the same lines (:func:`documents.register_document`, audited).

The printed register is the legal form, so it is always in Vietnamese; the screen follows the UI's
language. Reading the lines and writing the file are tasks on the window's runner.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app import messages
from counter_app.domain.calendar import office_time
from counter_app.domain.errors import InvalidInput
from counter_app.domain.privacy import mask_contact
from counter_app.printing.model import RegisterRow
from counter_app.services import documents, register
from counter_app.services.context import Context
from counter_app.ui.errors import describe
from counter_app.ui.tasks import RunTask, run_now

FIRST_DAY = QDate(2000, 1, 1)
LAST_DAY = QDate(2099, 12, 31)


class RegisterServices:
    def __init__(self, context: Callable[[], Context]) -> None:
        self._context = context

    def today(self) -> date:
        return office_time(self._context().now()).date()

    def rows(self, start: date, end: date) -> list[RegisterRow]:
        return register.rows(self._context(), start, end, messages.language())

    def document(self, start: date, end: date, *, excel: bool) -> bytes:
        return documents.register_document(self._context(), start, end, excel=excel)


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else office_time(moment).strftime("%d/%m/%Y %H:%M")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class RegisterDialog(QDialog):
    def __init__(
        self,
        services: RegisterServices,
        run: RunTask = run_now,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._run = run
        self.folder = folder or Path.home()
        self.lines: list[RegisterRow] = []
        self.setWindowTitle(self.tr("Sổ theo dõi hồ sơ"))
        today = services.today()
        self.start = QDateEdit(_qdate(today.replace(day=1)))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setDateRange(FIRST_DAY, LAST_DAY)
        self.show_button = QPushButton(self.tr("&Xem"))
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.refresh)
        self.pdf_button = QPushButton(self.tr("Xuất &PDF…"))
        self.pdf_button.clicked.connect(lambda: self.export(excel=False))
        self.excel_button = QPushButton(self.tr("Xuất &Excel…"))
        self.excel_button.clicked.connect(lambda: self.export(excel=True))
        close = QPushButton(self.tr("Đó&ng"))
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Từ ngày")))
        top.addWidget(self.start)
        top.addWidget(QLabel(self.tr("đến ngày")))
        top.addWidget(self.end)
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.excel_button)
        top.addWidget(close)
        headers = [
            self.tr("STT"),
            self.tr("Mã hồ sơ"),
            self.tr("Thủ tục"),
            self.tr("Người nộp"),
            self.tr("Địa chỉ, điện thoại"),
            self.tr("Tiếp nhận"),
            self.tr("Hẹn trả"),
            self.tr("Có kết quả"),
            self.tr("Đã trả"),
            self.tr("Trạng thái"),
            self.tr("Ghi chú"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        self.resize(1100, 560)
        self.refresh()

    def period(self) -> tuple[date, date]:
        start, end = _pydate(self.start.date()), _pydate(self.end.date())
        if end < start:
            raise InvalidInput("period.invalid", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
        return start, end

    def refresh(self) -> None:
        try:
            start, end = self.period()
        except InvalidInput as exc:
            self._failed(exc)
            return
        self._say("")
        self._run(lambda: self._services.rows(start, end), self._show, self._failed)

    def _show(self, lines: list[RegisterRow]) -> None:
        self.lines = lines
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            texts = (
                str(line.number),
                line.code,
                line.procedure_name,
                line.applicant_name,
                mask_contact(line.applicant_contact),  # the phone masked; whole in the dossier and the printed book
                _when(line.received_at),
                _when(line.due_at),
                _when(line.result_at),
                _when(line.returned_at),
                line.status,
                line.note or "",
            )
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.summary.setText(self.tr("%n hồ sơ trong kỳ", "", len(lines)))
        for button in (self.pdf_button, self.excel_button):
            button.setEnabled(bool(lines))

    def export(self, *, excel: bool, path: Path | None = None) -> None:
        """The official register of the period as .pdf or .xlsx; asks where unless ``path`` is given."""
        try:
            start, end = self.period()
        except InvalidInput as exc:
            self._failed(exc)
            return
        if path is None:
            suffix = "xlsx" if excel else "pdf"
            suggested = self.folder / f"so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}.{suffix}"
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Lưu sổ theo dõi hồ sơ"),
                str(suggested),
                self.tr("Excel (*.xlsx)") if excel else self.tr("PDF (*.pdf)"),
            )
            if not chosen:
                return
            path = Path(chosen)
        target = path

        def work() -> Path:
            data = self._services.document(start, end, excel=excel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            return target

        self._say(self.tr("Đang xuất…"))
        self._run(
            work, lambda written: self._say(self.tr("Đã lưu: %1").replace("%1", str(written)), "#2e7d32"), self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OSError):
            exc = InvalidInput("output.unwritable", path=str(getattr(exc, "filename", "") or ""), reason=exc.strerror)
        self._say(describe(exc), "#b00020")

    def _say(self, text: str, colour: str = "") -> None:
        self.message.setStyleSheet(f"color: {colour}" if colour else "")
        self.message.setText(text)
