"""The hub's Biểu 06 reconciles on its face and never shortens a period silently, as the counter's does.

On the story of tests/hub/test_report.py (two communes synced through September–November 2025):

- a period that runs past today keeps the dates asked for and says "(Số liệu đến ngày dd/mm/yyyy)" in
  ``district-server report`` (text and ``--json`` ``period.data_until``) and in its workbook; its figures
  still equal each commune's counter's own for the same period;
- under the table, the text and the workbook print the identities and the reconciliation line of the
  accepted dossiers ended without a result (outside column (1)): (1) + ended = all dossiers handled;
- the workbook's header is the counter's: "Trong đó" over (2) Trực tuyến and (3) Trực tiếp, dịch vụ bưu
  chính, then the column numbers (1)–(11);
- a period that has not begun is refused with the counter's sentence, exit 2;
- the hub's words are the counter's, word for word (the hub may not import the counter's printing).

The page (headless Chromium) is checked in tests/hub/test_report.py::test_report_page_in_chromium.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from counter_app import messages
from counter_app.domain.calendar import office_time
from counter_app.printing.bieu06 import LABELS
from district_server import report
from district_server.cli import main as hub_main
from district_server.errors import MESSAGES
from tests.hub import test_report as story

district = story.district  # the fixture: two communes' counters synced to the hub
OCTOBER_LINE = (
    "Đối chiếu: hồ sơ đã tiếp nhận nhưng kết thúc không có kết quả trong kỳ, không tính vào cột (1): "
    "rút hồ sơ theo đề nghị 1; dừng giải quyết 1. Tổng số hồ sơ đã tiếp nhận phải giải quyết trong kỳ: "
    "11 (cột 1) + 2 = 13."
)
FORMULA = "(1) = (2) + (3) + (4) = (5) + (9); (5) = (6) + (7) + (8); (9) = (10) + (11)."


def _today() -> date:
    return office_time(datetime.now(UTC)).date()


def test_the_hubs_words_are_the_counters() -> None:
    assert report.WORDS is LABELS  # one table (counter_app/domain/bieu06_words.py), never a copy
    assert MESSAGES["report_not_started"] == (
        messages.message("period.not_started", {"start": "{start}"}, "vi"),
        messages.message("period.not_started", {"start": "{start}"}, "en"),
    )


def test_the_reconciliation_line_under_the_table(
    district: story.District, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "thang10.xlsx"
    code, text, err = story._hub_cli(
        capsys, district.server.db_url, "report", "--from", "01/10/2025", "--to", "31/10/2025", "--out", str(out)
    )
    assert code == 0, err
    lines = text.splitlines()
    assert lines[0] == "Biểu 06 toàn huyện từ 01/10/2025 đến 31/10/2025"  # October is over: no "số liệu đến"
    assert FORMULA in lines and OCTOBER_LINE in lines
    assert "Không tiếp nhận trong kỳ: từ chối tiếp nhận 1; rút trước khi tiếp nhận 0." in lines
    for sheet in load_workbook(out).worksheets:
        cells = [list(row) for row in sheet.iter_rows(min_row=4, max_row=7, max_col=13, values_only=True)]
        assert cells[0][:3] == ["STT", cells[0][1], "Số hồ sơ nhận giải quyết"]
        assert cells[1][2:6] == ["Tổng số", "Trong đó", None, "Từ kỳ trước"]  # "Trong đó" over (2) and (3)
        assert cells[2][3:5] == ["Trực tuyến", "Trực tiếp, dịch vụ bưu chính"]
        assert cells[3] == ["(A)", "(B)", *(f"({n})" for n in range(1, 12))]
        merged = {str(r) for r in sheet.merged_cells.ranges}
        assert {"D5:E5", "C5:C6", "F5:F6", "A4:A6"} <= merged
        texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert FORMULA in texts and OCTOBER_LINE in texts, sheet.title
        assert "Kỳ báo cáo: từ ngày 01/10/2025 đến ngày 31/10/2025" in texts


def test_a_running_period_keeps_its_dates_and_says_how_far_the_figures_go(
    district: story.District, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    today = _today()
    end = today + timedelta(days=40)
    start_iso, end_iso = "2025-10-01", end.isoformat()
    on_hub = story._district_json(capsys, district.server.db_url, start_iso, end_iso)
    assert on_hub["period"] == {"from": start_iso, "to": end_iso, "data_until": today.isoformat()}
    for counter, code in ((district.a, story.A_CODE), (district.b, story.B_CODE)):
        assert story._block(on_hub, code) == counter.report(start_iso, end_iso), code  # same figures, same words
    story._assert_total_is_the_sum(on_hub)

    out = tmp_path / "dang-chay.xlsx"
    code, text, err = story._hub_cli(
        capsys, district.server.db_url, "report", "--from", start_iso, "--to", end_iso, "--out", str(out)
    )
    assert code == 0, err
    until = f"(Số liệu đến ngày {today:%d/%m/%Y})"
    assert text.splitlines()[0] == f"Biểu 06 toàn huyện từ 01/10/2025 đến {end:%d/%m/%Y} {until}"
    for sheet in load_workbook(out).worksheets:
        assert sheet.cell(2, 1).value == f"Kỳ báo cáo: từ ngày 01/10/2025 đến ngày {end:%d/%m/%Y} {until}"


def test_a_period_not_begun_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    assert hub_main(["--db", db, "commune", "add", "--code", story.A_CODE, "--name", story.A_NAME]) == 0
    start = _today() + timedelta(days=1)
    for extra in ([], ["--json"], ["--out", str(tmp_path / "x.xlsx")]):
        code, out, err = story._hub_cli(
            capsys, db, "report", "--from", start.isoformat(), "--to", (start + timedelta(days=30)).isoformat(), *extra
        )
        assert code == 2 and out == ""
        assert err.strip() == f"Kỳ báo cáo chưa bắt đầu (từ ngày {start:%d/%m/%Y}): chưa có số liệu để báo cáo"
    assert not (tmp_path / "x.xlsx").exists()
