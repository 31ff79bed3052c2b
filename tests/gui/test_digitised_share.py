"""The digitisation share on the statistics tab (F6): the number the clerk reads follows the copies."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from counter_app.domain.values import Channel
from counter_app.services.context import Context
from counter_app.ui.main_window import MainWindow
from tests.services.test_digitisation import CONTRACT, EXTRACT, copy_paper, take

pytestmark = pytest.mark.gui


def test_the_tab_shows_the_share_of_dossiers_with_every_paper_copied(
    window: MainWindow, ctx: Context, qtbot: QtBot
) -> None:
    contract = take(ctx, CONTRACT)  # three papers to copy
    extract = take(ctx, EXTRACT, "Lê Văn Tám")  # one (the ID card is only shown)
    take(ctx, EXTRACT, "Phạm Thị Mạng", channel=Channel.ONLINE)  # none: filed online
    copy_paper(ctx, extract, 1)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    view = window.dashboard
    qtbot.waitUntil(lambda: view.data is not None)
    assert window.tabs.currentWidget() is view
    assert view.figures["digitised"].text() == "66,7 %"  # the extract and the online filing, of three
    assert view.digitised_detail.text() == (
        "Số hóa hồ sơ: 2 / 3 hồ sơ tiếp nhận có đủ bản điện tử (trong đó 1 không có giấy tờ phải số hóa)"
    )
    for paper in (1, 2, 3):
        copy_paper(ctx, contract, paper)
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.figures["digitised"].text() == "100,0 %")
    assert view.digitised_detail.text().startswith("Số hóa hồ sơ: 3 / 3 hồ sơ tiếp nhận")
