"""`counter-app postal …`: a batch out and back in, incoming dossiers, and bad S10 numbers refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_app.domain.postal import make_tracking
from tests.cli.conftest import Cli

BY_POST = "1.004873"
S10 = [make_tracking("EA", f"{n:08d}") for n in range(22345670, 22345680)]


def _ready_by_post(ready: Cli, name: str = "Nguyễn Văn Đức") -> str:
    code = str(
        ready.json(
            "intake", "--procedure", BY_POST, "--applicant-name", name, "--address", "Thôn Đông", "--return-by-post"
        )["code"]
    )
    ready.json("result", code)
    return code


def test_a_batch_goes_out_and_comes_back(ready: Cli, tmp_path: Path) -> None:
    first, second = _ready_by_post(ready), _ready_by_post(ready, "Trần Thị Ánh")
    ready.json("postal", "add", first, "--tracking", S10[0], "--postage", "32000")
    batch = ready.json("postal", "add", second, "--tracking", S10[1].lower())
    assert [i["tracking"] for i in batch["items"]] == [S10[0], S10[1]]
    out = tmp_path / "bien-ban.pdf"
    closed = ready.json("postal", "close", "--out", str(out), "--postal-worker", "Phạm Bưu Tá")
    assert closed["state"] == "closed"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert S10[0] in text
    assert S10[1] in text
    assert "Phạm Bưu Tá" in text
    assert "32.000" in text
    assert ready.json("show", first)["status"] == "handed_to_post"
    assert ready.json("postal", "delivered", first)["status"] == "returned"
    assert ready.json("postal", "undeliverable", second, "--reason", "Sai địa chỉ")["status"] == "result_ready"
    board = [r for r in ready.json("overdue", "--within", "30") if r["code"] == second]
    assert board[0]["urgency"] == "undeliverable"
    history = ready.json("postal", "batches")
    assert history[0]["state"] == "closed"
    status, out_text, _ = ready("postal", "batches")
    assert status == 0
    assert "gửi đi" in out_text


@pytest.mark.parametrize("bad", ["EA123456784VN", "EA12345678VN", "hello"])
def test_a_bad_tracking_number_exits_2_and_writes_nothing(ready: Cli, bad: str) -> None:
    code = _ready_by_post(ready)
    before = (ready.table_count("postal_item"), ready.table_count("postal_batch"), ready.table_count("audit_entry"))
    status, out, err = ready("postal", "add", code, "--tracking", bad)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "bưu gửi" in err
    status, _, err = ready("postal", "receive", "--tracking", bad, "--procedure", BY_POST, "--applicant-name", "Lê An")
    assert status == 2
    after = (ready.table_count("postal_item"), ready.table_count("postal_batch"), ready.table_count("audit_entry"))
    assert after == before


def test_dossiers_sent_in_by_post(ready: Cli, tmp_path: Path) -> None:
    result = ready.json(
        "postal",
        "receive",
        "--tracking",
        S10[2],
        "--slip",
        "PHS-7",
        "--procedure",
        BY_POST,
        "--applicant-name",
        "Đặng Quốc Dũng",
        "--address",
        "Xóm Bắc",
    )
    assert result["channel"] == "postal"
    assert result["status"] == "received"
    ready.json("postal", "close", "--direction", "in", "--out", str(tmp_path / "nhan.pdf"))
    incoming = [b for b in ready.json("postal", "batches") if b["direction"] == "in"]
    assert incoming[0]["items"][0]["slip_number"] == "PHS-7"


def test_interlinked_dossier_by_post(ready: Cli, tmp_path: Path) -> None:
    code = ready.json("intake", "--procedure", BY_POST, "--applicant-name", "Lê An")["code"]
    ready.json("postal", "add", code, "--tracking", S10[3], "--to", "STP")
    ready.json("postal", "close", "--out", str(tmp_path / "lt.pdf"))
    assert ready.json("show", code)["status"] == "interlinked"
