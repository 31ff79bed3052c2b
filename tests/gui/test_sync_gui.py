"""Sync in the status bar and the sync dialog, against the real hub over loopback.

The clerk enrols the PC through the dialog, takes a dossier in and watches the status line: the dossier
waits, the background round sends it, the line says when. With the hub stopped the line says offline
and keeps counting; a refused item is listed with the hub's reason and can be sent again; a wrong PC
clock and a revoked PC are shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.domain.applicant import make_applicant
from counter_app.services import hub_sync as sync
from counter_app.services import intake, lifecycle
from counter_app.services.context import Context
from counter_app.ui.main_window import MainWindow
from counter_app.ui.sync_view import SyncDialog
from district_server import service
from district_server.db import utc_now
from tests.conftest import OFFICE_CODE, FakeClock
from tests.gui.helpers import Keyboard
from tests.hub.conftest import HubServer

pytestmark = pytest.mark.gui

CCCD = "001190123456|012345678|Nguyễn Thị Hồng Nhung|15031990|Nữ|Xóm Đông, xã Tân Lập, Phú Thọ|01072021"


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubServer]:
    server = HubServer(f"sqlite:///{tmp_path / 'hub.db'}").start()
    assert server.hub is not None
    with server.hub.write() as session:
        service.add_commune(session, OFFICE_CODE, "UBND xã Tân Lập", utc_now())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def real_time(clock: FakeClock) -> FakeClock:
    """The PC clock agrees with the hub's."""
    clock.now = datetime.now(UTC)
    return clock


def one_time_code(hub: HubServer) -> str:
    assert hub.hub is not None
    with hub.hub.write() as session:
        return service.issue_enroll_code(session, OFFICE_CODE, utc_now()).code


def enrol_through_dialog(window: MainWindow, hub: HubServer, qtbot: QtBot) -> SyncDialog:
    window.sync_indicator.button.click()
    dialog = window.sync_dialog
    assert dialog is not None
    assert dialog.enrol_box.isVisible()
    assert not dialog.sync_button.isEnabled()
    qtbot.keyClicks(dialog.server_url, hub.url)
    qtbot.keyClicks(dialog.code, one_time_code(hub))
    dialog.enrol_button.click()
    # enrolled, then the first round at once (it brings down the hub's reference data, if any)
    assert dialog.message.text().startswith("Đã ghi danh với UBND xã Tân Lập (000.12.34.H26). Đã gửi 0, đã nhận ")
    return dialog


def take_in(window: MainWindow, keyboard: Keyboard, qtbot: QtBot) -> None:
    """Scan the card, pick "trích lục", accept, close the receipt preview."""
    window.tabs.setCurrentIndex(0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.intake.picker.search.setFocus()
    keyboard.scan(CCCD)
    keyboard.type("trich luc")
    keyboard.enter()
    keyboard.enter()
    qtbot.waitUntil(lambda: window.preview is not None and window.preview.isVisible(), timeout=5000)
    assert window.preview is not None
    window.preview.reject()


def test_enrol_take_in_and_watch_the_dossier_go(
    window: MainWindow, ctx: Context, hub: HubServer, real_time: FakeClock, keyboard: Keyboard, qtbot: QtBot
) -> None:
    indicator = window.sync_indicator
    assert indicator.text.startswith("Chưa ghi danh với máy chủ huyện · 0 đang chờ")

    dialog = enrol_through_dialog(window, hub, qtbot)
    synced_at = real_time.now.astimezone(UTC) + timedelta(hours=7)
    assert indicator.text == f"Trực tuyến · 0 đang chờ · đồng bộ lúc {synced_at:%H:%M}"
    assert not dialog.enrol_box.isVisible()
    assert dialog.sync_button.isEnabled()
    assert "Đơn vị: UBND xã Tân Lập (000.12.34.H26)" in dialog.summary.text()
    dialog.accept()
    assert not indicator.clock.isVisible()

    take_in(window, keyboard, qtbot)
    waiting = sync.status(ctx).waiting
    assert waiting == 2  # outbox entries: the reception event and the receipt notice
    assert f"· {waiting} đang chờ ·" in indicator.text  # shown at once, before any round

    real_time.now += timedelta(minutes=2)
    qtbot.waitUntil(lambda: "· 0 đang chờ ·" in indicator.text, timeout=12_000)  # the 5-second check ran a round
    later = real_time.now.astimezone(UTC) + timedelta(hours=7)
    assert indicator.text == f"Trực tuyến · 0 đang chờ · đồng bộ lúc {later:%H:%M}"
    assert hub.hub is not None
    with hub.hub.read() as session:
        assert len(service.list_dossiers(session, OFFICE_CODE)) == 1


def test_offline_the_line_says_so_and_keeps_counting(
    window: MainWindow, ctx: Context, hub: HubServer, real_time: FakeClock, keyboard: Keyboard, qtbot: QtBot
) -> None:
    enrol_through_dialog(window, hub, qtbot).accept()
    hub.stop()  # the link is down
    take_in(window, keyboard, qtbot)
    window.sync.tick()  # new work waits and the last round was good: a round is due at once
    indicator = window.sync_indicator
    assert indicator.text.startswith("Ngoại tuyến · 2 đang chờ · đồng bộ lúc ")
    assert "Không kết nối được" in indicator.button.toolTip()
    take_in(window, keyboard, qtbot)
    assert indicator.text.startswith("Ngoại tuyến · 4 đang chờ")
    window.sync.tick()  # backing off: no round, the count stays
    assert indicator.text.startswith("Ngoại tuyến · 4 đang chờ")

    hub.start()  # back: "Đồng bộ ngay" does not wait for the back-off
    dialog = window.open_sync_dialog()
    dialog.sync_button.click()
    assert indicator.text.startswith("Trực tuyến · 0 đang chờ")
    assert dialog.message.text() == "Đã gửi 4, đã nhận 0."


def test_a_refused_item_is_listed_and_can_be_sent_again(
    window: MainWindow, ctx: Context, hub: HubServer, real_time: FakeClock, qtbot: QtBot
) -> None:
    dialog = enrol_through_dialog(window, hub, qtbot)
    applicant = make_applicant("Nguyễn Thị Hồng Nhung", id_number="001190123456", phone="0912345678")
    code = intake.accept(ctx, intake.IntakeRequest("2.000635", applicant)).dossier.code
    dialog.sync_button.click()
    assert hub.hub is not None
    with hub.hub.write() as session:  # upstream the result is ready, while here the dossier is stopped
        service.record_upstream_event(session, code, "result_ready", utc_now())
    lifecycle.stop(ctx, code, "Công dân không bổ sung")
    dialog.sync_button.click()

    assert "· 1 bị giữ lại" in window.sync_indicator.text
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == code
    assert dialog.table.item(0, 1).text() == "Dừng giải quyết"  # words, not "stopped"
    assert dialog.table.item(0, 2).text().startswith("Bị từ chối: ")
    assert "result_ready" in dialog.table.item(0, 2).text()  # the hub's reason
    retry = dialog.table.cellWidget(0, 4)
    assert retry is not None
    retry.click()  # "Gửi lại": back in the queue and sent at once; the hub still refuses it
    assert dialog.message.text() == "Đã đưa 1 mục vào hàng chờ gửi lại. Đã gửi 0, đã nhận 0."
    assert dialog.table.rowCount() == 1
    assert sync.quarantine(ctx)[0].dossier_code == code


def test_a_wrong_clock_and_a_revoked_pc_are_shown(
    window: MainWindow, ctx: Context, hub: HubServer, real_time: FakeClock, qtbot: QtBot
) -> None:
    real_time.now = datetime.now(UTC) - timedelta(minutes=12)  # the PC is 12 minutes slow
    dialog = enrol_through_dialog(window, hub, qtbot)
    indicator = window.sync_indicator
    assert indicator.clock.isVisible()
    assert indicator.clock.text() == "Giờ máy lệch 12 phút so với máy chủ"
    assert "Giờ máy lệch 12 phút so với máy chủ" in dialog.summary.text()

    assert hub.hub is not None
    with hub.hub.write() as session:
        device_id = service.list_devices(session, OFFICE_CODE)[0].id
        service.revoke(session, device_id, utc_now())
    dialog.sync_button.click()
    assert indicator.text.startswith("Thiết bị đã bị thu hồi")
    assert dialog.enrol_box.isVisible()  # a fresh code enrols it again
    assert not dialog.sync_button.isEnabled()
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, one_time_code(hub))
    dialog.enrol_button.click()
    assert indicator.text.startswith("Trực tuyến")


def test_the_line_turns_offline_within_seconds_of_the_hub_going_away(
    window: MainWindow, ctx: Context, hub: HubServer, real_time: FakeClock, qtbot: QtBot
) -> None:
    """Issue 11: with nothing waiting, the next round is a minute away; the line must not wait for it."""
    enrol_through_dialog(window, hub, qtbot).accept()
    indicator = window.sync_indicator
    window.sync.tick()
    assert indicator.text.startswith("Trực tuyến")
    hub.stop()  # a real hub process gone: its port is closed now
    real_time.now += timedelta(seconds=sync.LINK_CHECK_INTERVAL.total_seconds())  # the background timer's seconds
    window.sync.tick()
    assert indicator.text.startswith("Ngoại tuyến"), indicator.text
    tip = indicator.button.toolTip()
    assert "máy chủ không nhận kết nối" in tip, tip  # words, not "ConnectError: [Errno 111]"
    assert "Errno" not in tip and "ConnectError" not in tip
