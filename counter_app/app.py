"""GUI composition root: QApplication, font, database, services, main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMainWindow

from counter_app import messages
from counter_app.domain.errors import DomainError
from counter_app.paths import data_dir, database_path, logs_dir, resources_dir
from counter_app.services import office
from counter_app.services.context import SYSTEM, Context
from counter_app.services.database import open_database
from counter_app.ui.main_window import MainWindow, SetupNeededWindow

log = logging.getLogger("counter_app")


def _setup_logging(directory: os.PathLike[str] | str) -> None:
    folder = logs_dir(data_dir(directory))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(folder / "counter_app.log", maxBytes=2_000_000, backupCount=3)
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def _load_fonts(app: QApplication) -> None:
    """Use the bundled Be Vietnam Pro when present (identical rendering on every PC)."""
    fonts = resources_dir() / "fonts"
    families = []
    for path in sorted(fonts.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if families:
        app.setFont(QFont(families[0], 10))


def build_window(directory: str | None) -> QMainWindow:
    folder = data_dir(directory)
    if not database_path(folder).exists():
        return SetupNeededWindow(str(folder))
    db = open_database(folder)
    ctx = Context(db, SYSTEM)
    return MainWindow(ctx, office.get_office(ctx))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counter-app", description="Bộ phận Một cửa — desktop application")
    parser.add_argument("--data-dir", metavar="DIR")
    parser.add_argument("--smoke", metavar="PNG", help="start, save a screenshot of the first window, quit")
    args, _qt_args = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    _setup_logging(args.data_dir or data_dir())
    app = QApplication.instance() or QApplication([sys.argv[0], *_qt_args])
    assert isinstance(app, QApplication)
    app.setApplicationName("counter_app")
    _load_fonts(app)
    try:
        window = build_window(args.data_dir)
    except DomainError as exc:
        print(messages.message(exc.code, exc.params), file=sys.stderr)
        return 2
    window.show()
    if args.smoke:

        def shoot() -> None:
            window.grab().save(args.smoke)
            app.quit()

        QTimer.singleShot(200, shoot)
    return app.exec()
