"""A poison item among good ones (issue 11, item 3): the hub fails on one item with 5xx every time, and the
dossiers queued behind it must still arrive — on SQLite and on PostgreSQL, the real hub over loopback.

The poison is made real in the hub's own database: a trigger that raises for one dossier code (SQLite:
``RAISE(ABORT)``, answered 503; PostgreSQL: a PL/pgSQL ``RAISE EXCEPTION``, answered 500). It passes the
counter's text rule and every check of the hub; only storing it fails, as a NUL once did on PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from counter_app.services import dossiers
from counter_app.services import hub_sync as sync
from counter_app.storage.models import OutboxEntry
from district_server import service
from district_server.models import HubDossier
from tests.cli.conftest import Cli
from tests.hub.conftest import HubServer
from tests.sync.conftest import COMMUNE_A, Counter, MakeCounter, add_commune, issue_code

GOOD = ["Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường", "Hoàng Thị Dung"]


def _enrol(server: HubServer, counter: Counter) -> None:
    add_commune(server, counter.commune, "UBND xã Tân Lập")
    sync.enroll(counter.ctx, server.url, issue_code(server, counter.commune))


def _poison(server: HubServer, code: str) -> None:
    """The hub's database refuses to store the dossier ``code`` (a real database error on every attempt)."""
    assert server.hub is not None
    with server.hub.engine.begin() as conn:
        if server.hub.engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER poison BEFORE INSERT ON dossier "
                    f"WHEN NEW.code = '{code}' BEGIN SELECT RAISE(ABORT, 'poison'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    f"IF NEW.code = '{code}' THEN RAISE EXCEPTION 'poison'; END IF; RETURN NEW; END $$"
                )
            )
            conn.execute(text("CREATE TRIGGER poison BEFORE INSERT ON dossier FOR EACH ROW EXECUTE FUNCTION poison()"))


def _cure(server: HubServer) -> None:
    assert server.hub is not None
    with server.hub.engine.begin() as conn:
        sqlite = server.hub.engine.dialect.name == "sqlite"
        conn.execute(text("DROP TRIGGER poison" if sqlite else "DROP TRIGGER poison ON dossier"))


def _on_hub(server: HubServer) -> dict[str, int]:
    assert server.hub is not None
    with server.hub.read() as session:
        return {d.code: d.events for d in service.list_dossiers(session, COMMUNE_A)}


def test_a_poison_item_is_set_aside_and_every_good_dossier_reaches_the_hub(
    hub_server: HubServer, make_counter: MakeCounter
) -> None:
    counter = make_counter(COMMUNE_A, 1)
    _enrol(hub_server, counter)
    good = [counter.take(GOOD[0]), counter.take(GOOD[1])]
    poison = counter.take("Đỗ Văn Độc")
    good += [counter.take(GOOD[2]), counter.take(GOOD[3])]
    _poison(hub_server, poison)
    assert sync.status(counter.ctx).waiting == 10  # each dossier: its reception and the receipt SMS

    rounds = [sync.run_round(counter.ctx) for _ in range(5)]  # the GUI waits for the back-off in between

    # Twice the whole batch fails (a blip would have passed); the third time it is bisected: the two
    # dossiers before the poison go, the poison alone fails; alone twice more, it is set aside and the rest
    # goes (its own SMS event too, refused by the hub, which lacks the dossier: it is set aside with it).
    assert [(r.pushed, r.quarantined, r.error) for r in rounds] == [
        (0, 0, "sync.server_error"),
        (0, 0, "sync.server_error"),
        (4, 0, "sync.server_error"),
        (0, 0, "sync.server_error"),
        (4, 2, None),
    ]
    assert rounds[-1].waiting == 0 and rounds[-1].online
    on_hub = _on_hub(hub_server)
    assert sorted(on_hub) == sorted(good)  # every good dossier, and only them
    set_aside = sync.quarantine(counter.ctx)
    assert [(q.dossier_code, q.status) for q in set_aside] == [(poison, "server_error"), (poison, "rejected")]
    assert "5xx" in set_aside[0].reason and "3 lần" in set_aside[0].reason, set_aside[0].reason
    status = sync.status(counter.ctx)
    assert (status.waiting, status.quarantined, status.failures, status.last_error) == (0, 2, 0, None)

    # The hub's operator removes the cause; the clerk sends it again: it arrives once, the rest is not resent.
    _cure(hub_server)
    assert sync.retry_quarantined(counter.ctx) == 2
    again = sync.run_round(counter.ctx)
    assert (again.pushed, again.quarantined, again.waiting, again.error) == (2, 0, 0, None)
    on_hub = _on_hub(hub_server)
    assert sorted(on_hub) == sorted([*good, poison])
    for code in on_hub:
        assert on_hub[code] == len(dossiers.show(counter.ctx, code).events)


def test_a_poison_at_the_head_of_the_queue_is_found_across_rounds(
    sqlite_hub: HubServer, make_counter: MakeCounter, capsys: pytest.CaptureFixture[str]
) -> None:
    """No half before the poison ever succeeds; what the bisection found is kept with the error in the
    database between rounds (each round a new client, as after a restart of the app)."""
    counter = make_counter(COMMUNE_A, 1)
    _enrol(sqlite_hub, counter)
    poison = counter.take("Đỗ Văn Độc")  # the head of the queue: no half before it ever succeeds
    good = [counter.take(name) for name in GOOD]
    _poison(sqlite_hub, poison)
    reports = []
    for _ in range(6):
        reports.append(sync.run_round(counter.ctx))
        if reports[-1].error is None:
            break
    assert [r.error for r in reports] == ["sync.server_error"] * 4 + [None]
    assert sorted(_on_hub(sqlite_hub)) == sorted(good)
    assert {q.dossier_code for q in sync.quarantine(counter.ctx)} == {poison}

    cli = Cli(counter.data_dir, capsys)  # what the administrator sees and does from the command line
    code, out, _ = cli("sync-quarantine")
    first = out.splitlines()[0]
    assert code == 0 and poison in first and "(máy chủ lỗi)" in first and "Máy chủ lỗi 5xx (HTTP 503)" in first
    _cure(sqlite_hub)
    assert cli("sync-retry")[:2] == (0, "Đã đưa 2 mục trở lại hàng chờ gửi\n")
    assert sync.run_round(counter.ctx).pushed == 2
    assert sorted(_on_hub(sqlite_hub)) == sorted([poison, *good])


def test_a_hub_that_is_down_sets_nothing_aside_however_long(sqlite_hub: HubServer, make_counter: MakeCounter) -> None:
    counter = make_counter(COMMUNE_A, 1)
    _enrol(sqlite_hub, counter)
    for name in GOOD:
        counter.take(name)
    sqlite_hub.stop()
    for _ in range(8):
        assert sync.run_round(counter.ctx).error == "sync.offline"
    assert sync.quarantine(counter.ctx) == [] and sync.status(counter.ctx).waiting == 8
    sqlite_hub.start()
    assert sync.run_round(counter.ctx).pushed == 8


def test_a_hub_failing_every_write_and_read_sets_nothing_aside(
    sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    """A hub whose database fails everything (here: every write, and the read the counter makes before it
    sets an item aside) answers 5xx to every batch and every half: nothing is quarantined, however often."""
    counter = make_counter(COMMUNE_A, 1)
    _enrol(sqlite_hub, counter)
    for name in GOOD:
        counter.take(name)
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.engine.begin() as conn:
        conn.execute(text("CREATE TRIGGER down BEFORE INSERT ON dossier BEGIN SELECT RAISE(ABORT, 'down'); END"))
        # the change feed's table gone: /v1/changes answers 500 like a database that is down
        conn.execute(text('ALTER TABLE "change" RENAME TO change_away'))
    for _ in range(8):
        assert sync.run_round(counter.ctx).error == "sync.server_error"
    assert sync.quarantine(counter.ctx) == []
    assert counter.db is not None
    with counter.db.read() as session:
        assert session.query(OutboxEntry).filter(OutboxEntry.state == "pending").count() == 8


def test_a_nul_stored_by_an_older_version_never_reaches_the_hub(
    hub_server: HubServer, make_counter: MakeCounter
) -> None:
    """An older counter let a NUL into a name; its outbox entry is sent with U+FFFD in its place, so it is
    stored on PostgreSQL too (which cannot hold a NUL) and nothing behind it waits."""
    counter = make_counter(COMMUNE_A, 1)
    _enrol(hub_server, counter)
    codes = [counter.take(GOOD[0]), counter.take("Đỗ Văn Độc"), counter.take(GOOD[1])]
    with counter.db.write() as session:  # as the older version wrote it
        entry = session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.payload["dossier_code"].as_string() == codes[1])
            .order_by(OutboxEntry.id)
        ).first()
        assert entry is not None
        payload = json.loads(json.dumps(entry.payload))
        payload["dossier"]["applicant"]["full_name"] = "Đỗ\x00Văn Độc"
        entry.payload = payload

    report = sync.run_round(counter.ctx)
    assert (report.error, report.pushed, report.quarantined, report.waiting) == (None, 6, 0, 0)
    assert sorted(_on_hub(hub_server)) == sorted(codes)
    assert hub_server.hub is not None
    with hub_server.hub.read() as session:
        name = session.scalar(select(HubDossier.applicant_name).where(HubDossier.code == codes[1]))
    assert name == "Đỗ\ufffdVăn Độc"
    assert sync.run_round(counter.ctx).pushed == 0  # and it is not sent again
