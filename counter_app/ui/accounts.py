"""Clerk accounts, for an administrator: the list, a new account, name, title and role, a password
reset (a one-time password shown once), disabling and enabling.

The service checks that the acting clerk is an administrator; the window offers the screen only to
one. Every refusal is one sentence under the form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
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

from counter_app.domain.values import Role
from counter_app.services import users
from counter_app.services.context import Context
from counter_app.services.users import UserInfo
from counter_app.ui.errors import describe
from counter_app.ui.tasks import RunTask, run_now

ROLE_NAMES = {
    Role.CLERK: str(QT_TRANSLATE_NOOP("AccountsDialog", "Cán bộ tiếp nhận")),
    Role.LEADER: str(QT_TRANSLATE_NOOP("AccountsDialog", "Lãnh đạo")),
    Role.ADMIN: str(QT_TRANSLATE_NOOP("AccountsDialog", "Quản trị")),
}


def role_name(role: Role) -> str:
    return QCoreApplication.translate("AccountsDialog", ROLE_NAMES[role])


class AccountServices:
    """The service calls of the screen, as the signed-in clerk."""

    def __init__(self, context: Callable[[], Context]) -> None:
        self._context = context

    def list(self) -> list[UserInfo]:
        return users.list_users(self._context())

    def create(self, username: str, full_name: str, title: str, role: Role) -> tuple[UserInfo, str]:
        password = users.generate_password()
        info = users.create_user(
            self._context(), username, full_name, role, password, title=title, must_change_password=True
        )
        return info, password

    def update(self, username: str, full_name: str, title: str, role: Role, active: bool) -> UserInfo:
        return users.update_user(self._context(), username, full_name=full_name, title=title, role=role, active=active)

    def reset(self, username: str) -> tuple[str, str]:
        return username, users.reset_password(self._context(), username)


class AccountsDialog(QDialog):
    """The accounts of this counter on the left; the chosen one (or a new one) in the form."""

    def __init__(self, services: AccountServices, run: RunTask = run_now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._run = run
        self.accounts: list[UserInfo] = []
        self.setWindowTitle(self.tr("Tài khoản cán bộ"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Tên đăng nhập"),
                self.tr("Họ tên"),
                self.tr("Chức danh"),
                self.tr("Vai trò"),
                self.tr("Tình trạng"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._selected)

        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.title = QLineEdit(placeholderText=self.tr("Ví dụ: Công chức Tư pháp - Hộ tịch"))
        self.role = QComboBox()
        for role in (Role.CLERK, Role.LEADER, Role.ADMIN):
            self.role.addItem(role_name(role), role.value)
        self.active = QCheckBox(self.tr("Được đăng nhập"))
        self.active.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Họ tên"), self.full_name)
        form.addRow(self.tr("Chức danh"), self.title)
        form.addRow(self.tr("Vai trò"), self.role)
        form.addRow("", self.active)

        self.new_button = QPushButton(self.tr("&Mới"))
        self.new_button.setToolTip(self.tr("Xóa trống biểu mẫu để tạo tài khoản mới"))
        self.new_button.clicked.connect(self.start_new)
        self.save_button = QPushButton(self.tr("&Lưu"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton(self.tr("Đặt lại &mật khẩu"))
        self.reset_button.setToolTip(self.tr("Cấp mật khẩu tạm; cán bộ phải đổi khi đăng nhập"))
        self.reset_button.clicked.connect(self.reset_password)
        close = QPushButton(self.tr("Đó&ng"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.message)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addLayout(buttons)
        self.resize(900, 420)
        self.refresh()
        self.start_new()

    # ------------------------------------------------------------------ the list

    def refresh(self, select: str | None = None) -> None:
        self._run(self._services.list, lambda found: self._show(found, select), self._failed)

    def _show(self, found: list[UserInfo], select: str | None) -> None:
        self.accounts = found
        self.table.blockSignals(True)
        self.table.setRowCount(len(found))
        for row, user in enumerate(found):
            state = self.tr("Đang dùng") if user.active else self.tr("Đã vô hiệu hóa")
            if user.must_change_password:
                state += self.tr(" · chờ đổi mật khẩu")
            for column, text in enumerate(
                (user.username, user.full_name, user.title or "", role_name(user.role), state)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.blockSignals(False)
        if select is not None:
            for row, user in enumerate(found):
                if user.username == select:
                    self.table.selectRow(row)

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows else None

    def _selected(self) -> None:
        user = self.selected()
        if user is None:
            return
        self.username.setText(user.username)
        self.username.setReadOnly(True)
        self.full_name.setText(user.full_name)
        self.title.setText(user.title or "")
        self.role.setCurrentIndex(self.role.findData(user.role.value))
        self.active.setChecked(user.active)
        self.reset_button.setEnabled(True)
        self.message.clear()

    # ------------------------------------------------------------------ actions

    def start_new(self) -> None:
        self.table.clearSelection()
        for edit in (self.username, self.full_name, self.title):
            edit.clear()
        self.username.setReadOnly(False)
        self.role.setCurrentIndex(0)
        self.active.setChecked(True)
        self.reset_button.setEnabled(False)
        self.username.setFocus()

    def save(self) -> None:
        username, full_name, title = self.username.text(), self.full_name.text(), self.title.text()
        role = Role(self.role.currentData())
        if self.selected() is None:
            self._run(lambda: self._services.create(username, full_name, title, role), self._created, self._failed)
        else:
            active = self.active.isChecked()
            self._run(
                lambda: self._services.update(username, full_name, title, role, active), self._updated, self._failed
            )

    def _created(self, result: tuple[UserInfo, str]) -> None:
        info, password = result
        self.refresh(select=info.username)
        self._say(
            self.tr("Đã tạo tài khoản %1. Mật khẩu tạm: %2 (đổi khi đăng nhập lần đầu).")
            .replace("%1", info.username)
            .replace("%2", password)
        )

    def _updated(self, info: UserInfo) -> None:
        self.refresh(select=info.username)
        self._say(self.tr("Đã lưu tài khoản %1.").replace("%1", info.username))

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        self._run(lambda: self._services.reset(user.username), self._reset_done, self._failed)

    def _reset_done(self, result: tuple[str, str]) -> None:
        username, password = result
        self.refresh(select=username)
        self._say(
            self.tr("Mật khẩu tạm mới của %1: %2 (đổi khi đăng nhập).").replace("%1", username).replace("%2", password)
        )

    def _failed(self, exc: BaseException) -> None:
        self._say(describe(exc), "#b00020")

    def _say(self, text: str, colour: str = "") -> None:
        self.message.setStyleSheet(f"color: {colour}" if colour else "")
        self.message.setText(text)
