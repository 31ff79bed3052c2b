"""Sync with the district hub as the clerk sees it (SYNC.md "What the clerk sees").

- :class:`SyncController` runs in the background: every few seconds it asks, on the task runner, whether
  a round is due and runs it there — never on the GUI thread, never two at once — then publishes the
  status. The clerk keeps working meanwhile.
- :class:`SyncIndicator` is the status-bar line: online or offline, "N đang chờ", "đồng bộ lúc hh:mm",
  a red warning when the PC clock is wrong, and what to do when the PC is not enrolled or was revoked.
- :class:`SyncDialog` opens from the indicator: the status in full, "Đồng bộ ngay", the items the hub
  set aside with its reasons (each can be sent again), the enrolment form, and the papers' cap, sending
  hours and set-aside copies (:mod:`counter_app.ui.paper_sync_view`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app import messages
from counter_app.domain.calendar import office_time
from counter_app.services import hub_sync as sync
from counter_app.services.context import Context
from counter_app.services.hub_sync import EnrollResult, QuarantinedItem, SyncReport, SyncStatus
from counter_app.services.hub_sync.papers import size_text
from counter_app.ui.errors import describe
from counter_app.ui.paper_sync_view import PaperScheduleBox, SetAsidePapers
from counter_app.ui.screen_fit import fit_to_screen
from counter_app.ui.tasks import RunTask

CHECK_INTERVAL_MS = 5_000
ONLINE_COLOUR, OFFLINE_COLOUR, ALERT_COLOUR, IDLE_COLOUR = "#2e7d32", "#b26a00", "#b00020", "#555555"


class SyncServices:
    """The sync service calls, bound to the signed-in clerk's context (work functions for the runner)."""

    def __init__(self, context: Callable[[], Context]) -> None:
        self._context = context

    @property
    def context(self) -> Callable[[], Context]:
        """The context factory (the papers' widgets call their services with it)."""
        return self._context

    def status(self) -> tuple[SyncReport | None, SyncStatus]:
        return None, sync.status(self._context())

    def round_if_due(self) -> tuple[SyncReport | None, SyncStatus]:
        ctx = self._context()
        # Due by its back-off, or the link has just come back (then at once, not at the back-off's end).
        report = sync.run_round(ctx) if sync.due(ctx) or sync.link_back(ctx) else None
        if report is None:
            sync.check_link(ctx)  # the hub gone since the last good round: offline within seconds
        return report, sync.status(ctx)

    def round_now(self) -> tuple[SyncReport | None, SyncStatus]:
        ctx = self._context()
        return sync.run_round(ctx), sync.status(ctx)

    def quarantine(self) -> list[QuarantinedItem]:
        return sync.quarantine(self._context())

    def retry(self, uid: str | None) -> int:
        return sync.retry_quarantined(self._context(), uid)

    def enroll(self, server_url: str, code: str) -> EnrollResult:
        return sync.enroll(self._context(), server_url, code)


class SyncController(QObject):
    """The background rounds: one at a time, on the task runner; the status after each."""

    status_changed = Signal(object)  # SyncStatus
    round_finished = Signal(object)  # SyncReport
    pulled = Signal()  # a round brought changes down: lists should refresh
    failed = Signal(object)  # an exception from a round asked for by hand

    def __init__(self, services: SyncServices, run: RunTask, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._run = run
        self.busy = False
        self.status: SyncStatus | None = None
        self._again = False  # "Đồng bộ ngay" pressed during a round: one more right after
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.timer.start()
        self.refresh()

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> None:
        """The timer: a round when one is due (the service decides, with its back-off)."""
        if not self.busy:
            self._go(self.services.round_if_due, quiet=True)

    def refresh(self) -> None:
        """Only the status (after a local change: the waiting count moved)."""
        if not self.busy:
            self._go(self.services.status, quiet=True)

    def sync_now(self) -> None:
        if self.busy:
            self._again = True
            return
        self._go(self.services.round_now, quiet=False)

    def _go(self, work: Callable[[], tuple[SyncReport | None, SyncStatus]], *, quiet: bool) -> None:
        self.busy = True

        def done(result: tuple[SyncReport | None, SyncStatus]) -> None:
            self.busy = False
            report, status = result
            self.status = status
            self.status_changed.emit(status)
            if report is not None:
                self.round_finished.emit(report)
                if report.pulled:
                    self.pulled.emit()
            if self._again:
                self._again = False
                self.sync_now()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self._again = False
            if not quiet:
                self.failed.emit(exc)

        self._run(work, done, failed)


def _at(moment: datetime) -> str:
    local = office_time(moment)
    same_day = local.date() == office_time(datetime.now(UTC)).date()
    return local.strftime("%H:%M" if same_day else "%H:%M %d/%m")


class SyncIndicator(QWidget):
    """The status-bar line; a click opens the sync dialog."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton(self.tr("Đồng bộ: …"))
        self.button.setFlat(True)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.clicked)
        self.clock = QLabel()
        self.clock.setStyleSheet(f"color: white; background: {ALERT_COLOUR}; padding: 1px 6px; font-weight: bold")
        self.clock.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.clock)
        layout.addWidget(self.button)

    @property
    def text(self) -> str:
        return self.button.text()

    def show_status(self, s: SyncStatus) -> None:
        parts: list[str] = []
        if not s.enrolled:
            parts.append(self.tr("Chưa ghi danh với máy chủ huyện"))
            colour = IDLE_COLOUR
        elif s.revoked:
            parts.append(self.tr("Thiết bị đã bị thu hồi"))
            colour = ALERT_COLOUR
        elif s.online:
            parts.append(self.tr("Trực tuyến"))
            colour = ONLINE_COLOUR
        else:
            parts.append(self.tr("Ngoại tuyến"))
            colour = OFFLINE_COLOUR
        parts.append(self.tr("%1 đang chờ").replace("%1", str(s.waiting)))
        if s.papers_waiting:  # the certified copies, apart from the events
            parts.append(self.tr("%1 giấy tờ đang chờ gửi").replace("%1", str(s.papers_waiting)))
        if s.last_success_at is not None:
            parts.append(self.tr("đồng bộ lúc %1").replace("%1", _at(s.last_success_at)))
        if s.quarantined:
            parts.append(self.tr("%1 bị giữ lại").replace("%1", str(s.quarantined)))
            colour = ALERT_COLOUR if s.enrolled else colour
        self.button.setText(" · ".join(parts))
        self.button.setStyleSheet(f"color: {colour}; font-weight: bold; border: none; padding: 0 4px")
        if s.clock_wrong and s.clock_offset_seconds is not None:
            minutes = max(1, round(abs(s.clock_offset_seconds) / 60))
            self.clock.setText(self.tr("Giờ máy lệch %1 phút so với máy chủ").replace("%1", str(minutes)))
            self.clock.show()
        else:
            self.clock.hide()
        tips = [self.tr("Bấm để xem chi tiết đồng bộ")]
        if s.commune:
            tips.insert(0, s.commune)
        if s.last_error:
            tips.insert(0, s.last_error)
        if s.paper_error:
            tips.insert(0, s.paper_error)
        self.button.setToolTip("\n".join(tips))


class SyncDialog(QDialog):
    """The sync status in full, "Đồng bộ ngay", the set-aside items and (when needed) enrolment."""

    def __init__(self, controller: SyncController, run: RunTask, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.services = controller.services
        self._run = run
        self.items: list[QuarantinedItem] = []
        self._note = ""
        self.setWindowTitle(self.tr("Đồng bộ với máy chủ huyện"))

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("Đồng bộ ngay"))
        self.sync_button.clicked.connect(self.sync_now)

        self.enrol_box = QGroupBox(self.tr("Ghi danh máy này với máy chủ huyện"))
        form = QFormLayout(self.enrol_box)
        self.server_url = QLineEdit(placeholderText="https://hub.example.vn")
        self.code = QLineEdit(placeholderText=self.tr("Mã ghi danh dùng một lần do máy chủ cấp"))
        self.enrol_button = QPushButton(self.tr("Ghi danh"))
        self.enrol_button.clicked.connect(self.enroll)
        self.server_url.returnPressed.connect(self.code.setFocus)
        self.code.returnPressed.connect(self.enroll)  # Enter in the code field enrols
        form.addRow(self.tr("Địa chỉ máy chủ"), self.server_url)
        form.addRow(self.tr("Mã ghi danh"), self.code)
        form.addRow(self.enrol_button)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Mã hồ sơ"), self.tr("Loại"), self.tr("Lý do máy chủ từ chối"), self.tr("Lúc"), ""]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.retry_all = QPushButton(self.tr("Gửi lại tất cả"))
        self.retry_all.clicked.connect(lambda: self.retry(None))
        close = QPushButton(self.tr("Đóng"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.addWidget(self.retry_all)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.enrol_box)
        self.quarantine_title = QLabel(self.tr("Mục máy chủ không nhận (giữ lại, không chặn các mục khác)"))
        layout.addWidget(self.quarantine_title)
        layout.addWidget(self.table, 1)
        self.paper_schedule = PaperScheduleBox(self.services.context, run)
        self.papers_aside = SetAsidePapers(self.services.context, run)
        self.papers_aside.retried.connect(lambda _count: controller.sync_now())
        layout.addWidget(self.paper_schedule)
        layout.addWidget(self.papers_aside)
        layout.addStretch(0)  # takes the room while the table is hidden
        layout.addLayout(bottom)
        fit_to_screen(self, 860, 520)

        controller.status_changed.connect(self.show_status)
        controller.round_finished.connect(self._round_finished)
        controller.failed.connect(self._failed)
        if controller.status is not None:
            self.show_status(controller.status)
        self.load_quarantine()
        self.paper_schedule.load()
        self.papers_aside.load()

    # ------------------------------------------------------------------ showing

    def show_status(self, s: SyncStatus) -> None:
        lines = []
        if not s.enrolled:
            lines.append(self.tr("Máy này chưa ghi danh với máy chủ huyện: hồ sơ được lưu trên máy và chờ đồng bộ."))
        else:
            lines.append(self.tr("Máy chủ: %1").replace("%1", s.server or "—"))
            lines.append(self.tr("Đơn vị: %1").replace("%1", s.commune or "—"))
            if s.revoked:
                lines.append(self.tr("Thiết bị đã bị thu hồi: cần mã ghi danh mới để đồng bộ lại."))
            else:
                lines.append(self.tr("Trực tuyến") if s.online else self.tr("Ngoại tuyến"))
            last = "—" if s.last_success_at is None else _at(s.last_success_at)
            lines.append(self.tr("Đồng bộ thành công lần cuối: %1").replace("%1", last))
            if s.next_attempt_at is not None and not s.revoked:
                lines.append(self.tr("Lần thử tiếp theo: %1").replace("%1", _at(s.next_attempt_at)))
        lines.append(
            self.tr("Đang chờ gửi: %1 · Bị giữ lại: %2").replace("%1", str(s.waiting)).replace("%2", str(s.quarantined))
        )
        if s.papers_waiting or s.papers_set_aside:
            line = (
                self.tr("%1 giấy tờ đang chờ gửi (%2)")
                .replace("%1", str(s.papers_waiting))
                .replace("%2", size_text(s.paper_bytes_waiting))
            )
            if s.papers_set_aside:
                line += self.tr(" · %1 giấy tờ bị giữ lại").replace("%1", str(s.papers_set_aside))
            lines.append(line)
        if s.last_error:
            lines.append(self.tr("Lỗi gần nhất: %1").replace("%1", s.last_error))
        if s.paper_error:
            lines.append(self.tr("Giấy tờ: %1").replace("%1", s.paper_error))
        if s.clock_wrong and s.clock_offset_seconds is not None:
            minutes = max(1, round(abs(s.clock_offset_seconds) / 60))
            lines.append(self.tr("Giờ máy lệch %1 phút so với máy chủ").replace("%1", str(minutes)))
        self.summary.setText("\n".join(lines))
        self.enrol_box.setVisible(not s.enrolled or s.revoked)
        self.paper_schedule.setVisible(s.enrolled)
        self.sync_button.setEnabled(s.enrolled and not s.revoked)
        if s.server and not self.server_url.text():
            self.server_url.setText(s.server)

    def load_quarantine(self) -> None:
        self._run(self.services.quarantine, self._show_quarantine, self._failed)

    def _show_quarantine(self, items: list[QuarantinedItem]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            kind = messages.event_label(item.kind) if item.topic == "dossier.event" else self._topic_label(item.topic)
            kind = kind[:1].upper() + kind[1:]
            when = item.at or item.created_at
            verdict = messages.quarantine_label(item.status)  # the CLI's words too; never the raw word
            verdict = verdict[:1].upper() + verdict[1:]
            for column, text in enumerate((item.dossier_code or "—", kind, f"{verdict}: {item.reason}", _at(when))):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
            button = QPushButton(self.tr("Gửi lại"))
            button.clicked.connect(lambda _=False, uid=item.uid: self.retry(uid))
            self.table.setCellWidget(row, 4, button)
        self.table.resizeColumnToContents(0)
        self.retry_all.setEnabled(bool(items))
        self.quarantine_title.setVisible(bool(items))
        self.table.setVisible(bool(items))

    def _topic_label(self, topic: str) -> str:
        return self.tr("Đánh giá hài lòng") if topic == "rating" else self.tr("Dữ liệu đồng bộ khác")

    def _round_finished(self, report: SyncReport) -> None:
        note, self._note = self._note, ""  # what the clerk did just before (enrolled, retried)
        if report.error is not None:
            self.message.setStyleSheet(f"color: {ALERT_COLOUR}")
            text = report.message or report.error
        else:
            self.message.setStyleSheet(f"color: {ONLINE_COLOUR}")
            text = self.tr("Đã gửi %1, đã nhận %2.").replace("%1", str(report.pushed)).replace("%2", str(report.pulled))
            if report.papers_sent:
                text += " " + self.tr("Đã gửi %1 giấy tờ.").replace("%1", str(report.papers_sent))
        self.message.setText(f"{note} {text}" if note else text)
        self.load_quarantine()
        self.papers_aside.load()

    def _failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet(f"color: {ALERT_COLOUR}")
        self.message.setText(describe(exc))
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        self.enrol_button.setEnabled(not busy)
        self.retry_all.setEnabled(not busy and bool(self.items))

    # ------------------------------------------------------------------ actions

    def sync_now(self) -> None:
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Đang đồng bộ…"))
        self.controller.sync_now()

    def retry(self, uid: str | None) -> None:
        services = self.services

        def done(count: int) -> None:
            self._note = self.tr("Đã đưa %1 mục vào hàng chờ gửi lại.").replace("%1", str(count))
            self.message.setStyleSheet("")
            self.message.setText(self._note)
            self.load_quarantine()
            self.controller.sync_now()

        self._run(lambda: services.retry(uid), done, self._failed)

    def enroll(self) -> None:
        url, code, services = self.server_url.text(), self.code.text(), self.services
        self._busy(True)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Đang ghi danh…"))

        def done(result: EnrollResult) -> None:
            self._busy(False)
            self.code.clear()
            self._note = (
                self.tr("Đã ghi danh với %1 (%2).")
                .replace("%1", result.commune_name)
                .replace("%2", result.commune_code)
            )
            self.message.setStyleSheet(f"color: {ONLINE_COLOUR}")
            self.message.setText(self._note)
            self.controller.sync_now()  # the first round at once

        self._run(lambda: services.enroll(url, code), done, self._failed)
