"""Findings of the sync/hub review, each as what a clerk or the hub's operator would notice.

- A hub restored from a backup (and given a new epoch) gets everything back from the counters.
- A USB sync file with more than 500 entries goes through the hub and back.
- An answer file after a reset leaves the counter's cursor where the hub's numbering is.
- A PC clock set back does not stop the automatic sync.
- A new hub receives the whole history of a dossier, upstream events included, in order.
- An unexpected error in a round backs off and is reported like any other failure.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.services import dossiers, lifecycle
from counter_app.services import hub_sync as sync
from counter_app.storage.models import SyncState
from counter_app.sync.client import HubClient
from counter_app.sync.protocol import ChangesAnswer
from district_server import service
from district_server.db import utc_now
from district_server.models import HubEvent
from tests.hub.conftest import HubServer
from tests.sync.conftest import COMMUNE_A, Counter, MakeCounter, add_commune, issue_code


def _enrolled(server: HubServer, counter: Counter) -> sync.EnrollResult:
    assert server.hub is not None
    with server.hub.read() as session:
        known = {c.code for c in service.list_communes(session)}
    if counter.commune not in known:
        add_commune(server, counter.commune, "UBND xã Tân Lập")
    return sync.enroll(counter.ctx, server.url, issue_code(server, counter.commune))


def _hub_dossiers(server: HubServer, commune: str = COMMUNE_A) -> dict[str, tuple[str, int]]:
    assert server.hub is not None
    with server.hub.read() as session:
        return {d.code: (d.status, d.events) for d in service.list_dossiers(session, commune)}


def _hub_event_count(server: HubServer) -> tuple[int, int]:
    """(events stored, distinct event UIDs) on the hub."""
    assert server.hub is not None
    with server.hub.read() as session:
        total = session.scalar(select(func.count()).select_from(HubEvent)) or 0
        distinct = session.scalar(select(func.count(func.distinct(HubEvent.uid)))) or 0
    return total, distinct


def _backup(server: HubServer, target: Path) -> None:
    """What the operator does: ``sqlite3 hub.db ".backup copy.db"`` while the hub runs."""
    source = sqlite3.connect(server.db_url.removeprefix("sqlite:///"))
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _restore(server: HubServer, backup: Path) -> None:
    """Stop the hub, put the backup back in place of its database file (stale WAL removed)."""
    server.stop()
    database = Path(server.db_url.removeprefix("sqlite:///"))
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, database)


def _cursor(counter: Counter) -> int:
    with counter.db.read() as session:
        state = session.get(SyncState, 1)
        assert state is not None
        return state.cursor


def _add_users(server: HubServer, names: list[str]) -> None:
    assert server.hub is not None
    with server.hub.write() as session:
        for name in names:
            service.add_user(session, COMMUNE_A, name, f"Cán bộ {name}", "clerk", "mat-khau-1234", utc_now())


# ----------------------------------------------------------------------------- answer file after a reset


def test_an_answer_file_after_a_restored_hub_brings_the_cursor_back_to_the_hubs_numbering(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    """The hub was restored from a backup (its numbering is behind the counter's cursor); the USB answer
    says reset. The counter must take the hub's ``next``: otherwise, once the hub's numbering passes the
    old cursor, the changes in between (here an upstream result) are never pulled."""
    from district_server.cli import main as hub_cli

    a = make_counter()
    _enrolled(sqlite_hub, a)
    code = a.take()
    lifecycle.transfer(a.ctx, code, "CC_TPHT")
    assert sync.run_round(a.ctx).waiting == 0
    backup = tmp_path / "hub-backup.db"
    _backup(sqlite_hub, backup)
    _add_users(sqlite_hub, ["lan", "minh", "hoa"])  # three changes the backup does not have
    assert sync.run_round(a.ctx).error is None
    old_cursor = _cursor(a)

    _restore(sqlite_hub, backup)
    sqlite_hub.start()
    exported = sync.export_sync(a.ctx, tmp_path / "usb.hsmc")
    answer = tmp_path / "answer.hsmc"
    assert hub_cli(["--db", sqlite_hub.db_url, "import-sync", str(exported.path), "--answer", str(answer)]) == 0
    sync.import_sync_answer(a.ctx, answer)
    assert _cursor(a) < old_cursor  # the hub's numbering, not the old one

    # The hub goes on: a result recorded upstream, then more changes past the old cursor.
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.write() as session:
        service.record_upstream_event(session, code, "result_ready", utc_now(), actor="Phòng Tư pháp")
    _add_users(sqlite_hub, ["binh", "cuong", "dung", "giang"])
    report = sync.run_round(a.ctx)
    assert report.error is None
    assert dossiers.show(a.ctx, code).status.value == "result_ready"


# ----------------------------------------------------------------------------- clock set back


def test_a_clock_set_back_a_day_does_not_stop_the_automatic_sync(
    sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    a = make_counter(skew=timedelta(days=1))  # the PC's clock is a day fast
    _enrolled(sqlite_hub, a)
    assert sync.run_round(a.ctx).error is None
    assert not sync.due(a.ctx)  # a good round: ask again in a minute
    a.clock.skew = timedelta(0)  # the clerk corrects the clock
    assert sync.due(a.ctx)  # a wait of a day is impossible: the clock moved, sync now
    assert sync.run_round(a.ctx).error is None
    assert not sync.due(a.ctx)  # and back to the normal rhythm

    sqlite_hub.stop()  # the same after a failure: back-off from a fast clock
    a.clock.skew = timedelta(hours=3)
    assert sync.run_round(a.ctx).error == "sync.offline"
    a.clock.skew = timedelta(0)
    assert sync.due(a.ctx)


# ----------------------------------------------------------------------------- unexpected error


class _BrokenClient(HubClient):
    """A client with a bug in it: reading changes raises what no one expected."""

    def changes(self, after: int, epoch: str, limit: int = 500) -> ChangesAnswer:
        raise RuntimeError("boom: a bug, not the network")


def test_an_unexpected_error_in_a_round_is_reported_and_backs_off(
    sqlite_hub: HubServer, make_counter: MakeCounter, caplog: pytest.LogCaptureFixture
) -> None:
    a = make_counter()
    _enrolled(sqlite_hub, a)
    a.take()
    with a.db.read() as session:
        state = session.get(SyncState, 1)
        assert state is not None
        token = state.token
    with _BrokenClient(sqlite_hub.url, token) as broken, caplog.at_level(logging.ERROR):
        report = sync.run_round(a.ctx, broken)
    assert report.error == "sync.internal" and report.message is not None
    assert report.pushed > 0 and report.waiting == 0  # what went up before the error stays sent
    status = sync.status(a.ctx)
    assert status.failures == 1 and status.error_code == "sync.internal"
    # the clerk reads a sentence, not the bug's own text (issue 11: no "RuntimeError: boom" on the counter)
    assert status.last_error is not None and "nhật ký" in status.last_error and "boom" not in status.last_error
    assert status.next_attempt_at is not None and status.next_attempt_at > a.clock()
    assert not sync.due(a.ctx)  # backing off, not hammering the hub
    logged = [r for r in caplog.records if r.exc_info is not None]
    assert logged and "boom" in str(logged[0].exc_info[1])  # type: ignore[index]
    assert sync.run_round(a.ctx).error is None  # the next good round clears it
    assert sync.status(a.ctx).failures == 0


# ----------------------------------------------------------------------------- a large USB file


def test_a_usb_file_with_more_than_500_entries_goes_through_the_hub_and_back(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    """Days without a link: more entries than one push batch may carry (500) travel in one file."""
    from district_server.cli import main as hub_cli

    a = make_counter()
    _enrolled(sqlite_hub, a)
    codes = [a.take() for _ in range(251)]  # a reception and its SMS notice each
    waiting = sync.status(a.ctx).waiting
    assert waiting > 500
    exported = sync.export_sync(a.ctx, tmp_path / "usb.hsmc")
    assert exported.items == waiting
    answer = tmp_path / "answer.hsmc"
    command = ["--db", sqlite_hub.db_url, "import-sync", str(exported.path), "--answer", str(answer)]
    assert hub_cli(command) == 0
    assert hub_cli(command) == 0  # imported twice by mistake: nothing is stored twice

    result = sync.import_sync_answer(a.ctx, answer)
    assert (result.pushed, result.quarantined, result.waiting) == (waiting, 0, 0)
    on_hub = _hub_dossiers(sqlite_hub)
    assert sorted(on_hub) == sorted(codes)
    assert _hub_event_count(sqlite_hub) == (waiting, waiting)


# ----------------------------------------------------------------------------- a restored hub


def _local_history(counter: Counter, codes: list[str]) -> dict[str, tuple[str, int]]:
    return {c: (dossiers.show(counter.ctx, c).status.value, len(dossiers.show(counter.ctx, c).events)) for c in codes}


def test_a_hub_restored_from_a_backup_gets_everything_back_once_its_epoch_is_rotated(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    from district_server.cli import main as hub_cli

    a = make_counter()
    _enrolled(sqlite_hub, a)
    first = [a.take(), a.take("Đỗ Thị Mai")]
    assert sync.run_round(a.ctx).waiting == 0
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.write() as session:  # a result recorded upstream, before the backup
        service.record_upstream_event(session, first[1], "result_ready", utc_now(), actor="Phòng Tư pháp")
    assert sync.run_round(a.ctx).error is None
    backup = tmp_path / "hub-backup.db"
    _backup(sqlite_hub, backup)
    later = [a.take("Lê Văn An"), a.take("Trần Thị Bình")]
    lifecycle.transfer(a.ctx, first[0], "CC_TPHT")
    assert sync.run_round(a.ctx).waiting == 0  # the hub said "ok" for all of it…
    codes = first + later

    _restore(sqlite_hub, backup)  # …then its disk failed and the operator restored last night's backup
    assert hub_cli(["--db", sqlite_hub.db_url, "rotate-epoch"]) == 0
    sqlite_hub.start()
    assert sorted(_hub_dossiers(sqlite_hub)) == sorted(first)  # what the backup holds

    report = sync.run_round(a.ctx)
    assert (report.error, report.waiting, report.quarantined) == (None, 0, 0)
    assert _hub_dossiers(sqlite_hub) == _local_history(a, codes)  # every dossier, every event, same status
    total, distinct = _hub_event_count(sqlite_hub)
    assert total == distinct == sum(events for _status, events in _local_history(a, codes).values())
    assert sync.run_round(a.ctx).pushed == 0  # and nothing goes twice


def test_a_restored_hub_behind_the_counters_cursor_gets_everything_back_even_without_a_new_epoch(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    """The operator forgot ``rotate-epoch``; the hub answers "reset" (the cursor is beyond its history),
    and any reset puts the sent entries back."""
    a = make_counter()
    _enrolled(sqlite_hub, a)
    first = a.take()
    assert sync.run_round(a.ctx).waiting == 0
    backup = tmp_path / "hub-backup.db"
    _backup(sqlite_hub, backup)
    later = a.take("Lê Văn An")
    _add_users(sqlite_hub, ["lan", "minh"])  # changes the counter pulls: its cursor passes the backup's
    assert sync.run_round(a.ctx).waiting == 0

    _restore(sqlite_hub, backup)
    sqlite_hub.start()
    report = sync.run_round(a.ctx)
    assert (report.error, report.waiting, report.quarantined) == (None, 0, 0)
    assert _hub_dossiers(sqlite_hub) == _local_history(a, [first, later])


# ----------------------------------------------------------------------------- a new hub and upstream events


def test_a_new_hub_gets_the_whole_history_upstream_events_included_in_order(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    a = make_counter()
    _enrolled(sqlite_hub, a)
    code = a.take()
    lifecycle.transfer(a.ctx, code, "CC_TPHT")
    assert sync.run_round(a.ctx).waiting == 0
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.write() as session:
        service.record_upstream_event(session, code, "result_ready", utc_now(), actor="Phòng Tư pháp")
    assert sync.run_round(a.ctx).error is None
    assert lifecycle.return_result(a.ctx, code, "Nguyễn Thị Hồng Nhung").status == "returned"
    assert sync.run_round(a.ctx).waiting == 0
    sqlite_hub.stop()

    fresh = HubServer(f"sqlite:///{tmp_path / 'hub-rebuilt.db'}", port=sqlite_hub.port).start()
    try:
        assert sync.run_round(a.ctx).error == "sync.unauthorized"
        _enrolled(fresh, a)
        report = sync.run_round(a.ctx)
        assert (report.error, report.waiting, report.quarantined) == (None, 0, 0)
        assert sync.quarantine(a.ctx) == []
        assert _hub_dossiers(fresh) == _local_history(a, [code])
        assert _hub_dossiers(fresh)[code][0] == "returned"
        assert fresh.hub is not None
        with fresh.hub.read() as session:
            kinds = session.scalars(select(HubEvent.kind).order_by(HubEvent.id)).all()
        assert [e.kind for e in dossiers.show(a.ctx, code).events] == list(kinds)  # in the dossier's order
    finally:
        fresh.stop()
