"""The counter's settings after the first-run wizard: the printer, the idle lock, the language.

Saved through :class:`SettingsStore` (the INI file beside the data); ``saved`` tells the window, which
applies them at once (the idle lock's new delay, the new language).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from counter_app.ui.settings_store import PDF_PRINTER, SettingsStore

MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 240
LANGUAGE_NAMES = (("vi", "Tiếng Việt"), ("en", "English"))  # each in its own language


class SettingsDialog(QDialog):
    saved = Signal(object)  # the UiSettings written

    def __init__(self, store: SettingsStore, printers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
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
        layout.addWidget(buttons)

    def save(self) -> None:
        saved = self._store.update(
            printer=str(self.printer.currentData()),
            idle_lock_minutes=self.idle.value(),
            language=str(self.language.currentData()),
        )
        self.saved.emit(saved)
        self.accept()
