"""GUI composition root: QApplication, translations, font, database, first-run wizard, sign-in,
main window."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from counter_app import messages
from counter_app.domain.errors import DomainError
from counter_app.domain.privacy import RedactingFilter
from counter_app.paths import data_dir, logs_dir, resources_dir
from counter_app.services import database, office, users
from counter_app.services.context import SYSTEM, Actor, Context, os_user
from counter_app.services.database import open_database
from counter_app.storage.engine import Database
from counter_app.ui import i18n, keyboard
from counter_app.ui.crash import CrashReporter, SafeFormatter
from counter_app.ui.errors import describe
from counter_app.ui.login import ChangePasswordDialog, LoginDialog
from counter_app.ui.main_window import MainWindow
from counter_app.ui.print_output import available_printers
from counter_app.ui.settings_store import SettingsStore
from counter_app.ui.wizard import SetupWizard

log = logging.getLogger("counter_app")


def _setup_logging(folder: Path) -> logging.Handler:
    """The log file (``logs/counter_app.log``, rotated) on the root logger; it carries no personal data:
    exceptions without their messages (SafeFormatter), IDs, phones and e-mails masked (RedactingFilter)."""
    try:
        logs_dir(folder).mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            logs_dir(folder) / "counter_app.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return handler


def load_fonts(app: QApplication) -> None:
    """Use the bundled Be Vietnam Pro (identical rendering on every PC, whatever fonts it has)."""
    families: list[str] = []
    for path in sorted((resources_dir() / "fonts").glob("BeVietnamPro-*.ttf")):  # the forms use a serif
        families.extend(QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(path))))
    if families:
        app.setFont(QFont(families[0], 10))


def _smoke(app: QApplication, widget: QWidget, path: str) -> None:
    def shoot() -> None:
        widget.grab().save(path)
        app.quit()

    widget.show()
    QTimer.singleShot(300, shoot)


def _refusal_box(text: str, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, "Bộ phận Một cửa", text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("storage_refusal")
    box.button(QMessageBox.StandardButton.Ok).setText(box.tr("Đóng"))
    return box


class _StopOnClose(QObject):
    """Sets ``stop`` when the window is about to close (before its closeEvent waits for the tasks)."""

    def __init__(self, window: QWidget, stop: threading.Event) -> None:
        super().__init__(window)
        self.stop = stop
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.stop.set()
        return False


def check_in_background(window: MainWindow, db: Database) -> None:
    """The whole file's quick_check, too slow for start-up on a large database, once the window is up.

    A damage found stops every write at once (the database refuses them) and is said in a dialog.
    Closing the window ends the check early, so it never holds up the exit.
    """
    stop = threading.Event()
    _StopOnClose(window, stop)

    def failed(exc: BaseException) -> None:
        if not stop.is_set():
            _refusal_box(describe(exc), window).open()

    window.runner.run(lambda: database.verify(db, stop), lambda _: None, failed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counter-app", description="Bộ phận Một cửa — desktop application")
    parser.add_argument("--data-dir", metavar="DIR")
    parser.add_argument("--smoke", metavar="PNG", help="show the first window, save a screenshot of it, quit")
    args, qt_args = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    folder = data_dir(args.data_dir)
    _setup_logging(folder)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    assert isinstance(app, QApplication)
    app.setApplicationName("counter_app")
    keyboard.install_mnemonics(app)
    CrashReporter().install()  # an uncaught error shows a dialog and is logged, instead of vanishing
    settings = SettingsStore(folder)
    i18n.install(app, settings.load().language)
    load_fonts(app)
    try:
        db = open_database(folder, create=True)
    except DomainError as exc:
        # A damaged, empty or foreign file, a locked or read-only one: said in one sentence (with the
        # restore path for a damaged file), and nothing is written to it.
        text = messages.message(exc.code, exc.params)
        print(text, file=sys.stderr)
        _refusal_box(text).exec()
        return 2
    base = Context(db, SYSTEM)

    if not office.is_initialized(base):
        setup = Context(db, Actor(None, "admin", "gui", os_user()))
        wizard = SetupWizard(lambda request: office.initialize(setup, request), available_printers())
        if args.smoke:
            _smoke(app, wizard, args.smoke)
            return app.exec()
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return 0
        settings.update(printer=wizard.chosen_printer)

    info = office.get_office(base)

    def authenticate(name: str, password: str) -> users.UserInfo:
        return users.authenticate(Context(db, Actor(None, name, "gui", os_user())), name, password)

    login = LoginDialog(authenticate, info.name)
    if args.smoke:
        _smoke(app, login, args.smoke)
        return app.exec()
    if login.exec() != QDialog.DialogCode.Accepted or login.user is None:
        return 0
    user = login.user
    if user.must_change_password:  # the one-time password `counter-app init` printed
        acting = Context(db, Actor(user.id, user.username, "gui", os_user()))
        change = ChangePasswordDialog(lambda new: users.change_password(acting, user.username, new))
        if change.exec() != QDialog.DialogCode.Accepted:
            return 0
    window = MainWindow(base, info, user, settings, folder)
    window.show()
    check_in_background(window, db)
    code = app.exec()
    db.close()
    return code
