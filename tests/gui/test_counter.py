"""The counter screen driven like a clerk: scan, pick, accept, print; slips; list; scans; locking."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.domain.lifecycle import Status
from counter_app.services import dossiers, office, users
from counter_app.services.context import Context
from counter_app.ui.dossier_dialog import DossierDialog
from counter_app.ui.login import LoginDialog
from counter_app.ui.main_window import MainWindow
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui

CCCD = "001190123456|012345678|Nguyễn Thị Hồng Nhung|15031990|Nữ|Xóm Đông, xã Tân Lập, Phú Thọ|01072021"
CCCD_MISMATCH = "001090123456||Trần Thị Mai|15031990|Nữ|Thôn Bắc|01072021"  # digit 4 says male


def _pdf_text(path: str) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_standard_intake_takes_at_most_twelve_keys(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context
) -> None:
    keyboard.scan(CCCD)  # the USB scanner, wherever the focus is
    assert window.intake.name.text() == "Nguyễn Thị Hồng Nhung"
    assert window.intake.id_number.text() == "001190123456"
    assert window.intake.birth_date.text() == "15/03/1990"
    assert window.intake.picker.search.text() == ""  # the scan did not leak into the focused box
    keyboard.type("trich")
    keyboard.enter()  # choose "Cấp bản sao Trích lục hộ tịch" (khai sinh takes no paper)
    assert window.intake.procedure is not None
    assert window.intake.procedure.name == "Cấp bản sao Trích lục hộ tịch"
    keyboard.enter()  # Accept (focused)
    qtbot.waitUntil(lambda: window.preview is not None and window.preview.isVisible(), timeout=5000)
    assert window.preview is not None
    assert window.preview.page_count == 2  # two copies
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.preview.print_button, timeout=2000)
    keyboard.enter()  # Print (focused)
    assert window.preview.printed_to is not None
    assert keyboard.actions <= 12, keyboard.actions

    printed = window.preview.printed_to
    text = _pdf_text(printed)
    code = dossiers.search(ctx, "001190123456")[0].code
    assert code in text
    assert "Nguyễn Thị Hồng Nhung" in text
    assert "Liên 1" in text
    assert "Liên 2" in text
    assert dossiers.show(ctx, code).status is Status.RECEIVED
    qtbot.waitUntil(lambda: window.intake.name.text() == "", timeout=2000)  # ready for the next citizen


def test_id_cross_check_is_shown_when_the_card_disagrees(window: MainWindow, keyboard: Keyboard) -> None:
    keyboard.scan(CCCD_MISMATCH)
    assert window.intake.name.text() == "Trần Thị Mai"
    assert not window.intake.id_warning.isHidden()
    assert "không khớp" in window.intake.id_warning.text()


def test_procedure_picker_ignores_tones_and_d(window: MainWindow, keyboard: Keyboard) -> None:
    keyboard.type("chung thuc ban sao")
    names = [window.intake.picker.list.item(i).text() for i in range(window.intake.picker.list.count())]
    assert names
    assert names[0].startswith("Chứng thực bản sao")
    window.intake.picker.search.clear()
    keyboard.type("đăng ký kết hôn")
    assert window.intake.picker.list.item(0).text().startswith("Đăng ký kết hôn")


def test_bad_input_is_one_clear_line_and_nothing_is_written(
    window: MainWindow, keyboard: Keyboard, ctx: Context
) -> None:
    keyboard.type("trich luc")
    keyboard.enter()
    keyboard.type("Lê Văn An")
    window.intake.id_number.setText("12345")
    before = dossiers.count(ctx)
    window.intake.accept_dossier()
    assert "12 chữ số" in window.intake.message.text()
    assert dossiers.count(ctx) == before
    assert window.preview is None


def test_supplement_slip_lists_every_missing_paper(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context
) -> None:
    keyboard.scan(CCCD)
    keyboard.type("trich luc")
    keyboard.enter()
    papers = window.intake.papers
    names = []
    for row in (0, 1):  # the declaration and the birth certificate are not handed in
        item = papers.item(row)
        item.setCheckState(item.checkState().__class__.Unchecked)
        names.append(item.text().split(". ", 1)[1].split(" — ")[0])
    window.intake.request_supplement()
    qtbot.waitUntil(lambda: window.preview is not None, timeout=5000)
    assert window.preview is not None
    window.preview.print_now()
    text = " ".join(_pdf_text(window.preview.printed_to or "").split())
    assert "PHIẾU YÊU CẦU BỔ SUNG" in text.upper()
    for name in names:
        assert " ".join(name.split())[:30] in text
    found = dossiers.search(ctx, "001190123456")[0]
    assert found.status is Status.INTAKE_SUPPLEMENT


def test_refusal_slip_carries_the_reason(window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context) -> None:
    keyboard.scan(CCCD)
    keyboard.type("trich luc")
    keyboard.enter()
    window.intake.refuse_dossier()
    dialog = window.intake.refusal_dialog
    assert dialog is not None
    dialog.reason.setPlainText("Không thuộc thẩm quyền của UBND xã")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: window.preview is not None, timeout=5000)
    assert window.preview is not None
    window.preview.print_now()
    text = " ".join(_pdf_text(window.preview.printed_to or "").split())
    assert "Không thuộc thẩm quyền của UBND xã" in text
    assert dossiers.search(ctx, "001190123456")[0].status is Status.REFUSED


def _accept_one(window: MainWindow, keyboard: Keyboard, qtbot: QtBot) -> str:
    keyboard.scan(CCCD)
    keyboard.type("trich luc")
    keyboard.enter()
    keyboard.enter()
    qtbot.waitUntil(lambda: window.preview is not None, timeout=5000)
    assert window.preview is not None
    window.preview.print_now()
    reader = PdfReader(window.preview.printed_to or "")
    payload_code = next(line for line in reader.pages[0].extract_text().splitlines() if "Mã hồ sơ" in line)
    return payload_code.split(":", 1)[1].strip()


def test_scanning_a_receipt_opens_its_dossier(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context
) -> None:
    import pypdfium2 as pdfium
    import zxingcpp

    code = _accept_one(window, keyboard, qtbot)
    assert window.preview is not None
    page = pdfium.PdfDocument(window.preview.printed_to)[0].render(scale=3).to_pil()
    payload = zxingcpp.read_barcodes(page)[0].text
    window.tabs.setCurrentIndex(1)
    window.list.search_box.setFocus()
    keyboard.scan(payload)
    qtbot.waitUntil(lambda: isinstance(window.dossier_dialog, DossierDialog), timeout=3000)
    assert window.dossier_dialog is not None
    assert window.dossier_dialog.detail.code == code
    assert window.list.search_box.text() == ""  # the scan's keys were taken back out of the box

    forged = payload.replace("&k=", "&k=X").replace("&kX", "&k")  # a different secret, same signature
    window.dossier_dialog.close()
    window.dossier_dialog = None
    keyboard.scan(forged)
    qtbot.waitUntil(
        lambda: (
            isinstance(QApplication.activeModalWidget(), QMessageBox)
            or getattr(window, "scan_message", None) is not None
        ),
        timeout=3000,
    )
    assert "KHÔNG HỢP LỆ" in window.scan_message.text()
    assert window.dossier_dialog is None


def test_dossier_list_filters_and_searches(window: MainWindow, keyboard: Keyboard, qtbot: QtBot) -> None:
    code = _accept_one(window, keyboard, qtbot)
    window.tabs.setCurrentIndex(1)
    listing = window.list
    assert listing.model.rowCount() == 1
    listing.status.setCurrentIndex(listing.status.findData(Status.RETURNED))
    assert listing.model.rowCount() == 0
    listing.status.setCurrentIndex(listing.status.findData(Status.RECEIVED))
    assert listing.model.rowCount() == 1
    listing.status.setCurrentIndex(0)
    listing.overdue.setChecked(True)
    assert listing.model.rowCount() == 0
    listing.overdue.setChecked(False)
    listing.search_box.setFocus()
    keyboard.type("nhung")
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=2000)
    assert listing.model.data(listing.model.index(0, 0)) == code
    listing.search_box.clear()
    keyboard.type("khong co ai")
    qtbot.waitUntil(lambda: listing.model.rowCount() == 0, timeout=2000)


def test_idle_lock_asks_for_the_password_again(window: MainWindow, qtbot: QtBot) -> None:
    from tests.conftest import ADMIN_PASSWORD

    window.idle.timer.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    page = window.lock_page
    assert window.pages.currentWidget() is page
    assert not window.tabs.isVisible()
    page.password.setText("sai-mat-khau")
    page.try_unlock()
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.message.text()
    page.password.setText(ADMIN_PASSWORD)
    page.try_unlock()
    qtbot.waitUntil(lambda: window.tabs.isVisible(), timeout=2000)
    assert not window.locked


def test_login_dialog_locks_after_five_failures(qtbot: QtBot, ctx: Context) -> None:
    from counter_app.services import users

    dialog = LoginDialog(lambda n, p: users.authenticate(ctx, n, p), "UBND xã Tân Lập")
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    for _ in range(5):
        dialog.password.setText("sai-mat-khau")
        dialog.try_login()
    assert "bị khóa" in dialog.message.text()
    assert dialog.user is None


def test_first_run_wizard_sets_the_counter_up(qtbot: QtBot, tmp_path: Path) -> None:
    from counter_app.services.context import Actor
    from counter_app.services.database import open_database
    from counter_app.ui.wizard import SetupWizard

    db = open_database(tmp_path / "d", create=True)
    ctx = Context(db, Actor(None, "admin", "gui"))
    wizard = SetupWizard(lambda request: office.initialize(ctx, request), [])
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.office
    page.code.setText("000.12.34.H26")
    page.name.setText("UBND xã Tân Lập")
    page.parent_name.setText("UBND tỉnh Phú Thọ")
    page.workstation.setValue(3)
    wizard.next()
    wizard.admin.password.setText("mat-khau-1")
    wizard.admin.repeat.setText("mat-khau-2")
    wizard.next()
    assert wizard.currentPage() is wizard.admin  # mismatched passwords stop here
    wizard.admin.repeat.setText("mat-khau-1")
    Keyboard().type_into(wizard.admin.full_name, "Nguyễn Thị Lan")
    Keyboard().type_into(wizard.admin.job_title, "Công chức Văn phòng - Thống kê")
    wizard.next()
    assert wizard.currentPage() is wizard.printer
    assert wizard.validateCurrentPage()
    info = office.get_office(ctx)
    assert (info.agency_code, info.workstation, info.place) == ("000.12.34.H26", 3, "Tân Lập")
    admin = users.find_user(ctx, "admin")  # printed where the administrator signs, never "admin"
    assert (admin.full_name, admin.title, admin.has_real_name) == (
        "Nguyễn Thị Lan",
        "Công chức Văn phòng - Thống kê",
        True,
    )
    db.close()


def test_wizard_shows_bad_input_and_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    from counter_app.services.context import Actor
    from counter_app.services.database import open_database
    from counter_app.ui.wizard import SetupWizard

    db = open_database(tmp_path / "d", create=True)
    ctx = Context(db, Actor(None, "admin", "gui"))
    wizard = SetupWizard(lambda request: office.initialize(ctx, request), [])
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.office.code.setText("H26")
    wizard.office.name.setText("UBND xã Tân Lập")
    wizard.admin.password.setText("mat-khau-1")
    wizard.admin.repeat.setText("mat-khau-1")
    wizard.next()
    assert wizard.currentPage() is wizard.office  # checked before Next
    assert "13 ký tự" in wizard.office.error.text()
    assert not office.is_initialized(ctx)
    db.close()


def test_a_one_time_password_must_be_changed(qtbot: QtBot, ctx: Context) -> None:
    from counter_app.domain.values import Role
    from counter_app.services import users
    from counter_app.ui.login import ChangePasswordDialog

    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-tam")
    dialog = ChangePasswordDialog(lambda new: users.change_password(ctx, "thu.ha", new))
    qtbot.addWidget(dialog)
    dialog.password.setText("mat-khau-moi-1")
    dialog.repeat.setText("mat-khau-moi-2")
    dialog.try_change()
    assert "không khớp" in dialog.message.text()
    dialog.password.setText("ngan")
    dialog.repeat.setText("ngan")
    dialog.try_change()
    assert "ít nhất 8" in dialog.message.text()
    dialog.password.setText("mat-khau-moi-1")
    dialog.repeat.setText("mat-khau-moi-1")
    dialog.try_change()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert users.authenticate(ctx, "thu.ha", "mat-khau-moi-1").username == "thu.ha"


def test_a_scan_survives_a_pause_and_other_typing(window: MainWindow, keyboard: Keyboard) -> None:
    """A busy PC may stall in the middle of a scan; the scan may follow words typed in the same box."""
    ticks = iter(range(10_000))
    window.scanner.clock = lambda: next(ticks) * 0.3  # 300 ms between keys: far slower than a scanner
    keyboard.type("khai")
    keyboard.scan(CCCD)
    assert window.intake.name.text() == "Nguyễn Thị Hồng Nhung"
    assert window.intake.picker.search.text() == "khai"  # only the scanned characters were taken back
