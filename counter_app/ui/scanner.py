"""Scans from a USB QR scanner, wherever the focus is.

A scanner types its text as key presses and ends with Enter. An application-wide event filter keeps
what was typed since the last Enter (or a pause of a few seconds); when Enter ends text whose tail
reads as a CCCD QR or a receipt QR, those characters are taken back out of the focused line edit and
the scan is handed to the window instead. Recognition depends on the text, not on typing speed, so a
busy PC pausing in the middle of a scan does not split it; ordinary typing passes untouched.

While the screen is locked (``locked``) a scan is still taken back out of the field it was typed
into (the password field: it must not count as a wrong password) but handed to no one: only
``blocked`` is emitted.
"""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from counter_app.domain.cccd import looks_like_cccd_qr
from counter_app.domain.receipt_qr import TEXT_TOKEN, looks_like_receipt_qr, text_start
from counter_app.services.paper_qr import titles

IDLE_RESET_S = 5.0  # after a pause this long, what was typed before is forgotten
MIN_SCAN = 20
# A CCCD QR, a paper's URL (hsmc:// on receipts printed before 12/2026), the proof ending a paper's
# plain-text QR (Circular 01/2023, office not enrolled): the scan starts at its title, see text_start.
_SCAN_START = re.compile(r"[0-9]{12}\||(?:hsmc|https?)://|" + re.escape(TEXT_TOKEN))
# Starts no clerk types: text from here on is a scan, complete or not (a URL may be typed: not https).
_ONLY_SCANNED = re.compile(r"[0-9]{12}\||hsmc://|" + re.escape(TEXT_TOKEN))


class ScanListener(QObject):
    cccd_scanned = Signal(str)
    receipt_scanned = Signal(str)
    blocked = Signal()  # a scan arrived while locked, and went nowhere
    incomplete_scan = Signal(str)  # the start of a CCCD or receipt QR whose rest was lost: scan again

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buffer: list[str] = []
        self._last = 0.0
        self._target: QLineEdit | None = None
        self._before = ""
        self.clock = time.monotonic
        self.locked = False

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is not QApplication.focusWidget() and QApplication.focusWidget() is not None:
            return False  # the same key event is offered to every ancestor; count it once
        now = self.clock()
        focus = QApplication.focusWidget()
        moved = focus is not self._target and (self._target is not None or isinstance(focus, QLineEdit))
        if now - self._last > IDLE_RESET_S or moved:
            self._start_burst()
        self._last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            handled = self._dispatch("".join(self._buffer))
            self._start_burst()  # the next scan starts from what the (maybe newly focused) field holds now
            return handled
        if event.text() and event.text().isprintable():
            self._buffer.append(event.text())
        return False

    def scanning(self) -> bool:
        """Whether a scan is being typed now (its start has come, its Enter not yet): single-letter keys
        of the window (the checklist's S and U) must not act on the letters of a name in it."""
        recent = self.clock() - self._last <= IDLE_RESET_S
        return recent and _ONLY_SCANNED.search("".join(self._buffer)) is not None

    def _start_burst(self) -> None:
        self._buffer.clear()
        focus = QApplication.focusWidget()
        self._target = focus if isinstance(focus, QLineEdit) else None
        self._before = self._target.text() if self._target is not None else ""

    def _dispatch(self, text: str) -> bool:
        for match in _SCAN_START.finditer(text):  # the scan may follow other typing in the same field
            start = match.start()
            if text.startswith(TEXT_TOKEN, start):
                start = text_start(text, start, titles())
            payload = text[start:]
            if len(payload) < MIN_SCAN:
                continue
            cccd, receipt = looks_like_cccd_qr(payload), looks_like_receipt_qr(payload)
            if not (cccd or receipt):
                continue
            self._take_back(payload)
            if self.locked:
                self.blocked.emit()
            elif cccd:
                self.cccd_scanned.emit(payload)
            else:
                self.receipt_scanned.emit(payload)
            return True
        for match in _ONLY_SCANNED.finditer(text):  # a scan cut short (a bad read, a cable): not the field's
            start = match.start()
            if text.startswith(TEXT_TOKEN, start):
                start = text_start(text, start, titles())
            payload = text[start:]
            self._take_back(payload)
            if self.locked:
                self.blocked.emit()
            else:
                self.incomplete_scan.emit(payload)
            return True
        return False

    def _take_back(self, payload: str) -> None:
        """Remove the scanned characters from the field they were typed into."""
        target = self._target
        if target is None:
            return
        current = target.text()
        target.setText(current[: -len(payload)] if current.endswith(payload) else self._before)
