"""The postal tab (F5), postal intake and the post's outcomes, driven through the window."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import Status
from counter_app.domain.postal import Direction, make_tracking
from counter_app.domain.values import Channel
from counter_app.services import documents, dossiers, intake, lifecycle, postal, users
from counter_app.services.context import Context
from counter_app.services.lateness import Urgency
from counter_app.ui.dossier_actions import ReasonForm
from counter_app.ui.dossier_dialog import DossierDialog
from counter_app.ui.late_board import UNDELIVERABLE_COLOUR, UrgencyRole
from counter_app.ui.main_window import MainWindow
from counter_app.ui.postal_actions import parse_postage
from counter_app.ui.postal_view import PostalView
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui

BY_POST = "1.004873"  # Xác nhận tình trạng hôn nhân: result by post allowed
S10 = [make_tracking("EA", f"{n:08d}") for n in range(12345678, 12345684)]
BAD_S10 = "EA123456784VN"  # the check digit of 12345678 is 5
CCCD = "001190123456|012345678|Nguyễn Thị Hồng Nhung|15031990|Nữ|Xóm Đông, xã Tân Lập, Phú Thọ|01072021"


def ready_by_post(ctx: Context, name: str = "Nguyễn Văn Đức") -> str:
    applicant = make_applicant(name, phone="0912345678", address="Thôn Đông, xã Tân Lập")
    request = intake.IntakeRequest(BY_POST, applicant, return_by_post=True, postal_address="Xóm Đông, xã Tân Lập")
    code = intake.accept(ctx, request).dossier.code
    lifecycle.record_result(ctx, code)
    return code


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())


def open_postal(window: MainWindow, qtbot: QtBot) -> PostalView:
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.tabs.currentWidget() is window.postal
    return window.postal


def add(view: PostalView, keyboard: Keyboard, code: str, tracking: str, postage: str = "") -> None:
    """Like the clerk: the code, Enter, the S10 number, then Enter (or Tab, the postage, Enter)."""
    view.pages.setCurrentIndex(0)
    view.code.clear()
    view.tracking.clear()
    view.postage.clear()
    view.code.setFocus()
    keyboard.type(code)
    keyboard.enter()
    keyboard.type(tracking)
    if postage:
        view.postage.setFocus()  # Tab
        keyboard.type(postage)
    keyboard.enter()


def close(view: PostalView, direction: Direction, postal_name: str = "Phạm Bưu Tá") -> None:
    (view.close_out_button if direction is Direction.OUT else view.close_in_button).click()
    form = view.close_form
    assert form is not None
    form.clerk.setText(form.clerk.text() or "Nguyễn Thị Lan")  # the admin has no real name to prefill
    form.postal_name.setText(postal_name)
    form.ok_button.click()


def choose(view: PostalView, code: str, batch_row: int = 0) -> None:
    view.pages.setCurrentIndex(2)
    view.history_table.setCurrentIndex(view.history_model.index(batch_row, 0))
    view.select_item(code)


def board_row(window: MainWindow, code: str) -> int:
    model = window.board.model
    return next(r for r in range(model.rowCount()) if model.row_at(r).code == code)


def test_a_result_goes_out_comes_back_and_is_delivered(
    window: MainWindow,
    ctx: Context,
    qtbot: QtBot,
    keyboard: Keyboard,
    qtmodeltester: ModelTester,
) -> None:
    code = ready_by_post(ctx)
    view = open_postal(window, qtbot)
    assert view.out_model.rowCount() == 0
    assert not view.close_out_button.isEnabled()

    add(view, keyboard, code, BAD_S10, "32.000")
    assert "Số hiệu bưu gửi không hợp lệ" in view.message.text()
    assert "\n" not in view.message.text()
    assert view.out_model.rowCount() == 0
    assert postal.batches(ctx) == []
    assert view.tracking.hasFocus()  # ready to type the number again

    view.tracking.clear()
    keyboard.type(S10[0])
    view.postage.setFocus()
    with qtbot.waitSignal(window.dossiers_changed):
        keyboard.enter()
    assert view.message.text() == ""
    assert view.out_model.rowCount() == 1
    assert [view.out_model.data(view.out_model.index(0, c)) for c in range(view.out_model.columnCount())] == [
        S10[0],
        code,
        "Trả kết quả",
        "Nguyễn Văn Đức",
        "Xóm Đông, xã Tân Lập",
        "32.000 đ",
    ]
    assert "1 bưu gửi" in view.out_info.text()
    assert view.code.text() == ""
    assert view.code.hasFocus()  # ready for the next item
    qtmodeltester.check(view.out_model)

    view.close_out_button.click()
    form = view.close_form
    assert form is not None
    assert not users.find_user(ctx, "admin").has_real_name
    assert form.clerk.text() == ""  # never "Quản trị viên": the official types the name to sign with
    form.clerk.setText("Nguyễn Thị Lan")
    form.ok_button.click()  # no postal worker's name
    assert form.isVisible()
    assert form.message.text() == "Cần họ tên cán bộ bàn giao và nhân viên bưu điện"
    assert dossiers.show(ctx, code).status is Status.RESULT_READY
    assert postal.batches(ctx, state="closed") == []
    form.postal_name.setText("Phạm Bưu Tá")
    with qtbot.waitSignal(window.dossiers_changed):
        form.ok_button.click()
    assert not form.isVisible()
    assert dossiers.show(ctx, code).status is Status.HANDED_TO_POST
    assert window.preview is not None
    assert "Biên bản bàn giao" in window.preview.windowTitle()
    manifest = pdf_text(window.preview.pdf)
    assert S10[0] in manifest
    assert "Phạm Bưu Tá" in manifest
    assert "Nguyễn Thị Lan" in manifest and "Quản trị viên" not in manifest
    assert view.out_model.rowCount() == 0  # the next outgoing batch starts empty

    assert view.pages.currentIndex() == 0
    assert view.history_model.rowCount() == 1
    history = view.history_model
    assert history.data(history.index(0, history.column_keys().index("count"))) == "1"
    assert history.data(history.index(0, history.column_keys().index("postal"))) == "Phạm Bưu Tá"
    qtmodeltester.check(history)
    choose(view, code)
    assert view.delivered_button.isEnabled()
    assert view.undeliverable_button.isEnabled()
    qtmodeltester.check(view.items_model)

    view.undeliverable_button.click()
    reason = view.reason_form
    assert isinstance(reason, ReasonForm)
    reason.ok_button.click()  # no reason
    assert reason.message.text() == "Cần ghi rõ lý do"
    assert dossiers.show(ctx, code).status is Status.HANDED_TO_POST
    reason.reason.setText("Không có người nhận tại địa chỉ")
    reason.ok_button.click()
    assert not reason.isVisible()
    assert dossiers.show(ctx, code).status is Status.RESULT_READY
    outcome = view.items_model.column_keys().index("outcome")
    assert view.items_model.data(view.items_model.index(0, outcome)).startswith("Không giao được")
    assert not view.delivered_button.isEnabled()
    row = board_row(window, code)  # the window refreshed the board
    board = window.board.model
    assert board.data(board.index(row, 0), UrgencyRole) == Urgency.UNDELIVERABLE.value
    assert board.data(board.index(row, 0)) == "Bưu điện trả lại"
    assert board.data(board.index(row, 0), Qt.ItemDataRole.ForegroundRole) == UNDELIVERABLE_COLOUR
    qtmodeltester.check(board)

    add(view, keyboard, code, S10[1])  # a second attempt, with a new number
    assert view.out_model.rowCount() == 1
    assert view.out_model.data(view.out_model.index(0, 5)) == "—"  # no postage given
    close(view, Direction.OUT)
    assert dossiers.show(ctx, code).status is Status.HANDED_TO_POST
    assert view.history_model.rowCount() == 2
    assert view.history_model.row_at(0).items[0].tracking == S10[1]  # newest first
    choose(view, code)
    with qtbot.waitSignal(window.dossiers_changed):
        view.delivered_button.click()
    assert dossiers.show(ctx, code).status is Status.RETURNED
    assert view.items_model.data(view.items_model.index(0, outcome)) == "Đã giao"
    window.board.refresh()
    assert code not in [window.board.model.row_at(r).code for r in range(window.board.model.rowCount())]

    first = window.preview
    view.history_table.setCurrentIndex(view.history_model.index(1, 0))
    view.reprint_button.click()  # the first batch's manifest again
    assert window.preview is not first
    assert S10[0] in pdf_text(window.preview.pdf)


def test_an_interlinked_dossier_goes_to_an_agency_by_post(
    window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard
) -> None:
    code = intake.accept(ctx, intake.IntakeRequest(BY_POST, make_applicant("Lê Văn An"))).dossier.code
    view = open_postal(window, qtbot)
    codes = [view.destination.itemData(i) for i in range(view.destination.count())]
    assert codes[0] is None  # the citizen, by default
    assert "STP" in codes
    assert "CC_TPHT" not in codes  # the commune's own officers are not reached by post
    view.destination.setCurrentIndex(view.destination.findData("STP"))
    view.code.setFocus()
    keyboard.type(code)
    keyboard.enter()
    keyboard.type(S10[2])
    view.postage.setFocus()  # Tab
    keyboard.type("20000")
    view.add_button.click()
    assert view.message.text() == ""
    assert view.destination.currentIndex() == 0  # back to the citizen for the next item
    assert view.out_model.data(view.out_model.index(0, 2)) == "Chuyển liên thông"
    assert view.out_model.data(view.out_model.index(0, 5)) == "20.000 đ"
    close(view, Direction.OUT)
    detail = dossiers.show(ctx, code)
    assert detail.status is Status.INTERLINKED
    assert detail.events[-1].payload["to"] == "STP"
    choose(view, code)
    assert not view.delivered_button.isEnabled()  # only results wait for a delivery report

    window.open_dossier_id(detail.id)
    dialog = window.dossier_dialog
    assert isinstance(dialog, DossierDialog)
    assert S10[2] in dialog.history.item(dialog.history.count() - 1).text()
    assert "gửi qua bưu điện" in dialog.history.item(dialog.history.count() - 1).text()


def test_a_dossier_sent_in_by_post_is_taken_in_at_the_intake_screen(
    window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard
) -> None:
    screen = window.intake
    assert screen.postal_fields.isHidden()
    keyboard.scan(CCCD)
    keyboard.type("trich luc")
    keyboard.enter()
    screen.channel.setCurrentIndex(screen.channel.findData(Channel.POSTAL))
    assert not screen.postal_fields.isHidden()
    assert screen.tracking.hasFocus()
    keyboard.type(BAD_S10)
    screen.slip_number.setText("PH-0042")
    before = dossiers.count(ctx)
    screen.accept_dossier()
    assert "Số hiệu bưu gửi không hợp lệ" in screen.message.text()
    assert dossiers.count(ctx) == before
    assert window.preview is None

    screen.tracking.setText(S10[3].lower())
    with qtbot.waitSignal(window.dossiers_changed):
        screen.accept_dossier()
    assert window.preview is not None
    code = dossiers.search(ctx, "001190123456")[0].code
    detail = dossiers.show(ctx, code)
    assert (detail.status, detail.channel) == (Status.RECEIVED, Channel.POSTAL)
    window.preview.reject()
    qtbot.waitUntil(lambda: screen.postal_fields.isHidden(), timeout=2000)  # the next citizen comes in person
    assert screen.tracking.text() == ""

    view = open_postal(window, qtbot)
    view.pages.setCurrentIndex(1)
    model = view.in_model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == S10[3]
    assert model.data(model.index(0, 1)) == code
    assert model.data(model.index(0, model.column_keys().index("slip"))) == "PH-0042"
    assert view.close_in_button.isEnabled()
    close(view, Direction.IN, "Nguyễn Bưu Tá")
    assert postal.batches(ctx, state="open", direction=Direction.IN) == []
    assert window.preview is not None
    assert S10[3] in pdf_text(window.preview.pdf)
    assert view.history_model.data(view.history_model.index(0, 1)) == "Nhận về"


def test_the_dossier_dialog_reports_the_posts_outcome(window: MainWindow, ctx: Context, qtbot: QtBot) -> None:
    code = ready_by_post(ctx)
    postal.add_result(ctx, code, S10[4])
    postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    window.open_dossier_id(dossiers.find_by_code(ctx, code).id)
    dialog = window.dossier_dialog
    assert isinstance(dialog, DossierDialog)
    assert dialog.tracking == S10[4]
    assert S10[4] in dialog.due.text()
    assert list(dialog.buttons)[:2] == ["delivered", "undeliverable"]
    history = [dialog.history.item(r).text() for r in range(dialog.history.count())]
    assert any(f"Giao bưu điện: số hiệu bưu gửi {S10[4]}" in line for line in history)

    dialog.buttons["undeliverable"].click()
    assert isinstance(dialog.form, ReasonForm)
    dialog.form.reason.setText("Sai địa chỉ")
    with qtbot.waitSignal(window.dossiers_changed):
        dialog.form.ok_button.click()
    assert dialog.status_label.text() == "Đã có kết quả"
    assert "Bưu điện trả lại: Sai địa chỉ" in dialog.history.item(dialog.history.count() - 1).text()
    assert "delivered" not in dialog.buttons
    assert window.board.model.row_at(board_row(window, code)).urgency is Urgency.UNDELIVERABLE

    postal.add_result(ctx, code, S10[5])
    postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    dialog.set_detail(dossiers.show(ctx, code))
    dialog.buttons["delivered"].click()
    assert dialog.status_label.text() == "Đã trả kết quả"
    last = dialog.history.item(dialog.history.count() - 1).text()
    assert f"Bưu điện đã giao kết quả: số hiệu bưu gửi {S10[5]}" in last
    reprints = [dialog.prints_row.itemAt(i).widget() for i in range(dialog.prints_row.count())]
    texts = [w.text() for w in reprints if w is not None]
    assert "In lại phiếu giao nhận kết quả" not in texts  # no counter hand-over note for a postal delivery


def test_scanning_a_receipt_on_the_postal_tab_fills_the_form(
    window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard
) -> None:
    import pypdfium2 as pdfium
    import zxingcpp

    code = ready_by_post(ctx)
    page = pdfium.PdfDocument(documents.receipt(ctx, code).pdf)[0].render(scale=3).to_pil()
    payload = zxingcpp.read_barcodes(page)[0].text
    view = open_postal(window, qtbot)
    view.pages.setCurrentIndex(2)
    view.postage.setFocus()
    keyboard.scan(payload)
    assert window.dossier_dialog is None  # the scan is for the batch, not to open the dossier
    assert view.pages.currentIndex() == 0
    assert view.code.text() == code
    assert view.postage.text() == ""  # the scan's keys were taken back out
    assert view.tracking.hasFocus()
    keyboard.type(S10[0])
    keyboard.enter()  # Enter in the tracking number adds the item
    assert view.out_model.rowCount() == 1


def test_postage_is_read_as_typed() -> None:
    assert parse_postage("") is None
    assert parse_postage(" 32.000 đ ") == 32_000
    assert parse_postage("15,500") == 15_500
    with pytest.raises(InvalidInput) as caught:
        parse_postage("ba mươi nghìn")
    assert caught.value.code == "postal.postage"


def test_the_postal_tab_speaks_english(qtbot: QtBot, ctx: Context) -> None:
    from PySide6.QtWidgets import QApplication

    from counter_app.services import office
    from counter_app.ui import i18n
    from counter_app.ui.settings_store import SettingsStore

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = i18n.install(app, "en")
    assert translator is not None
    try:
        data_dir = ctx.db.path.parent
        english = MainWindow(
            ctx, office.get_office(ctx), users.find_user(ctx, "admin"), SettingsStore(data_dir), data_dir
        )
        qtbot.addWidget(english)
        assert english.tabs.tabText(3) == "Postal (F5)"
        assert english.postal.close_out_button.text() == "Close batch and print the record"
        assert english.postal.out_model.headerData(0, Qt.Orientation.Horizontal) == "Tracking number"
        english.close()
    finally:
        app.removeTranslator(translator)
        i18n.install(app, "vi")


def test_postal_actions_run_on_the_worker_thread_too(
    window: MainWindow, ctx: Context, qtbot: QtBot, keyboard: Keyboard
) -> None:
    code = ready_by_post(ctx)
    view = open_postal(window, qtbot)
    window.runner.synchronous = False
    try:
        with qtbot.waitSignal(window.dossiers_changed, timeout=10_000):
            add(view, keyboard, code, S10[0])
            assert not view.add_button.isEnabled()  # no second submission while the first runs
        assert view.out_model.rowCount() == 1
        view.close_out_button.click()
        assert view.close_form is not None
        view.close_form.clerk.setText("Nguyễn Thị Lan")
        view.close_form.postal_name.setText("Phạm Bưu Tá")
        with qtbot.waitSignal(window.dossiers_changed, timeout=10_000):
            view.close_form.ok_button.click()
        qtbot.waitUntil(lambda: window.preview is not None, timeout=10_000)
        assert dossiers.show(ctx, code).status is Status.HANDED_TO_POST
        assert view.add_button.isEnabled()
    finally:
        window.runner.wait()
        window.runner.synchronous = True


def test_an_item_can_be_taken_out_of_the_open_batch(window: MainWindow, ctx: Context, qtbot: QtBot) -> None:
    applicant = make_applicant("Lê Văn Bỏ", address="Thôn Nam")
    code = intake.accept(ctx, intake.IntakeRequest("1.004873", applicant, return_by_post=True)).dossier.code
    lifecycle.record_result(ctx, code)
    postal.add_result(ctx, code, make_tracking("EA", "55555555"))
    view = window.postal
    view.refresh()
    assert view.out_model.rowCount() == 1
    view.out_table.selectRow(0)
    view.remove_item()
    qtbot.waitUntil(lambda: view.out_model.rowCount() == 0, timeout=2000)
    assert postal.batches(ctx, state="open")[0].items == ()
