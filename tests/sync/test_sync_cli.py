"""``counter-app enroll / sync / sync-status / sync-quarantine / sync-retry / export-sync / import-sync-answer``:
JSON shapes and exit codes (0 done, 2 bad input, 3 the hub could not be reached)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from district_server.cli import main as hub_cli
from tests.cli.conftest import Cli
from tests.hub.conftest import HubServer, free_port
from tests.sync.conftest import COMMUNE_A, add_commune, issue_code


@pytest.fixture
def counter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(tmp_path / "data", capsys)
    code, _, err = cli(
        "init",
        *("--office-code", COMMUNE_A, "--office-name", "UBND xã Tân Lập", "--workstation", "2"),
        "--admin-password-stdin",
        stdin="mat-khau-123\n",
    )
    assert code == 0, err
    return cli


def _take(cli: Cli) -> str:
    return str(cli.json("intake", "--procedure", "2.000635", "--applicant-name", "Lê Thị Thu")["code"])


def test_enroll_sync_and_status_from_the_command_line(sqlite_hub: HubServer, counter: Cli) -> None:
    code, _, err = counter("sync")
    assert code == 2 and "counter-app enroll" in err  # not enrolled yet: one line, bad input
    assert counter.json("sync-status")["enrolled"] is False

    add_commune(sqlite_hub, COMMUNE_A, "UBND xã Tân Lập")
    code, _, err = counter("enroll", "--server", sqlite_hub.url, "--code", "SAI-MA")
    assert code == 2 and "Mã ghi danh không đúng" in err
    code, _, err = counter("enroll", "--server", "hub.example", "--code", "X")
    assert code == 2 and "http://" in err
    enrolled = counter.json("enroll", "--server", sqlite_hub.url, "--code", issue_code(sqlite_hub, COMMUNE_A))
    assert enrolled["commune_code"] == COMMUNE_A and enrolled["re_enrolled"] is False
    assert enrolled["lookup_url_base"].startswith(sqlite_hub.url)

    _take(counter)
    report = counter.json("sync")
    assert report["error"] is None and report["online"] is True and report["waiting"] == 0
    assert report["pushed"] == 1  # the reception (no phone given: no SMS notice)
    status = counter.json("sync-status")
    assert set(status) >= {
        "enrolled", "server", "commune", "waiting", "quarantined", "last_success_at", "last_error",
        "next_attempt_at", "revoked", "clock_offset_seconds", "clock_wrong", "online",
    }  # fmt: skip
    assert (status["waiting"], status["online"], status["clock_wrong"]) == (0, True, False)
    code, out, _ = counter("sync")
    assert code == 0 and "còn chờ 0" in out

    sqlite_hub.stop()
    _take(counter)
    code, out, _ = counter("sync", "--json")
    offline = json.loads(out)
    assert code == 3 and offline["online"] is False and offline["error"] == "sync.offline"
    assert offline["waiting"] > 0
    code, out, _ = counter("sync")
    assert code == 3 and "ngoại tuyến" in out
    code, out, _ = counter("sync-status")
    assert code == 0 and "ngoại tuyến" in out and "Lỗi:" in out
    sqlite_hub.start()
    back = counter.json("sync")
    assert (back["pushed"], back["waiting"], back["online"]) == (1, 0, True)
    assert counter.json("sync-quarantine") == []


def test_enroll_with_no_hub_listening_exits_3(counter: Cli) -> None:
    code, out, err = counter("enroll", "--server", f"http://127.0.0.1:{free_port()}", "--code", "ABC")
    assert code == 3 and out == "" and "Không kết nối được" in err
    assert counter.json("sync-status")["enrolled"] is False


def test_quarantine_retry_and_sneakernet_from_the_command_line(
    sqlite_hub: HubServer, counter: Cli, tmp_path: Path
) -> None:
    add_commune(sqlite_hub, COMMUNE_A, "UBND xã Tân Lập")
    counter.json("enroll", "--server", sqlite_hub.url, "--code", issue_code(sqlite_hub, COMMUNE_A))
    dossier = _take(counter)
    assert counter.json("sync")["waiting"] == 0
    assert hub_cli(["--db", sqlite_hub.db_url, "event", dossier, "result_ready"]) == 0
    counter.json("stop", dossier, "--reason", "Công dân không bổ sung")  # refused at the hub
    report = counter.json("sync")
    assert report["quarantined"] == 1 and report["conflicts"] == 1
    (item,) = counter.json("sync-quarantine")
    assert set(item) == {"uid", "topic", "dossier_code", "kind", "status", "reason", "at", "created_at"}
    assert (item["dossier_code"], item["kind"], item["status"]) == (dossier, "stopped", "rejected")
    code, out, _ = counter("sync-quarantine")
    assert code == 0 and dossier in out and "stopped" in out
    code, _, err = counter("sync-retry", "khong-co")
    assert code == 2 and "khong-co" in err
    assert counter.json("sync-retry", item["uid"]) == {"requeued": 1}
    assert counter.json("sync-status")["waiting"] == 1

    exported = counter.json("export-sync", str(tmp_path / "out.hsmc"))
    assert exported["items"] == 1 and Path(exported["path"]).exists()
    answer = tmp_path / "answer.hsmc"
    assert hub_cli(["--db", sqlite_hub.db_url, "import-sync", exported["path"], "--answer", str(answer)]) == 0
    imported = counter.json("import-sync-answer", str(answer))
    assert (imported["pushed"], imported["quarantined"], imported["waiting"]) == (0, 1, 0)
    code, _, err = counter("import-sync-answer", str(tmp_path / "missing.hsmc"))
    assert code == 2 and "missing.hsmc" in err
    code, _, err = counter("export-sync", str(tmp_path / "no-such-dir" / "x.hsmc"))
    assert code == 2 and "no-such-dir" in err
