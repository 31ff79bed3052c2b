"""A dead disk recovered from the USB backup, against the real hub: the restored counter's first round
is a reset (its sync epoch was voided at restore), nothing is doubled on the hub, and what the hub
recorded upstream after the backup comes back down."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.backup.key import load_key, recovery_text
from counter_app.services import backups, dossiers, lifecycle
from counter_app.services import hub_sync as sync
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.users import find_user
from district_server import service
from district_server.cli import main as hub_cli
from tests.hub.conftest import HubServer
from tests.sync.conftest import COMMUNE_A, Counter, MakeCounter, add_commune, issue_code


def _hub_dossiers(server: HubServer) -> dict[str, tuple[str, int]]:
    assert server.hub is not None
    with server.hub.read() as session:
        return {d.code: (d.status, d.events) for d in service.list_dossiers(session, COMMUNE_A)}


def _dead_disk_then_restore(
    server: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> tuple[Counter, Context, list[str]]:
    a = make_counter()
    add_commune(server, COMMUNE_A, "UBND xã Tân Lập")
    sync.enroll(a.ctx, server.url, issue_code(server, COMMUNE_A))
    first = [a.take("Lê Văn An"), a.take("Trần Thị Bình")]
    lifecycle.transfer(a.ctx, first[0], "CC_TPHT")
    assert sync.run_round(a.ctx).waiting == 0
    usb = tmp_path / "usb"
    usb.mkdir()
    taken = backups.backup_now(a.db, a.data_dir, usb, now=a.clock())
    assert taken.verified
    # after the backup: the district records a result, and one more dossier is taken in and synced
    assert hub_cli(["--db", server.db_url, "event", first[0], "result_ready", "--actor", "Phòng Tư pháp"]) == 0
    later = a.take("Phạm Văn Cường")
    assert sync.run_round(a.ctx).waiting == 0
    assert dossiers.show(a.ctx, first[0]).status.value == "result_ready"
    key = recovery_text(load_key(a.data_dir) or b"")
    a.db.close()  # the disk dies

    new_pc = tmp_path / "new-pc"
    backups.restore(taken.file, new_pc, recovery_key=key, replace=False, now=a.clock())
    db = open_database(new_pc)
    admin = find_user(Context(db), "admin")
    return a, Context(db, Actor(admin.id, "admin", "cli"), a.clock), [*first, later]


def test_restored_counter_syncs_back_to_one_truth(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    _a, restored, codes = _dead_disk_then_restore(sqlite_hub, make_counter, tmp_path)
    before = _hub_dossiers(sqlite_hub)
    assert sorted(before) == sorted(codes)
    try:
        report = sync.run_round(restored)
        assert report.error is None and report.online
        assert report.pulled >= 1  # the reset's snapshot
        after = _hub_dossiers(sqlite_hub)
        # nothing doubled on the hub: the same dossiers, the same events (the first dossier's result notice
        # aside: see the xfail test below)
        assert sorted(after) == sorted(before)
        assert after[codes[1]] == before[codes[1]] and after[codes[2]] == before[codes[2]]
        assert after[codes[0]][0] == before[codes[0]][0] == "result_ready"
        # the result recorded upstream after the backup came back down
        assert dossiers.show(restored, codes[0]).status.value == "result_ready"
        again = sync.run_round(restored)
        assert again.error is None and again.pushed == 0 and again.waiting == 0
        assert _hub_dossiers(sqlite_hub) == after
    finally:
        restored.db.close()


@pytest.mark.xfail(
    reason="an upstream result replayed by the reset queues the citizen's notice again under a new event UID "
    "(hub_sync/pull.py _dossier_event → notices.queue): the hub records a second 'notified' event and relays "
    "the SMS twice (fix proposed in docs/backups.md 'After a restore')",
    strict=True,
)
def test_the_result_notice_is_not_sent_twice_after_a_restore(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    _a, restored, _codes = _dead_disk_then_restore(sqlite_hub, make_counter, tmp_path)
    before = _hub_dossiers(sqlite_hub)
    try:
        sync.run_round(restored)
        assert _hub_dossiers(sqlite_hub) == before
    finally:
        restored.db.close()


@pytest.mark.xfail(
    reason="the hub's snapshot carries only upstream events, not the counter's own dossiers: a dossier "
    "taken in after the backup and synced is on the hub but not brought back (needs a hub change, see "
    "docs/backups.md 'After a restore')",
    strict=True,
)
def test_a_dossier_taken_after_the_backup_comes_back_from_the_hub(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    _a, restored, codes = _dead_disk_then_restore(sqlite_hub, make_counter, tmp_path)
    try:
        sync.run_round(restored)
        assert dossiers.find_by_code(restored, codes[2]).code == codes[2]
    finally:
        restored.db.close()
