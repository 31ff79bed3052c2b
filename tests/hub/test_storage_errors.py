"""The hub's SQLite default fails as the counter does: the cause said, its own exit status, not a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from counter_app.storage import base
from district_server.cli import main
from tests.hub.conftest import HubServer
from tests.hub.support import add_commune, enroll_request, issue_code

COMMUNE = "000.12.34.H26"


def test_a_locked_hub_database_is_busy_with_exit_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "hub.db"
    db = f"sqlite:///{path}"
    assert main(["--db", db, "commune", "add", "--code", COMMUNE, "--name", "UBND xã Tân Lập"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(base, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        code = main(["--db", db, "commune", "add", "--code", "000.12.34.H27", "--name", "UBND xã Tân Hoà"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err.strip()
    assert code == 4, err
    assert err == "Cơ sở dữ liệu của máy chủ đang bị một chương trình khác giữ, hãy thử lại sau ít phút."


def test_a_damaged_hub_database_is_said_with_exit_8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hub.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)  # the header's magic, then garbage
    code = main(["--db", f"sqlite:///{path}", "commune", "add", "--code", COMMUNE, "--name", "UBND xã Tân Lập"])
    err = capsys.readouterr().err.strip()
    assert code == 8, err
    assert err == "Cơ sở dữ liệu của máy chủ bị hỏng: hãy dừng máy chủ và khôi phục từ bản sao lưu."


def test_the_api_answers_a_locked_sqlite_database_with_503_db_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "hub.db"
    server = HubServer(f"sqlite:///{path}").start()
    try:
        add_commune(server.hub, COMMUNE)
        request = enroll_request(issue_code(server.hub, COMMUNE), COMMUNE)
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            answer = httpx.post(f"{server.url}/v1/enroll", json=request, timeout=30)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert answer.status_code == 503, answer.text
        assert answer.json() == {
            "error": "db_busy",
            "message": "Cơ sở dữ liệu của máy chủ đang bị một chương trình khác giữ, hãy thử lại sau ít phút.",
        }
        assert httpx.post(f"{server.url}/v1/enroll", json=request, timeout=30).status_code == 200  # then it works
    finally:
        server.stop()
