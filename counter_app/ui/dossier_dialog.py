"""A dossier's details, what is due to the citizen, its history, and the actions its status allows.

The buttons come from the lifecycle's :func:`~counter_app.domain.lifecycle.allowed_events` and the
dossier itself (no return at the counter for a result sent by post). Each action is one task on the
window's runner; success refreshes the dialog and emits ``changed`` so the window refreshes its
lists; a refusal is one line in the form (or the dialog) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from counter_app import messages
from counter_app.domain.calendar import office_time
from counter_app.domain.errors import DomainError
from counter_app.domain.lifecycle import PRE_ACCEPTANCE, EventKind, Status, allowed_events
from counter_app.services.dto import DossierDetail
from counter_app.ui.dossier_actions import (
    ActionDone,
    ActionForm,
    ApologyForm,
    DossierServices,
    LeaderForm,
    Printable,
    ReasonForm,
    RequestTokens,
    ResultForm,
    ReturnForm,
    SupplementForm,
    TransferForm,
    WithdrawForm,
)
from counter_app.ui.dossier_history import event_text, outcome_label, when
from counter_app.ui.errors import describe
from counter_app.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from counter_app.ui.copies_view import CopiesBox
    from counter_app.ui.digitise import PaperServices

Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


@dataclass(frozen=True)
class DossierHost:
    """What the dialog needs from the window: the service calls, the task runner, the preview."""

    services: DossierServices
    run: Run
    show_document: Callable[[Printable], object]
    papers: PaperServices | None = None  # the dossier's certified electronic copies (issue 13)


class DossierDialog(QDialog):
    """A dossier's details and history, its forms to print again, and (with a host) its actions."""

    changed = Signal(str)  # dossier code, after an action changed it

    def __init__(
        self,
        detail: DossierDetail,
        reprint: Callable[[str, str], None],
        parent: QWidget | None = None,
        *,
        warning: str | None = None,
        host: DossierHost | None = None,
    ) -> None:
        super().__init__(parent)
        self.detail = detail
        self._reprint = reprint
        self.host = host
        self.form: ActionForm | None = None  # the action form open now
        self.leader_form: LeaderForm | None = None
        self.buttons: dict[str, QPushButton] = {}  # action key -> button, in the order shown
        self.tokens = RequestTokens()  # for the actions without a form; renewed with every state shown
        self.setWindowTitle(self.tr("Hồ sơ %1").replace("%1", detail.code))

        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("code", self.tr("Mã hồ sơ")),
            ("status", self.tr("Trạng thái")),
            ("procedure", self.tr("Thủ tục")),
            ("applicant", self.tr("Người nộp")),
            ("id_number", self.tr("Số CCCD")),
            ("phone", self.tr("Điện thoại")),
            ("address", self.tr("Địa chỉ")),
            ("received", self.tr("Nhận lúc")),
            ("appointment", self.tr("Hẹn trả")),
        ):
            field = QLabel()
            field.setWordWrap(True)
            self.values[key] = field
            form.addRow(label, field)
        self.warning = QLabel(warning or "")
        self.warning.setStyleSheet("color: #b00020; font-weight: bold")
        self.warning.setVisible(bool(warning))
        self.due = QLabel()  # what is due to the citizen when the result is ready
        self.due.setWordWrap(True)
        self.due.setStyleSheet("font-weight: bold; padding: 6px; background: #e8f5e9")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.history = QListWidget()
        self.actions_row = QHBoxLayout()
        self.prints_row = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.due)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Lịch sử")))
        layout.addWidget(self.history, 1)
        self.copies: CopiesBox | None = None
        if host is not None and host.papers is not None:
            from counter_app.ui.copies_view import CopiesBox

            self.copies = CopiesBox(detail.code, host.papers, host.run, self)
            layout.addWidget(self.copies)
        layout.addWidget(self.message)
        layout.addLayout(self.actions_row)
        layout.addLayout(self.prints_row)
        fit_to_screen(self, 760, 600)
        self.set_detail(detail)

    # ------------------------------------------------------------------ showing the dossier

    @property
    def code(self) -> str:
        return self.detail.code

    @property
    def status_label(self) -> QLabel:
        return self.values["status"]

    def set_detail(self, detail: DossierDetail) -> None:
        self.detail = detail
        self.tokens.renew()
        a = detail.applicant
        for key, value in (
            ("code", detail.code),
            ("status", messages.status_label(detail.status)),
            ("procedure", f"{detail.procedure_name} ({detail.procedure_code})"),
            ("applicant", a.full_name),
            ("id_number", a.id_number or "—"),
            ("phone", a.phone or "—"),
            ("address", a.address or "—"),
            ("received", when(detail.received_at) + self._channel_note(detail)),
            ("appointment", when(detail.appointment_at)),
        ):
            self.values[key].setText(value)
        self.history.clear()
        for event in detail.events:
            self.history.addItem(event_text(event))
        self.history.scrollToBottom()
        self.due.setText(self._due_text())
        self.due.setVisible(bool(self.due.text()))
        self._build_actions()
        self._build_prints()

    def _channel_note(self, detail: DossierDetail) -> str:
        """Directive 24/CT-TTg: an assisted online filing and its portal code, or a paper exception."""
        if detail.assisted:
            return f" · {messages.channel_label(detail.channel, True)} — " + self.tr(
                "Hỗ trợ nộp trực tuyến, mã hồ sơ trên Cổng: %1"
            ).replace("%1", detail.portal_code or "—")
        if detail.paper_exception:
            return " · " + self.tr("Nhận hồ sơ giấy (ngoại lệ): %1").replace("%1", detail.paper_exception)
        return ""

    @property
    def tracking(self) -> str | None:
        """The S10 number of the last item this dossier went out by post with."""
        sent = (EventKind.HANDED_TO_POST.value, EventKind.TRANSFERRED.value)
        event = next((e for e in reversed(self.detail.events) if e.kind in sent and e.payload.get("via_post")), None)
        return None if event is None else str(event.payload.get("tracking") or "") or None

    def _due_text(self) -> str:
        d = self.detail
        if d.status is Status.HANDED_TO_POST:
            text = self.tr("Kết quả đã giao bưu điện, số hiệu bưu gửi %1. Địa chỉ nhận: %2.")
            return text.replace("%1", self.tracking or "—").replace("%2", d.postal_address or "—")
        if d.status is not Status.RESULT_READY:
            return ""
        result = next((e for e in reversed(d.events) if e.kind == EventKind.RESULT_READY.value), None)
        outcome = outcome_label(None if result is None else result.payload.get("outcome"))
        note = None if result is None else result.payload.get("note")
        if d.return_by_post:
            text = self.tr("Kết quả trả qua bưu điện: %1 — %2. Địa chỉ nhận: %3.")
            return text.replace("%1", d.procedure_name).replace("%2", outcome).replace("%3", d.postal_address or "—")
        text = self.tr("Trả cho công dân: %1 — %2. Hẹn trả: %3.")
        text = text.replace("%1", d.procedure_name).replace("%2", outcome).replace("%3", when(d.appointment_at))
        return text if not note else self.tr("%1 Ghi chú: %2").replace("%1", text).replace("%2", str(note))

    # ------------------------------------------------------------------ which actions, which prints

    def _offered(self) -> list[tuple[str, str, Callable[[], None]]]:
        d = self.detail
        allowed = allowed_events(d.status)
        counter_return = d.status is Status.RESULT_READY and not d.return_by_post
        offered: list[tuple[str, str, Callable[[], None]]] = []
        if d.status is Status.HANDED_TO_POST:  # the post reports back on the result it was handed
            offered.append(("delivered", self.tr("Đã giao"), self.delivered))
            offered.append(("undeliverable", self.tr("Không giao được"), self.undeliverable))
        if counter_return:
            offered.append(("return", self.tr("Trả kết quả"), self.return_result))
        if d.status in PRE_ACCEPTANCE and EventKind.RECEIVED in allowed:
            offered.append(("accept", self.tr("Tiếp nhận"), self.accept_pending))
        if d.status in PRE_ACCEPTANCE and EventKind.INTAKE_INCOMPLETE in allowed:
            offered.append(("incomplete", self.tr("Hồ sơ chưa đủ"), self.mark_incomplete))
        if d.status in PRE_ACCEPTANCE and EventKind.REFUSED in allowed:
            offered.append(("refuse", self.tr("Từ chối"), self.refuse_pending))
        for kind, key, label, slot in (
            (EventKind.TRANSFERRED, "transfer", self.tr("Chuyển xử lý"), self.transfer),
            (EventKind.SUPPLEMENT_REQUESTED, "supplement", self.tr("Yêu cầu bổ sung"), self.request_supplement),
            (
                EventKind.SUPPLEMENT_SUPPLIED,
                "supplement_received",
                self.tr("Đã nhận bổ sung"),
                self.supplement_received,
            ),
            (EventKind.RESULT_READY, "result", self.tr("Có kết quả"), self.record_result),
            (EventKind.APOLOGY_ISSUED, "apology", self.tr("Xin lỗi, hẹn lại"), self.apology),
            (EventKind.WITHDRAWN, "withdraw", self.tr("Rút hồ sơ"), self.withdraw),
            (EventKind.STOPPED, "stop", self.tr("Dừng giải quyết"), self.stop),
        ):
            if kind in allowed:
                offered.append((key, label, slot))
        if d.due_at is not None:
            offered.append(("routing_slip", self.tr("In phiếu kiểm soát"), self.routing_slip))
        return offered

    def _build_actions(self) -> None:
        _clear(self.actions_row)
        self.buttons = {}
        if self.host is None:
            return
        for key, label, slot in self._offered():
            button = QPushButton(label)
            button.setAutoDefault(True)
            button.clicked.connect(slot)
            self.actions_row.addWidget(button)
            self.buttons[key] = button
        self.actions_row.addStretch(1)
        first = self.buttons.get("return")
        if first is not None:
            first.setDefault(True)
            first.setFocus()

    def _build_prints(self) -> None:
        _clear(self.prints_row)
        kinds = {e.kind for e in self.detail.events}
        # the hand-over note is signed at the counter; a result the post delivered has none
        at_counter = any(e.kind == "returned" and not e.payload.get("via_post") for e in self.detail.events)
        code = self.detail.code
        for wanted, kind, label in (
            (self.detail.due_at is not None, "receipt", self.tr("In lại giấy tiếp nhận")),
            (
                bool(kinds & {"intake_incomplete", "supplement_requested"}),
                "supplement",
                self.tr("In lại phiếu yêu cầu bổ sung"),
            ),
            ("refused" in kinds, "refusal", self.tr("In lại phiếu từ chối")),
            ("apology_issued" in kinds, "apology", self.tr("In lại văn bản xin lỗi")),
            (at_counter, "handover", self.tr("In lại phiếu giao nhận kết quả")),
            ("stopped" in kinds, "stop_notice", self.tr("In lại thông báo dừng giải quyết")),
        ):
            if wanted:
                button = QPushButton(label)
                button.setAutoDefault(False)
                button.clicked.connect(lambda _=False, k=kind: self._reprint(k, code))
                self.prints_row.addWidget(button)
        self.prints_row.addStretch(1)
        close = QPushButton(self.tr("Đóng"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        self.prints_row.addWidget(close)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        first = self.buttons.get("return")
        if first is not None:  # a receipt scanned at the counter: Enter starts the return
            self.activateWindow()
            first.setFocus()

    # ------------------------------------------------------------------ running actions

    @property
    def _services(self) -> DossierServices:
        assert self.host is not None, "actions need a host"
        return self.host.services

    def _run(
        self,
        work: Callable[[], ActionDone],
        forms: tuple[ActionForm, ...] = (),
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        assert self.host is not None
        self.message.clear()
        self._busy(True, forms)

        def done(result: ActionDone) -> None:
            self._busy(False, forms)
            self._finished(result, forms)

        def failed(exc: BaseException) -> None:
            self._busy(False, forms)
            (on_error or (lambda e: self._failed(e, forms)))(exc)

        self.host.run(work, done, failed)

    def _busy(self, busy: bool, forms: tuple[ActionForm, ...]) -> None:
        for button in self.buttons.values():
            button.setEnabled(not busy)
        for form in forms:
            form.ok_button.setEnabled(not busy)

    def _failed(self, exc: BaseException, forms: tuple[ActionForm, ...]) -> None:
        form = next((f for f in reversed(forms) if f.isVisible()), None)
        if form is not None:
            form.show_error(exc)
        else:
            self.message.setText(describe(exc))

    def _finished(self, result: ActionDone, forms: tuple[ActionForm, ...]) -> None:
        assert self.host is not None
        for form in reversed(forms):
            form.accept()
        self.form = self.leader_form = None
        self.set_detail(result.detail)
        if result.print_error is not None:
            self.message.setText(
                self.tr("Đã ghi nhận, nhưng chưa in được: %1").replace("%1", describe(result.print_error))
            )
        if result.changed:
            self.changed.emit(self.detail.code)
        if result.document is not None:
            self.host.show_document(result.document)

    def _ask(self, form: ActionForm, prepare: Callable[[], Callable[[], ActionDone]]) -> None:
        """Open ``form``; its OK runs ``prepare()`` here (reading the fields on the GUI thread) and
        hands the work it returns to the runner."""
        self.form = form
        form.submitted.connect(lambda: self._run(prepare(), (form,)))
        form.open()

    # ------------------------------------------------------------------ the actions
    # Work functions are partials: every widget value is read before the work leaves the GUI thread.

    def transfer(self) -> None:
        s, code = self._services, self.code
        form = TransferForm(s.agencies(), self, s.default_agency(code))
        self._ask(
            form,
            lambda: partial(
                s.transfer,
                code,
                form.agency_code(),
                form.receiver.text(),
                form.note.text(),
                request_id=form.request_id,
            ),
        )

    def request_supplement(self) -> None:
        s, code, form = self._services, self.code, SupplementForm(self.detail.components, self)
        self._ask(
            form,
            lambda: partial(s.request_supplement, code, form.missing(), form.note.text(), request_id=form.request_id),
        )

    def mark_incomplete(self) -> None:
        s, code, form = self._services, self.code, SupplementForm(self.detail.components, self)
        self._ask(
            form, lambda: partial(s.mark_incomplete, code, form.missing(), form.note.text(), request_id=form.request_id)
        )

    def supplement_received(self) -> None:
        token = self.tokens.token("supplement_received", self.code)
        self._run(partial(self._services.supplement_received, self.code, request_id=token))

    def record_result(self) -> None:
        s, code, form = self._services, self.code, ResultForm(self)
        self._ask(
            form, lambda: partial(s.record_result, code, form.chosen(), form.note.text(), request_id=form.request_id)
        )

    def return_result(self) -> None:
        s, code = self._services, self.code
        form = ReturnForm(self.detail.applicant.full_name, self, today=office_time(s.ctx.now()).date())
        self._ask(
            form,
            lambda: partial(
                s.return_result,
                code,
                form.receiver.text(),
                form.receiver_id.text(),
                form.papers_text(),
                form.authorisation(),
                request_id=form.request_id,
            ),
        )

    def apology(self) -> None:
        assert self.detail.appointment_at is not None
        s, code = self._services, self.code
        form = ApologyForm(s.first_apology_date(code), self)
        self.form = form

        def needs_leader(exc: BaseException) -> None:
            if isinstance(exc, DomainError) and exc.code == "apology.needs_leader":
                self._ask_leader(form)
            else:
                self._failed(exc, (form,))

        form.submitted.connect(
            lambda: self._run(
                partial(s.apology, code, form.reason.text(), form.new_day(), request_id=form.request_id),
                (form,),
                needs_leader,
            )
        )
        form.open()

    def _ask_leader(self, apology: ApologyForm) -> None:
        s, code, leader = self._services, self.code, LeaderForm(apology)
        self.leader_form = leader
        leader.submitted.connect(
            lambda: self._run(
                partial(
                    s.apology,
                    code,
                    apology.reason.text(),
                    apology.new_day(),
                    leader.credentials(),
                    request_id=apology.request_id,
                ),
                (apology, leader),
            )
        )
        leader.open()

    def withdraw(self) -> None:
        s, code = self._services, self.code
        form = WithdrawForm(self.detail.status not in PRE_ACCEPTANCE, self)
        self._ask(
            form,
            lambda: partial(
                s.withdraw,
                code,
                form.reason.text(),
                form.on_request.isChecked(),
                form.request_ref.text(),
                request_id=form.request_id,
            ),
        )

    def stop(self) -> None:
        s, code = self._services, self.code
        form = ReasonForm(self.tr("Dừng giải quyết hồ sơ"), self.tr("Dừng và in thông báo"), self)
        self._ask(form, lambda: partial(s.stop, code, form.reason.text(), request_id=form.request_id))

    def accept_pending(self) -> None:
        token = self.tokens.token("accept", self.code)
        self._run(partial(self._services.accept_pending, self.code, request_id=token))

    def refuse_pending(self) -> None:
        s, code = self._services, self.code
        form = ReasonForm(self.tr("Từ chối tiếp nhận hồ sơ"), self.tr("Từ chối và in phiếu"), self)
        self._ask(form, lambda: partial(s.refuse_pending, code, form.reason.text(), request_id=form.request_id))

    def routing_slip(self) -> None:
        self._run(partial(self._services.routing_slip, self.code))

    def delivered(self) -> None:
        token = self.tokens.token("delivered", self.code)
        self._run(partial(self._services.delivered, self.code, request_id=token))

    def undeliverable(self) -> None:
        s, code = self._services, self.code
        form = ReasonForm(self.tr("Bưu điện không giao được kết quả"), self.tr("Ghi nhận"), self)
        self._ask(form, lambda: partial(s.undeliverable, code, form.reason.text(), request_id=form.request_id))


def _clear(layout: QHBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()
