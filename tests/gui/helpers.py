"""Driving the GUI like a clerk: key events to the focused widget, counted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


class Keyboard:
    """Sends key presses to whatever has focus (as a real keyboard or USB scanner does) and counts
    the clerk's actions: each key is one, a whole scan is one."""

    def __init__(self) -> None:
        self.actions = 0

    def _send(
        self,
        key: Qt.Key,
        text: str = "",
        target: QWidget | None = None,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    ) -> None:
        widget = target or QApplication.focusWidget()
        assert widget is not None, "nothing has keyboard focus"
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))

    def press(
        self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, text: str = ""
    ) -> None:
        """One key, with Ctrl/Shift held if given (a shortcut): one action."""
        self._send(key, text, modifiers=modifiers)
        self.actions += 1

    def type(self, text: str) -> None:
        """Type text, Vietnamese included (never keyClicks: it aborts on non-ASCII)."""
        for ch in text:
            self._send(Qt.Key.Key_unknown if not ch.isascii() else Qt.Key(ord(ch.upper())), ch)
            self.actions += 1

    def type_into(self, widget: QWidget, text: str) -> None:
        """Type text into ``widget`` (focused or not), Vietnamese included."""
        for ch in text:
            self._send(Qt.Key.Key_unknown if not ch.isascii() else Qt.Key(ord(ch.upper())), ch, widget)
            self.actions += 1

    def enter(self) -> None:
        self._send(Qt.Key.Key_Return, "\r")
        self.actions += 1

    def scan(self, payload: str) -> None:
        """A USB scanner: the whole payload as fast key presses, then Enter; one action for the clerk."""
        for ch in payload:
            self._send(Qt.Key.Key_unknown if not ch.isascii() else Qt.Key(ord(ch.upper())), ch)
        self._send(Qt.Key.Key_Return, "\r")
        self.actions += 1
