"""One sentence for any failure a clerk can meet, and a dialog to show it."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from counter_app import messages
from counter_app.domain.errors import DomainError

log = logging.getLogger(__name__)


def describe(exc: BaseException, lang: str | None = None) -> str:
    # Storage failures arrive classified (busy, disk full, read-only, I/O, damaged) as DomainErrors: the
    # database's units of work turn SQLite's errors into them. Anything else is a bug, logged as such.
    if isinstance(exc, DomainError):
        return messages.message(exc.code, exc.params, lang)
    log.error("unexpected error", exc_info=exc)
    return messages.message("app.unexpected", {"kind": type(exc).__name__}, lang)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("errors", "Không thực hiện được"),
        describe(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("errors", "Đóng"))
    box.exec()
