"""District-wide Biểu 06 on the real hub: the figures of each commune equal its counter's own once synced.

Two counters of two communes (real counter databases, real services: history import of a paper ledger
for carried-over dossiers, intake, results early / on time / late, returns, an apology, a refusal at
intake, a withdrawal on request, a stop, ratings) sync with the real hub over loopback, on SQLite and on
PostgreSQL. Then ``counter-app report --json`` on each counter equals that commune's block of
``district-server report --json`` field by field (``by_field`` included), the district total is the
sum of the communes, and the report page shows the same figures in headless Chromium.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from counter_app.cli import main as counter_main
from counter_app.domain.applicant import make_applicant
from counter_app.domain.calendar import office_time
from counter_app.domain.values import Channel
from counter_app.services import history_import, intake, lifecycle, office, satisfaction
from counter_app.services import hub_sync as sync
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.users import find_user
from district_server import service
from district_server.cli import main as hub_main
from district_server.db import utc_now
from tests.conftest import FakeClock
from tests.hub.conftest import HubServer
from tests.hub.test_lookup import Browser, _chromium

A_CODE, A_NAME = "000.12.34.H26", "UBND xã Tân Lập"
B_CODE, B_NAME = "000.56.78.H26", "UBND xã Hòa Bình"
OCTOBER = ("2025-10-01", "2025-10-31")
NOVEMBER = ("2025-11-01", "2025-11-30")
AUTUMN = ("2025-09-01", "2025-11-30")
BLOCKS = ("received", "resolved", "in_progress", "ended", "not_accepted", "channels", "satisfaction")
HEADER = (
    "code,procedure_code,applicant_name,id_number,phone,address,channel,"
    "received_at,due_at,resolved_at,returned_at,status,ended_at,note"
)


def _vn(day: int, month: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment of 2025 in office time (UTC+7), as the counters' clock gives it."""
    return datetime(2025, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=7)


# ---------------------------------------------------------------------------------------- two counters


@dataclass
class Counter:
    ctx: Context
    data_dir: Path

    def take(self, procedure: str, name: str, **options: Any) -> str:
        applicant = make_applicant(name, phone="0912345678", address="Thôn Đông")
        return intake.accept(self.ctx, intake.IntakeRequest(procedure, applicant, **options)).dossier.code

    def sync(self) -> None:
        report = sync.run_round(self.ctx)
        assert (report.online, report.error, report.waiting, report.quarantined) == (True, None, 0, 0), report

    def report(self, start: str, end: str) -> dict[str, Any]:
        """``counter-app report --json`` on this counter (the commune leader's own figures)."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = counter_main(["--data-dir", str(self.data_dir), "report", "--from", start, "--to", end, "--json"])
        assert code == 0
        result: dict[str, Any] = json.loads(out.getvalue())
        return result


def _open_counter(data_dir: Path, code: str, name: str, workstation: int, clock: FakeClock) -> Counter:
    db = open_database(data_dir, create=True)
    setup = Context(db, Actor(None, "admin", "cli"), clock)
    office.initialize(
        setup,
        office.InitRequest(
            office_code=code,
            office_name=name,
            parent_name="UBND TỈNH PHÚ THỌ",
            workstation=workstation,
            admin_password="mat-khau-quan-tri",
        ),
    )
    admin = find_user(setup, "admin")
    return Counter(Context(db, Actor(admin.id, admin.username, "cli"), clock), data_dir)


def _enrol(server: HubServer, counter: Counter, code: str, name: str) -> None:
    assert server.hub is not None
    with server.hub.write() as session:
        service.add_commune(session, code, name, utc_now())
        one_time = service.issue_enroll_code(session, code, utc_now()).code
    sync.enroll(counter.ctx, server.url, one_time)


def _ledger(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@dataclass
class District:
    server: HubServer
    a: Counter
    b: Counter
    clock: FakeClock
    codes: dict[str, str]


@pytest.fixture
def district(hub_server: HubServer, tmp_path: Path) -> Iterator[District]:
    """Two communes' counters through September to November 2025, synced to the hub as they go."""
    clock = FakeClock(_vn(1, 10, 8))  # Wednesday 1/10/2025, 08:00
    a = _open_counter(tmp_path / "a", A_CODE, A_NAME, 2, clock)
    b = _open_counter(tmp_path / "b", B_CODE, B_NAME, 1, clock)
    try:
        _enrol(hub_server, a, A_CODE, A_NAME)
        _enrol(hub_server, b, B_CODE, B_NAME)
        codes = _story(tmp_path, a, b, clock)
        yield District(hub_server, a, b, clock, codes)
    finally:
        a.ctx.db.close()
        b.ctx.db.close()


def _story(tmp_path: Path, a: Counter, b: Counter, clock: FakeClock) -> dict[str, str]:
    # The paper ledgers of September (Hộ tịch 1.004873: 3 working days; Cư trú 1.004222: 7).
    history_import.run(
        a.ctx,
        _ledger(
            tmp_path,
            "a.csv",
            [
                # carried over into October, resolved there (late: due 25/9)
                f"{A_CODE}-250922-2001,1.004873,Trần Văn Một,,,,direct,22/09/2025 09:00,25/09/2025,,,,,",
                # resolved and returned in September: in no October figure
                f"{A_CODE}-250915-2001,1.004873,Lê Thị Hai,,,,direct,15/09/2025 09:00,18/09/2025,"
                "17/09/2025 10:00,18/09/2025 09:00,,,",
                # carried over, still open at the end of October and November: overdue
                f"{A_CODE}-250924-2001,1.004873,Phạm Văn Ba,,,,direct,24/09/2025 09:00,29/09/2025,,,,,",
                # withdrawn in September
                f"{A_CODE}-250923-2001,1.004873,Vũ Thị Bốn,,,,direct,23/09/2025 09:00,26/09/2025,,,withdrawn,"
                "26/09/2025 10:00,Công dân xin rút",
            ],
        ),
    )
    history_import.run(
        b.ctx,
        _ledger(
            tmp_path,
            "b.csv",
            [f"{B_CODE}-250929-1001,1.004222,Đỗ Văn Năm,,,,direct,29/09/2025 09:00,08/10/2025,,,,,"],
        ),
    )
    a.sync()
    b.sync()
    c: dict[str, str] = {}

    clock.now = _vn(1, 10, 9, 30)
    c["a_early"] = a.take("1.004873", "Nguyễn Văn Sáu")  # due Mon 6/10
    c["b_online"] = b.take("1.004194", "Hoàng Thị Bảy", channel=Channel.ONLINE)  # Cư trú, due 6/10
    clock.now = _vn(1, 10, 10)
    c["a_late_online"] = a.take("2.001035", "Bùi Văn Tám", channel=Channel.ONLINE)  # Chứng thực, due Fri 3/10
    clock.now = _vn(2, 10, 9)
    c["a_same_day"] = a.take(
        "2.000635", "Ngô Thị Chín"
    )  # Hộ tịch, same day (khai sinh is online-only since 01/10/2025)
    c["b_same_day"] = b.take("2.000815", "Đặng Văn Mười")  # Chứng thực, same day
    clock.now = _vn(2, 10, 9, 30)
    c["a_by_post"] = a.take("1.004873", "Lý Văn Mười Một", return_by_post=True)  # due Tue 7/10
    clock.now = _vn(2, 10, 10)
    lifecycle.record_result(b.ctx, c["b_same_day"])
    clock.now = _vn(2, 10, 16)
    lifecycle.record_result(a.ctx, c["a_same_day"])
    clock.now = _vn(3, 10, 9)
    applicant = make_applicant("Mai Thị Mười Hai", phone="0912345678", address="Thôn Đông")
    c["a_refused"] = intake.refuse(
        a.ctx, intake.IntakeRequest("1.004873", applicant), "Không thuộc thẩm quyền"
    ).dossier.code
    clock.now = _vn(3, 10, 14)
    lifecycle.record_result(a.ctx, c["a_early"])
    lifecycle.return_result(a.ctx, c["a_early"], "Nguyễn Văn Sáu")
    satisfaction.record(a.ctx, c["a_early"], "satisfied")
    a.sync()  # a round in the middle: what follows arrives in later rounds
    clock.now = _vn(6, 10, 9)
    c["a_withdrawn"] = a.take("2.001035", "Trịnh Văn Mười Ba")
    lifecycle.apology(a.ctx, c["a_by_post"], "Chờ xác minh của cơ quan cấp trên", date(2025, 10, 14))
    clock.now = _vn(6, 10, 15)
    lifecycle.record_result(a.ctx, c["a_late_online"])
    lifecycle.record_result(b.ctx, c["b_online"])
    lifecycle.return_result(b.ctx, c["b_online"], "Hoàng Thị Bảy")
    clock.now = _vn(7, 10, 9)
    satisfaction.record(b.ctx, c["b_online"], "very_satisfied")
    lifecycle.withdraw(a.ctx, c["a_withdrawn"], "Công dân xin rút", on_request=True, request_ref="Đơn số 12")
    c["a_stopped"] = a.take("1.004873", "Đinh Thị Mười Bốn")
    clock.now = _vn(8, 10, 9)
    lifecycle.stop(a.ctx, c["a_stopped"], "Hồ sơ không đủ điều kiện")
    lifecycle.record_result(a.ctx, f"{A_CODE}-250922-2001")
    clock.now = _vn(9, 10, 9)
    lifecycle.record_result(b.ctx, f"{B_CODE}-250929-1001")
    b.sync()
    clock.now = _vn(20, 10, 9)
    # Cư trú takes no paper since 01/10/2025 (Directive 24): taken on paper under a recorded exception
    c["b_overdue"] = b.take(
        "1.004222", "Cao Văn Mười Lăm", paper_exception="Người cao tuổi, không có thiết bị"
    )  # due 29/10
    clock.now = _vn(30, 10, 9)
    c["a_open"] = a.take("1.004873", "Tạ Thị Mười Sáu")  # due Tue 4/11
    clock.now = _vn(3, 11, 10)
    lifecycle.record_result(a.ctx, c["a_open"])  # early
    clock.now = _vn(5, 11, 9)
    lifecycle.withdraw(b.ctx, c["b_overdue"], "Công dân xin rút", on_request=True, request_ref="Đơn số 3")
    a.sync()
    b.sync()
    return c


# ---------------------------------------------------------------------------------------- the hub's CLI


def _hub_cli(capsys: pytest.CaptureFixture[str], db_url: str, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = hub_main(["--db", db_url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def _district_json(capsys: pytest.CaptureFixture[str], db_url: str, start: str, end: str, *extra: str) -> Any:
    code, out, err = _hub_cli(capsys, db_url, "report", "--from", start, "--to", end, "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def _block(district: dict[str, Any], commune: str) -> dict[str, Any]:
    (found,) = [c for c in district["by_commune"] if c["commune"] == commune]
    return {k: v for k, v in found.items() if k not in ("commune", "name")}


def _summed(parts: list[dict[str, Any]], block: str) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in parts:
        for name, value in part[block].items():
            total[name] = total.get(name, 0) + value
    return total


def _assert_total_is_the_sum(report: dict[str, Any]) -> None:
    parts = report["by_commune"]
    for block in BLOCKS:
        assert report[block] == _summed(parts, block), block
    assert report["apologies"] == sum(p["apologies"] for p in parts)
    fields: dict[str, list[dict[str, Any]]] = {}
    for part in parts:
        for row in part["by_field"]:
            fields.setdefault(row["field"], []).append(row)
    assert sorted(fields) == sorted(row["field"] for row in report["by_field"])
    for row in report["by_field"]:
        for block in BLOCKS[:-1]:
            assert row[block] == _summed(fields[row["field"]], block), (row["field"], block)


# ---------------------------------------------------------------------------------------- reconciliation


def test_each_communes_figures_on_the_hub_equal_its_counters(
    district: District, capsys: pytest.CaptureFixture[str]
) -> None:
    db_url = district.server.db_url
    for start, end in (OCTOBER, NOVEMBER, AUTUMN):
        on_hub = _district_json(capsys, db_url, start, end)
        assert on_hub["period"] == {"from": start, "to": end, "data_until": None}
        assert [(c["commune"], c["name"]) for c in on_hub["by_commune"]] == [(B_CODE, B_NAME), (A_CODE, A_NAME)]
        for counter, code in ((district.a, A_CODE), (district.b, B_CODE)):
            own = counter.report(start, end)
            assert _block(on_hub, code) == own, (code, start, end)  # field by field, by_field included
        _assert_total_is_the_sum(on_hub)
        only_a = _district_json(capsys, db_url, start, end, "--commune", A_CODE)
        assert [c["commune"] for c in only_a["by_commune"]] == [A_CODE]
        assert _block(only_a, A_CODE) == _block(on_hub, A_CODE)
        assert {k: v for k, v in only_a.items() if k != "by_commune"} == _block(on_hub, A_CODE)


def test_october_by_hand(district: District, capsys: pytest.CaptureFixture[str]) -> None:
    """The figures a leader reads for October, counted by hand from the story above."""
    october = _district_json(capsys, district.server.db_url, *OCTOBER)
    a = _block(october, A_CODE)
    # carried over: 22/9 and 24/9; online: 2.001035; direct/postal: six taken in October
    # (1) = (5) + (9): the two that ended without a result in October are apart (ended)
    assert a["received"] == {"total": 7, "online": 1, "direct_postal": 4, "carried_over": 2}
    # early 1.004873 (3/10, due 6/10); on time: same day; late: 2.001035 (6/10, due 3/10) and the 22/9 one
    assert a["resolved"] == {"total": 4, "early": 1, "on_time": 1, "late": 2}
    # overdue: 24/9 (due 29/9) and the one by post (due 7/10; the apology moves no due date); within: 30/10
    assert a["in_progress"] == {"total": 3, "within_time": 1, "overdue": 2}
    assert a["ended"] == {"total": 2, "withdrawn": 1, "stopped": 1}
    assert a["not_accepted"] == {"refused": 1, "withdrawn": 0}
    assert a["apologies"] == 1
    assert a["satisfaction"] == {"very_satisfied": 0, "satisfied": 1, "dissatisfied": 0, "total": 1}
    assert [(row["field"], row["received"]["total"]) for row in a["by_field"]] == [("Chứng thực", 1), ("Hộ tịch", 6)]
    b = _block(october, B_CODE)
    assert b["received"] == {"total": 4, "online": 1, "direct_postal": 2, "carried_over": 1}
    assert b["resolved"] == {"total": 3, "early": 0, "on_time": 2, "late": 1}
    assert b["in_progress"] == {"total": 1, "within_time": 0, "overdue": 1}
    assert october["received"]["total"] == 11 and october["resolved"]["late"] == 3
    assert october["satisfaction"]["total"] == 2

    november = _district_json(capsys, district.server.db_url, *NOVEMBER)
    assert _block(november, A_CODE)["received"]["carried_over"] == 3
    assert _block(november, B_CODE)["ended"] == {"total": 1, "withdrawn": 1, "stopped": 0}


def test_text_and_excel_output(district: District, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "bieu06.xlsx"
    code, text, err = _hub_cli(
        capsys, district.server.db_url, "report", "--from", "01/10/2025", "--to", "31/10/2025", "--out", str(out)
    )
    assert code == 0, err
    lines = text.splitlines()
    assert lines[0] == "Biểu 06 toàn huyện từ 01/10/2025 đến 31/10/2025"
    assert lines[1].startswith("Tổng cộng: nhận 11 (trực tuyến 2, trực tiếp/bưu chính 6, kỳ trước 3)")
    assert any(line.startswith(f"  {A_NAME} ({A_CODE}): nhận 7 ") for line in lines)
    sheet = load_workbook(out).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(min_row=8, max_row=10, max_col=13, values_only=True)]
    assert rows[0][:6] == [1, f"{B_NAME} ({B_CODE})", 4, 1, 2, 1]
    assert rows[1][:6] == [2, f"{A_NAME} ({A_CODE})", 7, 1, 4, 2]
    assert rows[2][1:] == ["Tổng cộng", 11, 2, 6, 3, 7, 1, 3, 3, 4, 1, 3]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "2025-13-01", "--to", "2025-12-31"], "Ngày “2025-13-01” không đúng dạng"),
        (["--from", "hôm qua", "--to", "2025-12-31"], "Ngày “hôm qua” không đúng dạng"),
        (["--from", "2025-10-31", "--to", "2025-10-01"], "Kỳ báo cáo không hợp lệ"),
        (["--from", "2025-10-01", "--to", "2025-10-31", "--commune", "000.99.99.H99"], "Không có xã mã"),
        (["--from", "2025-10-01", "--to", "2025-10-31", "--commune", "xã sai"], "Mã đơn vị “xã sai”"),
        (["--from", "2025-10-01", "--to", "2025-10-31", "--out", "bao-cao.pdf"], "Báo cáo chỉ ghi ra tệp .xlsx"),
        (["--from", "2025-10-01", "--to", "2025-10-31", "--out", "/nonexistent/x.xlsx"], "Không ghi được tệp"),
        (["--from", "2025-10-01"], "district-server report:"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    assert hub_main(["--db", db, "commune", "add", "--code", A_CODE, "--name", A_NAME]) == 0
    code, out, err = _hub_cli(capsys, db, "report", *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(says)


# ---------------------------------------------------------------------------------------- the page


class ReportPage(HTMLParser):
    """The rendered report: each table row by its ``data-commune`` (or field), cells by ``data-field``."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.fields: dict[str, dict[str, str]] = {}
        self.values: dict[str, str] = {}
        self.inputs: dict[str, str] = {}
        self.scripts = 0
        self.text_parts: list[str] = []
        self._row: dict[str, str] | None = None
        self._cell: str | None = None
        self._named: str | None = None
        self._skip = 0

    @classmethod
    def parse(cls, html: str) -> ReportPage:
        page = cls()
        page.feed(html)
        page.close()
        return page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag == "input" and named.get("name"):
            self.inputs[str(named["name"])] = str(named.get("value") or "")
        if tag == "tr":
            self._row = None
            if named.get("data-commune") is not None:
                self._row = self.rows.setdefault(str(named["data-commune"]), {})
            elif named.get("data-row-field") is not None:
                self._row = self.fields.setdefault(str(named["data-row-field"]), {})
        if tag == "td" and self._row is not None and named.get("data-field"):
            self._cell = str(named["data-field"])
            self._row[self._cell] = ""
        elif named.get("data-field"):
            self._named = str(named["data-field"])
            self.values[self._named] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1
        if tag == "td":
            self._cell = None
        if tag in ("h2", "td", "p", "th", "span"):
            self._named = None
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._skip or not data.strip():
            return
        self.text_parts.append(data.strip())
        if self._row is not None and self._cell is not None:
            self._row[self._cell] += data.strip()
        elif self._named is not None:
            self.values[self._named] = (self.values[self._named] + " " + data.strip()).strip()

    @property
    def text(self) -> str:
        return " ".join(self.text_parts)


def _columns(report: dict[str, Any]) -> dict[str, str]:
    return {f"{block}.{name}": str(value) for block in BLOCKS[:3] for name, value in report[block].items()}


def _token(capsys: pytest.CaptureFixture[str], db_url: str) -> str:
    code, out, err = _hub_cli(capsys, db_url, "report-token", "--label", "Văn phòng UBND")
    assert code == 0, err
    assert "/bao-cao" in err and "token=" not in err  # typed into the page's form, never in the address
    return out.strip()


def _log_in(browser: Browser, url: str, token: str, tmp_path: Path, **keep: str) -> str:
    """What the operator does on the login page: the token posted by the form (a local copy of it that
    submits itself, since a headless browser cannot type); the browser keeps the cookie in its profile.
    Returns the DOM it lands on."""
    fields = "".join(f'<input name="{k}" value="{v}">' for k, v in {"token": token, **keep}.items())
    page = tmp_path / "dang-nhap.html"
    page.write_text(
        f'<!doctype html><meta charset="utf-8"><form method="post" action="{url}/bao-cao/dang-nhap">{fields}</form>'
        "<script>document.forms[0].submit()</script>",
        encoding="utf-8",
    )
    return browser._run("--dump-dom", page.as_uri()).decode()


def test_report_page_in_chromium(district: District, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    browser = Browser(_chromium(), tmp_path / "chromium-profile")
    url = district.server.url
    token = _token(capsys, district.server.db_url)
    a_own = district.a.report(*OCTOBER)
    b_own = district.b.report(*OCTOBER)
    on_hub = _district_json(capsys, district.server.db_url, *OCTOBER)

    refused = ReportPage.parse(_log_in(browser, url, "sai-ma", tmp_path, tu=OCTOBER[0]))
    assert refused.values["error"] == "Mã truy cập không đúng hoặc đã bị thu hồi."
    assert not refused.rows and "13" not in refused.text
    assert refused.inputs["tu"] == OCTOBER[0]  # the period asked for is kept for the next try
    _log_in(browser, url, token, tmp_path, tu=OCTOBER[0], den=OCTOBER[1])
    page = ReportPage.parse(browser._run("--dump-dom", f"{url}/bao-cao?tu={OCTOBER[0]}&den={OCTOBER[1]}").decode())

    assert page.scripts == 0
    assert page.values["period"] == "Từ ngày 01/10/2025 đến ngày 31/10/2025"
    assert list(page.rows) == [B_CODE, A_CODE, "total"]
    assert page.rows[A_CODE].pop("name") == A_NAME
    assert page.rows[A_CODE] == _columns(a_own)  # the counter's own figures, as its leader sees them
    assert page.rows[B_CODE].pop("name") == B_NAME
    assert page.rows[B_CODE] == _columns(b_own)
    assert page.rows["total"].pop("name") == "Tổng cộng toàn huyện"
    assert page.rows["total"] == _columns(on_hub)
    assert page.rows["total"]["received.total"] == "11"
    assert {name: row["received.total"] for name, row in page.fields.items()} == {
        "Chứng thực": "2",
        "Cư trú": "3",
        "Hộ tịch": "6",
    }
    assert page.values["ended_withdrawn"] == "1" and page.values["refused"] == "1"
    assert page.values["ratings"] == "1 / 1 / 0"
    assert page.inputs["tu"] == OCTOBER[0] and page.inputs["den"] == OCTOBER[1]
    assert "token" not in page.inputs  # the cookie opened it

    only_a = ReportPage.parse(
        browser._run("--dump-dom", f"{url}/bao-cao?tu={OCTOBER[0]}&den={OCTOBER[1]}&xa={A_CODE}").decode()
    )
    assert list(only_a.rows) == [A_CODE, "total"]
    assert only_a.rows["total"]["resolved.late"] == str(a_own["resolved"]["late"])

    # under the table, as on the counter's Biểu 06: the identities and the reconciliation line
    assert page.values["of_which"] == "Trong đó"
    assert page.values["formula"] == "(1) = (2) + (3) + (4) = (5) + (9); (5) = (6) + (7) + (8); (9) = (10) + (11)."
    assert page.values["reconciliation"].endswith(
        "Tổng số hồ sơ đã tiếp nhận phải giải quyết trong kỳ: 11 (cột 1) + 2 = 13."
    )
    assert "data_until" not in page.values  # October is over
    # a period running past today keeps its dates and says how far its figures go
    today = office_time(datetime.now(UTC)).date()
    end = today + timedelta(days=40)
    running = ReportPage.parse(
        browser._run("--dump-dom", f"{url}/bao-cao?tu=2025-10-01&den={end.isoformat()}").decode()
    )
    assert running.values["period"] == f"Từ ngày 01/10/2025 đến ngày {end:%d/%m/%Y}"
    assert running.values["data_until"] == f"(Số liệu đến ngày {today:%d/%m/%Y})"
    assert running.inputs["den"] == end.isoformat()
    # one not begun: one sentence, the dates asked for kept in the form
    start = today + timedelta(days=1)
    later = ReportPage.parse(
        browser._run("--dump-dom", f"{url}/bao-cao?tu={start.isoformat()}&den={end.isoformat()}").decode()
    )
    assert later.values["error"] == f"Kỳ báo cáo chưa bắt đầu (từ ngày {start:%d/%m/%Y}): chưa có số liệu để báo cáo"
    assert not later.rows and later.inputs["tu"] == start.isoformat()


def test_the_page_is_not_public(district: District, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"{district.server.url}/bao-cao"
    query = {"tu": OCTOBER[0], "den": OCTOBER[1]}
    anonymous = httpx.get(url, params=query, timeout=30)
    assert anonymous.status_code == 401
    page = ReportPage.parse(anonymous.text)
    assert not page.rows and "token" in page.inputs
    assert httpx.get(f"{url}.xlsx", params=query, timeout=30).status_code == 401
    assert httpx.get(url, params=query, cookies={"bao_cao": "doan-bua"}, timeout=30).status_code == 401

    token = _token(capsys, district.server.db_url)
    with httpx.Client(timeout=30) as client:
        in_address = client.get(url, params={**query, "token": token})  # would end up in access logs
        assert in_address.status_code == 401 and "set-cookie" not in in_address.headers
        assert ReportPage.parse(in_address.text).values["error"].startswith("Không nhận mã truy cập trên địa chỉ")
        wrong = client.post(f"{url}/dang-nhap", data={**query, "token": "sai-ma"})
        assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
        first = client.post(f"{url}/dang-nhap", data={**query, "token": token})
        assert first.status_code == 303
        assert first.headers["location"] == f"/bao-cao?tu={OCTOBER[0]}&den={OCTOBER[1]}"
        cookie = first.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        seen = client.get(url, params=query)  # the cookie alone from now on
        assert seen.status_code == 200
        assert seen.headers["cache-control"] == "no-store"
        assert ReportPage.parse(seen.text).rows["total"]["received.total"] == "11"
        workbook = client.get(f"{url}.xlsx", params=query)
        assert workbook.status_code == 200
        assert load_workbook(io.BytesIO(workbook.content)).worksheets[0].cell(10, 3).value == 11
        today = office_time(datetime.now(UTC)).date()
        running = {"tu": OCTOBER[0], "den": (today + timedelta(days=40)).isoformat()}
        sheet = load_workbook(io.BytesIO(client.get(f"{url}.xlsx", params=running).content)).worksheets[0]
        assert str(sheet.cell(2, 1).value).endswith(f"(Số liệu đến ngày {today:%d/%m/%Y})")
        not_begun = {"tu": (today + timedelta(days=1)).isoformat(), "den": running["den"]}
        for path in (url, f"{url}.xlsx"):
            later = client.get(path, params=not_begun)
            assert later.status_code == 400  # a sentence, never a server error
            assert ReportPage.parse(later.text).values["error"].startswith("Kỳ báo cáo chưa bắt đầu (từ ngày ")
        bad = client.get(url, params={"tu": "2025-10-31", "den": "2025-10-01"})
        assert bad.status_code == 400
        assert ReportPage.parse(bad.text).values["error"].startswith("Kỳ báo cáo không hợp lệ")
        unknown = client.get(url, params={**query, "xa": "000.99.99.H99"})
        assert unknown.status_code == 404
        assert ReportPage.parse(unknown.text).values["error"] == "Không có xã mã 000.99.99.H99 trên máy chủ."

        code, out, _err = _hub_cli(capsys, district.server.db_url, "report-token", "--revoke-all")
        assert code == 0 and out.startswith("Đã thu hồi 1 mã")
        assert client.get(url, params=query).status_code == 401  # revoked: the cookie no longer opens it


def test_an_application_accepted_later_counts_from_its_acceptance(
    hub_server: HubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Submitted online on 30/9, accepted at the counter on 2/10: received in October, due from then."""
    clock = FakeClock(_vn(30, 9, 10))
    a = _open_counter(tmp_path / "a", A_CODE, A_NAME, 2, clock)
    try:
        _enrol(hub_server, a, A_CODE, A_NAME)
        applicant = make_applicant("Lương Văn Mười Bảy", phone="0912345678", address="Thôn Đông")
        request = intake.IntakeRequest("1.004873", applicant, channel=Channel.ONLINE)
        code = intake.record_submission(a.ctx, request).dossier.code
        a.sync()  # the hub has it pending: no due date yet
        clock.now = _vn(2, 10, 9)
        lifecycle.accept_pending(a.ctx, code)  # due Tue 7/10
        a.sync()
        for start, end in (("2025-09-01", "2025-09-30"), OCTOBER):
            on_hub = _district_json(capsys, hub_server.db_url, start, end)
            assert _block(on_hub, A_CODE) == a.report(start, end), (start, end)
        october = _district_json(capsys, hub_server.db_url, *OCTOBER)
        assert october["received"] == {"total": 1, "online": 1, "direct_postal": 0, "carried_over": 0}
        assert october["in_progress"] == {"total": 1, "within_time": 0, "overdue": 1}
    finally:
        a.ctx.db.close()
