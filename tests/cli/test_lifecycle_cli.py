"""The lifecycle from the command line: every transition reachable, illegal ones refused in one line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar
from tests.cli.conftest import Cli

CONTRACT = "2.001035"  # 2 working days


def _pdf(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def _take(ready: Cli, *extra: str, name: str = "Nguyễn Văn Đức") -> str:
    return str(
        ready.json("intake", "--procedure", CONTRACT, "--applicant-name", name, "--phone", "0912345678", *extra)["code"]
    )


def test_from_intake_to_the_citizen(ready: Cli, tmp_path: Path) -> None:
    code = _take(ready)
    assert ready.json("transfer", code, "--to", "CC_TPHT", "--receiver", "Lê Thị Tư")["status"] == "processing"
    assert ready.json("transfer", code, "--to", "CAX")["status"] == "interlinked"
    assert (
        ready.json("supplement-request", code, "--missing", "1", "--note", "Thiếu")["status"] == "awaiting_supplement"
    )
    assert ready.json("supplement-received", code)["status"] == "interlinked"
    assert ready.json("result", code, "--outcome", "granted")["status"] == "result_ready"
    out = tmp_path / "giao.pdf"
    returned = ready.json(
        "return",
        code,
        "--receiver",
        "Trần Thị Ánh",
        "--receiver-id",
        "001190123456",
        "--paper",
        "Văn bản chứng thực x2",
        "--authorisation-kind",
        "Giấy ủy quyền",
        "--authorisation-number",
        "15/UQ",
        "--authorisation-date",
        "2025-01-02",
        "--out",
        str(out),
    )
    assert returned["status"] == "returned"
    text = _pdf(out)
    assert "Trần Thị Ánh" in text
    assert "Giấy tờ ủy quyền nhận thay: Giấy ủy quyền số 15/UQ ngày 02/01/2025" in text
    assert "Tổng cộng: 1 loại giấy tờ, 2 bản." in text
    assert code in text
    slip = tmp_path / "kiem-soat.pdf"
    ready.json("routing-slip", code, "--out", str(slip))
    slip_text = _pdf(slip)
    assert "Công an xã" in slip_text
    assert "Công chức Tư pháp - Hộ tịch" in slip_text
    events = [e["kind"] for e in ready.json("show", code)["events"]]
    assert events.count("transferred") == 2
    assert "notified" in events  # receipt and result-ready texts queued for the hub


@pytest.mark.parametrize(
    ("steps", "args", "fragment"),
    [
        ([], ["return", "{code}", "--receiver", "X"], "Không thể thực hiện"),
        ([], ["withdraw", "{code}", "--reason", "Thôi"], "đơn đề nghị"),
        ([], ["transfer", "{code}", "--to", "NOWHERE"], "Không có cơ quan"),
        ([], ["supplement-received", "{code}"], "Không thể thực hiện"),
        ([["result", "{code}"]], ["stop", "{code}", "--reason", "Dừng"], "Không thể thực hiện"),
        ([], ["stop", "{code}", "--reason", "  "], "lý do"),
    ],
)
def test_illegal_or_bad_steps_exit_2_and_change_nothing(
    ready: Cli, steps: list[list[str]], args: list[str], fragment: str
) -> None:
    code = _take(ready)
    for step in steps:
        ready.json(*[a.format(code=code) for a in step])
    changes = "audit_entry WHERE action != 'dossier.viewed'"  # ``show`` itself is audited (an opening)
    before = (ready.json("show", code)["status"], ready.table_count("dossier_event"), ready.table_count(changes))
    status, out, err = ready(*[a.format(code=code) for a in args])
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert fragment in err, err
    after = (ready.json("show", code)["status"], ready.table_count("dossier_event"), ready.table_count(changes))
    assert after == before


def test_withdraw_on_request_and_stop_with_notice(ready: Cli, tmp_path: Path) -> None:
    first, second = _take(ready), _take(ready)
    result = ready.json("withdraw", first, "--reason", "Công dân rút", "--on-request", "--request-ref", "Đơn 3")
    assert result["status"] == "withdrawn"
    out = tmp_path / "dung.pdf"
    assert ready.json("stop", second, "--reason", "Công dân đề nghị dừng", "--out", str(out))["status"] == "stopped"
    assert "Công dân đề nghị dừng" in _pdf(out)


def test_pending_applications(ready: Cli) -> None:
    incomplete = _take(ready, "--missing", "1")
    accepted = ready.json("accept", incomplete)
    assert accepted["status"] == "received"
    assert accepted["appointment_at"] is not None
    other = _take(ready, "--missing", "1")
    assert ready.json("refuse", other, "--reason", "Không bổ sung")["status"] == "refused"


def test_apology_and_the_leader_rule(ready: Cli, tmp_path: Path) -> None:
    code = _take(ready)
    appointment = datetime.fromisoformat(ready.json("show", code)["appointment_at"]).date()
    calendar = WorkingCalendar()
    first_date = calendar.add_working_days(appointment, 2)
    out = tmp_path / "xin-loi.pdf"
    result = ready.json(
        "apology", code, "--reason", "Chờ xác minh của Công an", "--new-date", first_date.isoformat(), "--out", str(out)
    )
    assert result["reschedule_count"] == 1
    assert result["appointment_at"].startswith(first_date.isoformat())
    assert result["due_at"].startswith(appointment.isoformat())  # the due date never moves
    text = _pdf(out)
    assert "Chờ xác minh của Công an" in text
    assert code in text
    second_date = calendar.add_working_days(first_date, 1).isoformat()
    status, _, err = ready(
        "apology", code, "--reason", "Chưa xong", "--new-date", second_date, "--out", str(tmp_path / "2.pdf")
    )
    assert status == 2
    assert "lãnh đạo" in err
    assert not (tmp_path / "2.pdf").exists()
    code_, _, err = ready(
        "user",
        "add",
        "chu.tich",
        "--full-name",
        "Trần Văn Chủ",
        "--role",
        "leader",
        "--password-stdin",
        stdin="mat-khau-lanh-dao\n",
    )
    assert code_ == 0, err
    status, out_text, err = ready(
        "apology",
        code,
        "--reason",
        "Chưa xong",
        "--new-date",
        second_date,
        "--out",
        str(tmp_path / "2.pdf"),
        "--confirmed-by",
        "chu.tich",
        "--json",
        stdin="mat-khau-lanh-dao\n",
    )
    assert status == 0, err
    assert '"second_reschedule": true' in out_text
    board = ready.json("overdue", "--within", "30")
    flagged = [row for row in board if row["code"] == code]
    assert flagged
    assert flagged[0]["flagged"] is True


def test_overdue_lists_late_dossiers_most_urgent_first(ready: Cli) -> None:
    old = _take(ready, "--received-at", "2025-11-03T09:00", name="Quá Hạn Lâu")
    newer = _take(ready, "--received-at", "2025-11-17T09:00", name="Quá Hạn Ít")
    board = ready.json("overdue")
    codes = [row["code"] for row in board]
    assert codes.index(old) < codes.index(newer)
    assert all(row["urgency"] == "overdue" for row in board if row["code"] in (old, newer))
    status, out, _ = ready("overdue")
    assert status == 0
    assert "QUÁ HẠN" in out


def test_register_pdf_and_xlsx(ready: Cli, tmp_path: Path) -> None:
    codes = [_take(ready, "--received-at", f"2025-11-{day:02d}T09:00") for day in (17, 18, 19)]
    pdf, xlsx = tmp_path / "so.pdf", tmp_path / "so.xlsx"
    ready.json("register", "--from", "17/11/2025", "--to", "18/11/2025", "--out", str(pdf))
    text = _pdf(pdf).replace(" ", "")  # a long code wraps inside its register column
    assert codes[0] in text
    assert codes[1] in text
    assert codes[2] not in text
    ready.json("register", "--from", "2025-11-01", "--to", "2025-11-30", "--out", str(xlsx))
    sheet = load_workbook(xlsx).active
    values = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(any(code in v for v in values) for code in codes)
    status, _, err = ready("register", "--from", "2025-11-30", "--to", "2025-11-01", "--out", str(pdf))
    assert status == 2
    assert "Khoảng thời gian" in err
    status, _, err = ready("register", "--from", "2025-11-01", "--to", "2025-11-30", "--out", str(tmp_path / "s.csv"))
    assert status == 2


def test_agencies(ready: Cli) -> None:
    kinds = {a["code"]: a["kind"] for a in ready.json("agencies")}
    assert kinds["CAX"] == "police"
    assert kinds["CC_TPHT"] == "commune_officer"


def test_online_submissions_from_the_command_line(ready: Cli, tmp_path: Path) -> None:
    submitted = ready.json(
        "intake", "--procedure", CONTRACT, "--applicant-name", "Lê Trực Tuyến", "--channel", "online", "--submitted"
    )
    assert submitted["status"] == "submitted"
    assert submitted["due_at"] is None  # the clock starts when the counter accepts it
    assert ready.json("incomplete", submitted["code"], "--missing", "1")["status"] == "intake_supplement"
    ready.json("slip", "supplement", submitted["code"], "--out", str(tmp_path / "bs.pdf"))
    assert ready.json("accept", submitted["code"])["status"] == "received"
    other = ready.json("intake", "--procedure", CONTRACT, "--applicant-name", "Lê Rút", "--submitted")["code"]
    assert ready.json("withdraw", other, "--reason", "Nộp nhầm")["status"] == "withdrawn"  # outright: not accepted


def test_apology_refuses_a_new_date_already_past(ready: Cli, tmp_path: Path) -> None:
    """Issue 11: a dossier entered late (taken on paper 30 days ago) has its appointment in the past; the
    day after that appointment is past too and is refused, in one line, with nothing printed."""
    calendar = WorkingCalendar()
    today = datetime.now(UTC).astimezone(OFFICE_TZ).date()
    received = calendar.previous_working_day(today - timedelta(days=30))
    code = _take(ready, "--received-at", f"{received.isoformat()}T09:00")
    appointment = datetime.fromisoformat(ready.json("show", code)["appointment_at"]).date()
    assert appointment < today
    past = calendar.next_working_day(appointment)
    out = tmp_path / "xin-loi.pdf"
    status, stdout, err = ready(
        "apology", code, "--reason", "Chờ", "--new-date", past.isoformat(), "--out", str(out), "--json"
    )
    assert status == 2 and stdout == "" and len(err.splitlines()) == 1
    first = calendar.next_working_day(today)
    assert err.startswith("Ngày hẹn mới phải là ngày làm việc sau hôm nay") and f"{first:%d/%m/%Y}" in err
    assert not out.exists()
    result = ready.json("apology", code, "--reason", "Chờ", "--new-date", first.isoformat(), "--out", str(out))
    assert result["appointment_at"].startswith(first.isoformat())
