"""The district-server CLI: one Vietnamese line and exit 2 on bad input; the signed sneakernet round trip."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from district_server.cli import main
from district_server.db import utc_now
from tests.hub.conftest import HubServer
from tests.hub.support import (
    COMMUNE_A,
    COMMUNE_B,
    Device,
    add_commune,
    enroll,
    first_event,
    item,
    next_event,
    pull_all,
)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["commune", "add", "--code", "12345", "--name", "Xã sai mã"],
        ["commune", "add", "--code", COMMUNE_A],
        ["enroll-code", "--commune", COMMUNE_B],
        ["dossiers", "--commune", COMMUNE_B],
        ["revoke", "no-such-device"],
        ["event", f"{COMMUNE_A}-251118-2001", "result_ready"],
        ["publish-calendar", "/nonexistent/calendar.json"],
        ["no-such-command"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    assert main(["--db", db, "commune", "add", "--code", COMMUNE_A, "--name", "UBND xã Tân Lập"]) == 0
    capsys.readouterr()
    assert main(["--db", db, *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1


def test_bad_files_are_refused_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    cases = {
        "calendar": ('{"overrides": [{"day": "2026-02-30", "kind": "holiday"}]}', "publish-calendar", "day"),
        "kind": ('{"overrides": [{"day": "2026-05-02", "kind": "weekend"}]}', "publish-calendar", "kind"),
        "catalogue": ('{"procedures": [{"name": "không mã"}]}', "publish-catalogue", "code"),
        "json": ("{not json", "publish-catalogue", "JSON"),
    }
    for name, (text, command, word) in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        assert main(["--db", db, command, str(path)]) == 2
        err = capsys.readouterr().err
        assert word in err and len(err.strip().splitlines()) == 1


def test_entry_point_in_a_fresh_process(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    script = "import sys; from district_server.cli import main; sys.exit(main())"
    run = [sys.executable, "-c", script, "--db", db]
    added = subprocess.run([*run, "commune", "add", "--code", COMMUNE_A, "--name", "Xã A"], capture_output=True)
    assert added.returncode == 0, added.stderr
    code = subprocess.run([*run, "enroll-code", "--commune", COMMUNE_A, "--json"], capture_output=True, text=True)
    assert code.returncode == 0
    issued = json.loads(code.stdout)
    assert len(issued["code"]) == 19 and issued["commune"] == COMMUNE_A
    refused = subprocess.run([*run, "enroll-code", "--commune", "x"], capture_output=True, text=True)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "Mã đơn vị" in refused.stderr


def _sync_file(device: Device, path: Path, items: list[dict[str, Any]], cursor: int, **extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "hsmc-sync/1",
        "device_id": device.device_id,
        "batch": str(uuid.uuid4()),
        "created_at": utc_now().isoformat(),
        "cursor": cursor,
        "epoch": device.answer["epoch"],
        "items": items,
        **extra,
    }
    document["signature"] = base64.b64encode(device.key.sign(_canonical(document))).decode()
    path.write_bytes(gzip.compress(json.dumps(document, ensure_ascii=False).encode("utf-8")))
    return document


def _read_answer(path: Path, hub_key: str) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    signature = base64.b64decode(answer.pop("signature"))
    Ed25519PublicKey.from_public_bytes(base64.b64decode(hub_key)).verify(signature, _canonical(answer))
    return answer


def test_import_sync_round_trip(hub_server: HubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    device = enroll(hub_server, COMMUNE_A)
    _, cursor = pull_all(device)
    e1 = first_event(device)
    e2 = next_event(e1, "transferred", "processing")
    bad = next_event(e2, "returned", "returned")
    sync = tmp_path / "sync.json.gz"
    answer_path = tmp_path / "answer.json.gz"
    document = _sync_file(device, sync, [item(e1), item(e2), item(bad)], cursor)
    assert main(["--db", hub_server.db_url, "import-sync", str(sync), "--answer", str(answer_path)]) == 0
    answer = _read_answer(answer_path, device.answer["hub_public_key"])
    assert answer["format"] == "hsmc-sync-answer/1"
    assert answer["batch"] == document["batch"] and answer["device_id"] == device.device_id
    assert [r["status"] for r in answer["results"]] == ["ok", "ok", "rejected"]
    assert answer["epoch"] == device.answer["epoch"]
    # The hub now holds the dossier, and the next import carries the upstream change back.
    assert main(["--db", hub_server.db_url, "event", e1["dossier_code"], "result_ready"]) == 0
    second = _sync_file(device, sync, [], answer["next"])
    assert main(["--db", hub_server.db_url, "import-sync", str(sync), "--answer", str(answer_path)]) == 0
    later = _read_answer(answer_path, device.answer["hub_public_key"])
    assert [c["topic"] for c in later["changes"]] == ["dossier.event"]
    assert later["changes"][0]["body"]["dossier_code"] == e1["dossier_code"]
    assert later["batch"] == second["batch"]
    # Importing the first file again changes nothing and answers the same results.
    _sync_file(device, sync, [item(e1), item(e2), item(bad)], cursor, batch=document["batch"])
    assert main(["--db", hub_server.db_url, "import-sync", str(sync), "--answer", str(answer_path)]) == 0
    replay = _read_answer(answer_path, device.answer["hub_public_key"])
    assert replay["results"] == answer["results"]
    assert main(["--db", hub_server.db_url, "dossiers", "--commune", COMMUNE_A, "--json"]) == 0
    capsys.readouterr()
    assert main(["--db", hub_server.db_url, "dossiers", "--commune", COMMUNE_A, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["status"], d["events"]) for d in listed] == [(e1["dossier_code"], "result_ready", 3)]


def test_tampered_or_foreign_sync_file_is_refused(
    hub_server: HubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    device = enroll(hub_server, COMMUNE_A)
    other = enroll(hub_server, COMMUNE_A, workstation=2)
    sync = tmp_path / "sync.json.gz"
    answer_path = tmp_path / "answer.json.gz"
    document = _sync_file(device, sync, [item(first_event(device))], 0)
    document["items"][0]["body"]["dossier"]["applicant"]["full_name"] = "Kẻ Giả Mạo"
    sync.write_bytes(gzip.compress(json.dumps(document, ensure_ascii=False).encode("utf-8")))
    assert main(["--db", hub_server.db_url, "import-sync", str(sync), "--answer", str(answer_path)]) == 2
    assert "Chữ ký" in capsys.readouterr().err
    # Signed by another PC's key but claiming to be this device.
    forged = _sync_file(other, sync, [item(first_event(device))], 0)
    forged["device_id"] = device.device_id
    sync.write_bytes(gzip.compress(json.dumps(forged, ensure_ascii=False).encode("utf-8")))
    assert main(["--db", hub_server.db_url, "import-sync", str(sync), "--answer", str(answer_path)]) == 2
    assert not answer_path.exists()
    assert main(["--db", hub_server.db_url, "dossiers", "--commune", COMMUNE_A]) == 0
    assert "Máy chủ chưa có hồ sơ nào" in capsys.readouterr().out


def test_a_catalogue_naming_an_unknown_agency_or_level_is_refused_at_publish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reception regardless of residence: every procedure's competent agency must be in the agencies file
    published with it, and its level one the counters know; refused here, not set aside on every counter."""
    from counter_app.paths import catalogue_dir

    db = f"sqlite:///{tmp_path / 'hub.db'}"
    procedures = json.loads((catalogue_dir() / "procedures.json").read_text(encoding="utf-8"))
    agencies = catalogue_dir() / "agencies.json"
    unknown = {**procedures, "procedures": [{**procedures["procedures"][0], "agency_code": "SO_LA"}]}
    district = {**procedures, "procedures": [{**procedures["procedures"][0], "level": "district"}]}
    for name, body, word in (("unknown", unknown, "SO_LA"), ("district", district, "level")):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        assert main(["--db", db, "publish-catalogue", str(path), "--agencies", str(agencies)]) == 2
        err = capsys.readouterr().err
        assert word in err and len(err.strip().splitlines()) == 1
    good = tmp_path / "good.json"
    good.write_text(json.dumps(procedures, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", db, "publish-catalogue", str(good), "--agencies", str(agencies)]) == 0
