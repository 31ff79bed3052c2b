"""`counter-app import` and `counter-app report` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.cli.conftest import Cli

HEADER = "code,procedure_code,applicant_name,channel,received_at,due_at,resolved_at,returned_at,status,ended_at"
LEDGER = "\n".join(
    [
        HEADER,
        # carried over, resolved late
        ",1.004873,Trần Văn Một,direct,20/06/2025 09:00,25/06/2025,03/07/2025 10:00,04/07/2025 09:00,,",
        ",1.004873,Lê Thị Hai,direct,25/06/2025 09:00,30/06/2025,,,,",  # carried, overdue at 30/9
        ",1.004873,Nguyễn Thị Hoà,online,2025-07-07T08:30,2025-07-10,2025-07-09T10:00,,,",  # early
        ",2.001035,Bùi Văn Tám,postal,05/08/2025 09:00,,08/08/2025 10:00,,,",  # due 7/8 from the calendar: late
        ",2.001035,Ngô Văn Mười,direct,27/06/2025 09:00,01/07/2025,,,stopped,15/07/2025 10:00",  # carried, stopped
    ]
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "so-cu.csv"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_import_then_report_the_quarter(ready: Cli, tmp_path: Path) -> None:
    code, out, err = ready("import", str(write(tmp_path, LEDGER)))
    assert code == 0, err
    assert out.startswith("Đã nhập 5 hồ sơ")
    data = ready.json("report", "--quarter", "2025-Q3")
    assert data["period"] == {"from": "2025-07-01", "to": "2025-09-30", "data_until": None}
    # (1) = (5) + (9): the stopped dossier is apart, with the ended ones
    assert data["received"] == {"total": 4, "online": 1, "direct_postal": 1, "carried_over": 2}
    assert data["resolved"] == {"total": 3, "early": 1, "on_time": 0, "late": 2}
    assert data["in_progress"] == {"total": 1, "within_time": 0, "overdue": 1}
    assert data["ended"] == {"total": 1, "withdrawn": 0, "stopped": 1}
    assert [f["field"] for f in data["by_field"]] == ["Chứng thực", "Hộ tịch"]
    assert ready.json("report", "--from", "01/07/2025", "--to", "2025-09-30") == data
    code, out, _ = ready("report", "--year", "2025")
    assert code == 0 and "Tổng cộng: nhận 4" in out and "kỳ trước 0" in out


def test_report_files(ready: Cli, tmp_path: Path) -> None:
    ready("import", str(write(tmp_path, LEDGER)))
    pdf, xlsx = tmp_path / "bieu06.pdf", tmp_path / "bieu06.xlsx"
    assert ready.json("report", "--quarter", "2025-Q3", "--out", str(pdf))["received"]["total"] == 4
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "Tổng cộng 4 1 1 2 3 1 0 2 1 0 1" in text
    code, out, err = ready("report", "--quarter", "2025-Q3", "--out", str(xlsx))
    assert code == 0 and out.endswith(f"Đã ghi {xlsx}\n"), err
    rows = [list(r) for r in load_workbook(xlsx).active.iter_rows(values_only=True)]
    assert ["Tổng cộng", 4, 1, 1, 2, 3, 1, 0, 2, 1, 0, 1] in [r[1:] for r in rows]


def test_a_bad_file_lists_every_bad_line_and_imports_nothing(ready: Cli, tmp_path: Path) -> None:
    bad = "\n".join(
        [
            HEADER,
            ",1.004873,Trần Văn Một,direct,20/06/2025 09:00,,,,,",
            ",1.004873,Lê Thị Hai,bus,25/06/2025 09:00,,,,,",
            ",9.9,Nguyễn Ba,direct,32/07/2025,,,,,",
        ]
    )
    code, out, err = ready("import", str(write(tmp_path, bad)))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("Dòng 3: kênh tiếp nhận 'bus' không hợp lệ")
    assert [line.split(":")[0] for line in lines[:-1]] == ["Dòng 3", "Dòng 4", "Dòng 4"]
    assert lines[-1] == "2 dòng có lỗi; chưa nhập hồ sơ nào"
    assert ready.table_count("dossier") == 0 and ready.table_count("outbox") == 0
    code, out, _ = ready("import", str(write(tmp_path, bad)), "--json")
    assert code == 2 and [e["line"] for e in json.loads(out)["errors"]] == [3, 4, 4]


def test_bad_report_input_is_one_line(ready: Cli, tmp_path: Path) -> None:
    for args, start in [
        (("report",), "Chọn kỳ báo cáo"),
        (("report", "--quarter", "2025-Q5"), "counter-app report: lỗi: tham số --quarter: Kỳ báo cáo không hợp lệ"),
        (("report", "--from", "2025-07-01"), "Chọn kỳ báo cáo"),
        (("report", "--year", "2025", "--quarter", "2025-Q1"), "Chọn kỳ báo cáo"),
        (("report", "--from", "2025-09-30", "--to", "2025-07-01"), "Khoảng thời gian không hợp lệ"),
        (("report", "--year", "2025", "--out", str(tmp_path / "b.docx")), "Biểu 06 xuất ra tệp .pdf hoặc .xlsx"),
        (("import", str(tmp_path / "none.csv")), "Không đọc được tệp"),
    ]:
        code, out, err = ready(*args)
        assert code == 2 and out == "", args
        assert err.startswith(start) and len(err.strip().splitlines()) == 1, (args, err)
