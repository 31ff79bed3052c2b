"""The statistics tab (F6): Biểu 06 at a glance for a period, three charts, PDF and Excel export.

The report is computed on the task runner (a year of a busy commune takes a moment); a newer request
wins over an older one still running. Figures come straight from the statistics service's report, so
what the tab shows is what the printed Biểu 06 says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.calendar import office_time
from counter_app.domain.statistics import Bieu06Report, Period
from counter_app.services import dashboard, statistics
from counter_app.services.context import Context
from counter_app.services.dashboard import Dashboard, Preset
from counter_app.ui.charts import ColumnChart, Row, Segment, StackedBars
from counter_app.ui.errors import describe
from counter_app.ui.tasks import RunTask

CUSTOM = "custom"
EARLY, ON_TIME, LATE, WITHIN, OVERDUE = "#2e7d32", "#1565c0", "#ef6c00", "#7cb342", "#c62828"


def number(value: int) -> str:
    """1234567 → 1.234.567 (Vietnamese grouping)."""
    return f"{value:,}".replace(",", ".")


def share(value: float | None) -> str:
    """0.125 → 12,5 %; no dossiers → —."""
    return "—" if value is None else f"{100 * value:.1f}".replace(".", ",") + " %"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DashboardView(QWidget):
    loaded = Signal(object)  # Dashboard, once shown

    def __init__(
        self, context: Callable[[], Context], run: RunTask, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._run = run
        self.folder = folder
        self.data: Dashboard | None = None
        self._generation = 0

        self.preset = QComboBox()
        for key, label in (
            (Preset.THIS_QUARTER, self.tr("Quý này")),
            (Preset.PREVIOUS_QUARTER, self.tr("Quý trước")),
            (Preset.HALF_YEAR, self.tr("6 tháng")),
            (Preset.YEAR, self.tr("Cả năm")),
            (CUSTOM, self.tr("Chọn ngày…")),
        ):
            self.preset.addItem(label, str(key))
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.show_button = QPushButton(self.tr("Xem"))
        self.pdf_button = QPushButton(self.tr("Xuất PDF"))
        self.excel_button = QPushButton(self.tr("Xuất Excel"))
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.show_button.clicked.connect(self.refresh)
        self.pdf_button.clicked.connect(lambda: self.export(excel=False))
        self.excel_button.clicked.connect(lambda: self.export(excel=True))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Kỳ báo cáo")))
        bar.addWidget(self.preset)
        bar.addWidget(QLabel(self.tr("từ")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("đến")))
        bar.addWidget(self.date_to)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.excel_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        cards = (
            ("received", self.tr("Tổng số hồ sơ tiếp nhận")),
            ("received_in_period", self.tr("Tiếp nhận trong kỳ")),
            ("carried_over", self.tr("Từ kỳ trước chuyển qua")),
            ("resolved", self.tr("Đã giải quyết")),
            ("early", self.tr("Trước hạn")),
            ("on_time", self.tr("Đúng hạn")),
            ("late", self.tr("Trễ hạn")),
            ("in_progress", self.tr("Đang giải quyết")),
            ("within_time", self.tr("Còn trong hạn")),
            ("overdue", self.tr("Quá hạn")),
            ("online_share", self.tr("Tỷ lệ trực tuyến")),
            ("postal_share", self.tr("Tỷ lệ qua bưu chính")),
            ("apologies", self.tr("Văn bản xin lỗi")),
            ("satisfaction", self.tr("Hài lòng (rất hài lòng + hài lòng)")),
            ("digitised", self.tr("Tỷ lệ số hóa hồ sơ")),
        )
        # Two rows of eight: a third row of cards would push the window past a 1366×768 screen.
        for i, (key, label) in enumerate(cards):
            grid.addWidget(self._card(key, label), i // 8, i % 8)
        self.satisfaction_detail = QLabel()
        self.satisfaction_detail.setStyleSheet("color: #555")
        self.digitised_detail = QLabel()
        self.digitised_detail.setStyleSheet("color: #555")

        self.weekly = ColumnChart(self.tr("Hồ sơ tiếp nhận theo tuần"))
        self.timeliness = StackedBars(self.tr("Tỷ lệ đúng hạn"), shares=True)
        self.by_field = StackedBars(self.tr("Trễ hạn và quá hạn theo lĩnh vực"))
        for chart in (self.weekly, self.timeliness, self.by_field):
            chart.empty_text = self.tr("Chưa có hồ sơ trong kỳ")
        charts = QGridLayout()
        charts.addWidget(self.weekly, 0, 0, 1, 2)
        charts.addWidget(self.timeliness, 1, 0)
        charts.addWidget(self.by_field, 1, 1)
        charts.setRowStretch(0, 1)
        charts.setRowStretch(1, 1)

        self.period_label = QLabel()
        self.period_label.setStyleSheet("font-weight: bold")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.period_label)
        layout.addWidget(self.message)
        layout.addLayout(grid)
        details = QHBoxLayout()  # both detail lines on one line, for the same reason
        details.addWidget(self.satisfaction_detail)
        details.addStretch(1)
        details.addWidget(self.digitised_detail)
        layout.addLayout(details)
        layout.addLayout(charts, 1)
        self._preset_changed()

    def _card(self, key: str, label: str) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        value = QLabel("—")
        value.setStyleSheet("font-size: 18pt; font-weight: bold")
        value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption = QLabel(label)
        caption.setWordWrap(True)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(value)
        box.addWidget(caption)
        self.figures[key] = value
        return frame

    # ------------------------------------------------------------------ the period

    def today(self) -> date:
        return office_time(self._context().now()).date()

    def _preset_changed(self) -> None:
        key = str(self.preset.currentData())
        custom = key == CUSTOM
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if not custom:
            period = dashboard.preset(Preset(key), self.today())
            self.date_from.setDate(_qdate(period.start))
            self.date_to.setDate(_qdate(period.end))
            if self.isVisible():
                self.refresh()

    def period(self) -> Period:
        """The chosen period (raises InvalidInput when the custom dates are the wrong way round)."""
        return Period(_pydate(self.date_from.date()), _pydate(self.date_to.date()))

    def set_period(self, start: date, end: date) -> None:
        """Custom dates (the clerk's "Chọn ngày…")."""
        self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
        self.date_from.setDate(_qdate(start))
        self.date_to.setDate(_qdate(end))

    # ------------------------------------------------------------------ loading

    def refresh(self) -> None:
        key = str(self.preset.currentData())
        if key != CUSTOM:  # a tab left open overnight or across a quarter: the preset is seen from today
            current = dashboard.preset(Preset(key), self.today())
            self.date_from.setDate(_qdate(current.start))
            self.date_to.setDate(_qdate(current.end))
        try:
            period = self.period()
        except Exception as exc:  # noqa: BLE001 - a bad period is one line
            self._failed(exc)
            return
        self._generation += 1
        generation, ctx = self._generation, self._context()
        self.message.setStyleSheet("color: #555")
        self.message.setText(self.tr("Đang tính…"))

        def done(result: Dashboard) -> None:
            if generation == self._generation:
                self.show_dashboard(result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._failed(exc)

        self._run(lambda: dashboard.load(ctx, period), done, failed)

    def _failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet("color: #b00020")
        self.message.setText(describe(exc))

    def show_dashboard(self, data: Dashboard) -> None:
        self.data = data
        r = data.report
        t = r.total
        self.message.clear()
        heading = (
            self.tr("Biểu 06 từ %1 đến %2")
            .replace("%1", f"{r.period.start:%d/%m/%Y}")
            .replace("%2", f"{r.period.end:%d/%m/%Y}")
        )
        if r.data_until is not None:  # the period runs past today: say how far the figures go
            heading += " " + self.tr("(số liệu đến ngày %1)").replace("%1", f"{r.data_until:%d/%m/%Y}")
        self.period_label.setText(heading)
        values = {
            "received": number(t.received.total),
            "received_in_period": number(t.received_in_period),
            "carried_over": number(t.received.carried_over),
            "resolved": number(t.resolved.total),
            "early": number(t.resolved.early),
            "on_time": number(t.resolved.on_time),
            "late": number(t.resolved.late),
            "in_progress": number(t.in_progress.total),
            "within_time": number(t.in_progress.within_time),
            "overdue": number(t.in_progress.overdue),
            "online_share": share(t.online_share),
            "postal_share": share(t.postal_share),
            "apologies": number(t.apologies),
            "satisfaction": self._satisfied(r),
            "digitised": share(data.digitised.share),
        }
        for key, text in values.items():
            self.figures[key].setText(text)
        s = r.satisfaction
        self.satisfaction_detail.setText(
            self.tr("Đánh giá của công dân: %1 rất hài lòng · %2 hài lòng · %3 không hài lòng")
            .replace("%1", number(s.very_satisfied))
            .replace("%2", number(s.satisfied))
            .replace("%3", number(s.dissatisfied))
        )
        d = data.digitised
        self.digitised_detail.setText(
            self.tr(
                "Số hóa hồ sơ: %1 / %2 hồ sơ tiếp nhận có đủ bản điện tử (trong đó %3 không có giấy tờ phải số hóa)"
            )
            .replace("%1", number(d.digitised))
            .replace("%2", number(d.received))
            .replace("%3", number(d.nothing_to_digitise))
        )
        card = self.figures["digitised"].parentWidget()
        if card is not None:  # the same sentence over the card, where the eye is when reading the share
            card.setToolTip(self.digitised_detail.text())
        self.weekly.set_data([f"{w.start:%d/%m}" for w in data.weeks], [w.count for w in data.weeks])
        self.timeliness.set_rows(
            [
                Row(
                    self.tr("Đã giải quyết"),
                    (
                        Segment(self.tr("Trước hạn"), t.resolved.early, EARLY),
                        Segment(self.tr("Đúng hạn"), t.resolved.on_time, ON_TIME),
                        Segment(self.tr("Trễ hạn"), t.resolved.late, LATE),
                    ),
                ),
                Row(
                    self.tr("Đang giải quyết"),
                    (
                        Segment(self.tr("Còn trong hạn"), t.in_progress.within_time, WITHIN),
                        Segment(self.tr("Quá hạn"), t.in_progress.overdue, OVERDUE),
                    ),
                ),
            ]
        )
        late_rows = [
            Row(
                f.field,
                (
                    Segment(self.tr("Giải quyết trễ hạn"), f.figures.resolved.late, LATE),
                    Segment(self.tr("Đang quá hạn"), f.figures.in_progress.overdue, OVERDUE),
                ),
            )
            for f in r.by_field
        ]
        self.by_field.set_rows(sorted((row for row in late_rows if row.total), key=lambda row: -row.total))
        self.loaded.emit(data)

    def _satisfied(self, report: Bieu06Report) -> str:
        s = report.satisfaction
        return share(None if not s.total else (s.very_satisfied + s.satisfied) / s.total)

    # ------------------------------------------------------------------ export

    def export(self, *, excel: bool, path: Path | None = None) -> None:
        """Biểu 06 as PDF or Excel through the statistics service; asks where unless ``path`` is given."""
        try:
            period = self.period()
        except Exception as exc:  # noqa: BLE001
            self._failed(exc)
            return
        if path is None:
            suffix = "xlsx" if excel else "pdf"
            suggested = self.folder / f"bieu06-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{suffix}"
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Lưu Biểu 06"),
                str(suggested),
                self.tr("Excel (*.xlsx)") if excel else self.tr("PDF (*.pdf)"),
            )
            if not chosen:
                return
            path = Path(chosen)
        target, ctx = path, self._context()

        def work() -> Path:
            data = statistics.document(ctx, period, excel=excel).data
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            return target

        def done(written: Path) -> None:
            self.message.setStyleSheet("color: #2e7d32")
            self.message.setText(self.tr("Đã lưu Biểu 06: %1").replace("%1", str(written)))

        self.message.setText(self.tr("Đang xuất…"))
        self._run(work, done, self._failed)
