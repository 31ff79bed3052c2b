"""History import from CSV: everything or nothing, codes, due dates, NFC, events for the hub."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.domain.applicant import make_applicant
from counter_app.domain.calendar import office_time
from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import Status
from counter_app.services import dossiers, history_import, intake
from counter_app.services.context import Context
from counter_app.services.errors import Refused

HEADER = (
    "code,procedure_code,applicant_name,id_number,phone,address,channel,"
    "received_at,due_at,resolved_at,returned_at,status,ended_at,note"
)
NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Hoà")
NFD_ADDRESS = unicodedata.normalize("NFD", "Xóm Đình, xã Tân Lập")
# A commune's paper ledger around the third quarter of 2025 (workstation 2, office 000.12.34.H26).
# Hộ tịch = 1.004873 (3 working days), Chứng thực = 2.001035 (2 working days).
LEDGER_ROWS = [
    # carried over into Q3, resolved late on 3/7 (due 25/6), returned on 4/7
    ",1.004873,Trần Văn Một,,0912345678,Thôn Đông,direct,"
    "20/06/2025 09:00,25/06/2025,03/07/2025 10:00,04/07/2025 09:00,,,",
    # carried over, still open on 30/9: overdue
    ",1.004873,Lê Thị Hai,,,,direct,25/06/2025 09:00,30/06/2025,,,,,",
    # online, ISO dates, NFD text, a given code in this workstation's block: early
    f'000.12.34.H26-250707-2001,1.004873,{NFD_NAME},001190012345,,"{NFD_ADDRESS}",online,'
    "2025-07-07T08:30,2025-07-10,2025-07-09T10:00,,,,",
    # a given code from the old ledger (number 0007): on time
    "000.12.34.H26-250714-0007,1.004873,Phạm Văn Bốn,,,,direct,14/07/2025 09:00,17/07/2025,17/07/2025 16:00,,,,",
    # by post, open on 30/9, due 30/9: within time
    ",1.004873,Hoàng Văn Năm,,,,postal,25/09/2025 09:00,30/09/2025,,,,,",
    # resolved before the quarter: not in it
    ",1.004873,Đỗ Thị Sáu,,,,,10/06/2025 09:00,13/06/2025,20/06/2025 09:00,,,,",
    # withdrawn on request within the quarter
    ",1.004873,Vũ Văn Bảy,,,,direct,11/08/2025 09:00,14/08/2025,,,withdrawn,20/08/2025 10:00,Công dân xin rút",
    # due date from the calendar (Tue 5/8 + 2 working days = Thu 7/8), ready Fri 8/8: late
    ",2.001035,Bùi Văn Tám,,,,direct,05/08/2025 09:00,,08/08/2025 10:00,,,,",
    # open on 30/9, due 1/10: within time
    ",2.001035,Đặng Thị Chín,,,,direct,29/09/2025 09:00,01/10/2025,,,,,",
    # carried over, stopped within the quarter
    ",2.001035,Ngô Văn Mười,,,,direct,27/06/2025 09:00,01/07/2025,,,stopped,15/07/2025 10:00,",
    # received after the quarter
    ",2.001035,Lý Thị Mười Một,,,,direct,02/10/2025 09:00,06/10/2025,,,,,",
    # due date given without a time; ready after the return time on the due day: on time
    ",2.001035,Mai Văn Mười Hai,,,,direct,12/09/2025 15:30,16/09/2025,16/09/2025 18:00,,,,",
]
LEDGER = "\n".join([HEADER, *LEDGER_ROWS]) + "\n"


def write(tmp_path: Path, content: str, name: str = "so-cu.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    return path


def count(ctx: Context, table: str) -> int:
    raw = sqlite3.connect(ctx.db.path)
    try:
        return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        raw.close()


def outbox(ctx: Context) -> list[dict[str, object]]:
    raw = sqlite3.connect(ctx.db.path)
    try:
        rows = raw.execute("SELECT payload FROM outbox WHERE topic = 'dossier.event' ORDER BY id").fetchall()
    finally:
        raw.close()
    return [json.loads(payload) for (payload,) in rows]


def test_a_paper_ledger_comes_in_with_its_history(ctx: Context, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    report = history_import.run(ctx, write(tmp_path, LEDGER), progress=lambda done, total: calls.append((done, total)))
    assert report.imported == 12
    assert report.by_status == {"returned": 1, "received": 4, "result_ready": 5, "withdrawn": 1, "stopped": 1}
    assert report.codes_allotted == 10
    assert report.events == 21  # 12 received + 7 results + 1 return + 1 withdrawal + 1 stop
    assert calls[0] == (0, 12) and calls[-1] == (12, 12)

    found = {row.applicant_name: row.code for row in dossiers.search(ctx, "van", 50)}
    tam = dossiers.show(ctx, found["Bùi Văn Tám"])
    assert tam.code == "000.12.34.H26-250805-2001"  # allotted in workstation 2's block of the reception day
    assert office_time(tam.due_at).strftime("%d/%m/%Y %H:%M") == "07/08/2025 17:00"  # from the calendar
    assert tam.status is Status.RESULT_READY and tam.timeliness == "late"
    assert [(e.kind, office_time(e.at).strftime("%d/%m/%Y %H:%M")) for e in tam.events] == [
        ("received", "05/08/2025 09:00"),
        ("result_ready", "08/08/2025 10:00"),
    ]
    mot = dossiers.show(ctx, found["Trần Văn Một"])
    assert mot.status is Status.RETURNED and [e.kind for e in mot.events] == ["received", "result_ready", "returned"]
    assert mot.late_entry and mot.register_book == "2025-2"
    bay = dossiers.show(ctx, found["Vũ Văn Bảy"])
    assert bay.status is Status.WITHDRAWN and bay.events[-1].payload["reason"] == "Công dân xin rút"
    assert bay.events[-1].payload["on_request"] is True
    mai = dossiers.show(ctx, found["Mai Văn Mười Hai"])
    assert office_time(mai.due_at).strftime("%d/%m/%Y %H:%M") == "16/09/2025 17:00"  # the office's return time
    assert mai.timeliness == "on_time"


def test_given_codes_are_kept_and_text_is_nfc(ctx: Context, tmp_path: Path) -> None:
    history_import.run(ctx, write(tmp_path, LEDGER))
    hoa = dossiers.show(ctx, "000.12.34.H26-250707-2001")
    assert hoa.applicant.full_name == "Nguyễn Thị Hoà" == unicodedata.normalize("NFC", NFD_NAME)
    assert hoa.applicant.address == "Xóm Đình, xã Tân Lập"
    assert hoa.channel.value == "online" and hoa.timeliness == "early"
    assert dossiers.show(ctx, "000.12.34.H26-250714-0007").timeliness == "on_time"
    # The search finds the NFD-typed name without tones.
    assert [r.code for r in dossiers.search(ctx, "nguyen thi hoa", 5)] == ["000.12.34.H26-250707-2001"]
    # A later entry on 7/7/2025 on this workstation continues after the given 2001.
    late = intake.accept(
        ctx,
        intake.IntakeRequest(
            "2.001035", make_applicant("Nguyễn Văn Đức"), received_at=datetime(2025, 7, 7, 3, 0, tzinfo=UTC)
        ),
    )
    assert late.dossier.code == "000.12.34.H26-250707-2002"


def test_every_event_reaches_the_outbox_like_a_live_one(ctx: Context, tmp_path: Path) -> None:
    live = intake.accept(ctx, intake.IntakeRequest("2.001035", make_applicant("Nguyễn Văn Đức", phone="0912345678")))
    history_import.run(ctx, write(tmp_path, LEDGER))
    messages = outbox(ctx)
    live_message = messages[0]
    assert live_message["dossier_code"] == live.dossier.code and live_message["kind"] == "received"
    imported = [m for m in messages if m["dossier_code"] != live.dossier.code]
    assert len(imported) == 21
    assert {m.keys() - {"dossier"} == live_message.keys() - {"dossier"} for m in imported} == {True}
    firsts = [m for m in imported if m["seq"] == 1]
    assert len(firsts) == 12 and all(m["kind"] == "received" for m in firsts)
    assert all(m["dossier"].keys() == live_message["dossier"].keys() for m in firsts)  # type: ignore[union-attr]
    assert not any("dossier" in m for m in imported if m["seq"] != 1)
    stop = next(m for m in imported if m["kind"] == "stopped")
    assert stop["at"] == "2025-07-15T03:00:00+00:00" and stop["status_after"] == "stopped"
    assert count(ctx, "notice") == 1  # only the live intake's receipt SMS: no message about old dossiers


def test_preview_counts_without_writing(ctx: Context, tmp_path: Path) -> None:
    preview = history_import.preview(ctx, write(tmp_path, LEDGER))
    assert (preview.rows, preview.valid, preview.errors) == (12, 12, ())
    assert preview.by_status == {"returned": 1, "received": 4, "result_ready": 5, "withdrawn": 1, "stopped": 1}
    assert (preview.codes_given, preview.codes_to_allot) == (2, 10)
    assert preview.first_received is not None and office_time(preview.first_received).date().isoformat() == "2025-06-10"
    assert count(ctx, "dossier") == 0


BAD_ROWS = [
    ",1.004873,Trần Văn Một,,,,direct,20/06/2025 09:00,,,,,,",  # line 2: fine
    ",9.999999,Lê Thị Hai,,,,direct,25/06/2025 09:00,,,,,,",  # line 3: unknown procedure
    ",1.004873,Phạm Văn Ba,,,,fax,31/02/2025,,,,,,",  # line 4: bad channel and date
    ",1.004873,Hoàng Văn Bốn,,,,,10/07/2025 09:00,,05/07/2025 10:00,,,,",  # line 5: result before reception
    "000.12.34.H26-250707-2001,1.004873,Vũ Năm,,,,,07/07/2025 09:00,,,,,,",  # line 6: fine
    "000.12.34.H26-250707-2001,1.004873,Đỗ Sáu,,,,,07/07/2025 09:00,,,,,,",  # line 7: repeats line 6's code
    ",1.004873,Ngô Bảy,12345,,,,07/07/2025 09:00,,,,received,01/08/2025,",  # line 8: bad ID, status vs dates
    "001.00.00.H01-250707-2001,1.004873,Mai Tám,,,,,07/07/2025 09:00,,,,,,",  # line 9: another office's code
    ",1.004873,,,,,,07/07/2025 09:00,,,,,,",  # line 10: no name
    ",1.004873,Lý Mười,,,,,07/07/2026 09:00,,,,,,",  # line 11: in the future
]


def test_a_bad_file_imports_nothing_and_names_every_bad_line(ctx: Context, tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join([HEADER, *BAD_ROWS]) + "\n")
    with pytest.raises(history_import.ImportRejected) as caught:
        history_import.run(ctx, path)
    errors = caught.value.errors
    assert sorted({e.line for e in errors}) == [3, 4, 5, 7, 8, 9, 10, 11]
    by_line = {line: {e.code for e in errors if e.line == line} for line in {e.line for e in errors}}
    assert by_line[3] == {"procedure.not_found"}
    assert by_line[4] == {"import.channel", "import.date"}
    assert by_line[5] == {"import.before_received"}
    assert by_line[7] == {"import.code_repeated"}
    assert by_line[8] == {"id_number.invalid", "import.status_dates"}
    assert by_line[9] == {"import.code_agency"}
    assert by_line[10] == {"import.required"}
    assert by_line[11] == {"import.future"}
    assert caught.value.params == {"count": 8}
    assert "Phạm Văn Ba" not in errors[0].message()  # messages name the problem, in Vietnamese by default
    assert (
        next(e for e in errors if e.line == 7).message("en") == "dossier code 000.12.34.H26-250707-2001 repeats line 6"
    )
    for table in ("dossier", "applicant", "dossier_event", "outbox", "daily_sequence", "register_sequence"):
        assert count(ctx, table) == 0, table
    assert history_import.preview(ctx, path).bad_lines == (3, 4, 5, 7, 8, 9, 10, 11)


def test_a_code_already_in_the_database_is_refused(ctx: Context, tmp_path: Path) -> None:
    existing = intake.accept(ctx, intake.IntakeRequest("2.001035", make_applicant("Nguyễn Văn Đức"))).dossier.code
    path = write(tmp_path, f"{HEADER}\n{existing},1.004873,Trần Văn Một,,,,,18/11/2025 08:00,,,,,,\n")
    with pytest.raises(history_import.ImportRejected) as caught:
        history_import.run(ctx, path)
    assert [(e.line, e.code) for e in caught.value.errors] == [(2, "import.code_exists")]
    assert count(ctx, "dossier") == 1


def test_excel_style_files_with_a_bom_and_semicolons(ctx: Context, tmp_path: Path) -> None:
    content = "\ufeffprocedure_code;applicant_name;received_at;resolved_at\n1.004873;Trần Văn Một;20/06/2025;\n"
    report = history_import.run(ctx, write(tmp_path, content))
    assert report.imported == 1 and report.by_status == {"received": 1}


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("procedure_code,applicant_name,received_at,colour\n", "import.columns_unknown"),
        ("procedure_code,applicant_name\n", "import.columns_missing"),
        ("procedure_code,applicant_name,received_at,note,note\n", "import.columns_repeated"),
        ("", "import.empty"),
    ],
)
def test_a_file_that_is_not_a_ledger_is_refused_at_once(ctx: Context, tmp_path: Path, content: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        history_import.preview(ctx, write(tmp_path, content))
    assert caught.value.code == code


def test_a_file_that_is_not_utf8_or_missing_is_refused(ctx: Context, tmp_path: Path) -> None:
    path = write(
        tmp_path, "procedure_code,applicant_name,received_at\n1.004873,Trần Văn Một,20/06/2025\n", encoding="utf-16"
    )
    with pytest.raises(InvalidInput) as caught:
        history_import.run(ctx, path)
    assert caught.value.code == "import.encoding"
    with pytest.raises(InvalidInput) as caught:
        history_import.preview(ctx, tmp_path / "none.csv")
    assert caught.value.code == "import.file"


def test_rows_of_the_wrong_width_and_ambiguous_endings(ctx: Context, tmp_path: Path) -> None:
    content = (
        "procedure_code,applicant_name,received_at,ended_at,status\n"
        "1.004873,Trần Văn Một,20/06/2025\n"  # too few cells
        "1.004873,Lê Văn Hai,20/06/2025,25/06/2025,\n"  # ended, but how?
        "1.004873,Lê Văn Ba,20/06/2025,,closed\n"  # unknown status
    )
    preview = history_import.preview(ctx, write(tmp_path, content))
    assert [(e.line, e.code) for e in preview.errors] == [
        (2, "import.width"),
        (3, "import.status_needed"),
        (4, "import.status"),
    ]


def test_result_days_without_a_time_and_excel_trailing_separators(ctx: Context, tmp_path: Path) -> None:
    """A ledger that writes only the day of the result (received 09:30, result "17/11/2025") and an Excel
    export that ends every line with a separator both come in; a day truly before reception does not."""
    content = (
        "procedure_code;applicant_name;received_at;resolved_at;returned_at;\n"
        "1.004873;Trần Văn Một;17/11/2025 09:30;17/11/2025;;\n"
        "1.004873;Lê Thị Hai;14/11/2025 14:00;14/11/2025 16:00;14/11/2025;\n"
    )
    try:
        report = history_import.run(ctx, write(tmp_path, content))
    except history_import.ImportRejected as exc:
        raise AssertionError([(e.line, e.code, e.params) for e in exc.errors]) from exc
    assert report.imported == 2 and report.by_status == {"result_ready": 1, "returned": 1}
    bad = "procedure_code,applicant_name,received_at,resolved_at\n1.004873,Trần Văn Ba,17/11/2025 09:30,14/11/2025\n"
    with pytest.raises(history_import.ImportRejected) as caught:
        history_import.run(ctx, write(tmp_path, bad, name="sai.csv"))
    assert [(e.line, e.code) for e in caught.value.errors] == [(2, "import.before_received")]


def test_the_same_file_imported_twice_is_refused_and_writes_nothing(ctx: Context, tmp_path: Path) -> None:
    path = write(tmp_path, LEDGER)
    history_import.run(ctx, path)
    before = dossiers.count(ctx)
    for again in (lambda: history_import.preview(ctx, path), lambda: history_import.run(ctx, path)):
        with pytest.raises(Refused) as caught:
            again()
        assert caught.value.code == "import.already_imported"
    copy = write(tmp_path, LEDGER, name="ban-sao.csv")  # the same bytes under another name
    with pytest.raises(Refused):
        history_import.run(ctx, copy)
    assert dossiers.count(ctx) == before  # the ten rows without a code were not allotted a second code
