"""Enter pressed twice makes one dossier, one event, one postal item: real key events on the real
background runner (worker threads), 30 ms and 150 ms apart, as the clerk's keyboard did."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from counter_app.domain.applicant import make_applicant
from counter_app.domain.postal import make_tracking
from counter_app.services import dossiers, intake, lifecycle, postal
from counter_app.services.context import Context
from counter_app.ui.dossier_actions import TransferForm
from counter_app.ui.main_window import MainWindow
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui

CCCD = "001190123456|012345678|Nguyễn Thị Hồng Nhung|15031990|Nữ|Xóm Đông, xã Tân Lập, Phú Thọ|01072021"
CONTRACT = "2.001035"
BY_POST = "1.004873"
S10 = make_tracking("EA", "32345678")


def kinds(ctx: Context, code: str) -> list[str]:
    return [e.kind for e in dossiers.show(ctx, code).events if e.kind != "notified"]


def threaded(window: MainWindow) -> None:
    window.runner.synchronous = False  # the real runner: the first press is still running at the second


def settle(window: MainWindow, qtbot: QtBot) -> None:
    """Every background task finished and its answer delivered."""
    assert window.runner.wait()
    qtbot.wait(100)
    assert window.runner.wait()
    QApplication.processEvents()


def fill_intake(window: MainWindow, keyboard: Keyboard) -> None:
    keyboard.scan(CCCD)
    keyboard.type("trich luc")
    keyboard.enter()  # the procedure; focus on Accept
    assert QApplication.focusWidget() is window.intake.accept_button


@pytest.mark.parametrize("gap_ms", [30, 150])
def test_enter_twice_on_accept_makes_one_dossier(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, gap_ms: int
) -> None:
    fill_intake(window, keyboard)
    threaded(window)
    button = window.intake.accept_button
    QTest.keyClick(button, Qt.Key.Key_Return)
    QTest.qWait(gap_ms)
    QTest.keyClick(QApplication.focusWidget() or button, Qt.Key.Key_Return)
    settle(window, qtbot)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=5000)
    assert dossiers.count(ctx) == 1
    assert window.intake.message.text() == ""  # no error shown for the second press either


def test_accepting_one_form_again_returns_its_dossier(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context
) -> None:
    """The form is still filled (the receipt preview is open, or the receipt failed to print): accepting
    it again shows the same dossier's receipt, never a second dossier; a new form makes a new one."""
    fill_intake(window, keyboard)
    keyboard.enter()
    assert window.preview is not None
    first = window.preview.windowTitle()
    window.intake.accept_dossier()  # as a queued second Ctrl+Enter would
    assert dossiers.count(ctx) == 1
    assert window.preview.windowTitle() == first
    window.preview.reject()  # the receipt closed: the form is cleared for the next citizen
    fill_intake(window, keyboard)
    keyboard.enter()
    assert dossiers.count(ctx) == 2


@pytest.mark.parametrize("gap_ms", [30, 150])
def test_enter_twice_in_the_transfer_form_hands_over_once(
    window: MainWindow, qtbot: QtBot, ctx: Context, gap_ms: int
) -> None:
    applicant = make_applicant("Nguyễn Văn Đức", phone="0912345678", address="Thôn Đông")
    code = intake.accept(ctx, intake.IntakeRequest(CONTRACT, applicant)).dossier.code
    window.open_dossier_id(dossiers.find_by_code(ctx, code).id)
    dialog = window.dossier_dialog
    assert dialog is not None
    dialog.buttons["transfer"].click()
    form = dialog.form
    assert isinstance(form, TransferForm)
    form.receiver.setFocus()
    threaded(window)
    QTest.keyClick(form.receiver, Qt.Key.Key_Return)
    QTest.qWait(gap_ms)
    QTest.keyClick(QApplication.focusWidget() or form.receiver, Qt.Key.Key_Return)
    settle(window, qtbot)
    assert kinds(ctx, code).count("transferred") == 1


def test_a_transfer_form_submitted_twice_hands_over_once(window: MainWindow, ctx: Context) -> None:
    """However the second OK gets through (a queued click, a retry after the answer was lost), the
    form's token makes the service hand the dossier over once."""
    applicant = make_applicant("Nguyễn Văn Đức", phone="0912345678", address="Thôn Đông")
    code = intake.accept(ctx, intake.IntakeRequest(CONTRACT, applicant)).dossier.code
    window.open_dossier_id(dossiers.find_by_code(ctx, code).id)
    dialog = window.dossier_dialog
    assert dialog is not None
    dialog.buttons["transfer"].click()
    form = dialog.form
    assert isinstance(form, TransferForm)
    form.submitted.emit()
    form.submitted.emit()
    assert kinds(ctx, code).count("transferred") == 1
    assert dialog.message.text() == ""


@pytest.mark.parametrize("gap_ms", [30, 150])
def test_enter_twice_in_the_postage_field_adds_one_item(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, gap_ms: int
) -> None:
    applicant = make_applicant("Nguyễn Văn Đức", phone="0912345678", address="Thôn Đông, xã Tân Lập")
    code = intake.accept(ctx, intake.IntakeRequest(BY_POST, applicant, return_by_post=True)).dossier.code
    lifecycle.record_result(ctx, code)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    view = window.postal
    view.pages.setCurrentIndex(0)
    view.code.setFocus()
    keyboard.type(code)
    keyboard.enter()
    keyboard.type(S10)  # Enter in the tracking-number field adds the item (postage is optional)
    threaded(window)
    QTest.keyClick(QApplication.focusWidget() or view.postage, Qt.Key.Key_Return)
    QTest.qWait(gap_ms)
    QTest.keyClick(QApplication.focusWidget() or view.postage, Qt.Key.Key_Return)  # wherever the focus is now
    settle(window, qtbot)
    batch = postal.batches(ctx, state="open")
    assert [i.tracking for i in batch[0].items] == [S10]
    assert view.message.text() == ""  # the second press is answered like the first, not as an error
