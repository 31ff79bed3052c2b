"""``district-server papers CODE`` and ``district-server paper-get CODE N --out F`` (issue 14, item 7):
what the hub holds of a dossier, and one current copy written to a file, on the real hub (SQLite and
PostgreSQL) with copies received through ``receive_paper``."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from district_server.db import PAPERS_ENV
from tests.hub.agency_support import add_paper, hub_cli, new_dossier, sha, signed_copy
from tests.hub.conftest import HubServer
from tests.hub.support import COMMUNE_A, T0, add_commune, enroll


@pytest.fixture
def held(
    hub_server: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[HubServer, str, dict[int, bytes], bytes]:
    """A dossier with two papers, the second replaced by a re-signed copy; and the replaced bytes. The
    commands read the server's paper store ($DISTRICT_SERVER_PAPERS)."""
    assert hub_server.papers is not None
    monkeypatch.setenv(PAPERS_ENV, hub_server.papers)
    add_commune(hub_server.hub, COMMUNE_A)
    device = enroll(hub_server, COMMUNE_A)
    dossier = new_dossier(device, T0)
    keys = tmp_path / "keys"
    add_paper(hub_server.hub, dossier, 1, "Tờ khai", signed_copy(keys, "UBND xã Tân Lập"), 1)
    old = signed_copy(keys, "UBND xã Tân Lập", pages=2, title="Giấy chứng sinh")
    add_paper(hub_server.hub, dossier, 2, "Giấy chứng sinh", old, 2)
    add_paper(hub_server.hub, dossier, 2, "Giấy chứng sinh", signed_copy(keys, "UBND xã Tân Lập", title="Mới"), 1)
    return hub_server, dossier.code, dict(dossier.copies), old


def test_papers_lists_the_current_copies(
    held: tuple[HubServer, str, dict[int, bytes], bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    server, code, copies, old = held
    status, out, err = hub_cli(capsys, server.db_url, "papers", code, "--json")
    assert status == 0, err
    listed = json.loads(out)
    assert [{k: p[k] for k in ("paper", "sha256", "bytes", "signed_by")} for p in listed] == [
        {"paper": n, "sha256": sha(data), "bytes": len(data), "signed_by": "UBND xã Tân Lập"}
        for n, data in sorted(copies.items())
    ]
    assert sha(old) not in out  # the replaced copy is not current
    received = [p["received_at"] for p in listed]
    assert all(r.endswith("+00:00") for r in received)

    status, out, err = hub_cli(capsys, server.db_url, "papers", code)
    assert status == 0, err
    lines = out.splitlines()
    assert len(lines) == 3 and "SHA-256" in lines[0]
    assert lines[1].split()[:3] == ["1", sha(copies[1])[:16], str(len(copies[1]))]
    assert lines[2].endswith("UBND xã Tân Lập")


def test_papers_of_a_dossier_without_papers_and_of_none(
    hub_server: HubServer, capsys: pytest.CaptureFixture[str]
) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    dossier = new_dossier(enroll(hub_server, COMMUNE_A), T0 + timedelta(hours=1))
    status, out, err = hub_cli(capsys, hub_server.db_url, "papers", dossier.code, "--json")
    assert (status, json.loads(out)) == (0, []), err
    status, out, _err = hub_cli(capsys, hub_server.db_url, "papers", dossier.code)
    assert status == 0 and "chưa có giấy tờ nào" in out
    status, out, err = hub_cli(capsys, hub_server.db_url, "papers", f"{COMMUNE_A}-251118-9999", "--json")
    assert status == 2 and out == "" and err.count("\n") == 1 and "9999" in err


def test_paper_get_writes_the_current_copy(
    held: tuple[HubServer, str, dict[int, bytes], bytes], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server, code, copies, _old = held
    target = tmp_path / "out" / "giay-to-2.pdf"
    target.parent.mkdir()
    target.write_bytes(b"an older file in the way")
    status, out, err = hub_cli(capsys, server.db_url, "paper-get", code, "2", "--out", str(target))
    assert status == 0, err
    assert target.read_bytes() == copies[2]
    assert sha(copies[2]) in out
    assert sorted(p.name for p in target.parent.iterdir()) == ["giay-to-2.pdf"]  # no temporary file left


def test_paper_get_refusals_are_one_line(
    held: tuple[HubServer, str, dict[int, bytes], bytes], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server, code, _copies, _old = held
    a_file = tmp_path / "a-file"
    a_file.write_bytes(b"x")
    cases = {
        "no such dossier": (f"{COMMUNE_A}-251118-9999", "1", tmp_path / "x.pdf"),
        "no such paper": (code, "7", tmp_path / "x.pdf"),
        "paper zero": (code, "0", tmp_path / "x.pdf"),
        "not a number": (code, "một", tmp_path / "x.pdf"),
        "folder missing": (code, "1", tmp_path / "missing" / "x.pdf"),
        "under a file": (code, "1", a_file / "x.pdf"),
        "a directory": (code, "1", tmp_path),
        "unwritable": (code, "1", Path("/proc/giay-to-1.pdf")),  # nobody may create a file there
    }
    for what, (dossier, n, out_path) in cases.items():
        status, out, err = hub_cli(capsys, server.db_url, "paper-get", dossier, n, "--out", str(out_path))
        assert status == 2, what
        assert out == "" and err.count("\n") == 1 and "Traceback" not in err, (what, err)
    assert not (tmp_path / "x.pdf").exists()
    assert a_file.read_bytes() == b"x"
