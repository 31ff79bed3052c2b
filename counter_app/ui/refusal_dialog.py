"""The reason for refusing an application (the intake's Ctrl+T)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from counter_app import messages


class RefusalDialog(QDialog):
    """The reason for refusing an application: several lines, Tab moves on, an empty reason is said."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Từ chối tiếp nhận"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)  # Tab leaves the box (a reason has no tab characters)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Từ chối và in phiếu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Lý do từ chối:")))
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def try_accept(self) -> None:
        if not self.reason_text():
            self.message.setText(messages.message("intake.reason_required"))
            self.reason.setFocus()
            return
        self.accept()
