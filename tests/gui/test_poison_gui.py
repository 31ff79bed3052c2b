"""The sync dialog with a poison item (issue 11, item 3): the item the hub keeps failing on is listed as
set aside with the hub error, the dossiers behind it are sent, and "Gửi lại" sends it once the hub is cured."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from counter_app.domain.applicant import make_applicant
from counter_app.services import hub_sync as sync
from counter_app.services import intake
from counter_app.services.context import Context
from counter_app.ui.main_window import MainWindow
from tests.conftest import FakeClock
from tests.gui.test_sync_gui import enrol_through_dialog, hub, real_time
from tests.hub.conftest import HubServer
from tests.sync.test_poison import _cure, _on_hub, _poison

__all__ = ["hub", "real_time"]  # fixtures
pytestmark = pytest.mark.gui


def test_the_poison_item_is_listed_with_the_hub_error_and_the_rest_is_sent(
    window: MainWindow, ctx: Context, hub: HubServer, real_time: FakeClock, qtbot: QtBot
) -> None:
    dialog = enrol_through_dialog(window, hub, qtbot)
    codes = [
        intake.accept(ctx, intake.IntakeRequest("2.000635", make_applicant(name))).dossier.code
        for name in ("Lê Văn An", "Đỗ Văn Độc", "Trần Thị Bình")
    ]
    _poison(hub, codes[1])
    for _ in range(5):  # what the background runner does over a minute of back-off
        dialog.sync_button.click()

    assert sorted(_on_hub(hub)) == sorted([codes[0], codes[2]])
    assert "· 1 bị giữ lại" in window.sync_indicator.text
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == codes[1]
    assert dialog.table.item(0, 2).text().startswith("Máy chủ lỗi: Máy chủ lỗi 5xx (HTTP 503) với riêng mục này")

    _cure(hub)
    retry = dialog.table.cellWidget(0, 4)
    assert retry is not None
    retry.click()
    assert dialog.message.text() == "Đã đưa 1 mục vào hàng chờ gửi lại. Đã gửi 1, đã nhận 0."
    assert dialog.table.rowCount() == 0
    assert sorted(_on_hub(hub)) == sorted(codes)
    assert sync.status(ctx).waiting == 0
