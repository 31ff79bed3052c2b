"""First run: the office profile, the administrator's password and the printer, then set-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
    QWizard,
    QWizardPage,
)

from counter_app.domain.codes import MAX_WORKSTATION, MIN_WORKSTATION
from counter_app.domain.formsets import LEGACY
from counter_app.messages import message
from counter_app.services.office import InitRequest, InitResult, validate_request
from counter_app.services.users import validate_full_name, validate_password, validate_title
from counter_app.ui.errors import describe
from counter_app.ui.settings_store import PDF_PRINTER


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b00020")
    label.setWordWrap(True)
    return label


class _OfficePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Thông tin đơn vị"))
        self.setSubTitle(self.tr("Các dòng này in trên giấy tiếp nhận và các phiếu."))
        self.code = QLineEdit(placeholderText="000.12.34.H26")
        self.name = QLineEdit(placeholderText=self.tr("UBND xã Tân Lập"))
        self.parent_name = QLineEdit(placeholderText=self.tr("UBND tỉnh Phú Thọ"))
        self.place = QLineEdit(placeholderText=self.tr("Tân Lập"))
        self.phone = QLineEdit()
        self.workstation = QSpinBox(minimum=MIN_WORKSTATION, maximum=MAX_WORKSTATION)
        self.form_set = QComboBox()
        self.form_set.addItem(self.tr("Bộ mẫu 2025 (Thông tư 03/2025/TT-VPCP)"), "2025")
        self.form_set.addItem(self.tr("Bộ mẫu 2018 (chỉ để in lại hồ sơ tiếp nhận trước 01/07/2025)"), "2018")
        # Choosing 2018 says at once what it is for; Next then refuses it (services.office).
        self.form_set_note = QLabel()
        self.form_set_note.setWordWrap(True)
        self.form_set.currentIndexChanged.connect(self._explain_form_set)
        self.lookup = QLineEdit(placeholderText="https://tracuu.example.gov.vn/ho-so")
        form = QFormLayout(self)
        form.addRow(self.tr("Mã định danh cơ quan (13 ký tự)"), self.code)
        form.addRow(self.tr("Tên đơn vị"), self.name)
        form.addRow(self.tr("Cơ quan chủ quản"), self.parent_name)
        form.addRow(self.tr("Địa danh (dòng ngày tháng)"), self.place)
        form.addRow(self.tr("Số điện thoại đường dây nóng"), self.phone)
        form.addRow(self.tr("Số máy tiếp nhận (mỗi máy một số)"), self.workstation)
        form.addRow(self.tr("Bộ biểu mẫu"), self.form_set)
        form.addRow(self.form_set_note)
        form.addRow(self.tr("Địa chỉ trang tra cứu"), self.lookup)
        self.error = _error_label()
        form.addRow(self.error)

    def _explain_form_set(self) -> None:
        legacy = self.form_set.currentData() == LEGACY
        self.form_set_note.setText(message("office.form_set_legacy") if legacy else "")


class _AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Tài khoản quản trị"))
        self.setSubTitle(self.tr("Tài khoản 'admin' dùng để tạo tài khoản cho cán bộ một cửa."))
        self.full_name = QLineEdit(placeholderText=self.tr("Nguyễn Văn A"))
        self.job_title = QLineEdit(placeholderText=self.tr("Công chức Văn phòng - Thống kê"))
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        # the name and title print where the administrator signs (never the login "admin")
        form.addRow(self.tr("Họ và tên người quản trị"), self.full_name)
        form.addRow(self.tr("Chức danh"), self.job_title)
        form.addRow(self.tr("Mật khẩu (ít nhất 8 ký tự)"), self.password)
        form.addRow(self.tr("Nhập lại mật khẩu"), self.repeat)
        self.error = _error_label()
        form.addRow(self.error)


class _PrinterPage(QWizardPage):
    def __init__(self, printers: list[str]) -> None:
        super().__init__()
        self.setTitle(self.tr("Máy in"))
        self.printer = QComboBox()
        self.printer.addItem(self.tr("Không dùng máy in — lưu thành tệp PDF"), PDF_PRINTER)
        for name in printers:
            self.printer.addItem(name, name)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Máy in giấy tiếp nhận"), self.printer)
        form.addRow(self.error)


class SetupWizard(QWizard):
    """``initialize(request)`` sets the counter up; errors are shown on the last page."""

    def __init__(
        self, initialize: Callable[[InitRequest], InitResult], printers: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._initialize = initialize
        self.result_: InitResult | None = None
        self.setWindowTitle(self.tr("Thiết lập Bộ phận Một cửa"))
        self.office = _OfficePage()
        self.admin = _AdminPage()
        self.printer = _PrinterPage(printers)
        for page in (self.office, self.admin, self.printer):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp theo"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))

    @property
    def chosen_printer(self) -> str:
        return str(self.printer.printer.currentData())

    def request(self) -> InitRequest:
        o = self.office
        return InitRequest(
            office_code=o.code.text(),
            office_name=o.name.text(),
            parent_name=o.parent_name.text() or None,
            workstation=o.workstation.value(),
            form_set=str(o.form_set.currentData()),
            lookup_url_base=o.lookup.text() or None,
            place=o.place.text() or None,
            phone=o.phone.text() or None,
            admin_password=self.admin.password.text(),
            admin_full_name=self.admin.full_name.text(),
            admin_title=self.admin.job_title.text() or None,
        )

    def validateCurrentPage(self) -> bool:
        """Each page is checked before Next, and says on the page what is wrong."""
        page = self.currentPage()
        if page is self.office:
            self.office.error.clear()
            try:
                validate_request(replace(self.request(), admin_password=None, admin_full_name=None, admin_title=None))
            except Exception as exc:  # noqa: BLE001 - shown on the page
                self.office.error.setText(describe(exc))
                return False
            return True
        if page is self.admin:
            self.admin.error.clear()
            if self.admin.password.text() != self.admin.repeat.text():
                self.admin.error.setText(self.tr("Hai lần nhập mật khẩu không khớp."))
                self.admin.repeat.clear()
                self.admin.repeat.setFocus()
                return False
            try:
                validate_password(self.admin.password.text())
                validate_full_name(self.admin.full_name.text())
                validate_title(self.admin.job_title.text())
            except Exception as exc:  # noqa: BLE001 - shown on the page
                self.admin.error.setText(describe(exc))
                return False
            return True
        if page is not self.printer:
            return True
        try:
            self.result_ = self._initialize(self.request())
        except Exception as exc:  # noqa: BLE001 - shown to the person setting up
            self.printer.error.setText(describe(exc))
            return False
        return True
