"""Text from user data that looks like a formula stays text in every workbook the counter writes.

``counter-app register --out x.xlsx`` and ``counter-app report --out x.xlsx``: a name ``=HYPERLINK(…)``,
an address beginning with ``+``, ``-``, ``@`` or a tab are loaded back by openpyxl as strings (never a
formula), with the characters the clerk typed, and marked quotePrefix so editing the cell keeps it text.
Numbers stay numbers.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from counter_app.domain.spreadsheet import csv_text, keep_text, starts_formula
from tests.cli.conftest import Cli

LINK = '=HYPERLINK("http://evil.example","Bấm vào đây")'
ADDRESSES = ["+84 Thôn Đông", "-Xóm Bãi", "@Tổ 5", "\t=1+1", "\r=2+2"]


def _cells(path: Path) -> list[Any]:
    book = load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_all_text(cells: list[Any], expected: list[str]) -> None:
    assert [c.coordinate for c in cells if c.data_type == "f"] == []  # no formula anywhere
    values = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in expected:
        found = [v for v in values if text in v]
        assert found, f"{text!r} is not readable in the workbook: {sorted(values)}"
        for value in found:
            if starts_formula(value):
                assert values[value].data_type == "s" and values[value].quotePrefix, value


@pytest.fixture
def office(cli: Cli) -> Cli:
    code, _, err = cli(
        "init",
        *("--office-code", "000.12.34.H26", "--office-name", LINK, "--parent-name", "@UBND TỈNH"),
        *("--workstation", "3", "--admin-password-stdin"),
        stdin="mat-khau-123\n",
    )
    assert code == 0, err
    return cli


def test_register_xlsx_keeps_names_and_addresses_as_text(office: Cli, tmp_path: Path) -> None:
    for address in ADDRESSES:
        office.json("intake", "--procedure", "2.000635", "--applicant-name", LINK, "--address", address)
    days = [(date.today() + timedelta(days=d)).isoformat() for d in (-1, 1)]  # the office's day is UTC+7
    out = tmp_path / "so-theo-doi.xlsx"
    code, _, err = office("register", "--from", days[0], "--to", days[1], "--out", str(out))
    assert code == 0, err
    cells = _cells(out)
    _assert_all_text(cells, [LINK, *(a.strip() for a in ADDRESSES)])
    numbers = [c.value for c in cells if c.column == 1 and isinstance(c.value, int)]
    assert numbers == [1, 2, 3, 4, 5]  # the row numbers stay numeric


def test_report_xlsx_keeps_the_unit_names_as_text(office: Cli, tmp_path: Path) -> None:
    office.json("intake", "--procedure", "2.000635", "--applicant-name", "Lê Thị Thu")
    out = tmp_path / "bieu06.xlsx"
    days = [(date.today() + timedelta(days=d)).isoformat() for d in (-1, 1)]
    code, _, err = office("report", "--from", days[0], "--to", days[1], "--out", str(out))
    assert code == 0, err
    cells = _cells(out)
    _assert_all_text(cells, [LINK, "@UBND TỈNH"])
    assert any(c.value == 1 and c.data_type == "n" for c in cells)  # the dossier is counted as a number


def test_the_rule_itself() -> None:
    assert [starts_formula(t) for t in ("=1", "+1", "-1", "@a", "\t=1", "\r=1", "1", "a=", " =1", "")] == [
        *([True] * 6),
        *([False] * 4),
    ]
    assert csv_text("=1+1") == "'=1+1" and csv_text("Nguyễn") == "Nguyễn"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append([LINK, -5, 3.5, "ok"])
    assert book.active["A1"].data_type == "f"  # what openpyxl does on its own
    assert keep_text(book) == 1
    assert (book.active["A1"].data_type, book.active["A1"].value) == ("s", LINK)
    assert (book.active["B1"].value, book.active["C1"].value) == (-5, 3.5)
