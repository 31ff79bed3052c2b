"""Checking that the English UI shows no Vietnamese: every visible text of a widget tree, collected.

Data (citizens' and offices' names, procedure names) is Vietnamese in real use, so the tests that use
these helpers run on ASCII data: whatever Vietnamese is left on screen then comes from the program.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QStatusBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizard,
)

from counter_app.services.catalogue import default_agencies_file, default_procedures_file

VIETNAMESE_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")
# Names that stay Vietnamese in English too: the official form's name and the language's own name.
PROPER_NAMES = ("Biểu 06", "Tiếng Việt")


def ascii_text(text: str) -> str:
    """Vietnamese written without its marks ("Đăng ký khai sinh" → "Dang ky khai sinh")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _ascii_json(value: Any) -> Any:
    if isinstance(value, str):
        return ascii_text(value)
    if isinstance(value, list):
        return [_ascii_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _ascii_json(v) for k, v in value.items()}
    return value


def ascii_catalogue(folder: Path) -> tuple[Path, Path]:
    """The shipped procedure and agency catalogues with every text written without marks."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in (default_procedures_file(), default_agencies_file()):
        target = folder / source.name
        data = json.loads(source.read_text(encoding="utf-8"))
        target.write_text(json.dumps(_ascii_json(data), ensure_ascii=False), encoding="utf-8")
        written.append(target)
    return written[0], written[1]


def is_vietnamese(text: str) -> bool:
    for name in PROPER_NAMES:
        text = text.replace(name, "")
    for c in text:
        if c in VIETNAMESE_LETTERS:
            return True
        if any(unicodedata.combining(d) for d in unicodedata.normalize("NFD", c)):
            return True
    return False


def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None, depth: int = 0) -> Iterator[str]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    if parent is None:
        parent = QModelIndex()
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            count = model.columnCount() if orientation is Qt.Orientation.Horizontal else model.rowCount()
            for section in range(min(count, 200)):
                for role in roles:
                    value = model.headerData(section, orientation, role)
                    if isinstance(value, str):
                        yield value
    for row in range(min(model.rowCount(parent), 200)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            for role in roles:
                value = model.data(index, role)
                if isinstance(value, str):
                    yield value
            if (
                depth < 3
                and not isinstance(model, QAbstractTableModel | QAbstractListModel)
                and model.hasChildren(index)
            ):
                yield from _model_texts(model, index, depth + 1)


def widget_texts(widget: QWidget) -> Iterator[str]:
    """The texts a person can read on or over ``widget`` itself (not its children)."""
    if widget.isWindow():
        yield widget.windowTitle()
    yield widget.toolTip()
    yield widget.statusTip()
    yield widget.accessibleName()
    for action in widget.actions():
        yield action.text()
        yield action.toolTip()
        yield action.statusTip()
        menu = action.menu()
        if isinstance(menu, QMenu):
            for sub in menu.actions():
                yield sub.text()
                yield sub.toolTip()
    if isinstance(widget, QLabel):
        yield widget.text()
    if isinstance(widget, QAbstractButton):
        yield widget.text()
    if isinstance(widget, QLineEdit):
        yield widget.placeholderText()
        yield widget.text()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        yield widget.placeholderText()
        yield widget.toPlainText()
    if isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
        yield widget.placeholderText()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QAbstractSpinBox):
        yield widget.text()
        yield widget.specialValueText()
        if isinstance(widget, QDateTimeEdit):
            yield widget.displayFormat()
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield widget.tabText(i)
            yield widget.tabToolTip(i)
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield widget.tabText(i)
            yield widget.tabToolTip(i)
    if isinstance(widget, QStatusBar):
        yield widget.currentMessage()
    if isinstance(widget, QWizard):
        for button in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            yield widget.buttonText(button)
        for page_id in widget.pageIds():
            page = widget.page(page_id)
            yield page.title()
            yield page.subTitle()
    if isinstance(widget, QListWidget):
        yield from (widget.item(i).text() for i in range(widget.count()))
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _model_texts(widget.model())


def texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of ``root`` and all its descendants, shown or not yet shown."""
    for widget in (root, *root.findChildren(QWidget)):
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        for text in widget_texts(widget):
            if text:
                yield where, text


def vietnamese_texts(roots: Iterable[QWidget]) -> list[tuple[str, str]]:
    found: dict[tuple[str, str], None] = {}
    for root in roots:
        for where, text in texts(root):
            if is_vietnamese(text):
                found[(where, text)] = None
    return list(found)


def modal_vietnamese(trigger: Callable[[], object]) -> tuple[list[tuple[str, str]], bool]:
    """Run ``trigger``, which opens a modal dialog (exec): collect its Vietnamese texts, then close it.
    Returns (found, whether a modal dialog was seen)."""
    found: list[tuple[str, str]] = []
    seen: list[QWidget] = []

    def grab() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            return
        seen.append(modal)
        found.extend(vietnamese_texts([modal]))
        modal.close()

    QTimer.singleShot(0, grab)
    trigger()
    return found, bool(seen)
