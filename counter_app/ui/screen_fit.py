"""Windows sized to the screen they open on: never larger than its available area (the desktop less
the taskbar), so a 1366×768 laptop shows every button and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_ALLOWANCE = QSize(16, 40)  # a title bar and borders, before the window manager has told us


def available_area(widget: QWidget) -> QRect:
    """The available geometry of the screen ``widget`` is on (or of the primary screen)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted_size(wanted: QSize, available: QRect, minimum: QSize | None = None) -> QSize:
    """``wanted`` shrunk to fit ``available`` with room for the frame; never below ``minimum``."""
    width = min(wanted.width(), available.width() - FRAME_ALLOWANCE.width())
    height = min(wanted.height(), available.height() - FRAME_ALLOWANCE.height())
    if minimum is not None:
        width, height = max(width, minimum.width()), max(height, minimum.height())
    return QSize(max(width, 1), max(height, 1))


def fits(frame: QRect, available: QRect) -> bool:
    return available.contains(frame)


def fit_to_screen(widget: QWidget, width: int, height: int, available: QRect | None = None) -> None:
    """Resize ``widget`` to ``width``×``height`` or less so that it fits, and centre it on the screen."""
    area = available if available is not None else available_area(widget)
    size = fitted_size(QSize(width, height), area, widget.minimumSizeHint() if widget.layout() else None)
    widget.resize(size)
    frame = QRect(0, 0, size.width() + FRAME_ALLOWANCE.width(), size.height() + FRAME_ALLOWANCE.height())
    frame.moveCenter(area.center())
    widget.move(max(frame.left(), area.left()), max(frame.top(), area.top()))
