"""After intake: the service calls behind the dossier dialog's buttons, and the small forms that ask
for what each action needs (agency, missing papers, outcome, receiver, reason, new date, a leader).

Every action is one background task (``DossierServices`` methods are the work functions): the
lifecycle call, the form it prints, and the refreshed dossier for the dialog. A form stays open
until its action succeeds, showing a refusal as one line, so the clerk can correct and retry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.cccd import parse_cccd_qr
from counter_app.domain.handover import Authorisation, parse_papers, same_person
from counter_app.services import catalogue, documents, dossiers, lifecycle, postal, requests
from counter_app.services.catalogue import AgencyInfo
from counter_app.services.context import Context
from counter_app.services.dto import DossierComponentInfo, DossierDetail
from counter_app.ui.errors import describe

Printable = documents.PrintedDocument | documents.LifecyclePrint


@dataclass(frozen=True)
class ActionDone:
    """What an action hands back to the dialog: the dossier as it is now, and the form it printed.

    ``print_error`` is set when the action was recorded but its form could not be produced (it can
    be printed again from the dialog)."""

    detail: DossierDetail
    document: Printable | None = None
    print_error: BaseException | None = None
    changed: bool = True


class DossierServices:
    """The service calls of the dossier dialog, bound to the signed-in clerk's context."""

    def __init__(self, context: Callable[[], Context]) -> None:
        self._context = context

    @property
    def ctx(self) -> Context:
        return self._context()

    # ------------------------------------------------------------------ reads for the forms

    def show(self, code: str) -> DossierDetail:
        """Re-read the open dossier (not audited: its opening was, in MainWindow.open_dossier_id)."""
        return dossiers.show(self.ctx, code)

    def agencies(self) -> list[AgencyInfo]:
        return catalogue.list_agencies(self.ctx)

    def default_agency(self, code: str) -> str | None:
        """The procedure's competent agency, preselected in the transfer form."""
        return lifecycle.default_transfer_agency(self.ctx, code)

    def first_apology_date(self, code: str) -> date:
        """The first valid new date: the next working day after today and after the appointment."""
        return lifecycle.first_apology_date(self.ctx, code)

    # ------------------------------------------------------------------ actions (work functions)

    def _finish(self, code: str, make: Callable[[], Printable] | None = None, *, changed: bool = True) -> ActionDone:
        document: Printable | None = None
        failure: BaseException | None = None
        if make is not None:
            try:
                document = make()
            except Exception as exc:  # noqa: BLE001 - the action is recorded; the form can be printed again
                failure = exc
        return ActionDone(dossiers.show(self.ctx, code), document, failure, changed)

    # ``request_id`` (keyword, every action): the form's or the shown state's token (services.requests).

    def transfer(
        self, code: str, agency: str, receiver: str, note: str, *, request_id: str | None = None
    ) -> ActionDone:
        lifecycle.transfer(self.ctx, code, agency, receiver=receiver, note=note, request_id=request_id)
        return self._finish(code)

    def request_supplement(
        self, code: str, missing: tuple[int, ...], note: str, *, request_id: str | None = None
    ) -> ActionDone:
        lifecycle.request_supplement(self.ctx, code, missing, note, request_id=request_id)
        return self._finish(code, lambda: documents.supplement_slip(self.ctx, code))

    def supplement_received(self, code: str, *, request_id: str | None = None) -> ActionDone:
        lifecycle.supplement_received(self.ctx, code, request_id=request_id)
        return self._finish(code)

    def record_result(
        self, code: str, outcome: lifecycle.Outcome, note: str, *, request_id: str | None = None
    ) -> ActionDone:
        lifecycle.record_result(self.ctx, code, outcome, note, request_id=request_id)
        return self._finish(code)

    def return_result(
        self,
        code: str,
        receiver: str,
        receiver_id: str,
        papers: str = "",
        authorisation: tuple[str, str, date] | None = None,
        *,
        request_id: str | None = None,
    ) -> ActionDone:
        paper = None if authorisation is None else Authorisation(*authorisation)  # checked by the service
        lifecycle.return_result(
            self.ctx, code, receiver, receiver_id, parse_papers(papers), authorisation=paper, request_id=request_id
        )
        return self._finish(code, lambda: documents.handover_note(self.ctx, code))

    def apology(
        self,
        code: str,
        reason: str,
        new_date: date,
        leader: tuple[str, str] | None = None,
        *,
        request_id: str | None = None,
    ) -> ActionDone:
        """Apologise and move the appointment; ``leader`` (name, password) confirms a second new date."""
        confirmation = None if leader is None else lifecycle.LeaderConfirmation(*leader)
        lifecycle.apology(self.ctx, code, reason, new_date, confirmation=confirmation, request_id=request_id)
        return self._finish(code, lambda: documents.apology_letter(self.ctx, code))

    def withdraw(
        self, code: str, reason: str, on_request: bool, request_ref: str, *, request_id: str | None = None
    ) -> ActionDone:
        lifecycle.withdraw(
            self.ctx, code, reason, on_request=on_request, request_ref=request_ref, request_id=request_id
        )
        return self._finish(code)

    def stop(self, code: str, reason: str, *, request_id: str | None = None) -> ActionDone:
        lifecycle.stop(self.ctx, code, reason, request_id=request_id)
        return self._finish(code, lambda: documents.stop_notice(self.ctx, code))

    def accept_pending(self, code: str, *, request_id: str | None = None) -> ActionDone:
        lifecycle.accept_pending(self.ctx, code, request_id=request_id)
        return self._finish(code, lambda: documents.receipt(self.ctx, code))

    def mark_incomplete(
        self, code: str, missing: tuple[int, ...], note: str, *, request_id: str | None = None
    ) -> ActionDone:
        lifecycle.mark_incomplete(self.ctx, code, missing, note, request_id=request_id)
        return self._finish(code, lambda: documents.supplement_slip(self.ctx, code))

    def refuse_pending(self, code: str, reason: str, *, request_id: str | None = None) -> ActionDone:
        lifecycle.refuse_pending(self.ctx, code, reason, request_id=request_id)
        return self._finish(code, lambda: documents.refusal_slip(self.ctx, code))

    def delivered(self, code: str, *, request_id: str | None = None) -> ActionDone:
        """The post delivered the result it was handed."""
        postal.delivered(self.ctx, code, request_id=request_id)
        return self._finish(code)

    def undeliverable(self, code: str, reason: str, *, request_id: str | None = None) -> ActionDone:
        """The post brought the result back: it is at the counter again."""
        postal.undeliverable(self.ctx, code, reason, request_id=request_id)
        return self._finish(code)

    def routing_slip(self, code: str) -> ActionDone:
        document = documents.routing_slip(self.ctx, code)
        return ActionDone(dossiers.show(self.ctx, code), document, changed=False)


class RequestTokens:
    """Tokens for actions without a form (a button press): one per (action, subject) until
    :meth:`renew` (the window saw the data change), so two presses of one button make one request."""

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, ...], str] = {}

    def token(self, *key: str) -> str:
        return self._tokens.setdefault(key, requests.new_token())

    def renew(self) -> None:
        self._tokens.clear()


# ---------------------------------------------------------------------- the forms


class ActionForm(QDialog):
    """Fields, one line for a refusal, and an OK button named for the action.

    OK emits ``submitted`` and leaves the form open; the dialog closes it when the action succeeded
    or shows why not with :meth:`show_error`. ``request_id`` is the form's token: however often it is
    submitted, the service carries its action out once."""

    submitted = Signal()

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request_id = requests.new_token()
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.fields = QFormLayout()
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("ActionForm", "Hủy")
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.fields)
        self.body.addWidget(self.message)
        self.body.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def submit(self) -> None:
        self.message.clear()
        self.submitted.emit()

    def show_error(self, exc: BaseException) -> None:
        self.message.setText(describe(exc))


class TransferForm(ActionForm):
    """Where to hand the dossier; ``default`` (the procedure's competent agency) is preselected."""

    def __init__(
        self, agencies: Sequence[AgencyInfo], parent: QWidget | None = None, default: str | None = None
    ) -> None:
        super().__init__(self.tr("Chuyển xử lý"), self.tr("Chuyển"), parent)
        self.agency = QComboBox()
        for agency in agencies:
            self.agency.addItem(f"{agency.name} ({agency.code})", agency.code)
        if default is not None and (index := self.agency.findData(default)) >= 0:
            self.agency.setCurrentIndex(index)
        self.receiver = QLineEdit(placeholderText=self.tr("Họ tên người nhận hồ sơ"))
        self.note = QLineEdit()
        self.fields.addRow(self.tr("Chuyển đến"), self.agency)
        self.fields.addRow(self.tr("Người nhận"), self.receiver)
        self.fields.addRow(self.tr("Ghi chú"), self.note)
        self.agency.setFocus()

    def agency_code(self) -> str:
        return str(self.agency.currentData() or "")


class SupplementForm(ActionForm):
    def __init__(self, components: Sequence[DossierComponentInfo], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Yêu cầu bổ sung hồ sơ"), self.tr("Lập phiếu yêu cầu bổ sung"), parent)
        self.papers = QListWidget()
        for paper in components:
            item = QListWidgetItem(f"{paper.position}. {paper.name}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, paper.position)
            self.papers.addItem(item)
        self.note = QLineEdit(placeholderText=self.tr("Nội dung cần bổ sung, hoàn thiện"))
        self.body.insertWidget(0, QLabel(self.tr("Đánh dấu các giấy tờ công dân cần bổ sung:")))
        self.body.insertWidget(1, self.papers)
        self.fields.addRow(self.tr("Ghi chú"), self.note)

    def missing(self) -> tuple[int, ...]:
        items = (self.papers.item(row) for row in range(self.papers.count()))
        return tuple(int(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked)


class ResultForm(ActionForm):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Ghi nhận kết quả giải quyết"), self.tr("Ghi nhận"), parent)
        self.outcome = QComboBox()
        self.outcome.addItem(self.tr("Được giải quyết"), lifecycle.Outcome.GRANTED)
        self.outcome.addItem(self.tr("Không được giải quyết (có văn bản nêu lý do)"), lifecycle.Outcome.DENIED)
        self.note = QLineEdit()
        self.fields.addRow(self.tr("Kết quả"), self.outcome)
        self.fields.addRow(self.tr("Ghi chú"), self.note)

    def chosen(self) -> lifecycle.Outcome:
        return lifecycle.Outcome(self.outcome.currentData())


class ReturnForm(ActionForm):
    """Who takes the result, the result papers handed over (one a line, "x2" for two copies) and, for a
    receiver who is not the applicant (người nhận thay), the authorisation paper they show."""

    def __init__(self, applicant_name: str, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(self.tr("Trả kết quả cho công dân"), self.tr("Trả kết quả và in phiếu giao nhận"), parent)
        self.applicant_name = applicant_name
        self.receiver = QLineEdit(applicant_name)
        self.receiver_id = QLineEdit(placeholderText=self.tr("Số CCCD/định danh của người nhận"))
        self.papers = QPlainTextEdit(placeholderText=self.tr("Mỗi dòng một giấy tờ; thêm x2 nếu giao 2 bản"))
        self.papers.setTabChangesFocus(True)
        self.papers.setFixedHeight(72)
        self.fields.addRow(self.tr("Người nhận kết quả"), self.receiver)
        self.fields.addRow(self.tr("Số giấy tờ người nhận"), self.receiver_id)
        self.fields.addRow(self.tr("Giấy tờ trả"), self.papers)
        self.proxy = QGroupBox(self.tr("Giấy ủy quyền của người nhận thay"))
        proxy_fields = QFormLayout(self.proxy)
        self.authorisation_kind = QLineEdit(self.tr("Giấy ủy quyền"))
        self.authorisation_number = QLineEdit()
        day = today or date.today()
        self.authorisation_date = QDateEdit(QDate(day.year, day.month, day.day))
        self.authorisation_date.setMaximumDate(QDate(day.year, day.month, day.day))  # never dated after today
        self.authorisation_date.setCalendarPopup(True)
        self.authorisation_date.setDisplayFormat("dd/MM/yyyy")
        proxy_fields.addRow(self.tr("Loại giấy"), self.authorisation_kind)
        proxy_fields.addRow(self.tr("Số"), self.authorisation_number)
        proxy_fields.addRow(self.tr("Ngày"), self.authorisation_date)
        self.fields.addRow(self.proxy)
        self.receiver.textChanged.connect(self._receiver_changed)
        self._receiver_changed(self.receiver.text())
        self.receiver_id.setFocus()

    def _receiver_changed(self, name: str) -> None:
        self.proxy.setVisible(bool(name.strip()) and not same_person(name, self.applicant_name))

    def papers_text(self) -> str:
        return self.papers.toPlainText()

    def authorisation(self) -> tuple[str, str, date] | None:
        """The proxy's paper as typed (checked by the service), or None when the applicant takes it."""
        if not self.proxy.isVisibleTo(self):
            return None
        value = self.authorisation_date.date()
        day = date(value.year(), value.month(), value.day())
        return self.authorisation_kind.text(), self.authorisation_number.text(), day

    def fill_from_cccd(self, payload: str) -> None:
        """The receiver's card scanned while this form is open: their name and ID number."""
        try:
            data = parse_cccd_qr(payload)
        except Exception as exc:  # noqa: BLE001 - a bad scan is a message
            self.show_error(exc)
            return
        self.receiver.setText(data.full_name)
        self.receiver_id.setText(data.id_number)
        self.message.clear()
        self.ok_button.setFocus()


class ApologyForm(ActionForm):
    def __init__(self, new_date: date, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Xin lỗi và hẹn lại ngày trả kết quả"), self.tr("Hẹn lại và in văn bản xin lỗi"), parent
        )
        self.reason = QLineEdit(placeholderText=self.tr("Lý do trễ hạn"))
        first = QDate(new_date.year, new_date.month, new_date.day)
        self.new_date = QDateEdit(first)
        self.new_date.setMinimumDate(first)  # no earlier day can be picked (the service refuses it too)
        self.new_date.setCalendarPopup(True)
        self.new_date.setDisplayFormat("dd/MM/yyyy")
        self.fields.addRow(self.tr("Lý do"), self.reason)
        self.fields.addRow(self.tr("Ngày hẹn trả mới"), self.new_date)
        self.reason.setFocus()

    def new_day(self) -> date:
        value = self.new_date.date()
        return date(value.year(), value.month(), value.day())


class LeaderForm(ActionForm):
    """A leader signs the second new date off with their own user name and password."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Lãnh đạo xác nhận hẹn lại"), self.tr("Xác nhận"), parent)
        explanation = QLabel(self.tr("Hồ sơ đã hẹn lại một lần. Hẹn lại lần nữa cần lãnh đạo đăng nhập để xác nhận."))
        explanation.setWordWrap(True)
        self.body.insertWidget(0, explanation)
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.fields.addRow(self.tr("Tên đăng nhập của lãnh đạo"), self.username)
        self.fields.addRow(self.tr("Mật khẩu"), self.password)
        self.username.setFocus()

    def credentials(self) -> tuple[str, str]:
        return self.username.text(), self.password.text()

    def show_error(self, exc: BaseException) -> None:
        super().show_error(exc)
        self.password.clear()
        self.password.setFocus()


class WithdrawForm(ActionForm):
    def __init__(self, accepted: bool, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Rút hồ sơ"), self.tr("Rút hồ sơ"), parent)
        self.reason = QLineEdit(placeholderText=self.tr("Lý do rút hồ sơ"))
        self.on_request = QCheckBox(self.tr("Có đơn đề nghị của công dân"))
        self.request_ref = QLineEdit(placeholderText=self.tr("Số, ngày của đơn đề nghị"))
        self.fields.addRow(self.tr("Lý do"), self.reason)
        if accepted:  # after acceptance the law requires the citizen's written request
            self.fields.addRow(self.on_request)
            self.fields.addRow(self.tr("Đơn đề nghị"), self.request_ref)
        else:
            self.on_request.hide()
            self.request_ref.hide()
        self.reason.setFocus()


class ReasonForm(ActionForm):
    """One reason, for stopping processing or refusing an application."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, ok_text, parent)
        self.reason = QLineEdit()
        self.fields.addRow(self.tr("Lý do"), self.reason)
        self.reason.setFocus()
