"""After intake, driven through the dossier dialog and the late-dossier board, on real calendar dates.

The fixture's clock is Tuesday 18/11/2025 09:00 in Vietnam. A "Chứng thực giao dịch" dossier
(2.001035, 2 working days) received Monday 17/11 is due Wednesday 19/11; one received Thursday 13/11
was due Monday 17/11 and is overdue.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.domain.applicant import make_applicant
from counter_app.domain.lifecycle import Status
from counter_app.domain.values import Channel, Role
from counter_app.services import documents, dossiers, intake, lifecycle, users
from counter_app.services.context import Context
from counter_app.ui.dossier_actions import (
    ApologyForm,
    LeaderForm,
    ReasonForm,
    ResultForm,
    ReturnForm,
    SupplementForm,
    TransferForm,
    WithdrawForm,
)
from counter_app.ui.dossier_dialog import DossierDialog
from counter_app.ui.late_board import DUE_TODAY_COLOUR, OVERDUE_COLOUR
from counter_app.ui.main_window import MainWindow
from tests.conftest import FakeClock
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui

CONTRACT = "2.001035"  # Chứng thực giao dịch: 2 working days, no result by post
MARRIAGE_STATUS = "1.004873"  # Xác nhận tình trạng hôn nhân: 3 working days, result by post allowed
BIRTH = "2.000635"  # bản sao trích lục hộ tịch: same day, 15:00 (khai sinh takes no paper)


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """An office-time moment as the UTC the clock gives."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=7)


def take(
    ctx: Context,
    procedure: str = CONTRACT,
    *,
    received_at: datetime | None = None,
    name: str = "Nguyễn Văn Đức",
    by_post: bool = False,
) -> str:
    applicant = make_applicant(name, id_number="001090123456", phone="0912345678", address="Thôn Đông")
    request = intake.IntakeRequest(
        procedure, applicant, received_at=received_at, return_by_post=by_post, postal_address="Thôn Đông"
    )
    return intake.accept(ctx, request).dossier.code


def open_dossier(window: MainWindow, ctx: Context, code: str) -> DossierDialog:
    window.open_dossier_id(dossiers.find_by_code(ctx, code).id)
    dialog = window.dossier_dialog
    assert isinstance(dialog, DossierDialog)
    assert dialog.code == code
    return dialog


def press(dialog: DossierDialog, key: str) -> None:
    assert key in dialog.buttons, f"{key!r} not offered: {list(dialog.buttons)}"
    dialog.buttons[key].click()


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())


# ---------------------------------------------------------------------- the late-dossier board


def test_board_puts_the_overdue_dossier_first_and_drops_it_once_resolved(
    window: MainWindow,
    ctx: Context,
    qtmodeltester,
    qtbot: QtBot,  # type: ignore[no-untyped-def]
) -> None:
    soon = take(ctx, received_at=vn(2025, 11, 17, 10), name="Sắp Đến Hạn")  # due Wednesday 19/11
    overdue = take(ctx, received_at=vn(2025, 11, 13, 10), name="Đã Quá Hạn")  # due Monday 17/11
    today = take(ctx, BIRTH, name="Hôm Nay")  # due today 15:00
    board, model = window.board, window.board.model
    assert model.rowCount() == 0  # nothing yet: the window was opened before these were taken in
    board.timer.timeout.emit()  # the minute tick
    assert [model.row_at(r).code for r in range(model.rowCount())] == [overdue, today, soon]
    assert model.data(model.index(0, 2)) == "Đã Quá Hạn"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) == DUE_TODAY_COLOUR
    assert model.data(model.index(2, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert "chưa xin lỗi" in model.data(model.index(0, 0))  # due date passed and no apology yet
    assert "chưa xin lỗi" not in model.data(model.index(2, 0))
    assert model.data(model.index(0, 6)) == "17/11/2025"
    assert model.data(model.index(0, 8)) == "quá 1 ngày"
    assert model.data(model.index(2, 8)) == "còn 1 ngày"
    assert window.tabs.tabText(2) == "Hồ sơ trễ hạn (1)"
    qtmodeltester.check(model)

    board.within.setValue(0)  # only what is overdue or due today
    assert [model.row_at(r).code for r in range(model.rowCount())] == [overdue, today]
    board.within.setValue(3)

    board.table.doubleClicked.emit(model.index(0, 1))  # opens the dossier
    dialog = window.dossier_dialog
    assert dialog is not None
    assert dialog.code == overdue
    press(dialog, "result")
    assert isinstance(dialog.form, ResultForm)
    dialog.form.ok_button.click()
    assert dialog.status_label.text() == "Đã có kết quả"
    # the window refreshed the board at once, without waiting for the timer
    assert [model.row_at(r).code for r in range(model.rowCount())] == [today, soon]
    assert window.tabs.tabText(2) == "Hồ sơ trễ hạn (F4)"
    qtmodeltester.check(model)


def test_f4_opens_the_board(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert window.tabs.currentWidget() is window.board


# ---------------------------------------------------------------------- actions in the dossier dialog


def test_only_legal_actions_are_offered(window: MainWindow, ctx: Context) -> None:
    code = take(ctx)
    dialog = open_dossier(window, ctx, code)
    assert list(dialog.buttons) == [
        "transfer",
        "supplement",
        "result",
        "apology",
        "withdraw",
        "stop",
        "routing_slip",
    ]  # no return before a result, no "supplement received" before a request
    assert "return" not in dialog.buttons
    assert not dialog.due.isVisibleTo(dialog)

    by_post = take(ctx, MARRIAGE_STATUS, by_post=True)
    lifecycle.record_result(ctx, by_post)
    dialog = open_dossier(window, ctx, by_post)
    assert "return" not in dialog.buttons  # the result goes out by post, not over the counter
    assert "bưu điện" in dialog.due.text()


def test_transfer_supplement_and_result(window: MainWindow, ctx: Context) -> None:
    code = take(ctx)
    window.tabs.setCurrentWidget(window.list)
    listing = window.list.model
    assert listing.data(listing.index(0, 3)) == "Đã tiếp nhận"
    dialog = open_dossier(window, ctx, code)
    seen = dialog.history.count()

    press(dialog, "transfer")
    form = dialog.form
    assert isinstance(form, TransferForm)
    form.agency.setCurrentIndex(form.agency.findData("CC_TPHT"))
    form.receiver.setText("Lê Thị Tư Pháp")
    form.ok_button.click()
    assert not form.isVisible()
    assert dialog.status_label.text() == "Đang xử lý"
    assert dialog.history.count() == seen + 1
    assert "Chuyển xử lý" in dialog.history.item(dialog.history.count() - 1).text()
    assert listing.data(listing.index(0, 3)) == "Đang xử lý"  # the list refreshed too

    press(dialog, "supplement")
    form = dialog.form
    assert isinstance(form, SupplementForm)
    form.papers.item(0).setCheckState(Qt.CheckState.Checked)
    form.note.setText("Thiếu bản chính hợp đồng")
    form.ok_button.click()
    assert dialog.status_label.text() == "Chờ bổ sung"
    assert window.preview is not None  # the supplement slip (Mẫu 02) to hand over
    assert "Thiếu bản chính hợp đồng" in pdf_text(window.preview.pdf)
    assert list(dialog.buttons) == ["supplement_received", "apology", "withdraw", "stop", "routing_slip"]

    press(dialog, "supplement_received")
    assert dialog.status_label.text() == "Đang xử lý"
    press(dialog, "result")
    form = dialog.form
    assert isinstance(form, ResultForm)
    form.outcome.setCurrentIndex(form.outcome.findData(lifecycle.Outcome.DENIED))
    form.note.setText("Hợp đồng không hợp lệ")
    form.ok_button.click()
    assert dossiers.show(ctx, code).status is Status.RESULT_READY
    assert next(iter(dialog.buttons)) == "return"
    assert "không được giải quyết" in dialog.due.text()
    assert "Hợp đồng không hợp lệ" in dialog.due.text()


def test_bad_input_is_one_line_and_changes_nothing(window: MainWindow, ctx: Context) -> None:
    code = take(ctx)
    dialog = open_dossier(window, ctx, code)
    events = len(dossiers.show(ctx, code).events)

    press(dialog, "stop")
    form = dialog.form
    assert isinstance(form, ReasonForm)
    form.ok_button.click()  # no reason
    assert form.isVisible()
    assert form.message.text() == "Cần ghi rõ lý do"
    assert dialog.status_label.text() == "Đã tiếp nhận"
    form.reject()

    press(dialog, "withdraw")
    form = dialog.form
    assert isinstance(form, WithdrawForm)
    form.reason.setText("Công dân không làm nữa")
    form.ok_button.click()  # accepted dossier: the citizen's written request is required
    assert "đơn đề nghị" in form.message.text()
    assert "\n" not in form.message.text()
    assert dossiers.show(ctx, code).status is Status.RECEIVED
    assert len(dossiers.show(ctx, code).events) == events
    assert window.preview is None

    form.on_request.setChecked(True)
    form.request_ref.setText("Đơn ngày 18/11/2025")
    form.ok_button.click()
    assert not form.isVisible()
    assert dialog.status_label.text() == "Đã rút hồ sơ"
    assert list(dialog.buttons) == ["routing_slip"]


def test_stop_and_routing_slip_are_printed(window: MainWindow, ctx: Context) -> None:
    code = take(ctx)
    dialog = open_dossier(window, ctx, code)
    press(dialog, "transfer")
    assert isinstance(dialog.form, TransferForm)
    dialog.form.agency.setCurrentIndex(dialog.form.agency.findData("CC_TPHT"))
    dialog.form.ok_button.click()
    press(dialog, "routing_slip")
    assert window.preview is not None
    assert code in pdf_text(window.preview.pdf)
    assert "phiếu kiểm soát" in dialog.history.item(dialog.history.count() - 1).text()

    press(dialog, "stop")
    assert isinstance(dialog.form, ReasonForm)
    dialog.form.reason.setText("Công dân đề nghị dừng giải quyết")
    dialog.form.ok_button.click()
    assert dialog.status_label.text() == "Dừng giải quyết"
    assert window.preview is not None
    assert "Công dân đề nghị dừng giải quyết" in pdf_text(window.preview.pdf)


def test_a_pending_application_is_accepted_or_refused(window: MainWindow, ctx: Context) -> None:
    applicant = make_applicant("Lê Văn An", phone="0912345678")
    pending = intake.record_incomplete(ctx, intake.IntakeRequest(BIRTH, applicant, missing=(1,))).dossier.code
    dialog = open_dossier(window, ctx, pending)
    assert list(dialog.buttons) == ["accept", "incomplete", "refuse", "withdraw"]
    press(dialog, "accept")
    assert dialog.status_label.text() == "Đã tiếp nhận"
    assert window.preview is not None
    assert "GIẤY TIẾP NHẬN" in pdf_text(window.preview.pdf).upper()
    assert "return" not in dialog.buttons

    other = intake.record_incomplete(ctx, intake.IntakeRequest(BIRTH, applicant, missing=(1,))).dossier.code
    dialog = open_dossier(window, ctx, other)
    press(dialog, "refuse")
    assert isinstance(dialog.form, ReasonForm)
    dialog.form.reason.setText("Không bổ sung giấy chứng sinh")
    dialog.form.ok_button.click()
    assert dossiers.show(ctx, other).status is Status.REFUSED
    assert window.preview is not None
    assert "Không bổ sung giấy chứng sinh" in pdf_text(window.preview.pdf)


def test_an_online_submission_is_checked_at_the_counter(window: MainWindow, ctx: Context) -> None:
    applicant = make_applicant("Trần Thị Trực Tuyến", phone="0912345678")
    request = intake.IntakeRequest(BIRTH, applicant, channel=Channel.ONLINE)
    code = intake.record_submission(ctx, request).dossier.code
    assert dossiers.show(ctx, code).status is Status.SUBMITTED
    dialog = open_dossier(window, ctx, code)
    assert list(dialog.buttons) == ["accept", "incomplete", "refuse", "withdraw"]
    press(dialog, "incomplete")
    assert isinstance(dialog.form, SupplementForm)
    dialog.form.papers.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.form.note.setText("Bản chụp giấy chứng sinh bị mờ")
    dialog.form.ok_button.click()
    assert dossiers.show(ctx, code).status is Status.INTAKE_SUPPLEMENT
    assert window.preview is not None
    assert "Bản chụp giấy chứng sinh bị mờ" in pdf_text(window.preview.pdf)


# ---------------------------------------------------------------------- apologies


def test_apology_then_a_second_new_date_confirmed_by_a_leader(
    window: MainWindow, ctx: Context, clock: FakeClock
) -> None:
    late = take(ctx, received_at=vn(2025, 11, 17, 10))  # due Wednesday 19/11
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-1")
    users.create_user(ctx, "chu.tich", "Trần Văn Chủ", Role.LEADER, "mat-khau-2")
    dialog = open_dossier(window, ctx, late)

    press(dialog, "apology")
    form = dialog.form
    assert isinstance(form, ApologyForm)
    assert form.new_day() == date(2025, 11, 20)  # the working day after the appointment
    form.ok_button.click()  # no reason
    assert form.message.text() == "Cần ghi rõ lý do"
    form.reason.setText("Chờ xác minh của cơ quan liên thông")
    form.ok_button.click()
    assert not form.isVisible()
    assert dialog.values["appointment"].text().endswith("20/11/2025")
    assert window.preview is not None
    first_letter = window.preview
    assert "Chờ xác minh của cơ quan liên thông" in pdf_text(first_letter.pdf)

    press(dialog, "apology")
    form = dialog.form
    assert isinstance(form, ApologyForm)
    assert form.new_day() == date(2025, 11, 21)
    form.reason.setText("Chưa có kết quả xác minh")
    form.ok_button.click()
    leader = dialog.leader_form
    assert isinstance(leader, LeaderForm)  # a second new date needs a leader
    assert leader.isVisible()
    leader.username.setText("chu.tich")
    leader.password.setText("sai-mat-khau")
    leader.ok_button.click()
    assert leader.message.text() == "Sai tên đăng nhập hoặc mật khẩu"
    assert leader.password.text() == ""
    leader.username.setText("thu.ha")
    leader.password.setText("mat-khau-1")
    leader.ok_button.click()
    assert "không phải lãnh đạo" in leader.message.text()
    assert dialog.values["appointment"].text().endswith("20/11/2025")  # nothing moved yet
    leader.username.setText("chu.tich")
    leader.password.setText("mat-khau-2")
    leader.ok_button.click()
    assert not leader.isVisible()
    assert not form.isVisible()
    assert dialog.values["appointment"].text().endswith("21/11/2025")
    assert window.preview is not first_letter
    events = [e for e in dossiers.show(ctx, late).events if e.kind == "apology_issued"]
    assert events[-1].payload["confirmed_by"] == "chu.tich"

    window.board.within.setValue(10)
    rows = [window.board.model.row_at(r) for r in range(window.board.model.rowCount())]
    row = next(r for r in rows if r.code == late)
    assert row.flagged
    position = rows.index(row)
    assert "⚑" in window.board.model.data(window.board.model.index(position, 7))


# ---------------------------------------------------------------------- returning a result by scanning the receipt


def test_scanning_the_receipt_returns_the_result(
    window: MainWindow, ctx: Context, keyboard: Keyboard, qtbot: QtBot
) -> None:
    import pypdfium2 as pdfium
    import zxingcpp

    code = take(ctx, received_at=vn(2025, 11, 17, 10))
    receipt = documents.receipt(ctx, code)
    page = pdfium.PdfDocument(receipt.pdf)[0].render(scale=3).to_pil()
    payload = zxingcpp.read_barcodes(page)[0].text

    keyboard.scan(payload)  # before the result: the dossier opens without a return
    qtbot.waitUntil(lambda: isinstance(window.dossier_dialog, DossierDialog), timeout=3000)
    dialog = window.dossier_dialog
    assert dialog is not None
    assert "return" not in dialog.buttons
    press(dialog, "result")
    assert isinstance(dialog.form, ResultForm)
    dialog.form.note.setText("Đã chứng thực")
    dialog.form.ok_button.click()
    dialog.close()

    window.intake.picker.search.setFocus()
    keyboard.scan(payload)  # the citizen comes back with the receipt
    qtbot.waitUntil(lambda: window.dossier_dialog is not dialog, timeout=3000)
    dialog = window.dossier_dialog
    assert dialog is not None
    assert next(iter(dialog.buttons)) == "return"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.buttons["return"], timeout=3000)
    due = dialog.due.text()
    assert "Chứng thực" in due
    assert "được giải quyết" in due
    assert "19/11/2025" in due
    keyboard.enter()  # Return (focused)
    form = dialog.form
    assert isinstance(form, ReturnForm)
    assert form.receiver.text() == "Nguyễn Văn Đức"  # the applicant, by default
    assert not form.proxy.isVisibleTo(form)  # the applicant needs no authorisation
    form.receiver.setText("Trần Văn Bình")  # someone the citizen sent: he shows his authorisation paper
    assert form.proxy.isVisibleTo(form) and form.authorisation_kind.text() == "Giấy ủy quyền"
    form.receiver_id.setText("001090765432")
    form.papers.setPlainText("Văn bản chứng thực x2")
    form.ok_button.click()
    assert dossiers.show(ctx, code).status is Status.RESULT_READY  # no number: refused in one sentence
    assert form.message.text() == "Giấy ủy quyền cần ghi đủ loại giấy, số và ngày"
    form.authorisation_number.setText("07/UQ")
    form.ok_button.click()
    assert dossiers.show(ctx, code).status is Status.RETURNED
    assert dialog.status_label.text() == "Đã trả kết quả"
    assert window.preview is not None
    window.preview.print_now()
    printed = window.preview.printed_to
    assert printed is not None
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(printed).pages).split())
    assert "Trần Văn Bình" in text
    assert code in text
    assert "Giấy tờ ủy quyền nhận thay: Giấy ủy quyền số 07/UQ ngày" in text  # dated today by default
    assert "1 Văn bản chứng thực 2" in text and "Tổng cộng: 1 loại giấy tờ, 2 bản." in text

    forged = payload.replace("&k=", "&k=X").replace("&kX", "&k")
    dialog.close()
    window.dossier_dialog = None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.intake.picker.search.setFocus()
    keyboard.scan(forged)
    qtbot.waitUntil(lambda: window.scan_message is not None, timeout=3000)
    assert window.scan_message is not None
    assert "KHÔNG HỢP LỆ" in window.scan_message.text()
    assert window.dossier_dialog is None


def test_english_applies_to_the_board_and_the_forms(qtbot: QtBot, ctx: Context) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from counter_app.services import office
    from counter_app.ui import i18n
    from counter_app.ui.settings_store import SettingsStore

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = i18n.install(app, "en")
    assert translator is not None
    try:
        take(ctx, received_at=vn(2025, 11, 13, 10))
        data_dir = ctx.db.path.parent
        english = MainWindow(
            ctx, office.get_office(ctx), users.find_user(ctx, "admin"), SettingsStore(data_dir), data_dir
        )
        qtbot.addWidget(english)
        # This window has a real runner: the board arrives from the background thread.
        qtbot.waitUntil(lambda: english.tabs.tabText(2) == "Late dossiers (1)", timeout=5000)
        model = english.board.model
        assert model.headerData(0, Qt.Orientation.Horizontal) == "Urgency"
        assert model.data(model.index(0, 0)) == "Overdue · no apology yet"
        assert model.data(model.index(0, 8)) == "1 day late"
        form = TransferForm([], english)
        assert form.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
        assert form.ok_button.text() == "Hand over"
        english.close()
    finally:
        app.removeTranslator(translator)
        i18n.install(app, "vi")


def test_actions_run_on_the_worker_thread_too(window: MainWindow, ctx: Context, qtbot: QtBot) -> None:
    """With the real background runner: buttons wait while the task runs, then the dialog refreshes."""
    code = take(ctx)
    dialog = open_dossier(window, ctx, code)
    window.runner.synchronous = False
    try:
        press(dialog, "transfer")
        form = dialog.form
        assert isinstance(form, TransferForm)
        form.agency.setCurrentIndex(form.agency.findData("CAX"))
        with qtbot.waitSignal(window.dossiers_changed, timeout=10_000):
            form.ok_button.click()
            assert not form.ok_button.isEnabled()  # no second submission while the first runs
        assert dialog.status_label.text() == "Đã chuyển liên thông"
        assert all(button.isEnabled() for button in dialog.buttons.values())
    finally:
        window.runner.wait()
        window.runner.synchronous = True


def test_apology_form_proposes_the_first_valid_date_when_the_appointment_has_passed(
    window: MainWindow, ctx: Context, clock: FakeClock
) -> None:
    """Issue 11: a week after the appointment, the form proposes tomorrow, never a day gone by."""
    late = take(ctx, received_at=vn(2025, 11, 17, 10))  # due and appointed Wednesday 19/11
    clock.now = vn(2025, 11, 26, 10)  # Wednesday 26/11
    dialog = open_dossier(window, ctx, late)
    press(dialog, "apology")
    form = dialog.form
    assert isinstance(form, ApologyForm)
    assert form.new_day() == date(2025, 11, 27)  # the working day after today, not 20/11
    form.new_date.setDate(form.new_date.date().addDays(-5))  # no earlier day can be picked
    assert form.new_day() == date(2025, 11, 27)
    form.reason.setText("Chờ xác minh")
    form.ok_button.click()
    assert not form.isVisible()
    assert dialog.values["appointment"].text().endswith("27/11/2025")
