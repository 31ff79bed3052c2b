"""Records that must be true, from the command line: the apology's default new date is never past, a
proxy's return needs the authorisation paper (one line, exit 2), and the report says how far a running
period's figures go."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar
from counter_app.domain.statistics import Period
from tests.cli.conftest import Cli

CONTRACT = "2.001035"  # 2 working days


def _take(ready: Cli) -> str:
    data = ready.json("intake", "--procedure", CONTRACT, "--applicant-name", "Nguyễn Văn Đức", "--phone", "0912345678")
    return str(data["code"])


def test_apology_without_a_date_takes_the_first_valid_day(ready: Cli, tmp_path: Path) -> None:
    code = _take(ready)
    out = tmp_path / "xin-loi.pdf"
    result = ready.json("apology", code, "--reason", "Chờ xác minh", "--out", str(out))
    today = datetime.now(UTC).astimezone(OFFICE_TZ).date()
    new_day = datetime.fromisoformat(result["appointment_at"]).astimezone(OFFICE_TZ).date()
    assert new_day > today  # never a day already past
    appointment_before = datetime.fromisoformat(result["due_at"]).astimezone(OFFICE_TZ).date()
    assert new_day == WorkingCalendar().next_working_day(max(today, appointment_before))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "đề nghị Ông/Bà đồng ý gia hạn" in text  # issued before the due time: asks for an extension


def test_a_proxy_return_without_its_authorisation_is_one_line(ready: Cli, tmp_path: Path) -> None:
    code = _take(ready)
    ready.json("result", code, "--outcome", "granted")
    status, out, err = ready("return", code, "--receiver", "Trần Thị Ánh", "--paper", "Văn bản chứng thực")
    assert status == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("Người nhận thay (Trần Thị Ánh) phải xuất trình giấy ủy quyền")
    status, _, err = ready("return", code, "--receiver", "Trần Thị Ánh", "--authorisation-number", "15/UQ")
    assert status == 2 and err.strip() == "Giấy ủy quyền cần ghi đủ loại giấy, số và ngày"
    status, _, err = ready("return", code, "--receiver", "Nguyễn Văn Đức", "--paper", "Trích lục x0")
    assert status == 2 and err.strip() == "Số bản của Trích lục phải từ 1 đến 99: 0"
    assert ready.json("return", code, "--receiver", "Nguyễn Văn Đức")["status"] == "returned"


def test_a_running_quarter_says_how_far_its_figures_go(ready: Cli) -> None:
    _take(ready)
    today = datetime.now(UTC).astimezone(OFFICE_TZ).date()
    quarter = Period.quarter(today.year, (today.month - 1) // 3 + 1)
    code, out, _ = ready("report", "--quarter", f"{today.year}-Q{(today.month - 1) // 3 + 1}")
    assert code == 0
    heading = f"Biểu 06 từ {quarter.start:%d/%m/%Y} đến {quarter.end:%d/%m/%Y}"  # the whole quarter, never cut
    running = today < quarter.end
    assert out.splitlines()[0] == heading + (f" (số liệu đến ngày {today:%d/%m/%Y})" if running else "")
    assert "Đối chiếu: (1) 1 = (5) 0 + (9) 1" in out
