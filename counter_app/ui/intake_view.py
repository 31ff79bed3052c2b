"""The intake screen: pick the procedure, fill or scan the applicant, tick the papers, then accept,
ask for a supplement, or refuse. Built for the keyboard and a USB scanner:

scan the CCCD → the procedure box has focus → type a few letters ("khai s") → Enter → the papers are
listed and ticked, focus on Accept → Enter → the receipt preview opens with Print focused → Enter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.applicant import make_applicant
from counter_app.domain.calendar import office_time, parse_birth_date
from counter_app.domain.cccd import CccdData, parse_cccd_qr
from counter_app.domain.values import Channel, ComponentForm, Sex
from counter_app.services import catalogue, documents, dossiers, intake, postal, requests
from counter_app.services.context import Context
from counter_app.services.dto import ProcedureInfo
from counter_app.ui.errors import describe
from counter_app.ui.i18n import money
from counter_app.ui.procedure_picker import ProcedurePicker
from counter_app.ui.refusal_dialog import RefusalDialog

if TYPE_CHECKING:
    from counter_app.certify.signers import CopySigner
    from counter_app.ui.digitise import Digitiser
    from counter_app.ui.paper_checklist import PaperChecklist

FORM_NAMES = {
    ComponentForm.ORIGINAL: str(QT_TRANSLATE_NOOP("IntakeView", "Bản chính")),
    ComponentForm.COPY: str(QT_TRANSLATE_NOOP("IntakeView", "Bản sao")),
    ComponentForm.CERTIFIED_COPY: str(QT_TRANSLATE_NOOP("IntakeView", "Bản sao có chứng thực")),
    ComponentForm.ORIGINAL_OR_COPY: str(QT_TRANSLATE_NOOP("IntakeView", "Bản chính hoặc bản sao")),
}


@dataclass(frozen=True)
class Outcome:
    """What an intake action produced: the dossier code and the document to preview and print."""

    code: str
    document: documents.PrintedDocument


class IntakeView(QWidget):
    """``act(work, on_done)`` runs service calls in the background (the window's task runner)."""

    finished = Signal(object)  # Outcome

    def __init__(
        self,
        act: Callable[[Callable[[], Outcome], Callable[[Outcome], None]], None],
        services: IntakeServices,
        parent: QWidget | None = None,
        digitiser: Digitiser | None = None,
    ) -> None:
        super().__init__(parent)
        self._act = act
        self._services = services
        self.procedure: ProcedureInfo | None = None
        # One token per filled form, passed to the service: a second press (Enter twice, a retry after
        # the receipt failed to print) returns the dossier already made instead of making another.
        # A new one when the form is cleared for the next citizen.
        self.form_token = requests.new_token()
        self.busy = False  # an action of this form is running: further presses wait for its answer
        self.refusal_dialog: RefusalDialog | None = None

        self.picker = ProcedurePicker()
        self.picker.chosen.connect(self.choose_procedure)
        self.procedure_label = QLabel(self.tr("Chưa chọn thủ tục"))
        self.procedure_label.setWordWrap(True)
        self.procedure_label.setStyleSheet("font-weight: bold")

        self.name = QLineEdit()
        self.id_number = QLineEdit(maxLength=12)
        self.birth_date = QLineEdit(placeholderText="dd/mm/yyyy")
        self.sex = QComboBox()
        self.sex.addItem("", None)
        self.sex.addItem(self.tr("Nam"), Sex.MALE)
        self.sex.addItem(self.tr("Nữ"), Sex.FEMALE)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.address = QLineEdit()
        self.id_warning = QLabel()
        self.id_warning.setStyleSheet("color: #b00020")
        self.id_warning.setWordWrap(True)
        self.id_warning.hide()
        applicant = QGroupBox(self.tr("Người nộp hồ sơ (quét mã QR trên CCCD để điền nhanh)"))
        form = QFormLayout(applicant)
        form.addRow(self.tr("Họ và tên"), self.name)
        form.addRow(self.tr("Số CCCD/định danh"), self.id_number)
        form.addRow(self.tr("Ngày sinh"), self.birth_date)
        form.addRow(self.tr("Giới tính"), self.sex)
        form.addRow(self.tr("Số điện thoại"), self.phone)
        form.addRow(self.tr("Email"), self.email)
        form.addRow(self.tr("Địa chỉ"), self.address)
        form.addRow(self.id_warning)

        self.papers = QListWidget()
        self.papers_box = QGroupBox(self.tr("Thành phần hồ sơ (đánh dấu giấy tờ đã nhận)"))
        papers_layout = QVBoxLayout(self.papers_box)
        papers_layout.addWidget(self.papers)

        # Directive 24/CT-TTg: an online-only service is filed with the citizen on the national portal.
        self.online_box = QGroupBox(self.tr("Hỗ trợ nộp trực tuyến"))
        self.online_rule = QLabel()
        self.online_rule.setWordWrap(True)
        self.assisted = QCheckBox(self.tr("Đã hỗ trợ người dân nộp hồ sơ trên Cổng Dịch vụ công"))
        self.assisted.setChecked(True)
        self.portal_code = QLineEdit(placeholderText=self.tr("vd. 000.12.34.H26-251118-0001"), maxLength=40)
        self.paper_exception = QLineEdit(placeholderText=self.tr("Lý do buộc phải nhận hồ sơ giấy"))
        self.paper_exception.setEnabled(False)
        online_form = QFormLayout(self.online_box)
        online_form.addRow(self.online_rule)
        online_form.addRow(self.assisted)
        online_form.addRow(self.tr("Mã hồ sơ trên Cổng"), self.portal_code)
        online_form.addRow(self.tr("Nhận hồ sơ giấy (ngoại lệ)"), self.paper_exception)
        self.online_box.hide()
        self.assisted.toggled.connect(self._toggle_assisted)

        self.channel = QComboBox()
        for channel, label in (
            (Channel.DIRECT, self.tr("Trực tiếp")),
            (Channel.POSTAL, self.tr("Qua bưu chính")),
            (Channel.ONLINE, self.tr("Trực tuyến")),
        ):
            self.channel.addItem(label, channel)
        self.by_post = QCheckBox(self.tr("Trả kết quả qua bưu điện"))
        self.postal_address = QLineEdit(placeholderText=self.tr("Địa chỉ nhận kết quả"))
        self.postal_address.setEnabled(False)
        self.by_post.toggled.connect(self._toggle_post)
        options = QHBoxLayout()
        options.addWidget(QLabel(self.tr("Hình thức nộp")))
        options.addWidget(self.channel)
        options.addWidget(self.by_post)
        options.addWidget(self.postal_address, 1)
        # A dossier the citizen sent by post: its S10 number and the post office's dossier slip.
        self.tracking = QLineEdit(placeholderText=self.tr("vd. EA123456785VN"), maxLength=20)
        self.slip_number = QLineEdit()
        self.postal_fields = QWidget()
        postal_row = QHBoxLayout(self.postal_fields)
        postal_row.setContentsMargins(0, 0, 0, 0)
        postal_row.addWidget(QLabel(self.tr("Số hiệu bưu gửi")))
        postal_row.addWidget(self.tracking, 1)
        postal_row.addWidget(QLabel(self.tr("Số phiếu hồ sơ của bưu điện")))
        postal_row.addWidget(self.slip_number, 1)
        self.postal_fields.hide()
        self.channel.currentIndexChanged.connect(self._toggle_channel)

        self.accept_button = QPushButton(self.tr("Tiếp nhận và in giấy hẹn (Ctrl+Enter)"))
        self.supplement_button = QPushButton(self.tr("Yêu cầu bổ sung (Ctrl+B)"))
        self.refuse_button = QPushButton(self.tr("Từ chối (Ctrl+T)"))
        self.clear_button = QPushButton(self.tr("Hồ sơ mới (Ctrl+N)"))
        for button in (self.accept_button, self.supplement_button, self.refuse_button, self.clear_button):
            button.setAutoDefault(True)  # Enter presses the focused button
        self.accept_button.clicked.connect(self.accept_dossier)
        self.tracking.returnPressed.connect(self.slip_number.setFocus)  # Enter moves on, then to Accept
        self.slip_number.returnPressed.connect(self.accept_button.setFocus)
        self.supplement_button.clicked.connect(self.request_supplement)
        self.refuse_button.clicked.connect(self.refuse_dossier)
        self.clear_button.clicked.connect(self.new_dossier)
        for keys, slot in (
            ("Ctrl+Return", self.accept_dossier),
            ("Ctrl+Enter", self.accept_dossier),
            ("Ctrl+B", self.request_supplement),
            ("Ctrl+T", self.refuse_dossier),
            ("Ctrl+N", self.new_dossier),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.supplement_button, self.refuse_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.checklist: PaperChecklist | None = None
        if digitiser is not None:
            self._add_digitising(digitiser, papers_layout)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Thủ tục hành chính")))
        left.addWidget(self.picker)
        left.addWidget(self.procedure_label)
        left.addWidget(self.online_box)
        left.addWidget(self.papers_box, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(applicant, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(options)
        layout.addWidget(self.postal_fields)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.reload_procedures()

    def _add_digitising(self, digitiser: Digitiser, layout: QVBoxLayout) -> None:
        """Số hóa per checklist paper (issue 13): the keys are in ui/paper_checklist.py."""
        from counter_app.ui.paper_checklist import PaperChecklist

        checklist = PaperChecklist(self.papers, lambda: self.procedure, self.accept_button, digitiser, self)
        self.checklist = checklist
        self.digitise_button = QPushButton(self.tr("Số hóa giấy tờ đang chọn (S, Ctrl+D)"))
        self.reuse_button = QPushButton(self.tr("Dùng lại bản đã số hóa (U)"))
        self.digitise_button.clicked.connect(lambda: checklist.digitise())
        self.reuse_button.clicked.connect(checklist.reuse_current)
        row = QHBoxLayout()
        row.addWidget(self.digitise_button)
        row.addWidget(self.reuse_button)
        row.addStretch(1)
        layout.addLayout(row)
        # who certifies the copies: the clerk's token (its certificate's name) or the office's key
        self.certifier = QLabel()
        self.certifier.setWordWrap(True)
        if digitiser.token is not None:
            self.certifier.setText(digitiser.token.certifier())
            digitiser.token.changed.connect(self.certifier.setText)
        layout.addWidget(self.certifier)
        self.id_number.textChanged.connect(checklist.look_up)

    # ------------------------------------------------------------------ filling the form

    def reload_procedures(self) -> None:
        procedures, usage = self._services.procedures()
        self.picker.set_procedures(procedures, usage)

    def retranslate(self) -> None:
        """The chosen procedure's summary and papers in the language in force now; ticks are kept."""
        if self.procedure is None:
            return
        ticked = [self.papers.item(i).checkState() for i in range(self.papers.count())]
        self._show_procedure(self.procedure)
        for i, state in enumerate(ticked[: self.papers.count()]):
            self.papers.item(i).setCheckState(state)

    def choose_procedure(self, procedure: ProcedureInfo) -> None:
        if self.checklist is not None and (self.procedure is None or self.procedure.code != procedure.code):
            self.checklist.clear_papers()  # another procedure, other papers (the same one keeps its scans)
        self._show_procedure(procedure)
        self.assisted.setChecked(True)
        self._show_online_only()
        self.by_post.setEnabled(procedure.result_by_post)
        if not procedure.result_by_post:
            self.by_post.setChecked(False)
        self.message.clear()
        (self.name if not self.name.text() else self.accept_button).setFocus()

    def _show_procedure(self, procedure: ProcedureInfo) -> None:
        self.procedure = procedure
        fee = (
            self.tr("miễn phí")
            if procedure.fee is None and not procedure.fee_note
            else (procedure.fee_note or money(procedure.fee or 0))
        )
        limit = (
            self.tr("trong ngày")
            if procedure.working_days == 0
            else self.tr("%1 ngày làm việc").replace("%1", str(procedure.working_days))
        )
        warn = self.tr(" · thông tin chưa kiểm chứng") if procedure.unverified else ""
        # Received here for a provincial or vertical agency (Decree 118/2025): say who decides.
        decides = (
            self.tr(" · cơ quan giải quyết: %1").replace("%1", procedure.agency_name)
            if procedure.level != "commune" and procedure.agency_name
            else ""
        )
        self.procedure_label.setText(f"{procedure.name} ({procedure.code}) — {limit}; {fee}{decides}{warn}")
        self.papers.clear()
        for paper in procedure.components:
            item = QListWidgetItem(
                f"{paper.position}. {paper.name} — {self.tr(FORM_NAMES[paper.form])} × {paper.count}"
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if paper.required else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, paper.position)
            self.papers.addItem(item)
        if self.checklist is not None:
            self.checklist.refresh()
        self._show_online_only()

    @property
    def online_only(self) -> bool:
        """The chosen procedure takes no paper dossier today (Directive 24/CT-TTg): the assisted path."""
        rule = None if self.procedure is None else self.procedure.online_only
        return rule is not None and office_time(self._services.ctx.now()).date() >= rule.effective_from

    @property
    def assisted_filing(self) -> bool:
        return self.online_only and self.assisted.isChecked()

    def _show_online_only(self) -> None:
        rule = None if self.procedure is None else self.procedure.online_only
        self.online_box.setVisible(self.online_only)
        if rule is not None:
            self.online_rule.setText(
                self.tr(
                    "Từ ngày %1, theo %2, thủ tục này không nhận hồ sơ giấy: hướng dẫn, hỗ trợ người dân nộp"
                    " trên Cổng Dịch vụ công, ghi mã hồ sơ Cổng cấp và đánh dấu giấy tờ đã số hóa."
                )
                .replace("%1", f"{rule.effective_from:%d/%m/%Y}")
                .replace("%2", rule.basis)
            )
        self._toggle_assisted(self.assisted.isChecked())

    def _toggle_assisted(self, on: bool) -> None:
        self.portal_code.setEnabled(on)
        self.paper_exception.setEnabled(not on)
        self.papers_box.setTitle(
            self.tr("Thành phần hồ sơ (đánh dấu giấy tờ đã số hóa)")
            if self.assisted_filing
            else self.tr("Thành phần hồ sơ (đánh dấu giấy tờ đã nhận)")
        )

    def fill_from_scan(self, payload: str) -> None:
        try:
            data = parse_cccd_qr(payload)
        except Exception as exc:  # noqa: BLE001 - a bad scan is a message, not a crash
            self.message.setText(describe(exc))
            return
        self.fill_from_cccd(data)

    def fill_from_cccd(self, data: CccdData) -> None:
        self.name.setText(data.full_name)
        self.id_number.setText(data.id_number)
        self.birth_date.setText(f"{data.birth_date:%d/%m/%Y}")
        self.sex.setCurrentIndex(self.sex.findData(data.sex))
        self.address.setText(data.address or "")
        if data.mismatches:
            self.id_warning.setText(
                self.tr("Số CCCD không khớp với giới tính hoặc năm sinh trên thẻ — đề nghị kiểm tra lại giấy tờ.")
            )
            self.id_warning.show()
        else:
            self.id_warning.hide()
        self.message.clear()
        (self.picker.search if self.procedure is None else self.accept_button).setFocus()

    def _toggle_post(self, on: bool) -> None:
        self.postal_address.setEnabled(on)
        if on and not self.postal_address.text():
            self.postal_address.setText(self.address.text())

    @property
    def by_postal_channel(self) -> bool:
        return bool(self.channel.currentData() == Channel.POSTAL)

    def _toggle_channel(self) -> None:
        self.postal_fields.setVisible(self.by_postal_channel)
        if self.by_postal_channel and not self.tracking.text():
            self.tracking.setFocus()

    def _typed_fields(self) -> tuple[QLineEdit, ...]:
        return (
            self.name,
            self.id_number,
            self.birth_date,
            self.phone,
            self.email,
            self.address,
            self.postal_address,
            self.tracking,
            self.slip_number,
            self.portal_code,
            self.paper_exception,
        )

    def has_typed_data(self) -> bool:
        """Whether the form holds something the clerk typed or scanned (a procedure chosen counts)."""
        return self.procedure is not None or any(field.text().strip() for field in self._typed_fields())

    def confirm_discard(self) -> bool:
        """True when nothing would be lost, or the clerk agreed to drop what the form holds."""
        if not self.has_typed_data():
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Hồ sơ đang nhập dở"),
            self.tr("Hồ sơ đang nhập chưa được lưu. Bỏ dữ liệu đã nhập?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        discard = box.addButton(self.tr("&Bỏ dữ liệu đã nhập"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Tiếp tục nhập"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # Enter keeps the data
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def new_dossier(self) -> None:
        """Ctrl+N / "Hồ sơ mới": an empty form, after asking if typed data would be lost."""
        if self.confirm_discard():
            self.reset()

    def reset(self) -> None:
        for field in (
            self.name,
            self.id_number,
            self.birth_date,
            self.phone,
            self.email,
            self.address,
            self.postal_address,
            self.tracking,
            self.slip_number,
            self.portal_code,
            self.paper_exception,
            self.picker.search,
        ):
            field.clear()
        self.assisted.setChecked(True)
        self.online_box.hide()
        self.sex.setCurrentIndex(0)
        self.channel.setCurrentIndex(0)
        self.by_post.setChecked(False)
        self.papers.clear()
        self.procedure = None
        self.procedure_label.setText(self.tr("Chưa chọn thủ tục"))
        self.id_warning.hide()
        self.message.clear()
        self.form_token = requests.new_token()
        if self.checklist is not None:
            self.checklist.clear()
        self.picker.search.setFocus()

    # ------------------------------------------------------------------ the three outcomes

    def _papers(self, *, ticked: bool, required: bool) -> tuple[int, ...]:
        """Positions of the papers ticked (or not) among the required (or conditional) ones."""
        assert self.procedure is not None
        needed = {c.position for c in self.procedure.components if c.required == required}
        items = (self.papers.item(row) for row in range(self.papers.count()))
        return tuple(
            int(i.data(Qt.ItemDataRole.UserRole))
            for i in items
            if (i.checkState() == Qt.CheckState.Checked) == ticked and int(i.data(Qt.ItemDataRole.UserRole)) in needed
        )

    def _request(self, missing: tuple[int, ...] = ()) -> intake.IntakeRequest | None:
        if self.procedure is None:
            self.message.setText(self.tr("Chọn thủ tục trước."))
            self.picker.search.setFocus()
            return None
        try:
            today = office_time(self._services.ctx.now()).date()
            birth: date | None = (
                parse_birth_date(self.birth_date.text(), today) if self.birth_date.text().strip() else None
            )
            applicant = make_applicant(
                self.name.text(),
                id_number=self.id_number.text(),
                birth_date=birth,
                sex=self.sex.currentData(),
                phone=self.phone.text(),
                email=self.email.text(),
                address=self.address.text(),
            )
        except Exception as exc:  # noqa: BLE001 - bad input becomes one clear line
            self.message.setText(describe(exc))
            return None
        assisted = self.assisted_filing
        return intake.IntakeRequest(
            procedure_code=self.procedure.code,
            applicant=applicant,
            channel=Channel.ONLINE if assisted else Channel(self.channel.currentData()),
            return_by_post=self.by_post.isChecked(),
            postal_address=self.postal_address.text() or None,
            missing=missing,
            extra=self._papers(ticked=True, required=False),
            assisted=assisted,
            portal_code=self.portal_code.text() if assisted else None,
            paper_exception=self.paper_exception.text() or None if self.online_only and not assisted else None,
        )

    def _run(self, work: Callable[[], Outcome]) -> None:
        if self.busy:  # pressed again before the answer: the service would answer the same anyway
            return
        self.busy = True
        self.message.clear()

        def done(outcome: Outcome) -> None:
            self.busy = False
            self.finished.emit(outcome)

        self._act(work, done)

    def accept_dossier(self) -> None:
        if self.procedure is None:
            self._request()  # says what to do first
            return
        request = self._request(self._papers(ticked=False, required=True))
        if request is None:
            return
        if self.checklist is not None:  # the pages and reused copies go in the intake's transaction
            scanned, reuse = self.checklist.request_papers()
            request = replace(request, papers=scanned, reuse=reuse)
        token = self.form_token
        postal = self.by_postal_channel and not self.assisted_filing  # its S10 item goes in the incoming batch
        tracking, slip = self.tracking.text(), self.slip_number.text()

        def submit(signer: CopySigner | None, notice: str) -> None:
            if postal:
                self._run(lambda: self._services.receive(request, tracking, slip, request_id=token, signer=signer))
            else:
                self._run(lambda: self._services.accept(request, request_id=token, signer=signer))
            if notice and not self.message.text():  # the office key certified this intake: say so
                self.message.setText(notice)

        clerk_token = None if self.checklist is None else self.checklist.digitiser.token
        if request.papers and clerk_token is not None and not self.busy:
            clerk_token.obtain(submit)  # the clerk's token, asking the PIN once per session
        else:
            submit(None, "")

    def request_supplement(self) -> None:
        """Mẫu 02 listing every unticked required paper (or, if all are there, the unticked conditional ones)."""
        if self.procedure is None:
            self._request()
            return
        missing = self._papers(ticked=False, required=True) or self._papers(ticked=False, required=False)
        if not missing:
            self.message.setText(self.tr("Bỏ đánh dấu các giấy tờ còn thiếu trước khi lập phiếu yêu cầu bổ sung."))
            return
        request, token = self._paper(self._request(missing)), self.form_token
        if request is not None:
            self._run(lambda: self._services.supplement(request, request_id=token))

    def _paper(self, request: intake.IntakeRequest | None) -> intake.IntakeRequest | None:
        """A supplement request or a refusal takes nothing in: no assisted filing, no exception."""
        if request is None:
            return None
        channel = Channel(self.channel.currentData())
        return replace(request, channel=channel, assisted=False, portal_code=None, paper_exception=None)

    def refuse_dossier(self) -> None:
        request = self._paper(self._request())
        if request is None:
            return
        token = self.form_token
        dialog = RefusalDialog(self)
        self.refusal_dialog = dialog
        dialog.accepted.connect(
            lambda: self._run(lambda: self._services.refuse(request, dialog.reason_text(), request_id=token))
        )
        dialog.open()

    def show_error(self, exc: BaseException) -> None:
        self.busy = False
        self.message.setText(describe(exc))
        if self.checklist is not None and self.checklist.digitiser.token is not None:
            self.checklist.digitiser.token.certification_failed(exc)  # a token pulled out: ask again next time


class IntakeServices:
    """The service calls the intake screen makes, bound to the signed-in clerk's context."""

    def __init__(self, context: Callable[[], Context]) -> None:
        self._context = context

    @property
    def ctx(self) -> Context:
        return self._context()

    def procedures(self) -> tuple[list[ProcedureInfo], dict[str, int]]:
        return catalogue.list_procedures(self.ctx), dossiers.procedure_usage(self.ctx)

    def accept(
        self, request: intake.IntakeRequest, *, request_id: str | None = None, signer: CopySigner | None = None
    ) -> Outcome:
        """``signer``: who certifies the scanned papers (the clerk's token); None: the office's key."""
        result = intake.accept(self.ctx, request, request_id=request_id, signer=signer)
        return Outcome(result.dossier.code, documents.receipt(self.ctx, result.dossier.code))

    def receive(
        self,
        request: intake.IntakeRequest,
        tracking: str,
        slip_number: str,
        *,
        request_id: str | None = None,
        signer: CopySigner | None = None,
    ) -> Outcome:
        """A dossier the citizen sent by post: taken in with its S10 number into the incoming batch."""
        result = postal.receive(self.ctx, request, tracking, slip_number, request_id=request_id, signer=signer)
        return Outcome(result.dossier.code, documents.receipt(self.ctx, result.dossier.code))

    def supplement(self, request: intake.IntakeRequest, *, request_id: str | None = None) -> Outcome:
        result = intake.record_incomplete(self.ctx, request, request_id=request_id)
        return Outcome(result.dossier.code, documents.supplement_slip(self.ctx, result.dossier.code))

    def refuse(self, request: intake.IntakeRequest, reason: str, *, request_id: str | None = None) -> Outcome:
        result = intake.refuse(self.ctx, request, reason, request_id=request_id)
        return Outcome(result.dossier.code, documents.refusal_slip(self.ctx, result.dossier.code))
