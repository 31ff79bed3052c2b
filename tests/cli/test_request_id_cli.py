"""``--request-id``: a script that retries a command (a lost answer, a timeout) acts once."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli

CONTRACT = "2.001035"
BY_POST = "1.004873"
S10 = "EA123456785VN"


def test_intake_retried_with_one_request_id_makes_one_dossier(ready: Cli) -> None:
    args = ("intake", "--procedure", CONTRACT, "--applicant-name", "Nguyễn Văn Đức", "--request-id", "script-run-0001")
    first = ready.json(*args)
    again = ready.json(*args)
    assert again == first
    assert ready.table_count("dossier") == 1
    code, _out, err = ready(*args[:-1], "script-run-0001", "--refuse", "Không thuộc thẩm quyền")
    assert code == 2  # the same id for another action: one line, nothing written
    assert "đã được thực hiện" in err and first["code"] in err
    assert len(err.strip().splitlines()) == 1
    assert ready.table_count("dossier") == 1


def test_lifecycle_and_postal_commands_retried_act_once(ready: Cli, tmp_path: Path) -> None:
    code = ready.json(
        "intake", "--procedure", BY_POST, "--applicant-name", "Lê An", "--address", "Xóm Đông", "--return-by-post"
    )["code"]
    for _ in range(2):
        assert ready.json("result", code, "--request-id", "result-0001")["status"] == "result_ready"
    for _ in range(2):
        batch = ready.json("postal", "add", code, "--tracking", S10, "--request-id", "add-0001")
        assert len(batch["items"]) == 1
    out = tmp_path / "bien-ban.pdf"
    for _ in range(2):
        closed = ready.json(
            "postal", "close", "--out", str(out), "--postal-worker", "Phạm Bưu Tá", "--request-id", "close-0001"
        )
        assert closed["state"] == "closed"
    # a replay answers with the dossier as it is now (here: already handed to the post)
    assert ready.json("result", code, "--request-id", "result-0001")["status"] == "handed_to_post"
    kinds = [e["kind"] for e in ready.json("show", code)["events"]]
    assert kinds.count("result_ready") == 1
    assert kinds.count("handed_to_post") == 1


def test_a_malformed_request_id_is_one_line_and_exit_2(ready: Cli) -> None:
    code, _out, err = ready("intake", "--procedure", CONTRACT, "--applicant-name", "Lê An", "--request-id", "x y")
    assert code == 2
    assert "Mã yêu cầu" in err
    assert ready.table_count("dossier") == 0
