"""The statistics tab (F6) on a small database with known dossiers: the figures shown are the
statistics service's Biểu 06, the charts add up, periods switch, exports write real files.

The fixture's clock is Tuesday 18/11/2025 09:00 (quarter 4). A "Chứng thực giao dịch" dossier takes
2 working days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QImage

from counter_app.domain.applicant import make_applicant
from counter_app.domain.statistics import Period
from counter_app.services import dashboard, intake, lifecycle, satisfaction, statistics
from counter_app.services.context import Context
from counter_app.services.dashboard import Preset
from counter_app.ui.dashboard import DashboardView, number, share
from counter_app.ui.main_window import MainWindow
from tests.conftest import FakeClock

pytestmark = pytest.mark.gui

CONTRACT = "2.001035"
BIRTH = "2.000635"  # bản sao trích lục hộ tịch: same day, 15:00 (khai sinh takes no paper)


def vn(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC) - timedelta(hours=7)


def take(ctx: Context, received: datetime, name: str, procedure: str = CONTRACT) -> str:
    applicant = make_applicant(name, phone="0912345678")
    return intake.accept(ctx, intake.IntakeRequest(procedure, applicant, received_at=received)).dossier.code


@pytest.fixture
def known(ctx: Context, clock: FakeClock) -> dict[str, str]:
    """Four dossiers: one carried over from September, three taken in during November."""
    now = clock.now
    codes = {
        "september": take(ctx, vn(2025, 9, 25), "Đỗ Văn Cũ"),
        "early": take(ctx, vn(2025, 11, 10), "Lê Thị Sớm"),
        "late": take(ctx, vn(2025, 11, 13), "Phạm Văn Muộn"),
        "birth": take(ctx, vn(2025, 11, 17), "Trần Bé Mới", BIRTH),
    }
    clock.now = vn(2025, 11, 11, 10)  # ready a day before it is due
    lifecycle.record_result(ctx, codes["early"])
    lifecycle.return_result(ctx, codes["early"], "Lê Thị Sớm")
    satisfaction.record(ctx, codes["early"], "very_satisfied")
    clock.now = vn(2025, 11, 17, 14)  # the 13/11 dossier was due 17/11 at the latest
    lifecycle.apology(ctx, codes["late"], "Chờ xác minh", date(2025, 11, 20))
    clock.now = vn(2025, 11, 17, 16)  # the birth registration: the same day
    lifecycle.record_result(ctx, codes["birth"])
    clock.now = now
    return codes


def open_tab(window: MainWindow, qtbot: QtBot) -> DashboardView:
    window.tabs.setCurrentWidget(window.dashboard)
    view = window.dashboard
    qtbot.waitUntil(lambda: view.data is not None)
    return view


def test_the_figures_are_the_services_biểu_06(
    window: MainWindow, ctx: Context, known: dict[str, str], qtbot: QtBot
) -> None:
    assert window.tabs.tabText(4) == "Thống kê (F6)"
    view = open_tab(window, qtbot)
    assert view.preset.currentText() == "Quý này"
    expected = statistics.report(ctx, Period.quarter(2025, 4))  # the whole quarter, counted up to today
    assert expected.data_until == date(2025, 11, 18)
    assert view.data is not None
    assert view.data.report == expected
    t = expected.total
    shown = {key: label.text() for key, label in view.figures.items()}
    assert shown == {
        "received": number(t.received.total),
        "received_in_period": number(t.received_in_period),
        "carried_over": number(t.received.carried_over),
        "resolved": number(t.resolved.total),
        "early": number(t.resolved.early),
        "on_time": number(t.resolved.on_time),
        "late": number(t.resolved.late),
        "in_progress": number(t.in_progress.total),
        "within_time": number(t.in_progress.within_time),
        "overdue": number(t.in_progress.overdue),
        "online_share": share(t.online_share),
        "postal_share": share(t.postal_share),
        "apologies": number(t.apologies),
        "satisfaction": "100,0 %",
        "digitised": "0,0 %",  # no paper of the three dossiers received has an electronic copy
    }
    # What the clerk knows about these four dossiers:
    assert (shown["received"], shown["received_in_period"], shown["carried_over"]) == ("4", "3", "1")
    assert (shown["resolved"], shown["early"], shown["on_time"], shown["in_progress"]) == ("2", "1", "1", "2")
    assert (shown["apologies"], shown["online_share"]) == ("1", "0,0 %")
    # the quarter as asked, never silently cut to today: the figures say how far they go
    assert view.period_label.text() == "Biểu 06 từ 01/10/2025 đến 31/12/2025 (số liệu đến ngày 18/11/2025)"
    assert view.satisfaction_detail.text() == ("Đánh giá của công dân: 1 rất hài lòng · 0 hài lòng · 0 không hài lòng")

    # Received per week: every week of the quarter, adding up to the dossiers received in it.
    weeks = dict(zip(view.weekly.labels, view.weekly.values, strict=True))
    assert len(weeks) == 8  # 29/09 … 17/11
    assert sum(weeks.values()) == t.received_in_period == 3
    assert (weeks["10/11"], weeks["17/11"]) == (2, 1)
    resolved, open_ = view.timeliness.rows
    assert [(s.name, s.value) for s in resolved.segments] == [("Trước hạn", 1), ("Đúng hạn", 1), ("Trễ hạn", 0)]
    assert [s.value for s in open_.segments] == [t.in_progress.within_time, t.in_progress.overdue]
    late_by_field = {row.label: row.total for row in view.by_field.rows}
    expected_late = {
        f.field: f.figures.resolved.late + f.figures.in_progress.overdue
        for f in expected.by_field
        if f.figures.resolved.late + f.figures.in_progress.overdue
    }
    assert late_by_field == expected_late
    for chart in (view.weekly, view.timeliness, view.by_field):
        image: QImage = chart.grab().toImage()
        assert not image.isNull()
        colours = {
            image.pixelColor(x, y).name() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
        }
        assert {"#1565c0", "#2e7d32", "#c62828"} & colours  # bars drawn, not just the title


def test_periods_switch_and_a_reversed_period_is_refused(
    window: MainWindow, ctx: Context, known: dict[str, str], qtbot: QtBot
) -> None:
    view = open_tab(window, qtbot)
    view.preset.setCurrentIndex(view.preset.findData(str(Preset.PREVIOUS_QUARTER)))
    qtbot.waitUntil(lambda: view.data is not None and view.data.report.period == Period.quarter(2025, 3))
    assert view.figures["received"].text() == "1"
    assert view.figures["carried_over"].text() == "0"
    assert view.data is not None
    assert view.data.report == statistics.report(ctx, Period.quarter(2025, 3))

    view.preset.setCurrentIndex(view.preset.findData(str(Preset.YEAR)))
    qtbot.waitUntil(lambda: view.data is not None and view.data.report.period.start == date(2025, 1, 1))
    assert view.data.report.period.end == date(2025, 12, 31) and view.data.report.data_until == date(2025, 11, 18)
    assert view.figures["received_in_period"].text() == "4"
    assert dashboard.preset(Preset.HALF_YEAR, date(2025, 11, 18)) == Period(date(2025, 7, 1), date(2025, 12, 31))
    assert dashboard.preset(Preset.PREVIOUS_QUARTER, date(2026, 2, 3)) == Period.quarter(2025, 4)
    assert dashboard.preset(Preset.YEAR, date(2026, 2, 3)) == Period.year(2026)

    view.set_period(date(2025, 11, 1), date(2025, 11, 30))
    assert view.date_from.isEnabled()
    view.show_button.click()
    assert view.data is not None
    assert view.data.report.period == Period(date(2025, 11, 1), date(2025, 11, 30))  # still running: as asked,
    assert view.data.report.data_until == date(2025, 11, 18)  # counted up to today
    assert view.figures["received_in_period"].text() == "3"

    view.set_period(date(2025, 11, 30), date(2025, 11, 1))
    view.show_button.click()
    assert view.message.text().startswith("Khoảng thời gian không hợp lệ")
    assert view.data.report.data_until == date(2025, 11, 18)  # the last good figures stay


def test_exports_are_the_printed_biểu_06(
    window: MainWindow, ctx: Context, known: dict[str, str], qtbot: QtBot, tmp_path: Path
) -> None:
    view = open_tab(window, qtbot)
    xlsx, pdf = tmp_path / "out" / "bieu06.xlsx", tmp_path / "out" / "bieu06.pdf"
    view.export(excel=True, path=xlsx)
    assert view.message.text() == f"Đã lưu Biểu 06: {xlsx}"
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any("01/10/2025" in c for c in cells)
    view.export(excel=False, path=pdf)
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.read_bytes())).pages)
    assert "UBND XÃ TÂN LẬP" in text


def test_a_tab_left_open_overnight_follows_the_day(
    window: MainWindow, known: dict[str, str], clock: FakeClock, qtbot: QtBot
) -> None:
    view = open_tab(window, qtbot)
    qtbot.waitUntil(lambda: view.data is not None)
    assert view.data is not None and view.data.report.data_until == date(2025, 11, 18)
    clock.now += timedelta(days=1)  # the clerk comes back the next morning and presses "Xem"
    view.show_button.click()
    qtbot.waitUntil(lambda: view.data is not None and view.data.report.data_until == date(2025, 11, 19))
