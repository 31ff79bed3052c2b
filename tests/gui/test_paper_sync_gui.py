"""Papers to the hub as the clerk sees them (issue 14), against the real hub over loopback: the status
bar counts the copies waiting apart from the events; the sync dialog sets the cap and the sending hours
(typed with key events) and lists a copy the hub refused with its reason."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from PySide6.QtWidgets import QDateTimeEdit

from counter_app.services import hub_sync as sync
from counter_app.services import papers
from counter_app.services.context import Context
from counter_app.storage.blobs import BlobStore
from counter_app.storage.models import PaperCopy
from counter_app.ui.main_window import MainWindow
from tests.conftest import FakeClock
from tests.gui.helpers import Keyboard
from tests.gui.test_sync_gui import enrol_through_dialog, hub, real_time
from tests.hub.conftest import HubServer
from tests.services.paper_support import MARRIAGE, accept, small_page

__all__ = ["hub", "real_time"]  # fixtures


def test_the_status_bar_counts_papers_apart_from_events(
    window: MainWindow, ctx: Context, hub: HubServer, real_time: FakeClock, qtbot: QtBot
) -> None:
    enrol_through_dialog(window, hub, qtbot).accept()
    code = accept(ctx, MARRIAGE)
    for position in (1, 2, 3):
        papers.store_copy(ctx, code, position, [small_page(position)])
    window.sync.refresh()
    indicator = window.sync_indicator
    assert "· 3 giấy tờ đang chờ gửi" in indicator.text
    assert indicator.text.startswith("Trực tuyến · ")
    assert " 0 đang chờ" not in indicator.text  # the events of the dossier wait too, counted on their own

    real_time.now += timedelta(minutes=31)  # copies still without text go as they are after half an hour
    dialog = window.open_sync_dialog()
    dialog.sync_button.click()
    assert indicator.text.startswith("Trực tuyến · 0 đang chờ · đồng bộ lúc ")
    assert "giấy tờ" not in indicator.text
    assert "Đã gửi 3 giấy tờ." in dialog.message.text()


def test_the_cap_and_hours_are_typed_and_saved(
    window: MainWindow, ctx: Context, hub: HubServer, real_time: FakeClock, qtbot: QtBot, keyboard: Keyboard
) -> None:
    dialog = enrol_through_dialog(window, hub, qtbot)
    box = dialog.paper_schedule
    assert box.kbps.value() == 0 and box.kbps.text() == "Không giới hạn"
    assert box.any_time.isChecked() and not box.start.isEnabled()

    box.kbps.selectAll()
    keyboard.type_into(box.kbps, "5")  # too slow to mean anything: refused, nothing saved
    box.save_button.click()
    assert "từ 8 đến 100000 kbit/s" in box.message.text()
    assert sync.paper_schedule(ctx) == sync.PaperSchedule(None, None)

    box.kbps.selectAll()
    keyboard.type_into(box.kbps, "256")
    box.any_time.click()
    assert box.start.isEnabled()
    box.start.setSelectedSection(QDateTimeEdit.Section.HourSection)
    keyboard.type_into(box.start, "0730")
    box.end.setSelectedSection(QDateTimeEdit.Section.HourSection)
    keyboard.type_into(box.end, "1700")
    box.save_button.click()
    assert box.message.text() == "Đã lưu."
    assert sync.paper_schedule(ctx) == sync.PaperSchedule(256, "07:30-17:00")
    dialog.accept()

    again = window.open_sync_dialog()  # opened again: what was saved
    assert again.paper_schedule.kbps.value() == 256 and not again.paper_schedule.any_time.isChecked()
    assert again.paper_schedule.hours() == "07:30-17:00"
    again.paper_schedule.kbps.selectAll()
    keyboard.type_into(again.paper_schedule.kbps, "0")
    again.paper_schedule.any_time.click()
    again.paper_schedule.save_button.click()
    assert sync.paper_schedule(ctx) == sync.PaperSchedule(None, None)


def test_a_refused_copy_is_listed_with_its_reason(
    window: MainWindow, ctx: Context, hub: HubServer, real_time: FakeClock, qtbot: QtBot
) -> None:
    dialog = enrol_through_dialog(window, hub, qtbot)
    code = accept(ctx, MARRIAGE)
    first = papers.store_copy(ctx, code, 1, [small_page(1)]).sha256
    papers.store_copy(ctx, code, 2, [small_page(2)])
    buffer = io.BytesIO()
    Image.new("L", (200, 100), 255).save(buffer, "PDF")  # no signature: the hub refuses it
    bad, _ = BlobStore.of(ctx.db.path.parent).put(buffer.getvalue())
    with ctx.db.write() as session:
        session.execute(update(PaperCopy).where(PaperCopy.sha256 == first).values(sha256=bad))
    real_time.now += timedelta(minutes=31)
    dialog.sync_button.click()

    aside = dialog.papers_aside
    assert aside.isVisible() and aside.table.rowCount() == 1
    assert aside.table.item(0, 0).text() == code
    assert aside.table.item(0, 1).text().startswith("1. ")
    assert "chữ ký số không còn nguyên vẹn" in aside.table.item(0, 2).text()
    assert "1 giấy tờ bị giữ lại" in dialog.summary.text()
    assert "giấy tờ đang chờ gửi" not in window.sync_indicator.text  # the other copy went
    retry = aside.table.cellWidget(0, 3)
    assert retry is not None
    retry.click()  # sent again at once; the hub still refuses it
    assert aside.table.rowCount() == 1
    assert len(sync.set_aside_papers(ctx)) == 1
