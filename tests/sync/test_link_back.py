"""When the link comes back during a long back-off, the queued work goes up at once (SYNC.md, Push)."""

from __future__ import annotations

from datetime import timedelta

from counter_app.services import hub_sync as sync
from counter_app.storage.models import SyncState
from tests.hub.conftest import HubServer
from tests.sync.conftest import COMMUNE_A, MakeCounter, add_commune, issue_code


def test_a_returning_link_is_noticed_before_the_back_off_ends(sqlite_hub: HubServer, make_counter: MakeCounter) -> None:
    a = make_counter()
    add_commune(sqlite_hub, COMMUNE_A, "UBND xã Tân Lập")
    sync.enroll(a.ctx, sqlite_hub.url, issue_code(sqlite_hub, COMMUNE_A))
    assert not sync.link_back(a.ctx)  # nothing failed: nothing to probe

    sqlite_hub.stop()  # the line goes down
    code = a.take()
    report = sync.run_round(a.ctx)
    assert not report.online and report.waiting >= 1
    with a.ctx.db.write() as session:  # many failures in a row: the next attempt is minutes away
        state = session.get(SyncState, 1)
        assert state is not None
        state.failures = 9
        state.next_attempt_at = a.ctx.now() + timedelta(minutes=4)
    assert not sync.due(a.ctx)
    assert not sync.link_back(a.ctx)  # still down

    sqlite_hub.start()  # the line is back
    assert not sync.link_back(a.ctx)  # probed less than 15 s ago: not again yet
    sync._last_probe.clear()
    assert sync.link_back(a.ctx)  # the timer's next tick sees it…
    report = sync.run_round(a.ctx)  # …and runs the round at once
    assert report.online and report.waiting == 0 and report.pushed >= 1
    assert not sync.link_back(a.ctx)  # back to normal: no more probing
    assert code in _codes_on_hub(sqlite_hub)


def _codes_on_hub(server: HubServer) -> list[str]:
    from district_server import service

    assert server.hub is not None
    with server.hub.read() as session:
        return [d.code for d in service.list_dossiers(session, COMMUNE_A)]
