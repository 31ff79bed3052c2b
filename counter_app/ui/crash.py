"""An uncaught error never vanishes: a dialog says so, offers "Sao chép thông tin lỗi" (copy the
details for the administrator), and the log records it without personal data.

The details are the exception's type and the code path only (file, line, function, source line):
no exception message and no frame locals, since both can hold a citizen's name, ID or address.
:class:`SafeFormatter` applies the same rule to every exception the log file records.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from datetime import UTC, datetime
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

import counter_app
from counter_app.domain.privacy import redact

log = logging.getLogger("counter_app.crash")


def _where(filename: str) -> str:
    """A path without the PC's folders (which may name the Windows user)."""
    for marker in ("site-packages/", "counter_app/", "district_server/"):
        at = filename.replace("\\", "/").rfind(marker)
        if at >= 0:
            return filename.replace("\\", "/")[at if marker != "site-packages/" else at + len(marker) :]
    return filename.replace("\\", "/").rsplit("/", 1)[-1]


def safe_traceback(exc: BaseException) -> str:
    """The exception's type and code path, causes included; never its message or any variable."""
    blocks: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines = [f"{type(current).__module__}.{type(current).__qualname__}"]
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {_where(frame.filename)}:{frame.lineno} in {frame.name}")
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        blocks.append("\n".join(lines))
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n-- caused by / while handling --\n".join(reversed(blocks))


def details(exc: BaseException) -> str:
    version = getattr(counter_app, "__version__", "?")
    head = f"counter_app {version} · Python {platform.python_version()} · {platform.system()} {platform.release()}"
    # The code path holds no message or variable; redact() also masks any ID-, phone- or e-mail-like text.
    return redact(f"{head}\n{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}\n{safe_traceback(exc)}")


class SafeFormatter(logging.Formatter):
    """Log lines with exceptions as :func:`safe_traceback` (no messages, no locals)."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler's formatter may have run first and cached the whole traceback, messages and
        # all, in ``exc_text``: never reuse it (the record keeps it for that other handler).
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: object) -> str:
        if isinstance(ei, tuple) and len(ei) == 3 and isinstance(ei[1], BaseException):
            return safe_traceback(ei[1])
        return "(exception details withheld)"


class ErrorDialog(QDialog):
    """Says an unexpected error happened, offers to copy the details; one dialog for a burst."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Lỗi không mong đợi"))
        self.text = QLabel(
            self.tr(
                "Phần mềm gặp lỗi không mong đợi. Hồ sơ đã lưu không bị mất; thao tác vừa rồi có thể chưa"
                " hoàn thành, hãy kiểm tra lại. Thông tin lỗi đã ghi vào nhật ký (không có dữ liệu cá nhân)."
            )
        )
        self.text.setWordWrap(True)
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setMaximumHeight(160)
        self.copy_button = QPushButton(self.tr("Sao chép thông tin lỗi"))
        self.copy_button.clicked.connect(self.copy)
        self.close_button = QPushButton(self.tr("Đóng"))
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.resize(560, 320)

    def add(self, text: str) -> None:
        previous = self.details.toPlainText()
        self.details.setPlainText(f"{previous}\n\n{text}" if previous else text)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Đã sao chép"))


class CrashReporter:
    """``sys.excepthook`` and Qt's message handler for the GUI (install once, in the composition root)."""

    def __init__(self) -> None:
        self.dialog: ErrorDialog | None = None
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self.excepthook
        qInstallMessageHandler(self.qt_message)

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        qInstallMessageHandler(None)

    def excepthook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, KeyboardInterrupt):
            self._previous(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        text = details(exc)
        log.error("uncaught error\n%s", text)
        if QApplication.instance() is None:
            print(text, file=sys.stderr)
            return
        if self.dialog is None or not self.dialog.isVisible():
            self.dialog = ErrorDialog()
        self.dialog.add(text)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    @staticmethod
    def qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        level = {
            QtMsgType.QtDebugMsg: logging.DEBUG,
            QtMsgType.QtInfoMsg: logging.INFO,
            QtMsgType.QtWarningMsg: logging.WARNING,
            QtMsgType.QtCriticalMsg: logging.ERROR,
            QtMsgType.QtFatalMsg: logging.CRITICAL,
        }.get(mode, logging.WARNING)
        logging.getLogger("counter_app.qt").log(level, "%s", message[:500])
