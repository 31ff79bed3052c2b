"""Keyboard-first details shared by every window.

- :func:`install_mnemonics`: every button of every dialog gets an Alt+letter mnemonic when it is shown,
  chosen from its (translated) text so that no two buttons of one dialog share a letter. Done at show
  time, in one place, so it covers our dialogs, message boxes and Qt's own alike, in every language.
- :func:`open_on_enter`: Enter on a list's current row does what a double-click does.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QDialog, QWidget


def _base_letter(ch: str) -> str:
    """The ASCII letter a key shows for ``ch`` ("ó" → "o"); "" for đ/Đ and anything off a keyboard."""
    base = unicodedata.normalize("NFD", ch)[:1].lower()
    return base if base.isascii() and base.isalpha() else ""


def with_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with ``&`` before its first letter not in ``taken`` (word starts first), which is added.

    Text that already has a mnemonic keeps it (its letter is marked taken); a text with no free
    letter is left alone."""
    plain = text.replace("&&", "")
    if "&" in plain:
        at = plain.index("&")
        if at + 1 < len(plain):
            taken.add(_base_letter(plain[at + 1]))
        return text
    starts = [i for i, ch in enumerate(text) if i == 0 or not text[i - 1].isalnum()]
    for i in starts + list(range(len(text))):
        letter = _base_letter(text[i])
        if letter and letter not in taken:
            taken.add(letter)
            return text[:i] + "&" + text[i:]
    return text


def assign_mnemonics(window: QWidget) -> None:
    buttons = [b for b in window.findChildren(QAbstractButton) if b.text() and b.window() is window]
    taken: set[str] = set()
    for button in sorted(buttons, key=lambda b: "&" not in b.text().replace("&&", "")):  # existing ones first
        text = with_mnemonic(button.text(), taken)
        if text != button.text():
            button.setText(text)


class _MnemonicFilter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            assign_mnemonics(watched)
        return False


_filter: _MnemonicFilter | None = None


def install_mnemonics(app: QApplication) -> None:
    """Once per application (later calls do nothing)."""
    global _filter
    if _filter is None:
        _filter = _MnemonicFilter(app)
        app.installEventFilter(_filter)


class _EnterOpens(QObject):
    def __init__(self, view: QAbstractItemView, open_row: Callable[[QModelIndex], None]) -> None:
        super().__init__(view)
        self._view = view
        self._open = open_row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            index = self._view.currentIndex()
            if index.isValid():
                self._open(index)
                return True
        return False


def open_on_enter(view: QAbstractItemView, open_row: Callable[[QModelIndex], None]) -> None:
    """Enter (or Return) on the current row does what the view's double-click does: ``open_row``."""
    view.installEventFilter(_EnterOpens(view, open_row))
