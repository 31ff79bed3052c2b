"""Sync rounds between real counters and the real hub over loopback (docs/sync-protocol.md).

What a clerk or the hub's operator would notice: dossiers taken offline arrive exactly once, a result
recorded upstream changes the dossier here, a refused item is set aside with the hub's reason without
holding up the rest, a revoked PC stops and says so, a wrong PC clock is reported.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.domain.errors import IllegalTransition
from counter_app.services import dossiers, lifecycle, office
from counter_app.services import hub_sync as sync
from counter_app.storage.models import OutboxEntry, SyncConflict
from counter_app.sync.client import HubClient
from counter_app.sync.protocol import PushItem
from district_server import service
from district_server.cli import main as hub_cli
from district_server.db import utc_now
from district_server.models import OutgoingMessage
from tests.hub.conftest import HubServer
from tests.sync.conftest import COMMUNE_A, COMMUNE_B, Counter, MakeCounter, add_commune, issue_code


def _enrolled(server: HubServer, counter: Counter, name: str = "UBND xã Tân Lập") -> sync.EnrollResult:
    if server.hub is not None:
        with server.hub.read() as session:
            known = {c.code for c in service.list_communes(session)}
        if counter.commune not in known:
            add_commune(server, counter.commune, name)
    return sync.enroll(counter.ctx, server.url, issue_code(server, counter.commune))


def _hub_dossiers(server: HubServer, commune: str) -> dict[str, tuple[str, int]]:
    assert server.hub is not None
    with server.hub.read() as session:
        return {d.code: (d.status, d.events) for d in service.list_dossiers(session, commune)}


def _local_events(counter: Counter, code: str) -> int:
    return len(dossiers.show(counter.ctx, code).events)


def test_dossiers_taken_offline_arrive_exactly_once_when_the_link_returns(
    hub_server: HubServer, make_counter: MakeCounter
) -> None:
    a, b = make_counter(COMMUNE_A, 1), make_counter(COMMUNE_B, 1)
    _enrolled(hub_server, a)
    _enrolled(hub_server, b, "UBND xã Hòa Bình")
    assert not office.get_office(a.ctx).ever_synced
    hub_server.stop()  # the link is down for the day
    taken_a = [a.take("Lê Văn An"), a.take("Trần Thị Bình")]
    taken_b = [b.take("Phạm Văn Cường")]
    lifecycle.transfer(a.ctx, taken_a[0], "CC_TPHT")  # a later event of the same dossier

    report = sync.run_round(a.ctx)
    assert (report.online, report.error, report.pushed) == (False, "sync.offline", 0)
    assert report.waiting > 0
    offline = sync.status(a.ctx)
    assert not offline.online and offline.failures == 1 and offline.last_success_at is None
    assert offline.next_attempt_at is not None and offline.next_attempt_at > a.clock()
    assert offline.last_error is not None and "Không kết nối được" in offline.last_error
    assert not sync.due(a.ctx)  # backing off

    hub_server.start()  # same database, same port
    waiting = report.waiting
    report = sync.run_round(a.ctx)  # nothing new was written locally since the failure
    assert (report.online, report.error, report.pushed, report.waiting) == (True, None, waiting, 0)
    assert sync.run_round(b.ctx).waiting == 0
    assert sync.run_round(a.ctx).pushed == 0  # a second round sends nothing again

    on_hub_a, on_hub_b = _hub_dossiers(hub_server, COMMUNE_A), _hub_dossiers(hub_server, COMMUNE_B)
    assert sorted(on_hub_a) == sorted(taken_a) and sorted(on_hub_b) == taken_b
    for code in taken_a:
        assert on_hub_a[code] == (dossiers.show(a.ctx, code).status.value, _local_events(a, code))
    assert on_hub_a[taken_a[0]][0] == "processing"
    status = sync.status(a.ctx)
    assert status.online and status.failures == 0 and status.last_success_at is not None and status.waiting == 0
    assert office.get_office(a.ctx).ever_synced  # receipts no longer say "pending sync"


def test_a_batch_delivered_but_not_marked_is_resent_under_the_same_key(
    sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    """A crash after the hub stored a batch and before the counter marked it: the retry is the same batch."""
    a = make_counter()
    enrolled = _enrolled(sqlite_hub, a)
    codes = [a.take(), a.take("Đỗ Thị Mai")]
    with a.db.read() as session:
        rows = session.execute(
            select(OutboxEntry.uid, OutboxEntry.topic, OutboxEntry.payload, OutboxEntry.attempts)
            .where(OutboxEntry.state == "pending")
            .order_by(OutboxEntry.id)
        ).all()
        token = sync.status(a.ctx).server
    assert token == sqlite_hub.url
    key = sync.batch_id(enrolled.device_id, enrolled.epoch, [(u, n) for u, _, _, n in rows])
    with a.db.read() as session:
        from counter_app.storage.models import SyncState

        credential = session.get(SyncState, 1).token  # type: ignore[union-attr]
    with HubClient(sqlite_hub.url, credential) as hub:
        first = hub.push([PushItem(u, t, p) for u, t, p, _ in rows], key)  # delivered; the counter "crashed"
    assert {r.status for r in first.results} == {"ok"}
    report = sync.run_round(a.ctx)
    assert (report.pushed, report.waiting, report.quarantined) == (len(rows), 0, 0)
    on_hub = _hub_dossiers(sqlite_hub, COMMUNE_A)
    assert sorted(on_hub) == sorted(codes)
    assert all(on_hub[c][1] == _local_events(a, c) for c in codes)  # each event once


def test_a_result_recorded_upstream_comes_down_and_changes_the_dossier(
    sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    a = make_counter()
    _enrolled(sqlite_hub, a)
    code = a.take()
    lifecycle.transfer(a.ctx, code, "CC_TPHT")
    assert sync.run_round(a.ctx).waiting == 0
    # The hub's operator records it: `district-server event CODE result_ready --actor …`
    assert hub_cli(["--db", sqlite_hub.db_url, "event", code, "result_ready", "--actor", "Phòng Tư pháp"]) == 0

    report = sync.run_round(a.ctx)
    assert report.pulled >= 1 and report.error is None and report.conflicts == 0
    detail = dossiers.show(a.ctx, code)
    assert detail.status.value == "result_ready"
    upstream = [e for e in detail.events if e.kind == "result_ready"]
    assert len(upstream) == 1 and upstream[0].actor == "Phòng Tư pháp"
    assert detail.events[-1].kind == "notified"  # the result notice queued here
    assert report.waiting == 0  # the upstream event is not sent back…
    # …but the citizen is told, as for a result made here: the notice went up in the same round and
    # waits in the hub's relay queue.
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.read() as session:
        texts = session.scalars(select(OutgoingMessage.text).where(OutgoingMessage.recipient == "0912345678")).all()
    assert len(texts) == 2 and all(code in text for text in texts), texts  # the receipt's and the result's
    again = sync.run_round(a.ctx)
    assert again.pulled == 0 and _local_events(a, code) == len(detail.events)
    # The counter goes on from the new status: the result can be handed over here.
    assert lifecycle.return_result(a.ctx, code, "Nguyễn Thị Hồng Nhung").status == "returned"
    assert sync.run_round(a.ctx).waiting == 0
    assert _hub_dossiers(sqlite_hub, COMMUNE_A)[code][0] == "returned"


def test_a_refused_item_is_set_aside_without_blocking_later_ones(
    sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    a = make_counter()
    _enrolled(sqlite_hub, a)
    code = a.take()
    assert sync.run_round(a.ctx).waiting == 0
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.write() as session:  # upstream: the result is ready…
        service.record_upstream_event(session, code, "result_ready", utc_now())
    lifecycle.stop(a.ctx, code, "Công dân không bổ sung")  # …while the counter, not yet told, stops the dossier
    later = a.take("Vũ Văn Long")  # and goes on taking dossiers

    report = sync.run_round(a.ctx)
    assert report.error is None and report.waiting == 0 and report.quarantined == 1
    assert report.conflicts == 1  # the upstream result cannot follow a stop here either
    assert later in _hub_dossiers(sqlite_hub, COMMUNE_A)
    (item,) = sync.quarantine(a.ctx)
    assert (item.dossier_code, item.kind, item.status) == (code, "stopped", "rejected")
    assert "stopped" in item.reason and "result_ready" in item.reason  # the hub's own words
    assert dossiers.show(a.ctx, code).status.value == "stopped"
    with a.db.read() as session:
        conflict = session.scalars(select(SyncConflict)).one()
    assert conflict.topic == "dossier.event" and "lifecycle.illegal" in conflict.reason
    assert sync.status(a.ctx).quarantined == 1 and sync.status(a.ctx).conflicts == 1

    # The operator looks at it; the clerk retries: it is sent again (not answered from the old batch).
    assert sync.retry_quarantined(a.ctx) == 1
    assert sync.status(a.ctx).waiting == 1
    retried = sync.run_round(a.ctx)
    assert (retried.pushed, retried.quarantined, retried.waiting) == (0, 1, 0)
    with a.db.read() as session:
        attempts = session.scalar(select(OutboxEntry.attempts).where(OutboxEntry.state == "quarantined"))
    assert attempts == 2
    with pytest.raises(Exception, match=r"sync\.not_quarantined"):
        sync.retry_quarantined(a.ctx, "no-such-uid")


def test_a_revoked_pc_stops_quarantines_nothing_and_can_be_enrolled_again(
    sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    a = make_counter()
    enrolled = _enrolled(sqlite_hub, a)
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.write() as session:
        service.revoke(session, enrolled.device_id, utc_now())
    code = a.take()
    report = sync.run_round(a.ctx)
    assert (report.error, report.quarantined, report.pushed) == ("sync.revoked", 0, 0)
    assert report.waiting > 0
    status = sync.status(a.ctx)
    assert status.revoked and status.quarantined == 0
    assert status.last_error is not None and "thu hồi" in status.last_error
    assert not sync.due(a.ctx)
    assert sync.run_round(a.ctx).error == "sync.revoked"  # does not knock again

    again = _enrolled(sqlite_hub, a)
    assert again.re_enrolled and again.device_id == enrolled.device_id and again.requeued == 0
    assert not sync.status(a.ctx).revoked
    assert sync.run_round(a.ctx).waiting == 0
    assert code in _hub_dossiers(sqlite_hub, COMMUNE_A)


def test_a_wrong_pc_clock_is_reported(sqlite_hub: HubServer, make_counter: MakeCounter) -> None:
    slow = make_counter(COMMUNE_A, 1, skew=-timedelta(minutes=10))
    right = make_counter(COMMUNE_A, 2)
    _enrolled(sqlite_hub, slow)
    _enrolled(sqlite_hub, right)
    for counter in (slow, right):
        sync.run_round(counter.ctx)
    wrong = sync.status(slow.ctx)
    assert wrong.clock_wrong and wrong.clock_offset_seconds == pytest.approx(600, abs=30)
    fine = sync.status(right.ctx)
    assert not fine.clock_wrong and fine.clock_offset_seconds is not None and abs(fine.clock_offset_seconds) < 30


def test_local_history_is_append_only_for_upstream_events_too(sqlite_hub: HubServer, make_counter: MakeCounter) -> None:
    """An upstream event the state machine refuses leaves the dossier and its history as they were."""
    a = make_counter()
    _enrolled(sqlite_hub, a)
    code = a.take()
    lifecycle.transfer(a.ctx, code, "CC_TPHT")
    sync.run_round(a.ctx)
    lifecycle.record_result(a.ctx, code)
    with pytest.raises(IllegalTransition):
        lifecycle.record_result(a.ctx, code)
    events_before = _local_events(a, code)
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.write() as session:  # the hub has not heard of the local result yet
        service.record_upstream_event(session, code, "supplement_requested", utc_now())
    report = sync.run_round(a.ctx)
    assert report.conflicts == 1  # both sides refuse the other's step: here the upstream request…
    assert [q.kind for q in sync.quarantine(a.ctx)] == ["result_ready", "notified"]  # …there the result and its SMS
    assert _local_events(a, code) == events_before
    assert dossiers.show(a.ctx, code).status.value == "result_ready"
    with a.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SyncConflict)) == 1


def test_an_item_too_large_for_the_hub_is_set_aside_and_the_rest_goes_on(
    sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    """413: the batch is halved down to the one item the hub cannot take, which alone is set aside."""
    a = make_counter()
    _enrolled(sqlite_hub, a)
    before = a.take("Lê Văn An")
    with a.db.write() as session:  # an entry far beyond the hub's 8 MiB body limit (e.g. a corrupt comment)
        session.add(
            OutboxEntry(
                uid="7d0f6a1e-0000-4000-8000-000000000001",
                topic="rating",
                payload={"v": 1, "comment": "rất hài lòng " * 800_000},
                created_at=a.clock(),
            )
        )
    after = a.take("Trần Thị Bình")
    report = sync.run_round(a.ctx)
    assert (report.error, report.waiting, report.quarantined) == (None, 0, 1)
    (item,) = sync.quarantine(a.ctx)
    assert item.topic == "rating" and "larger than the hub accepts" in item.reason
    assert {before, after} <= set(_hub_dossiers(sqlite_hub, COMMUNE_A))


def test_a_new_hub_database_means_enrol_again_and_send_everything_again(
    sqlite_hub: HubServer, make_counter: MakeCounter, tmp_path: Path
) -> None:
    a = make_counter()
    first = _enrolled(sqlite_hub, a)
    codes = [a.take(), a.take("Đỗ Thị Mai")]
    sent = sync.run_round(a.ctx)
    assert sent.waiting == 0 and sent.pushed == 4  # two receptions and their SMS notices
    sqlite_hub.stop()
    fresh = HubServer(f"sqlite:///{tmp_path / 'hub-rebuilt.db'}", port=sqlite_hub.port).start()
    try:
        lost = sync.run_round(a.ctx)
        assert lost.error == "sync.unauthorized" and sync.status(a.ctx).revoked  # the new hub does not know us
        again = _enrolled(fresh, a)
        assert again.epoch != first.epoch and again.requeued == sent.pushed
        report = sync.run_round(a.ctx)
        assert (report.error, report.waiting, report.pushed) == (None, 0, again.requeued)
        assert sorted(_hub_dossiers(fresh, COMMUNE_A)) == sorted(codes)
    finally:
        fresh.stop()


def test_a_late_acceptance_moves_the_dates_on_the_hub_too(sqlite_hub: HubServer, make_counter: MakeCounter) -> None:
    """An online application accepted later gets new received and due times; the hub (lookup page,
    statistics) must hold the same ones, not the submission's."""
    from counter_app.domain.applicant import make_applicant
    from counter_app.domain.values import Channel
    from counter_app.services import intake
    from district_server.models import HubDossier
    from tests.sync.conftest import BIRTH

    a = make_counter()
    _enrolled(sqlite_hub, a)
    applicant = make_applicant("Lê Văn Tám", id_number="001190123457", phone="0912345679")
    code = intake.record_submission(a.ctx, intake.IntakeRequest(BIRTH, applicant, channel=Channel.ONLINE)).dossier.code
    assert sync.run_round(a.ctx).waiting == 0
    a.ctx.clock.skew = timedelta(hours=2)  # type: ignore[attr-defined]  # accepted two hours later
    lifecycle.accept_pending(a.ctx, code)
    assert sync.run_round(a.ctx).waiting == 0
    local = dossiers.show(a.ctx, code)
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.read() as session:
        held = session.scalars(select(HubDossier).where(HubDossier.code == code)).one()
    assert local.due_at is not None and held.due_at == local.due_at
    assert held.received_at == local.received_at
