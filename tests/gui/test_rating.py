"""The citizen's rating screen: offered after a return at the counter, big buttons or keys 1/2/3,
optional criteria, Esc skips, a second rating refused, and the screen kept open from the menu."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from counter_app.domain.applicant import make_applicant
from counter_app.domain.satisfaction import Rating
from counter_app.services import dossiers, intake, lifecycle, satisfaction
from counter_app.services.context import Context
from counter_app.ui.dossier_actions import ReturnForm
from counter_app.ui.main_window import MainWindow
from counter_app.ui.rating import KEY_SETTLE_MS, RatingWindow
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui

CONTRACT = "2.001035"


def ready(ctx: Context, name: str = "Nguyễn Văn Đức") -> str:
    applicant = make_applicant(name, id_number="001090123456", phone="0912345678")
    code = intake.accept(ctx, intake.IntakeRequest(CONTRACT, applicant)).dossier.code
    lifecycle.record_result(ctx, code)
    return code


def return_at_counter(window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard, code: str) -> RatingWindow:
    """The clerk opens the dossier, presses "Trả kết quả", types the receiver's ID and confirms."""
    window.open_dossier_id(dossiers.find_by_code(ctx, code).id)
    dialog = window.dossier_dialog
    assert dialog is not None
    dialog.buttons["return"].click()
    form = dialog.form
    assert isinstance(form, ReturnForm)
    qtbot.keyClicks(form.receiver_id, "001090123456")  # ASCII only: keyClicks is safe here
    form.ok_button.click()
    kiosk = window.rating_window is not None and window.rating_window.kiosk
    if not kiosk:  # the hand-over note first; the faces once its preview is closed
        qtbot.waitUntil(lambda: window.preview is not None and window.preview.isVisible())
        assert window.rating_window is None or window.rating_window.asked is None
        assert window.preview is not None
        window.preview.reject()
    qtbot.waitUntil(lambda: window.rating_window is not None and window.rating_window.asked is not None)
    rating = window.rating_window
    assert rating is not None
    assert rating.isVisible()
    assert rating.asked is not None
    assert rating.asked.code == code
    return rating


def key(widget: RatingWindow, which: Qt.Key, text: str = "") -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, which, Qt.KeyboardModifier.NoModifier, text))


def test_after_a_return_the_citizen_taps_a_face(
    window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard
) -> None:
    code = ready(ctx)
    rating = return_at_counter(window, ctx, qtbot, keyboard, code)
    assert code in rating.dossier.text()
    assert "Nguyễn Văn Đức" in rating.dossier.text()
    assert rating.title.text() == "Ông/bà có hài lòng với việc giải quyết hồ sơ không?"
    assert [b.text() for b in rating.buttons.values()] == ["1. Rất hài lòng", "2. Hài lòng", "3. Không hài lòng"]
    assert not rating.isFullScreen()  # one screen only: an ordinary window

    rating.more.click()  # the optional criteria
    assert rating.details.isVisible()
    attitude = rating.criteria["attitude"].buttons()[0]
    attitude.click()
    qtbot.waitUntil(rating.isActiveWindow)  # shown in front of the clerk's window
    rating.comment.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is rating.comment)
    keyboard.type("Cán bộ tận tình")
    rating.buttons[Rating.VERY_SATISFIED].click()

    assert rating.title.text() == "Xin cảm ơn ông/bà đã đánh giá!"
    assert not rating.buttons[Rating.SATISFIED].isEnabled()  # no second tap
    stored = satisfaction.find(ctx, code)
    assert stored is not None
    assert (stored.rating, stored.criteria, stored.comment) == (
        Rating.VERY_SATISFIED,
        {"attitude": "very_satisfied"},
        "Cán bộ tận tình",
    )
    assert window.statusBar().currentMessage() == f"Công dân đã đánh giá hồ sơ {code}"
    rating.reset_timer.timeout.emit()  # the thank-you stays a few seconds, then the window goes
    assert not rating.isVisible()


def test_keys_choose_and_escape_skips(window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard) -> None:
    first, second = ready(ctx, "Trần Thị Lan"), ready(ctx, "Lê Văn Nam")
    rating = return_at_counter(window, ctx, qtbot, keyboard, first)
    key(rating, Qt.Key.Key_Escape)
    assert not rating.isVisible()
    assert satisfaction.find(ctx, first) is None  # skipped: nothing recorded

    rating = return_at_counter(window, ctx, qtbot, keyboard, second)
    assert "Lê Văn Nam" in rating.dossier.text()
    for ch in "4123-X":  # a receipt scanned meanwhile: a burst of keys with digits chooses nothing
        key(rating, Qt.Key(ord(ch)), ch)
    key(rating, Qt.Key.Key_Return, "\r")
    qtbot.wait(2 * KEY_SETTLE_MS)
    assert satisfaction.find(ctx, second) is None
    assert rating.buttons[Rating.DISSATISFIED].isEnabled()
    key(rating, Qt.Key.Key_3, "3")  # one key alone
    qtbot.waitUntil(lambda: satisfaction.find(ctx, second) is not None)
    stored = satisfaction.find(ctx, second)
    assert stored is not None
    assert stored.rating is Rating.DISSATISFIED


def test_a_second_rating_shows_why_it_is_refused(window: MainWindow, ctx: Context, qtbot: QtBot) -> None:
    code = ready(ctx)
    lifecycle.return_result(ctx, code, "Nguyễn Văn Đức")
    satisfaction.record(ctx, code, "satisfied")
    window.offer_rating(code, "Nguyễn Văn Đức", "Chứng thực")
    rating = window.rating_window
    assert rating is not None
    rating.buttons[Rating.DISSATISFIED].click()
    assert "mỗi hồ sơ chỉ được đánh giá một lần" in rating.message.text()
    stored = satisfaction.find(ctx, code)
    assert stored is not None
    assert stored.rating is Rating.SATISFIED


def test_the_screen_from_the_menu_waits_for_the_next_return(
    window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard
) -> None:
    menu_entry = next(
        a
        for m in window.menuBar().actions()
        for a in m.menu().actions()
        if a.text() == "Màn hình đánh giá cho công dân"
    )
    menu_entry.trigger()
    rating = window.rating_window
    assert rating is not None
    assert rating.isVisible()
    assert rating.title.text() == "Xin mời ông/bà đánh giá sau khi nhận kết quả"
    assert not rating.buttons[Rating.SATISFIED].isEnabled()  # nothing to rate yet
    key(rating, Qt.Key.Key_1, "1")
    qtbot.wait(2 * KEY_SETTLE_MS)
    code = ready(ctx)
    assert satisfaction.find(ctx, code) is None

    assert return_at_counter(window, ctx, qtbot, keyboard, code) is rating
    key(rating, Qt.Key.Key_2, "2")
    qtbot.waitUntil(lambda: rating.reset_timer.isActive())  # thanked
    rating.reset_timer.timeout.emit()
    assert rating.isVisible()  # stays for the next citizen
    assert rating.title.text() == "Xin mời ông/bà đánh giá sau khi nhận kết quả"
    stored = satisfaction.find(ctx, code)
    assert stored is not None
    assert stored.rating is Rating.SATISFIED
