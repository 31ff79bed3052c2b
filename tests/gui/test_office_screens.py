"""The screens that were missing: clerk accounts (an administrator's), the dossier register, the
settings after the wizard, and the postal list of results waiting for the post."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import DomainError
from counter_app.domain.postal import make_tracking
from counter_app.domain.values import Role
from counter_app.services import audit, document_numbers, intake, lifecycle, office, users
from counter_app.services.context import Context
from counter_app.ui.accounts import AccountsDialog
from counter_app.ui.main_window import MainWindow
from counter_app.ui.register_view import RegisterDialog
from counter_app.ui.settings_dialog import SettingsDialog
from counter_app.ui.settings_store import SettingsStore
from counter_app.ui.tasks import TaskRunner
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui

CONTRACT = "2.001035"
BY_POST = "1.004873"


def menu_entry(window: MainWindow, text: str) -> bool:
    return any(a.text() == text and a.isVisible() for m in window.menuBar().actions() for a in m.menu().actions())


def take(ctx: Context, name: str = "Nguyễn Văn Đức", procedure: str = CONTRACT, *, by_post: bool = False) -> str:
    applicant = make_applicant(name, phone="0912345678", address="Thôn Đông, xã Tân Lập")
    request = intake.IntakeRequest(procedure, applicant, return_by_post=by_post, postal_address="Xóm Đông, xã Tân Lập")
    return intake.accept(ctx, request).dossier.code


# ---------------------------------------------------------------------- accounts


def test_an_admin_adds_a_clerk_who_signs_in_with_the_one_time_password(
    window: MainWindow, ctx: Context, keyboard: Keyboard, qtbot: QtBot
) -> None:
    assert menu_entry(window, "Tài khoản cán bộ…")
    dialog = window.open_accounts()
    assert isinstance(dialog, AccountsDialog)
    assert [u.username for u in dialog.accounts] == ["admin"]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.username  # a new account starts at its user name
    keyboard.type("thu.ha")
    dialog.full_name.setFocus()
    keyboard.type("Lê Thu Hà")
    dialog.title.setFocus()
    keyboard.type("Công chức Văn phòng - Thống kê")
    dialog.save_button.click()
    assert [u.username for u in dialog.accounts] == ["admin", "thu.ha"], dialog.message.text()
    assert dialog.table.item(1, 1).text() == "Lê Thu Hà"
    assert dialog.table.item(1, 2).text() == "Công chức Văn phòng - Thống kê"
    assert "chờ đổi mật khẩu" in dialog.table.item(1, 4).text()
    said = dialog.message.text()
    assert said.startswith("Đã tạo tài khoản thu.ha. Mật khẩu tạm: ")
    password = said.split("Mật khẩu tạm: ")[1].split(" ")[0]
    signed_in = users.authenticate(ctx, "thu.ha", password)
    assert (signed_in.full_name, signed_in.role, signed_in.must_change_password) == ("Lê Thu Hà", Role.CLERK, True)


def test_an_admin_disables_renames_and_resets_an_account(window: MainWindow, ctx: Context) -> None:
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-cu")
    dialog = window.open_accounts()
    assert dialog is not None
    dialog.table.selectRow(1)
    assert dialog.username.text() == "thu.ha" and dialog.username.isReadOnly()
    dialog.full_name.setText("Lê Thị Thu Hà")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.LEADER.value))
    dialog.active.setChecked(False)
    dialog.save_button.click()
    assert dialog.message.text() == "Đã lưu tài khoản thu.ha."
    assert dialog.table.item(1, 4).text() == "Đã vô hiệu hóa"
    with pytest.raises(DomainError):
        users.authenticate(ctx, "thu.ha", "mat-khau-cu")
    dialog.table.selectRow(1)
    dialog.active.setChecked(True)
    dialog.save_button.click()
    info = users.find_user(ctx, "thu.ha")
    assert (info.full_name, info.role, info.active) == ("Lê Thị Thu Hà", Role.LEADER, True)
    dialog.table.selectRow(1)
    dialog.reset_button.click()
    password = dialog.message.text().split(": ")[1].split(" ")[0]
    assert users.authenticate(ctx, "thu.ha", password).must_change_password
    assert audit.count(ctx, "user.password_reset") == 1


def test_the_last_admin_cannot_disable_itself_and_is_told_why(window: MainWindow) -> None:
    dialog = window.open_accounts()
    assert dialog is not None
    dialog.table.selectRow(0)
    dialog.active.setChecked(False)
    dialog.save_button.click()
    assert "quản trị cuối cùng" in dialog.message.text()
    assert dialog.table.item(0, 4).text() == "Đang dùng"


def test_a_clerk_is_not_offered_the_accounts(qtbot: QtBot, ctx: Context) -> None:
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-cu")
    runner = TaskRunner()
    runner.synchronous = True
    data_dir = ctx.db.path.parent
    clerk = users.find_user(ctx, "thu.ha")
    window = MainWindow(ctx, office.get_office(ctx), clerk, SettingsStore(data_dir), data_dir, runner)
    qtbot.addWidget(window)
    assert not menu_entry(window, "Tài khoản cán bộ…")
    assert window.open_accounts() is None
    assert "Chỉ tài khoản quản trị" in window.statusBar().currentMessage()
    window.close()


# ---------------------------------------------------------------------- the register


def test_the_register_shows_the_period_and_writes_the_official_files(
    window: MainWindow, ctx: Context, tmp_path: Path
) -> None:
    first = take(ctx, "Nguyễn Văn Đức")
    second = take(ctx, "Trần Thị Hoa")
    lifecycle.record_result(ctx, second)
    assert menu_entry(window, "Sổ theo dõi hồ sơ…")
    dialog = window.open_register()
    assert isinstance(dialog, RegisterDialog)
    assert dialog.start.date() == QDate(2025, 11, 1) and dialog.end.date() == QDate(2025, 11, 18)
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())] == [first, second]
    assert dialog.table.item(0, 3).text() == "Nguyễn Văn Đức"
    assert dialog.table.item(1, 9).text() == "Đã có kết quả"
    assert dialog.summary.text() == "2 hồ sơ trong kỳ"

    dialog.export(excel=False, path=tmp_path / "so.pdf")
    assert dialog.message.text().startswith("Đã lưu: ")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO((tmp_path / "so.pdf").read_bytes())).pages)
    assert first in text.replace("\n", "") or first.replace("-", "") in text.replace("\n", "").replace("-", "")
    dialog.export(excel=True, path=tmp_path / "so.xlsx")
    sheet = load_workbook(tmp_path / "so.xlsx").active
    assert sheet is not None
    assert any(first in str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert audit.count(ctx, "print.register") == 2

    dialog.start.setDate(QDate(2025, 11, 19))  # after the end: one sentence, nothing read
    dialog.refresh()
    assert "Khoảng thời gian không hợp lệ" in dialog.message.text()
    dialog.start.setDate(QDate(2025, 10, 1))
    dialog.end.setDate(QDate(2025, 10, 31))
    dialog.refresh()
    assert dialog.table.rowCount() == 0 and not dialog.pdf_button.isEnabled()


def test_a_register_file_that_cannot_be_written_is_one_sentence(
    window: MainWindow, ctx: Context, tmp_path: Path
) -> None:
    take(ctx)
    dialog = window.open_register()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    dialog.export(excel=False, path=blocker / "so.pdf")
    assert dialog.message.text().startswith("Không ghi được tệp")


# ---------------------------------------------------------------------- settings


def test_settings_change_the_printer_the_idle_lock_and_apply_at_once(window: MainWindow, qtbot: QtBot) -> None:
    assert menu_entry(window, "Cài đặt…")
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    assert dialog.idle.value() == 15
    dialog.idle.setValue(3)
    dialog.printer.setCurrentIndex(0)
    dialog.save()
    saved = window.settings.load()
    assert saved.idle_lock_minutes == 3
    assert window.idle.timer.interval() == 3 * 60_000
    assert window.idle.timer.isActive()
    assert window.statusBar().currentMessage() == "Đã lưu cài đặt."
    again = window.open_settings()
    assert again.idle.value() == 3


def test_an_account_without_a_real_name_is_told_to_set_one(window: MainWindow, ctx: Context) -> None:
    assert "chưa có họ tên thật" in window.clerk_label.text()  # the first administrator, "Quản trị viên"
    window._set_user(users.update_user(ctx, "admin", full_name="Nguyễn Thị Lan"))
    assert window.clerk_label.text() == "Cán bộ: Nguyễn Thị Lan"


def test_an_administrator_sets_the_letters_number_and_signer(window: MainWindow, ctx: Context) -> None:
    dialog = window.open_settings()
    assert dialog.letters is not None and dialog.letters.isVisible()
    assert dialog.agency.text() == "UBND" and dialog.signer_title.text() == "CHỦ TỊCH"  # the defaults
    keys = Keyboard()
    dialog.agency.clear()
    keys.type_into(dialog.agency, "TT PV")
    dialog.save()
    assert dialog.isVisible() and "Chữ viết tắt tên cơ quan" in dialog.error.text()
    dialog.agency.clear()
    keys.type_into(dialog.agency, "TTPVHCC")
    dialog.capacity.setCurrentIndex(dialog.capacity.findData("KT"))
    for field, text in ((dialog.authority, "GIÁM ĐỐC"), (dialog.signer_title, "PHÓ GIÁM ĐỐC")):
        field.clear()
        keys.type_into(field, text)
    keys.type_into(dialog.signer_name, "Trần Văn Minh")
    dialog.save()
    assert not dialog.isVisible()
    saved = document_numbers.settings(ctx)
    assert (saved.agency, saved.signer.capacity.value, saved.signer.authority) == ("TTPVHCC", "KT", "GIÁM ĐỐC")
    assert (saved.signer.title, saved.signer.name) == ("PHÓ GIÁM ĐỐC", "Trần Văn Minh")


def test_a_printer_no_longer_connected_stays_chosen_and_is_marked(window: MainWindow) -> None:
    window.settings.update(printer="Máy in tầng 2")
    dialog = window.open_settings()
    assert dialog.printer.currentData() == "Máy in tầng 2"
    assert dialog.printer.currentText() == "Máy in tầng 2 (không tìm thấy)"


def test_switching_to_english_applies_without_a_restart(window: MainWindow) -> None:
    dialog = window.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.save()
    assert window.settings.load().language == "en"
    assert window.tabs.tabText(0) == "Intake (F2)"
    assert window.list.model.headerData(0, Qt.Orientation.Horizontal) == "Dossier code"
    assert "Language changed" in window.statusBar().currentMessage()
    assert any(a.text() == "Settings…" for m in window.menuBar().actions() for a in m.menu().actions())
    assert window.open_settings().windowTitle() == "Settings"  # a dialog opened now is English
    window.set_language("vi")
    assert window.tabs.tabText(0) == "Tiếp nhận hồ sơ (F2)"
    app = QApplication.instance()
    assert app is not None


# ---------------------------------------------------------------------- the postal waiting list


def test_results_waiting_for_the_post_are_listed_and_picked_without_typing(
    window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard
) -> None:
    waiting = take(ctx, "Nguyễn Văn Đức", BY_POST, by_post=True)
    lifecycle.record_result(ctx, waiting)
    not_ready = take(ctx, "Trần Thị Hoa", BY_POST, by_post=True)  # no result yet
    at_counter = take(ctx, "Lê Văn Tâm")
    lifecycle.record_result(ctx, at_counter)  # returned at the counter, not by post
    qtbot.keyClick(window, Qt.Key.Key_F5)
    view = window.postal
    assert [view.waiting.item(r, 0).text() for r in range(view.waiting.rowCount())] == [waiting]
    assert view.waiting.item(0, 1).text() == "Nguyễn Văn Đức"
    assert view.waiting.item(0, 2).text() == "Xóm Đông, xã Tân Lập"
    assert not_ready not in view.waiting_label.text()
    view.waiting.setFocus()
    view.waiting.setCurrentCell(0, 0)
    keyboard.enter()  # Enter on the row picks it
    assert view.code.text() == waiting
    assert QApplication.focusWidget() is view.tracking
    keyboard.type(make_tracking("EA", "12345678"))
    keyboard.enter()
    keyboard.enter()  # no postage
    assert view.out_batch is not None and [i.code for i in view.out_batch.items] == [waiting]
    assert view.waiting.rowCount() == 0  # in the batch now: no longer waiting
    assert view.waiting_label.text() == "Không có kết quả nào chờ gửi qua bưu điện."


def test_the_waiting_list_is_ordered_by_how_long_the_result_waited(window: MainWindow, ctx: Context, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    older = take(ctx, "Người Một", BY_POST, by_post=True)
    newer = take(ctx, "Người Hai", BY_POST, by_post=True)
    lifecycle.record_result(ctx, newer)
    clock.now += timedelta(hours=1)
    lifecycle.record_result(ctx, older)
    window.postal.refresh()
    view = window.postal
    assert [view.waiting.item(r, 0).text() for r in range(view.waiting.rowCount())] == [newer, older]
    assert date(2025, 11, 18).strftime("%d/%m/%Y") in view.waiting.item(0, 3).text()
