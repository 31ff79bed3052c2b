"""Signing in, and locking the screen (Ctrl+L, or after a quiet spell: 15 minutes by default).

Locked means that no input reaches anything but the password field and nothing personal is seen:
the main window shows :class:`LockPage` instead of its work (a page of its central stack, not a
modal over visible content), :class:`ScreenLock` hides every other window of the app as soon as it
would show, the scanner swallows scans, and the window's service context refuses writes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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


class LockPage(QWidget):
    """The locked screen: the office, a user name (the clerk who locked it) and a password; nothing
    else. ``authenticate(name, password)`` raises on refusal; success emits ``unlocked(UserInfo)``."""

    unlocked = Signal(object)  # UserInfo
    quit_requested = Signal()

    def __init__(
        self, authenticate: Callable[[str, str], UserInfo], office_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self.setAutoFillBackground(True)  # opaque: nothing of the work shows through
        title = QLabel(self.tr("Màn hình đã khóa"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        office = QLabel(office_name)
        office.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explain = QLabel(self.tr("Đăng nhập lại để tiếp tục. Công việc đang làm dở được giữ nguyên."))
        explain.setWordWrap(True)
        explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("&Mở khóa"))
        self.unlock_button.setAutoDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        quit_button = QPushButton(self.tr("&Thoát"))
        quit_button.setAutoDefault(False)
        quit_button.clicked.connect(self.quit_requested)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_unlock)
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        buttons.addWidget(self.unlock_button)
        box = QWidget()
        box.setMaximumWidth(460)
        inner = QVBoxLayout(box)
        inner.addWidget(title)
        inner.addWidget(office)
        inner.addWidget(explain)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def reset(self, username: str) -> None:
        """Ready for the clerk who locked (another may type their own name)."""
        self.username.setText(username)
        self.password.clear()
        self.message.clear()
        self.password.setFocus()

    def try_unlock(self) -> None:
        try:
            user = self._authenticate(self.username.text(), self.password.text())
        except Exception as exc:  # noqa: BLE001 - every refusal becomes a message on the page
            self.message.setText(describe(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.unlocked.emit(user)


class ScreenLock(QObject):
    """While engaged, every window of the application but ``main`` (and those ``exempt`` says, e.g.
    the citizen's rating kiosk) is hidden, and hidden again whenever one would show: a dossier dialog
    opened by a late task, a preview, an error box. :meth:`release` shows them again (the same clerk)
    or closes them (another clerk: the first one's open work is not theirs)."""

    _REMEMBERED = frozenset({Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet})

    def __init__(self, main: QWidget, exempt: Callable[[QWidget], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.main = main
        self.exempt = exempt
        self.engaged = False
        self.hidden: list[QWidget] = []

    def _covered(self, widget: QWidget) -> bool:
        return widget.isWindow() and widget is not self.main and not self.exempt(widget)

    def _hide(self, widget: QWidget) -> None:
        if widget.windowType() in self._REMEMBERED and widget not in self.hidden:
            self.hidden.append(widget)  # popups and tooltips are simply closed
        widget.hide()

    def engage(self) -> None:
        self.engaged = True
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and self._covered(widget):
                self._hide(widget)

    def release(self, *, restore: bool) -> None:
        self.engaged = False
        hidden, self.hidden = self.hidden, []

        def depth(widget: QWidget) -> int:
            n, parent = 0, widget.parentWidget()
            while parent is not None:
                n, parent = n + 1, parent.parentWidget()
            return n

        for widget in sorted(hidden, key=depth, reverse=not restore):  # parents first, children on top
            try:
                widget.show() if restore else widget.close()
            except RuntimeError:  # deleted meanwhile (e.g. a form the dialog dropped)
                continue

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.engaged
            and event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and self._covered(watched)
        ):
            self._hide(watched)
        return False


class IdleLock(QObject):
    """Emits ``idle`` when no key or mouse input reached the application for ``minutes``, and
    ``lock_requested`` on Ctrl+L wherever the focus is: in a modal dialog too, where the main
    window's own shortcut cannot fire."""

    idle = Signal()
    lock_requested = Signal()
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
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_L
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            self.lock_requested.emit()
            return True
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
