"""`counter-app report` gives the digitisation share (issue 13 item 8): key ``digitised`` beside Biểu 06."""

from __future__ import annotations

import json
from pathlib import Path

from counter_app.domain.statistics import Period
from counter_app.services import statistics as stats
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from tests.cli.conftest import Cli
from tests.cli.test_report_cli import LEDGER, write


def test_the_report_carries_the_share_and_keeps_the_rest(ready: Cli, tmp_path: Path) -> None:
    code, _out, err = ready("import", str(write(tmp_path, LEDGER)))
    assert code == 0, err
    data = ready.json("report", "--quarter", "2025-Q3")
    # Received in Q3: an online filing (nothing to copy) and a postal contract whose papers have no copy.
    assert data["digitised"] == {"received": 2, "digitised": 1, "share": 0.5, "nothing_to_digitise": 1}
    # Everything else is Biểu 06 exactly as the statistics service gives it.
    db = open_database(ready.data_dir)
    try:
        bieu06 = stats.report(Context(db, Actor(None, "admin", "cli")), Period.quarter(2025, 3)).to_json()
    finally:
        db.close()
    assert {k: v for k, v in data.items() if k != "digitised"} == json.loads(json.dumps(bieu06))
    code, out, _ = ready("report", "--quarter", "2025-Q3")
    assert code == 0
    assert "Số hóa hồ sơ: 1/2 hồ sơ tiếp nhận có đủ bản điện tử (50,0 %; không có giấy tờ phải số hóa 1)" in out
    empty = ready.json("report", "--quarter", "2025-Q1")
    assert empty["digitised"] == {"received": 0, "digitised": 0, "share": None, "nothing_to_digitise": 0}


def test_a_clerk_marks_a_secret_paper_from_the_command_line(ready: Cli) -> None:
    dossier = ready.json("intake", "--procedure", "2.001035", "--applicant-name", "Nguyễn Văn Mật")["code"]
    mark = ready.json("exempt", dossier, "--paper", "3", "--reason", "secret")
    assert mark == {"code": dossier, "paper": 3, "reason": "secret", "digitised_complete": False}
    code, out, _ = ready("exempt", dossier, "--paper", "3", "--clear")
    assert code == 0 and out.startswith(f"Hồ sơ {dossier}, giấy tờ số 3 (") and "phải số hóa (bỏ đánh dấu)" in out
    code, _out, err = ready("exempt", dossier, "--paper", "9", "--reason", "secret")
    assert code == 2 and err.count("\n") == 1 and "không có giấy tờ số 9" in err
    code, _out, err = ready("exempt", dossier, "--paper", "1", "--reason", "lazy")
    assert code == 2
