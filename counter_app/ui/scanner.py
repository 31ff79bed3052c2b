"""Scans from a USB QR scanner, wherever the focus is.

A scanner types its text as key presses, very fast, and ends with Enter. An application-wide event
filter keeps the characters typed in a quick burst; when Enter ends a burst that reads as a CCCD QR
or a receipt QR, the text the burst typed into the focused line edit is taken back out and the scan
is handed to the window instead. Ordinary typing (slower, or not shaped like a QR) passes untouched.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from counter_app.domain.cccd import looks_like_cccd_qr
from counter_app.domain.receipt_qr import looks_like_receipt_qr

BURST_GAP_S = 0.08  # scanners send a key every few ms; people rarely type faster than every 80 ms
MIN_SCAN = 20


class ScanListener(QObject):
    cccd_scanned = Signal(str)
    receipt_scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buffer: list[str] = []
        self._last = 0.0
        self._target: QLineEdit | None = None
        self._before = ""
        self.clock = time.monotonic

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is not QApplication.focusWidget() and QApplication.focusWidget() is not None:
            return False  # the same key event is offered to every ancestor; count it once
        now = self.clock()
        if now - self._last > BURST_GAP_S:
            self._start_burst()
        self._last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = "".join(self._buffer)
            self._buffer.clear()
            return self._dispatch(text)
        if event.text() and event.text().isprintable():
            self._buffer.append(event.text())
        return False

    def _start_burst(self) -> None:
        self._buffer.clear()
        focus = QApplication.focusWidget()
        self._target = focus if isinstance(focus, QLineEdit) else None
        self._before = self._target.text() if self._target is not None else ""

    def _dispatch(self, text: str) -> bool:
        if len(text) < MIN_SCAN:
            return False
        if looks_like_cccd_qr(text):
            self._restore()
            self.cccd_scanned.emit(text)
            return True
        if looks_like_receipt_qr(text):
            self._restore()
            self.receipt_scanned.emit(text)
            return True
        return False

    def _restore(self) -> None:
        if self._target is not None:
            self._target.setText(self._before)
