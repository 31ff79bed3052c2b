"""The CLI under the one text rule: a control character or an overlong value is one line on stderr and
exit 2, nothing written (issue 11, items 3 and 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.services.test_history_import import HEADER


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["--applicant-name", "Nguyễn\x00Văn An"], "Họ tên có ký tự điều khiển không in được (U+0000 ở vị trí 7)"),
        (["--applicant-name", "Lê An\x1b[2J"], "Họ tên có ký tự điều khiển không in được (U+001B ở vị trí 6)"),
        (["--applicant-name", "Lê An", "--address", "Xóm " * 15_000], "Địa chỉ dài 59999 ký tự, quá giới hạn 500"),
    ],
)
def test_intake_refuses_control_characters_and_overlong_text(ready: Cli, args: list[str], sentence: str) -> None:
    before = (ready.table_count("dossier"), ready.table_count("outbox"))
    code, out, err = ready("intake", "--procedure", "2.000635", *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and sentence in err, err
    assert len(err) < 300  # the value itself is not echoed
    assert (ready.table_count("dossier"), ready.table_count("outbox")) == before


def test_history_import_refuses_an_overlong_address_by_line(ready: Cli, tmp_path: Path) -> None:
    path = tmp_path / "so-cu.csv"
    row = f",1.004873,Trần Văn Một,,,{'x' * 60_000},direct,20/06/2025 09:00,25/06/2025,,,,,"
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    code, out, err = ready("import", str(path))
    assert code == 2 and out == ""
    assert err.splitlines()[0] == "Dòng 2: Địa chỉ dài 60000 ký tự, quá giới hạn 500 ký tự"
    assert ready.table_count("dossier") == 0
