"""The clerk's USB signing token for one working session (issue 13, item 4).

When the settings (or ``$COUNTER_APP_PKCS11_LIB``) name the token's PKCS#11 library, the first copy
certified in a session asks the clerk's PIN once (:class:`PinDialog`); the log-in runs on the task
runner (it takes tens of milliseconds, and a bad library can hang) and the signer is kept until the
clerk's session ends: log-out, the lock screen (a locked session never signs) or quit. The PIN is
never kept: it goes from the dialog's field into the log-in and the field is cleared.

Esc in the PIN dialog: this intake's copies are signed with the office's own key, and the screen says
so. A token pulled out mid-session: the failed certification says so in one sentence, the signer is
dropped and the next certification asks again.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from counter_app.certify.errors import TokenUnavailable
from counter_app.ui.errors import describe
from counter_app.ui.settings_store import SettingsStore
from counter_app.ui.tasks import RunTask

if TYPE_CHECKING:
    from counter_app.certify.signers import CopySigner
    from counter_app.certify.token import TokenSigner

log = logging.getLogger(__name__)

LIBRARY_ENV = "COUNTER_APP_PKCS11_LIB"  # as the CLI reads it
MAX_PIN = 64

# then(signer, notice): the signer to certify with (None: the office's key) and what to tell the clerk
Then = Callable[["CopySigner | None", str], None]


def token_library(settings: SettingsStore) -> str:
    """The PKCS#11 library of the settings, else of ``$COUNTER_APP_PKCS11_LIB``; "" for none."""
    return settings.load().token_library.strip() or os.environ.get(LIBRARY_ENV, "").strip()


class PinDialog(QDialog):
    """The token's PIN, masked; Enter signs in, Esc certifies this intake with the office's key."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None, message: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mã PIN của USB ký số"))
        self.setModal(True)
        prompt = QLabel(
            self.tr(
                "Nhập mã PIN của USB ký số để chứng thực bản sao điện tử (một lần cho cả phiên làm việc). "
                "Esc: ký bằng khóa của cơ quan."
            )
        )
        prompt.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(MAX_PIN)
        self.error = QLabel(message)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Đăng nhập USB ký số"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Dùng khóa của cơ quan (Esc)"))
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.pin)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.busy = False
        self.pin.setFocus()

    def _submit(self) -> None:
        if self.busy:
            return
        pin = self.pin.text()
        self.pin.clear()  # the PIN stays nowhere: not in the field, not on this dialog
        if not pin:
            self.error.setText(self.tr("Cần nhập mã PIN của USB ký số."))
            return
        self.busy = True
        self.error.setText(self.tr("Đang đăng nhập USB ký số…"))
        self.submitted.emit(pin)

    def refused(self, message: str) -> None:
        """The log-in failed: say why and ask again."""
        self.busy = False
        self.error.setText(message)
        self.pin.setFocus()


class ClerkToken(QObject):
    """The signed-in clerk's token signer, asked for once per session and dropped when it ends."""

    changed = Signal(str)  # who certifies now: "Chứng thực bằng: …"

    def __init__(self, settings: SettingsStore, run: RunTask, parent: QWidget) -> None:
        super().__init__(parent)
        self._settings = settings
        self._run = run
        self._parent = parent
        self._signer: TokenSigner | None = None
        self._session = 0  # bumped when the session ends or the clerk gives up: a log-in running then is thrown away
        self.dialog: PinDialog | None = None
        self.office_notice = ""  # set when the last intake was certified with the office key instead
        self._failure = ""  # why the open signer was dropped (token pulled out), shown when asking again

    @property
    def signer(self) -> CopySigner | None:
        """The open token signer, None while none is (the office key is used); readable from any thread."""
        return self._signer

    def configured(self) -> bool:
        return bool(token_library(self._settings))

    def certifier(self) -> str:
        signer = self._signer
        if signer is not None:
            return self.tr("Chứng thực bằng: %1").replace("%1", signer.name)
        if self.configured() and not self.office_notice:
            return self.tr("Chứng thực bằng: USB ký số (hỏi mã PIN ở bản sao đầu tiên)")
        return self.tr("Chứng thực bằng: khóa của cơ quan")

    def office_key_notice(self) -> str:
        return self.tr("Bản sao được ký bằng khóa của cơ quan (không có chữ ký số của công chức).")

    # ------------------------------------------------------------------ certifying

    def obtain(self, then: Then, message: str = "") -> None:
        """Call ``then`` with the signer to certify with: at once when no token is set up or its signer
        is open; else after the PIN dialog (None and the office-key notice if the clerk presses Esc)."""
        if not self.configured():
            then(None, "")
            return
        if self._signer is not None:
            then(self._signer, "")
            return
        self._close_dialog()
        message, self._failure = message or self._failure, ""
        dialog = PinDialog(self._parent, message)
        self.dialog = dialog
        session = self._session
        dialog.submitted.connect(lambda pin: self._log_in(pin, then, session))
        dialog.rejected.connect(lambda: self._declined(then, session))
        dialog.open()
        dialog.pin.setFocus()

    def _declined(self, then: Then, session: int) -> None:
        self.dialog = None
        if session != self._session:  # the session ended meanwhile: nothing is certified
            return
        self._session += 1  # a log-in still running (a slow token) is thrown away when it ends
        self.office_notice = self.office_key_notice()
        self.changed.emit(self.certifier())
        then(None, self.office_notice)

    def _log_in(self, pin: str, then: Then, session: int) -> None:
        settings = self._settings.load()
        library, label = token_library(self._settings), settings.token_label.strip() or None

        def work() -> TokenSigner:
            from counter_app.certify.signers import token_signer

            return token_signer(library, token_label=label, pin=pin)

        def done(signer: TokenSigner) -> None:
            if session != self._session:  # locked or logged out while logging in: never keep it
                self._close(signer)
                return
            self._signer = signer
            self.office_notice = ""
            dialog, self.dialog = self.dialog, None
            if dialog is not None:
                dialog.accept()
                dialog.deleteLater()
            self.changed.emit(self.certifier())
            then(signer, "")

        def failed(exc: BaseException) -> None:
            if session != self._session:
                return
            if self.dialog is not None:
                self.dialog.refused(describe(exc))

        self._run(work, done, failed)

    def certification_failed(self, exc: BaseException) -> None:
        """A certification failed: a token pulled out (or its session otherwise gone) is dropped, so the
        next certification asks for the PIN again."""
        if isinstance(exc, TokenUnavailable) and self._signer is not None:
            self.drop()
            self._failure = describe(exc)

    # ------------------------------------------------------------------ ending the session

    def drop(self) -> None:
        """The clerk's session ended (log-out, lock, quit) or the settings changed: close the signer
        (no copy is signed with it afterwards) and any PIN dialog."""
        self._session += 1
        self._close_dialog()
        signer, self._signer = self._signer, None
        self.office_notice = ""
        if signer is not None:
            self._close(signer)
        self.changed.emit(self.certifier())

    def _close(self, signer: TokenSigner) -> None:
        # on the runner: a signature under way finishes first (the library's calls are serialised)
        self._run(signer.close, lambda _r: None, lambda exc: log.warning("closing the token failed", exc_info=exc))

    def _close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                dialog.rejected.disconnect()
                dialog.submitted.disconnect()
            dialog.reject()
            dialog.deleteLater()
