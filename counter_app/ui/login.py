"""Signing in, and locking the screen after a quiet spell (15 minutes by default)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from counter_app.services.users import UserInfo
from counter_app.ui.errors import describe


class LoginDialog(QDialog):
    """Asks for user name and password; ``authenticate(name, password)`` raises on refusal."""

    def __init__(
        self,
        authenticate: Callable[[str, str], UserInfo],
        office_name: str,
        parent: QWidget | None = None,
        *,
        locked_user: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self.user: UserInfo | None = None
        self.setWindowTitle(self.tr("Đăng nhập — %1").replace("%1", office_name))
        self.username = QLineEdit(locked_user or "")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đăng nhập"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Thoát"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if locked_user:
            layout.addWidget(QLabel(self.tr("Màn hình đã khóa do không thao tác. Đăng nhập lại để tiếp tục.")))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        (self.password if locked_user else self.username).setFocus()

    def try_login(self) -> None:
        try:
            self.user = self._authenticate(self.username.text(), self.password.text())
        except Exception as exc:  # noqa: BLE001 - every refusal becomes a message in the dialog
            self.message.setText(describe(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class IdleLock(QObject):
    """Emits ``idle`` when no key or mouse input reached the application for ``minutes``."""

    idle = Signal()
    _ACTIVITY = frozenset(
        {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}
    )

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.idle)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


class ChangePasswordDialog(QDialog):
    """A one-time password must be replaced before work starts; ``change(new)`` raises on refusal."""

    def __init__(self, change: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._change = change
        self.setWindowTitle(self.tr("Đổi mật khẩu"))
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Mật khẩu mới (ít nhất 8 ký tự)"), self.password)
        form.addRow(self.tr("Nhập lại mật khẩu mới"), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đổi mật khẩu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Thoát"))
        buttons.accepted.connect(self.try_change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Tài khoản đang dùng mật khẩu tạm. Đặt mật khẩu mới để tiếp tục.")))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.password.setFocus()

    def try_change(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.setText(self.tr("Hai lần nhập mật khẩu không khớp."))
            return
        try:
            self._change(self.password.text())
        except Exception as exc:  # noqa: BLE001 - every refusal becomes a message in the dialog
            self.message.setText(describe(exc))
            return
        self.accept()
