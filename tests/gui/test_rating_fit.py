"""The rating screen's words fit at every window size ("Rất hài lòn" was clipped), in both languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QRadioButton

from counter_app.app import load_fonts
from counter_app.ui import i18n
from counter_app.ui.rating import RatingWindow
from counter_app.ui.tasks import run_now

pytestmark = pytest.mark.gui

SIZES = [(640, 480), (800, 600), (1024, 600), (1280, 720), (1366, 768), (1920, 1080)]


def clipped(window: RatingWindow) -> list[str]:
    """Every text of the screen wider than the room its widget has for it."""
    found = []
    for button in window.buttons.values():
        button.ensurePolished()
        width = QFontMetrics(button.font()).horizontalAdvance(button.text())
        room = button.contentsRect().width() - 2 * window.BUTTON_PADDING
        if width > room:
            found.append(f"{button.text()!r}: {width} > {room} px")
        if button.sizeHint().width() > button.width():  # icon, text and padding need more than it has
            found.append(f"{button.text()!r}: needs {button.sizeHint().width()} > {button.width()} px")
    for radio in window.details.findChildren(QRadioButton):
        if radio.sizeHint().width() > radio.width():
            found.append(f"{radio.text()!r}: needs {radio.sizeHint().width()} > {radio.width()} px")
    labels: list[QAbstractButton | QLabel] = [window.more, *window.findChildren(QLabel)]
    for widget in labels:
        if not widget.text() or not widget.isVisible():
            continue
        metrics = QFontMetrics(widget.font())
        room = widget.contentsRect().width()
        if isinstance(widget, QLabel) and widget.wordWrap():
            longest = max(widget.text().split(), key=metrics.horizontalAdvance)
            needed_height = widget.heightForWidth(room)
            if metrics.horizontalAdvance(longest) > room or needed_height > widget.height():
                found.append(f"{widget.text()!r}: does not wrap into {room}×{widget.height()} px")
        elif isinstance(widget, QLabel):
            if metrics.horizontalAdvance(widget.text()) > room:
                found.append(f"{widget.text()!r}: {metrics.horizontalAdvance(widget.text())} > {room} px")
        elif widget.sizeHint().width() > widget.width():
            found.append(f"{widget.text()!r}: needs {widget.sizeHint().width()} > {widget.width()} px")
    return found


@pytest.fixture(autouse=True)
def bundled_font() -> Iterator[None]:
    """The font the program runs with (wider than the test machine's default)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    load_fonts(app)
    yield
    app.setFont(before)


@pytest.fixture(params=["vi", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, request.param)
    yield request.param
    i18n.uninstall(app)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_rating_label_fits(qtbot: QtBot, language: str, size: tuple[int, int]) -> None:
    window = RatingWindow(lambda *_args: None, run_now)
    qtbot.addWidget(window)
    window.ask("000.12.34.H26-251118-0001", "Nguyễn Văn Đức", "Chứng thực hợp đồng, giao dịch")
    window.more.setChecked(True)  # the criteria shown too: the widest screen
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    assert window.width() <= size[0], "the screen must fit the monitor it is shown on"
    assert not clipped(window), clipped(window)
