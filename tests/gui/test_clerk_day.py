"""The clerk's day at the counter (issue 11): a 1366×768 screen, the keyboard, typed data kept, scans
where they belong, messages a clerk understands, and an uncaught error that does not vanish."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QRect

from counter_app.services import office, users
from counter_app.services.context import Context
from counter_app.ui.main_window import MainWindow
from counter_app.ui.settings_store import SettingsStore
from counter_app.ui.tasks import TaskRunner
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
CCCD = "001190123456|012345678|Nguyễn Thị Hồng Nhung|15031990|Nữ|Xóm Đông, xã Tân Lập, Phú Thọ|01072021"


def _inside(inner: list[int], outer: list[int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def _open_window(qtbot: QtBot, ctx: Context) -> MainWindow:
    runner = TaskRunner()
    runner.synchronous = True
    data_dir = ctx.db.path.parent
    main = MainWindow(
        ctx, office.get_office(ctx), users.find_user(ctx, "admin"), SettingsStore(data_dir), data_dir, runner
    )
    qtbot.addWidget(main)  # these windows hold no typed data: closing them asks nothing
    return main


# ---------------------------------------------------------------------- 10. window size


def test_on_a_1366x768_screen_the_window_and_the_preview_buttons_are_on_screen(tmp_path: Path) -> None:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.screen_probe", str(tmp_path / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["available"] == [0, 0, 1366, 768]
    for part in ("frame", "status_bar", "preview_frame", "print_button", "close_button"):
        assert _inside(seen[part], seen["available"]), (part, seen)


def test_the_window_fits_the_area_left_by_a_taskbar(window: MainWindow) -> None:
    area = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar
    window.place_window(area)
    assert area.contains(window.frameGeometry())
    bar = window.statusBar()
    assert area.contains(QRect(bar.mapToGlobal(bar.rect().topLeft()), bar.size()))


def test_the_window_opens_where_it_was_left_and_maximized_again(qtbot: QtBot, ctx: Context) -> None:
    laptop = QRect(0, 0, 1366, 728)  # the test screen itself is smaller than the window's minimum
    first = _open_window(qtbot, ctx)
    first.show()
    qtbot.waitExposed(first)
    first.setGeometry(QRect(40, 20, 1000, 700))
    first.close()
    second = _open_window(qtbot, ctx)
    second.place_window(laptop)
    second.show()
    assert second.geometry() == QRect(40, 20, 1000, 700)
    second.showMaximized()
    qtbot.waitUntil(second.isMaximized, timeout=2000)
    second.close()
    third = _open_window(qtbot, ctx)
    third.place_window(laptop)
    third.show()
    qtbot.waitUntil(third.isMaximized, timeout=2000)
    third.showNormal()
    qtbot.waitUntil(lambda: not third.isMaximized(), timeout=2000)
    assert third.geometry() == QRect(40, 20, 1000, 700)  # the normal size under the maximized one
    third.close()


def test_a_saved_place_off_this_screen_is_not_used(qtbot: QtBot, ctx: Context) -> None:
    from counter_app.ui.settings_store import WindowPlacement

    SettingsStore(ctx.db.path.parent).save_window(WindowPlacement(1500, 900, 1280, 800))  # a bigger monitor
    area = QRect(0, 0, 1366, 728)
    window = _open_window(qtbot, ctx)
    window.place_window(area)
    window.show()
    assert area.contains(window.frameGeometry())


# ---------------------------------------------------------------------- 14. typed data is not lost unasked


def _answer(qtbot: QtBot, label: str, seen: list[str]) -> None:
    """Press the button labelled ``label`` in the next modal message box, noting its text."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        seen.extend(b.text() for b in box.buttons())
        button = next(b for b in box.buttons() if b.text().replace("&", "") == label)
        button.click()

    QTimer.singleShot(0, press)


def test_closing_mid_intake_asks_and_keeps_the_window_on_no(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot
) -> None:
    keyboard.scan(CCCD)
    seen: list[str] = []
    _answer(qtbot, "Tiếp tục nhập", seen)
    window.close()
    assert window.isVisible()  # still open, the citizen's data still there
    assert window.intake.name.text() == "Nguyễn Thị Hồng Nhung"
    assert "chưa được lưu" in seen[0]
    assert {"&Bỏ dữ liệu đã nhập", "&Tiếp tục nhập"} <= set(seen)
    _answer(qtbot, "Bỏ dữ liệu đã nhập", seen)
    window.close()
    assert not window.isVisible()


def test_ctrl_n_mid_intake_asks_before_clearing(window: MainWindow, keyboard: Keyboard, qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    keyboard.type("trich luc")
    keyboard.enter()
    keyboard.type("Lê Văn An")
    seen: list[str] = []
    _answer(qtbot, "Tiếp tục nhập", seen)
    QTest.keyClick(window.intake.name, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen, "no question was asked"
    assert window.intake.name.text() == "Lê Văn An" and window.intake.procedure is not None
    _answer(qtbot, "Bỏ dữ liệu đã nhập", seen)
    window.activateWindow()  # the window manager's part once the question is gone
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    QTest.keyClick(window.intake.name, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.intake.name.text() == "" and window.intake.procedure is None


def test_an_empty_form_closes_without_a_question(window: MainWindow) -> None:
    window.close()
    assert not window.isVisible()


# ---------------------------------------------------------------------- 12. the keyboard


def _taken_in(ctx: Context, name: str = "Lê Văn An") -> str:
    from counter_app.domain.applicant import make_applicant
    from counter_app.services import intake

    return intake.accept(ctx, intake.IntakeRequest("1.004873", make_applicant(name))).dossier.code


def test_enter_opens_the_selected_row_in_every_list(
    window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard
) -> None:
    from datetime import timedelta

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    from counter_app.domain.postal import make_tracking
    from counter_app.services import lifecycle, postal

    code = _taken_in(ctx)
    lifecycle.record_result(ctx, code)
    from counter_app.domain.applicant import make_applicant
    from counter_app.services import intake

    by_post = intake.accept(
        ctx,
        intake.IntakeRequest(
            "1.004873", make_applicant("Trần Thị Bình"), return_by_post=True, postal_address="Xóm Đông"
        ),
    ).dossier.code
    lifecycle.record_result(ctx, by_post)
    postal.add_result(ctx, by_post, make_tracking("EA", "12345678"))
    late = _taken_in(ctx, "Phạm Văn Cường")  # no result yet: late on the board a month on
    ctx.clock.now += timedelta(days=30)  # type: ignore[attr-defined]

    def enter_on(table: QTableView, row: int, expected: str) -> None:
        window.dossier_dialog = None
        table.setFocus()
        table.setCurrentIndex(table.model().index(row, 0))
        keyboard.enter()
        assert window.dossier_dialog is not None, table
        assert window.dossier_dialog.code == expected
        window.dossier_dialog.close()

    qtbot.keyClick(window, Qt.Key.Key_F3)
    listing = window.list
    row = next(r for r in range(listing.model.rowCount()) if listing.model.data(listing.model.index(r, 0)) == code)
    enter_on(listing.table, row, code)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    board = window.board
    qtbot.waitUntil(lambda: board.model.rowCount() >= 1, timeout=5000)
    row = next(r for r in range(board.model.rowCount()) if board.model.row_at(r).code == late)
    enter_on(board.table, row, late)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    window.postal.pages.setCurrentIndex(0)
    enter_on(window.postal.out_table, 0, by_post)


def test_enter_in_the_tracking_number_adds_the_item(
    window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard
) -> None:
    from PySide6.QtCore import Qt

    from counter_app.domain.applicant import make_applicant
    from counter_app.domain.postal import make_tracking
    from counter_app.services import intake, lifecycle

    code = intake.accept(
        ctx, intake.IntakeRequest("1.004873", make_applicant("Lê Văn An"), return_by_post=True, postal_address="Xóm")
    ).dossier.code
    lifecycle.record_result(ctx, code)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    view = window.postal
    view.code.setFocus()
    keyboard.type(code)
    keyboard.enter()
    assert view.tracking.hasFocus()
    keyboard.type(make_tracking("EA", "12345678"))
    keyboard.enter()
    assert view.out_model.rowCount() == 1, view.message.text()


def test_enter_in_the_enrolment_code_enrols(window: MainWindow, keyboard: Keyboard, qtbot: QtBot) -> None:
    window.sync_indicator.button.click()
    dialog = window.sync_dialog
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.server_url.setFocus()
    keyboard.type("http://127.0.0.1:9")  # a closed port: the attempt itself is what is checked
    keyboard.enter()
    assert dialog.code.hasFocus()
    keyboard.type("ABCD-EFGH")
    keyboard.enter()
    assert "máy chủ" in dialog.message.text(), dialog.message.text()  # tried, and said why not
    assert dialog.message.text() != ""


def test_refusal_reason_tab_leaves_and_an_empty_reason_is_said(
    window: MainWindow, ctx: Context, keyboard: Keyboard, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from counter_app.services import dossiers

    keyboard.scan(CCCD)
    keyboard.type("trich luc")
    keyboard.enter()
    window.intake.refuse_dossier()
    dialog = window.intake.refusal_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.reason.setFocus()
    before = dossiers.count(ctx)
    dialog.ok_button.click()  # nothing written yet
    assert "lý do" in dialog.message.text().lower()
    assert dialog.isVisible() and dossiers.count(ctx) == before
    keyboard.type("Không thuộc thẩm quyền")
    QApplication.sendEvent(
        dialog.reason, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, "\t")
    )
    assert dialog.reason.toPlainText() == "Không thuộc thẩm quyền"  # no tab character typed
    assert not dialog.reason.hasFocus()


def test_every_dialog_button_has_its_own_mnemonic(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QAbstractButton, QDialog

    from counter_app.ui.dossier_actions import ReturnForm
    from counter_app.ui.login import LoginDialog

    window.intake.refuse_dossier()  # no procedure yet: nothing opens
    dialogs: list[QDialog] = [
        ReturnForm("Lê Văn An", window),
        LoginDialog(lambda n, p: users.find_user(window.context(), n), "UBND xã Tân Lập", window),
        window.open_sync_dialog(),
    ]
    for dialog in dialogs:
        dialog.show()
        letters = []
        for button in dialog.findChildren(QAbstractButton):
            if not button.text() or not button.isVisibleTo(dialog):
                continue
            text = button.text()
            assert "&" in text, (type(dialog).__name__, text)
            letters.append(text[text.index("&") + 1].lower())
        assert len(letters) == len(set(letters)), (type(dialog).__name__, letters)
        dialog.close()


def test_alt_and_the_letter_presses_the_button(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from counter_app.ui.dossier_actions import ReasonForm

    form = ReasonForm("Dừng giải quyết", "Dừng xử lý", window)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=2000)
    cancel = form.buttons.buttons()[1] if form.buttons.buttons()[0] is form.ok_button else form.buttons.buttons()[0]
    letter = cancel.text()[cancel.text().index("&") + 1]
    QTest.keyClick(form, Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=2000)  # Hủy was pressed (an animated click)


# ---------------------------------------------------------------------- 15. scans where they belong


def test_a_truncated_card_scan_asks_to_scan_again(window: MainWindow, keyboard: Keyboard) -> None:
    assert window.intake.picker.search.hasFocus()
    keyboard.scan("001190123456|012345678|Nguyễn Thị Hồng")  # the read stopped after the name
    assert window.intake.picker.search.text() == ""  # not left in the procedure box
    assert "quét lại" in window.intake.message.text()
    assert window.intake.name.text() == ""


def test_a_card_scanned_at_the_hand_over_fills_the_receiver(
    window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard
) -> None:
    from counter_app.services import dossiers, lifecycle
    from counter_app.ui.dossier_actions import ReturnForm

    code = _taken_in(ctx, "Lê Văn An")
    lifecycle.record_result(ctx, code)
    window.open_dossier_id(dossiers.find_by_code(ctx, code).id)
    dialog = window.dossier_dialog
    assert dialog is not None
    dialog.buttons["return"].click()
    form = dialog.form
    assert isinstance(form, ReturnForm)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=2000)
    form.receiver_id.setFocus()
    keyboard.scan(CCCD)  # the person collecting the result shows their card
    assert form.receiver_id.text() == "001190123456"
    assert form.receiver.text() == "Nguyễn Thị Hồng Nhung"
    assert window.intake.name.text() == ""  # not the intake form behind


# ---------------------------------------------------------------------- 20. an uncaught error


NAME, ID_NUMBER, ADDRESS = "Nguyễn Thị Hồng Nhung", "001190123456", "Xóm Đông, xã Tân Lập"


@pytest.mark.qt_no_exception_capture  # our own hook is what is tested, not pytest-qt's
def test_an_uncaught_error_shows_a_dialog_copies_its_details_and_logs_no_personal_data(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    import logging

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from counter_app.ui.crash import CrashReporter, SafeFormatter
    from counter_app.ui.errors import describe

    log_file = tmp_path / "counter_app.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("counter_app")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    reporter = CrashReporter()
    reporter.install()
    try:

        def broken_slot() -> None:
            citizen = {"name": NAME, "id": ID_NUMBER, "address": ADDRESS}  # a frame local
            raise ValueError(f"cannot file {citizen['name']} {citizen['id']} {citizen['address']}")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=3000)
        dialog = reporter.dialog
        assert dialog is not None
        assert dialog.copy_button.text().replace("&", "") == "Sao chép thông tin lỗi"
        QGuiApplication.clipboard().clear()
        dialog.copy_button.click()
        copied = QGuiApplication.clipboard().text()
        assert "ValueError" in copied and "broken_slot" in copied
        describe(RuntimeError(f"{NAME} {ID_NUMBER}"))  # the "unexpected error" line of every dialog
        dialog.close()
    finally:
        reporter.uninstall()
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        handler.close()
    logged = log_file.read_text(encoding="utf-8")
    assert "ValueError" in logged and "broken_slot" in logged and "RuntimeError" in logged
    for personal in (NAME, ID_NUMBER, ADDRESS):
        assert personal not in logged
        assert personal not in copied


# ---------------------------------------------------------------------- 16. messages a clerk understands


def test_the_lockout_says_the_office_time(qtbot: QtBot, ctx: Context) -> None:
    from counter_app.domain.calendar import office_time
    from counter_app.services.users import LOCKOUT
    from counter_app.ui.login import LoginDialog

    dialog = LoginDialog(lambda n, p: users.authenticate(ctx, n, p), "UBND xã Tân Lập")
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    for _ in range(5):
        dialog.password.setText("sai-mat-khau")
        dialog.try_login()
    until = office_time(ctx.now() + LOCKOUT)
    assert f"đến {until:%H:%M} " in dialog.message.text(), dialog.message.text()  # 09:30, not 02:30+00:00
    assert "T" not in dialog.message.text().split("đến ")[1].split(" ")[0]


def test_a_refused_connection_is_said_in_words() -> None:
    import httpx

    from counter_app import messages
    from counter_app.sync.client import HubClient, Offline

    with HubClient("http://127.0.0.1:9", connect_timeout=2.0) as hub, pytest.raises(Offline) as caught:
        hub.health()  # a real closed port
    text = messages.message(caught.value.code, caught.value.params, "vi")
    assert text == (
        "Không kết nối được máy chủ đồng bộ: máy chủ không nhận kết nối (máy chủ đang tắt hoặc sai địa chỉ);"
        " sẽ tự thử lại"
    )
    assert "sai địa chỉ" not in messages.message(caught.value.code, caught.value.params, "en")
    assert messages.message("sync.offline", {"reason": "ConnectError: [Errno 111]"}, "vi").count("Errno") == 0
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


def test_one_term_for_the_enrolment_code() -> None:
    from counter_app import messages

    texts = [messages.message(code, None, "vi") for code in messages.known_codes()]
    sources = [
        p.read_text(encoding="utf-8")
        for folder in ("counter_app", "district_server", "docs")
        for p in (ROOT / folder).rglob("*")
        if p.suffix in (".py", ".md", ".html") and p.is_file()
    ]
    everything = "\n".join(texts + sources + [(ROOT / "README.md").read_text(encoding="utf-8")]).lower()
    assert "mã đăng ký" not in everything
    assert "mã ghi danh" in everything


def test_event_kinds_are_never_shown_raw() -> None:
    from counter_app import messages
    from counter_app.domain.lifecycle import EventKind

    for kind in EventKind:
        for lang in ("vi", "en"):
            assert messages.event_label(kind.value, lang) != kind.value or " " in kind.value
            assert "_" not in messages.event_label(kind.value, lang)
    text = messages.message("lifecycle.illegal", {"event": "result_ready", "status": "returned"}, "vi")
    assert "result_ready" not in text and "returned" not in text
    assert "Có kết quả" in text


def test_a_birth_date_typed_short_is_accepted_at_intake(
    window: MainWindow, ctx: Context, keyboard: Keyboard, qtbot: QtBot
) -> None:
    from datetime import date

    from counter_app.services import dossiers

    keyboard.type("trich luc")
    keyboard.enter()
    window.intake.name.setText("Lê Văn An")
    window.intake.birth_date.setText("5/3/85")
    window.intake.accept_dossier()
    qtbot.waitUntil(lambda: window.preview is not None, timeout=5000)
    code = dossiers.search(ctx, "Lê Văn An")[0].code
    assert dossiers.show(ctx, code).applicant.birth_date == date(1985, 3, 5)


def test_the_wizard_checks_each_page_before_next(qtbot: QtBot, tmp_path: Path) -> None:
    from counter_app.services.context import Actor
    from counter_app.services.database import open_database
    from counter_app.ui.wizard import SetupWizard

    db = open_database(tmp_path / "d", create=True)
    setup = Context(db, Actor(None, "admin", "gui"))
    wizard = SetupWizard(lambda request: office.initialize(setup, request), [])
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.office.code.setText("H26")
    wizard.office.name.setText("UBND xã Tân Lập")
    wizard.next()
    assert wizard.currentPage() is wizard.office  # a bad agency code stops on its own page
    assert "13 ký tự" in wizard.office.error.text()
    wizard.office.code.setText("000.12.34.H26")
    wizard.next()
    assert wizard.currentPage() is wizard.admin
    wizard.admin.password.setText("mat-khau-1")
    wizard.admin.repeat.setText("mat-khau-2")
    wizard.next()
    assert wizard.currentPage() is wizard.admin
    assert wizard.admin.error.text() == "Hai lần nhập mật khẩu không khớp."
    assert wizard.admin.error.isVisible()
    wizard.admin.password.setText("ngan")
    wizard.admin.repeat.setText("ngan")
    wizard.next()
    assert wizard.currentPage() is wizard.admin and "ít nhất 8" in wizard.admin.error.text()
    wizard.admin.password.setText("mat-khau-1")
    wizard.admin.repeat.setText("mat-khau-1")
    wizard.next()
    assert wizard.currentPage() is wizard.admin and "Họ tên không được để trống" in wizard.admin.error.text()
    Keyboard().type_into(wizard.admin.full_name, "Quản trị viên")  # the placeholder is not a name
    wizard.next()
    assert wizard.currentPage() is wizard.admin and "họ và tên thật" in wizard.admin.error.text()
    wizard.admin.full_name.clear()
    Keyboard().type_into(wizard.admin.full_name, "Nguyễn Thị Lan")
    wizard.next()
    assert wizard.currentPage() is wizard.printer
    assert not office.is_initialized(setup)
    db.close()


def test_enter_moves_through_the_postal_intake_fields_to_accept(window: MainWindow, keyboard: Keyboard) -> None:
    from counter_app.domain.postal import make_tracking
    from counter_app.domain.values import Channel

    intake = window.intake
    intake.channel.setCurrentIndex(intake.channel.findData(Channel.POSTAL))
    assert intake.tracking.hasFocus()
    keyboard.type(make_tracking("EA", "12345678"))
    keyboard.enter()
    assert intake.slip_number.hasFocus()
    keyboard.type("PH-01")
    keyboard.enter()
    assert intake.accept_button.hasFocus()
