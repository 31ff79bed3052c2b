"""district-server's paper options: ``--papers`` (and $DISTRICT_SERVER_PAPERS), ``serve --paper-quota``,
``commune quota CODE BYTES``; the default store beside a SQLite database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from district_server.cli import main
from district_server.db import PAPER_QUOTA_BYTES, PAPERS_ENV, Hub, default_papers
from district_server.papers import service
from tests.hub.conftest import free_port
from tests.hub.papers_support import new_dossier, sha256, signed_copy, tus_create, upload_whole
from tests.hub.support import COMMUNE_A, add_commune, enroll


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hub.db'}"


def test_commune_quota_is_set_shown_and_cleared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    assert main(["--db", db, "commune", "add", "--code", COMMUNE_A, "--name", "UBND xã Tân Lập"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "commune", "quota", COMMUNE_A, "500M"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"Hạn mức lưu bản sao của xã {COMMUNE_A}: 500 MiB (riêng của xã); đã dùng 0 byte."
    )
    assert main(["--db", db, "--json", "commune", "quota", COMMUNE_A, "1.5G"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == {"commune": COMMUNE_A, "quota_bytes": 1536 * 1024**2, "own": True, "used_bytes": 0}
    hub = Hub(db)
    try:
        with hub.read() as session:
            assert service.quota_of(session, COMMUNE_A, 1) == 1536 * 1024**2
    finally:
        hub.close()
    assert main(["--db", db, "commune", "quota", COMMUNE_A, "default", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["quota_bytes"] == PAPER_QUOTA_BYTES


@pytest.mark.parametrize(
    "args",
    [
        ["commune", "quota", COMMUNE_A, "nhiều"],
        ["commune", "quota", COMMUNE_A, "-5G"],
        ["commune", "quota", COMMUNE_A, "1e9"],
        ["commune", "quota", "000.99.99.H99", "1G"],
        ["commune", "quota", COMMUNE_A],
        ["serve", "--paper-quota", "lots"],
        ["--papers", "s3://", "serve"],
        ["serve", "--papers", "s3://bucket?colour=red"],
        ["paper-sweep", "--days", "0"],
        ["paper-sweep", "--days", "tuần"],
    ],
)
def test_bad_paper_options_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    db = _db(tmp_path)
    assert main(["--db", db, "commune", "add", "--code", COMMUNE_A, "--name", "UBND xã Tân Lập"]) == 0
    capsys.readouterr()
    assert main(["--db", db, *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1, captured.err


def test_paper_sweep_says_how_many_it_dropped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    assert main(["--db", db, "--papers", str(tmp_path / "p"), "paper-sweep", "--days", "7"]) == 0
    assert capsys.readouterr().out.strip() == "Đã bỏ 0 lượt tải bản sao dở dang quá 7 ngày."
    assert main(["--db", db, "paper-sweep", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"dropped": 0}


@pytest.mark.parametrize(
    ("text", "count"),
    [("1048576", 1048576), ("10G", 10 * 1024**3), ("500m", 500 * 1024**2), ("2 GiB", 2 * 1024**3), ("0", 0)],
)
def test_byte_counts_as_an_operator_types_them(text: str, count: int) -> None:
    assert service.parse_bytes(text) == count


def test_the_default_store_is_beside_a_sqlite_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PAPERS_ENV, raising=False)
    assert default_papers(f"sqlite:///{tmp_path / 'hub' / 'hub.db'}") == str(tmp_path / "hub" / "papers")
    elsewhere = default_papers("postgresql+psycopg://hub@localhost/hub")
    assert elsewhere.endswith(os.path.join("district-server", "papers"))
    monkeypatch.setenv(PAPERS_ENV, "s3://bucket/hub?endpoint=http://127.0.0.1:9000")
    assert default_papers(_db(tmp_path)) == "s3://bucket/hub?endpoint=http://127.0.0.1:9000"


@dataclass
class _Served:
    url: str
    hub: Hub


def test_serve_keeps_papers_where_the_environment_says_within_its_quota(tmp_path: Path) -> None:
    db = _db(tmp_path)
    data = signed_copy()
    store = tmp_path / "giay-to"
    port = free_port()
    hub = Hub(db)
    add_commune(hub, COMMUNE_A)
    environment = {**os.environ, PAPERS_ENV: str(store), "DISTRICT_SERVER_DB": db}
    command = [sys.executable, "-m", "district_server.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--paper-quota", str(len(data) + 10)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "the hub did not start"
            time.sleep(0.1)
        device = enroll(_Served(url, hub), COMMUNE_A)
        code = new_dossier(device)
        assert upload_whole(device, code, 1, data).status_code == 204
        digest = sha256(data)
        assert (store / "papers" / COMMUNE_A / digest[:2] / f"{digest}.pdf").read_bytes() == data
        assert tus_create(device, code, 2, signed_copy(1, "Giấy thứ hai")).status_code == 507  # --paper-quota
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        hub.close()
    assert f"Lưu bản sao giấy tờ tại: {store}" in output
