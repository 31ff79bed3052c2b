"""The counter's settings after the first-run wizard: the printer, the idle lock, the language and,
for an administrator, how the office's letters are numbered and signed.

The clerk's USB signing token (its PKCS#11 library and label, never the PIN) is saved there too.
The first three are saved through :class:`SettingsStore` (the INI file beside the data); ``saved``
tells the window, which applies them at once (the idle lock's new delay, the new language). The
letters' settings (the agency abbreviation of "Số: 1/TB-TTPVHCC", the signer with TM./KT./Q., the
title and the full name) are the office's, saved in the database through
:mod:`counter_app.services.document_numbers`; a bad value keeps the dialog open with one sentence.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.services import document_numbers
from counter_app.services.context import Context
from counter_app.ui.backup_view import BackupSettingsBox
from counter_app.ui.errors import describe
from counter_app.ui.settings_store import PDF_PRINTER, SettingsStore
from counter_app.ui.token_session import LIBRARY_ENV

MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 240
LANGUAGE_NAMES = (("vi", "Tiếng Việt"), ("en", "English"))  # each in its own language
CAPACITIES = ("", "TM", "KT", "Q")  # Decree 30/2020 Annex I: none, thay mặt, ký thay, quyền


class DocumentServices:
    """The office's numbering and signer settings, as the dialog uses them."""

    def __init__(self, context: Callable[[], Context]) -> None:
        self._context = context

    def load(self) -> document_numbers.DocumentSettings:
        return document_numbers.settings(self._context())

    def save(self, agency: str, capacity: str, authority: str, title: str, name: str) -> None:
        document_numbers.update_settings(
            self._context(), agency=agency, capacity=capacity, authority=authority, title=title, name=name
        )


class SettingsDialog(QDialog):
    saved = Signal(object)  # the UiSettings written

    def __init__(
        self,
        store: SettingsStore,
        printers: list[str],
        parent: QWidget | None = None,
        documents: DocumentServices | None = None,
        backup_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._documents = documents
        current = store.load()
        self.setWindowTitle(self.tr("Cài đặt"))
        self.printer = QComboBox()
        self.printer.addItem(self.tr("Không dùng máy in — lưu thành tệp PDF"), PDF_PRINTER)
        for name in printers:
            self.printer.addItem(name, name)
        if current.printer != PDF_PRINTER and self.printer.findData(current.printer) < 0:
            # the printer chosen before is not connected now: keep it, say so
            self.printer.addItem(self.tr("%1 (không tìm thấy)").replace("%1", current.printer), current.printer)
        self.printer.setCurrentIndex(max(0, self.printer.findData(current.printer)))
        self.idle = QSpinBox(minimum=MIN_IDLE_MINUTES, maximum=MAX_IDLE_MINUTES)
        self.idle.setSuffix(self.tr(" phút"))
        self.idle.setValue(min(MAX_IDLE_MINUTES, max(MIN_IDLE_MINUTES, current.idle_lock_minutes)))
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))
        form = QFormLayout()
        form.addRow(self.tr("Máy in giấy tiếp nhận"), self.printer)
        form.addRow(self.tr("Tự khóa màn hình sau"), self.idle)
        form.addRow(self.tr("Ngôn ngữ"), self.language)
        # Digitisation (issue 13): the scanner the scan panel remembered, the network scanner's folder.
        self.scan_device = QLineEdit(
            current.scan_device, placeholderText=self.tr("chọn trong khung số hóa, vd. test:0")
        )
        self.scan_folder = QLineEdit(current.scan_folder, placeholderText=self.tr("không dùng"))
        form.addRow(self.tr("Máy quét"), self.scan_device)
        form.addRow(self.tr("Thư mục máy quét mạng lưu tệp"), self.scan_folder)
        # The clerk's USB signing token (docs/SIGNING.md §2): its CA's PKCS#11 library, and which token
        # when several are plugged in. The PIN is asked at the first copy of a session, never kept.
        self.token_library = QLineEdit(
            current.token_library,
            placeholderText=os.environ.get(LIBRARY_ENV, "").strip()
            or self.tr("vd. C:\\Windows\\System32\\vnptca_p11_v8.dll · viettel-ca_v6.dll · BkavCA.dll · fptca_v6.dll"),
        )
        self.token_library.setToolTip(
            self.tr(
                "Thư viện PKCS#11 của USB ký số, thường trong C:\\Windows\\System32: VNPT-CA vnptca_p11_v8.dll "
                "(hoặc _v6, _v7, _v9, _v10), Viettel-CA viettel-ca_v6.dll, BKAV-CA BkavCA.dll, FPT-CA fptca_v6.dll, "
                "SafeNet eToken eTPKCS11.dll. Để trống: dùng biến môi trường COUNTER_APP_PKCS11_LIB nếu có, "
                "nếu không bản sao được ký bằng khóa của cơ quan."
            )
        )
        self.token_label = QLineEdit(current.token_label, placeholderText=self.tr("chỉ khi cắm nhiều USB ký số"))
        form.addRow(self.tr("Thư viện USB ký số (PKCS#11)"), self.token_library)
        form.addRow(self.tr("Nhãn USB ký số"), self.token_label)
        hint = QLabel(self.tr("Máy in và ngôn ngữ có hiệu lực ngay sau khi lưu."))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        self.letters: QGroupBox | None = None
        if documents is not None:
            layout.addWidget(self._letters_box(documents.load()))
        self.backup = None if backup_dir is None else BackupSettingsBox(backup_dir)
        if self.backup is not None:
            layout.addWidget(self.backup)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _letters_box(self, current: document_numbers.DocumentSettings) -> QGroupBox:
        """Administrator only: the abbreviation in the letters' number and who signs them."""
        box = QGroupBox(self.tr("Số văn bản và người ký (thư xin lỗi, thông báo dừng)"))
        self.agency = QLineEdit(current.agency, placeholderText="TTPVHCC")
        self.capacity = QComboBox()
        names = {
            "": self.tr("Người đứng đầu ký"),
            "TM": self.tr("TM. — thay mặt tập thể"),
            "KT": self.tr("KT. — cấp phó ký thay"),
            "Q": self.tr("Q. — quyền người đứng đầu"),
        }
        for code in CAPACITIES:
            self.capacity.addItem(names[code], code)
        self.capacity.setCurrentIndex(max(0, self.capacity.findData(current.signer.capacity.value)))
        self.authority = QLineEdit(current.signer.authority or "", placeholderText=self.tr("ỦY BAN NHÂN DÂN"))
        self.signer_title = QLineEdit(current.signer.title, placeholderText=self.tr("CHỦ TỊCH"))
        self.signer_name = QLineEdit(current.signer.name or "")
        rows = QFormLayout(box)
        rows.addRow(self.tr("Chữ viết tắt tên cơ quan"), self.agency)
        rows.addRow(self.tr("Quyền hạn ký"), self.capacity)
        rows.addRow(self.tr("Tập thể / chức vụ được ký thay"), self.authority)
        rows.addRow(self.tr("Chức vụ người ký"), self.signer_title)
        rows.addRow(self.tr("Họ và tên người ký"), self.signer_name)
        self.letters = box
        return box

    def save(self) -> None:
        folder = self.scan_folder.text().strip()
        if folder and not Path(folder).is_dir():
            self.error.setText(
                self.tr("Không có thư mục %1: nhập đường dẫn thư mục máy quét lưu tệp.").replace("%1", folder)
            )
            self.scan_folder.setFocus()
            return
        library = self.token_library.text().strip()
        if library and not Path(library).is_file():
            self.error.setText(
                self.tr(
                    "Không có tệp %1: nhập đường dẫn thư viện PKCS#11 (tệp .dll) của USB ký số, hoặc để trống."
                ).replace("%1", library)
            )
            self.token_library.setFocus()
            return
        if self.backup is not None and (problem := self.backup.save()) is not None:
            self.error.setText(problem)
            return
        if self._documents is not None:
            try:
                self._documents.save(
                    self.agency.text(),
                    str(self.capacity.currentData()),
                    self.authority.text(),
                    self.signer_title.text(),
                    self.signer_name.text(),
                )
            except DomainError as exc:  # a refusal is shown, the dialog stays open
                self.error.setText(describe(exc))
                return
        saved = self._store.update(
            printer=str(self.printer.currentData()),
            idle_lock_minutes=self.idle.value(),
            language=str(self.language.currentData()),
            scan_device=self.scan_device.text().strip(),
            scan_folder=folder,
            token_library=library,
            token_label=self.token_label.text().strip(),
        )
        self.saved.emit(saved)
        self.accept()
