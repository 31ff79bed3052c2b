"""No link for days: the outbox goes to the hub on a USB stick and the hub's answer comes back."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from counter_app.domain.errors import DomainError
from counter_app.services import audit, dossiers
from counter_app.services import hub_sync as sync
from district_server import service
from district_server.cli import main as hub_cli
from district_server.db import utc_now
from tests.hub.conftest import HubServer
from tests.sync.conftest import COMMUNE_A, MakeCounter, add_commune, issue_code


def test_export_import_at_the_hub_and_answer_round_trip(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    a = make_counter()
    add_commune(sqlite_hub, COMMUNE_A, "UBND xã Tân Lập")
    sync.enroll(a.ctx, sqlite_hub.url, issue_code(sqlite_hub, COMMUNE_A))
    earlier = a.take()
    assert sync.run_round(a.ctx).waiting == 0  # the last day the link worked
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.write() as session:
        service.record_upstream_event(session, earlier, "result_ready", utc_now(), actor="UBND xã")
    taken = [a.take("Hoàng Văn Nam"), a.take("Bùi Thị Lan")]
    waiting = sync.status(a.ctx).waiting

    stick = tmp_path / "usb"
    stick.mkdir()
    exported = sync.export_sync(a.ctx, stick / "xa-tan-lap.hsmc")
    assert exported.items == waiting and sync.status(a.ctx).waiting == waiting  # still pending until the answer
    answer = stick / "tra-loi.hsmc"
    assert hub_cli(["--db", sqlite_hub.db_url, "import-sync", str(exported.path), "--answer", str(answer)]) == 0

    result = sync.import_sync_answer(a.ctx, answer)
    # The upstream result's SMS notice is queued here and waits for the next trip (or the link).
    assert (result.pushed, result.quarantined, result.waiting, result.conflicts) == (waiting, 0, 1, 0)
    assert result.pulled >= 1
    assert dossiers.show(a.ctx, earlier).status.value == "result_ready"
    with sqlite_hub.hub.read() as session:
        on_hub = {d.code: d.events for d in service.list_dossiers(session, COMMUNE_A)}
    assert set(taken) <= set(on_hub)
    assert all(on_hub[c] == len(dossiers.show(a.ctx, c).events) for c in taken)
    assert sync.status(a.ctx).last_success_at is not None

    events_before = len(dossiers.show(a.ctx, earlier).events)
    again = sync.import_sync_answer(a.ctx, answer)  # the clerk imports the same file twice
    assert (again.pushed, again.pulled) == (0, 0)
    assert len(dossiers.show(a.ctx, earlier).events) == events_before
    assert sync.export_sync(a.ctx, stick / "next.hsmc").items == 1  # only the result's notice
    # And online again, nothing is sent twice: only that notice goes up.
    assert sync.run_round(a.ctx).pushed == 1


def test_an_altered_or_foreign_answer_file_changes_nothing(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    a = make_counter()
    add_commune(sqlite_hub, COMMUNE_A, "UBND xã Tân Lập")
    sync.enroll(a.ctx, sqlite_hub.url, issue_code(sqlite_hub, COMMUNE_A))
    a.take()
    exported = sync.export_sync(a.ctx, tmp_path / "out.hsmc")
    answer = tmp_path / "answer.hsmc"
    assert hub_cli(["--db", sqlite_hub.db_url, "import-sync", str(exported.path), "--answer", str(answer)]) == 0
    document = json.loads(gzip.decompress(answer.read_bytes()))
    document["results"] = [{**r, "status": "ok"} for r in document["results"]][:1]
    tampered = tmp_path / "tampered.hsmc"
    tampered.write_bytes(gzip.compress(json.dumps(document).encode()))
    waiting, entries = sync.status(a.ctx).waiting, audit.count(a.ctx)
    with pytest.raises(DomainError) as caught:
        sync.import_sync_answer(a.ctx, tampered)
    assert caught.value.code == "sync.file_signature"
    with pytest.raises(DomainError) as caught:
        sync.import_sync_answer(a.ctx, exported.path)  # the counter's own export is not an answer
    assert caught.value.code == "sync.file_unreadable"
    assert (sync.status(a.ctx).waiting, audit.count(a.ctx)) == (waiting, entries)


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000, b'{"device_id": "\\u0000' + b"x" * 10 + b'"'])
def test_a_deeply_nested_or_broken_sync_file_is_one_line_and_exit_2(
    sqlite_hub: HubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], body: bytes
) -> None:
    # A file nested 100,000 deep made json.loads recurse into a RecursionError traceback.
    bad = tmp_path / "xa.hsmc"
    bad.write_bytes(gzip.compress(body))
    answer = tmp_path / "tra-loi.hsmc"
    assert hub_cli(["--db", sqlite_hub.db_url, "import-sync", str(bad), "--answer", str(answer)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not answer.exists()
