"""The locked screen (Ctrl+L or the idle lock): no input reaches anything but the password field,
nothing personal is visible, no write of the clerk's session goes through; unlocking restores the
work for the same clerk, and gives another clerk a fresh form."""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from counter_app.domain.applicant import make_applicant
from counter_app.domain.lifecycle import Status
from counter_app.domain.values import Role
from counter_app.services import documents, dossiers, intake, lifecycle, users
from counter_app.services.context import Context
from counter_app.services.errors import Refused
from counter_app.ui.main_window import MainWindow
from tests.conftest import ADMIN_PASSWORD
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui

CCCD = "001190123456|012345678|Nguyễn Thị Hồng Nhung|15031990|Nữ|Xóm Đông, xã Tân Lập, Phú Thọ|01072021"
BIRTH = "2.000635"  # bản sao trích lục hộ tịch: same day, 15:00 (khai sinh takes no paper)
NAME, ID, ADDRESS = "Trần Văn Bí Mật", "001090123457", "Số 9 ngõ Kín"


@pytest.fixture(params=["ctrl_l", "idle"])
def lock(request: pytest.FixtureRequest, window: MainWindow, qtbot: QtBot) -> Callable[[], None]:
    """Locks the window the way the parameter says: the clerk's Ctrl+L, or the idle timer."""

    def engage() -> None:
        if request.param == "ctrl_l":
            QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        else:
            window.idle.timer.setInterval(50)
            window.idle.start()
        qtbot.waitUntil(lambda: window.locked, timeout=3000)

    return engage


def ready_dossier(ctx: Context) -> tuple[str, str]:
    """A dossier with its result ready, and its receipt's QR text (read off the printed receipt)."""
    applicant = make_applicant("Nguyễn Thị Hồng Nhung", id_number="001190123456", address="Xóm Đông")
    code = intake.accept(ctx, intake.IntakeRequest(BIRTH, applicant)).dossier.code
    lifecycle.record_result(ctx, code)
    page = pdfium.PdfDocument(documents.receipt(ctx, code).pdf)[0].render(scale=3).to_pil()
    return code, zxingcpp.read_barcodes(page)[0].text


def other_windows(window: MainWindow) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def visible_texts() -> list[str]:
    """Every text a person could read on the screen now (visible line edits, labels, buttons)."""
    found = []
    for widget in QApplication.allWidgets():
        if widget.isVisible() and isinstance(widget, QLineEdit | QLabel | QAbstractButton):
            found.append(widget.text())
    return found


def half_type(window: MainWindow, keyboard: Keyboard) -> None:
    window.intake.name.setFocus()
    keyboard.type(NAME)
    window.intake.id_number.setFocus()
    keyboard.type(ID)
    window.intake.address.setFocus()
    keyboard.type(ADDRESS[:7])


def test_a_receipt_scanned_while_locked_opens_nothing_and_records_nothing(
    window: MainWindow, keyboard: Keyboard, ctx: Context, lock: Callable[[], None]
) -> None:
    code, payload = ready_dossier(ctx)
    lock()
    assert QApplication.focusWidget() is window.lock_page.password
    keyboard.scan(payload)
    assert window.dossier_dialog is None
    assert other_windows(window) == []
    assert window.lock_page.password.text() == ""  # taken back: not a (wrong) password
    assert "đang khóa" in window.lock_page.message.text()
    keyboard.enter()  # whatever Enter might still reach
    assert dossiers.show(ctx, code).status is Status.RESULT_READY
    assert users.find_user(ctx, "admin").username == "admin"
    assert window.locked


def test_a_cccd_scan_while_locked_leaves_the_intake_form_unchanged(
    window: MainWindow, keyboard: Keyboard, lock: Callable[[], None]
) -> None:
    half_type(window, keyboard)
    lock()
    keyboard.scan(CCCD)
    assert (window.intake.name.text(), window.intake.id_number.text()) == (NAME, ID)
    assert window.intake.birth_date.text() == ""
    assert window.lock_page.password.text() == ""


def test_half_typed_data_is_not_visible_behind_the_lock(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, lock: Callable[[], None]
) -> None:
    flash = QApplication.cursorFlashTime()
    QApplication.setCursorFlashTime(0)  # a steady cursor: two grabs of the same screen are equal
    try:
        half_type(window, keyboard)
        lock()
        assert not window.intake.isVisible()
        assert not any(text and (NAME in text or ID in text or ADDRESS[:7] in text) for text in visible_texts())
        filled = window.grab().toImage()
        window.lock_page.password.setText(ADMIN_PASSWORD)
        window.lock_page.try_unlock()
        assert window.intake.name.text() == NAME
        window.intake.reset()
        window.lock()
        qtbot.wait(50)
        empty = window.grab().toImage()
        assert filled == empty  # the locked screen looks the same whatever the form behind it holds
    finally:
        QApplication.setCursorFlashTime(flash)


def test_an_open_dossier_dialog_is_hidden_and_its_actions_refused_while_locked(
    window: MainWindow, ctx: Context, lock: Callable[[], None]
) -> None:
    code, _payload = ready_dossier(ctx)
    window.open_dossier_id(dossiers.find_by_code(ctx, code).id)
    dialog = window.dossier_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.buttons["return"].click()
    form = dialog.form
    assert form is not None and form.isVisible()
    lock()
    assert not dialog.isVisible() and not form.isVisible()
    assert other_windows(window) == []
    assert QApplication.focusWidget() is window.lock_page.password  # typing goes to the password only
    form.submitted.emit()  # an OK that got through anyway (a queued click): the service refuses it
    assert "khóa" in form.message.text() + dialog.message.text()
    with pytest.raises(Refused) as caught:  # any write of the locked session, whoever starts it
        window.dossier_host.services.return_result(code, "Nguyễn Thị Hồng Nhung", "001190123456")
    assert caught.value.code == "session.locked"
    assert dossiers.show(ctx, code).status is Status.RESULT_READY
    window.lock_page.password.setText(ADMIN_PASSWORD)
    window.lock_page.try_unlock()
    assert dialog.isVisible() and form.isVisible()  # the same clerk: the work as it was
    form.submit()
    assert dossiers.show(ctx, code).status is Status.RETURNED


def test_a_window_a_late_task_opens_while_locked_stays_hidden_until_unlocked(
    window: MainWindow, ctx: Context, lock: Callable[[], None]
) -> None:
    code, _payload = ready_dossier(ctx)
    lock()
    window.open_dossier_id(dossiers.find_by_code(ctx, code).id)  # as a task's answer arriving now would
    window.show_document(documents.receipt(ctx, code, reprint=True))
    assert window.dossier_dialog is not None
    assert other_windows(window) == []
    window.lock_page.password.setText(ADMIN_PASSWORD)
    window.lock_page.try_unlock()
    assert window.dossier_dialog.isVisible()
    assert window.preview is not None and window.preview.isVisible()


def test_shortcuts_do_nothing_while_locked(
    window: MainWindow, keyboard: Keyboard, ctx: Context, lock: Callable[[], None]
) -> None:
    keyboard.scan(CCCD)
    keyboard.type("trich luc")
    keyboard.enter()  # a complete form: Ctrl+Enter would accept it
    lock()
    for key, modifier in (
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    ):
        QTest.keyClick(QApplication.focusWidget() or window, key, modifier)
    assert dossiers.count(ctx) == 0
    assert window.tabs.currentIndex() == 0
    assert window.isVisible() and window.locked
    assert not window.menuBar().isEnabled()
    assert window.intake.name.text() == "Nguyễn Thị Hồng Nhung"  # Ctrl+N did not clear it either


def test_the_citizens_rating_screen_shows_no_name_while_locked(
    window: MainWindow, ctx: Context, lock: Callable[[], None]
) -> None:
    window.open_rating_screen()
    rating = window.rating_window
    assert rating is not None
    window.offer_rating("000.12.34.H26-251118-2001", "Nguyễn Thị Hồng Nhung", "Đăng ký khai sinh")
    lock()
    assert rating.isVisible()  # the citizen-facing kiosk stays, waiting
    assert "Nhung" not in rating.dossier.text()
    assert rating.asked is None
    assert not any(b.isEnabled() for b in rating.buttons.values())


def test_another_clerk_unlocking_starts_from_a_fresh_form(
    window: MainWindow, keyboard: Keyboard, ctx: Context, lock: Callable[[], None]
) -> None:
    users.create_user(ctx, "thu", "Lê Thu Hà", Role.CLERK, "mat-khau-cua-thu")
    code, _payload = ready_dossier(ctx)
    half_type(window, keyboard)
    window.open_dossier_id(dossiers.find_by_code(ctx, code).id)
    dialog = window.dossier_dialog
    assert dialog is not None
    lock()
    page = window.lock_page
    page.username.setText("thu")
    page.password.setText("mat-khau-cua-thu")
    page.try_unlock()
    assert not window.locked
    assert window.user.username == "thu"
    assert window.intake.name.text() == ""  # the first clerk's citizen is not the second's to accept
    assert not dialog.isVisible()
    assert "Lê Thu Hà" in window.clerk_label.text()


def test_quit_on_the_lock_page_closes_the_app(window: MainWindow, qtbot: QtBot, lock: Callable[[], None]) -> None:
    lock()
    quit_button = next(b for b in window.lock_page.findChildren(QAbstractButton) if b.text() == "&Thoát")
    quit_button.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
