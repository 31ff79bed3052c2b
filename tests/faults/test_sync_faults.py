"""Sync under faults, one fault at a time, against the real hub process on SQLite and PostgreSQL.

The counter talks to the hub through a proxy the test controls (tests/faults/proxy.py). Each test ends
with quiescence and the convergence check (tests/faults/conftest.py): nothing left waiting, every
dossier on the hub exactly once with the same history and status as on the counter.
"""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from counter_app.services import hub_sync as sync
from counter_app.services import lifecycle
from counter_app.storage.models import OutboxEntry
from district_server import service
from district_server.db import utc_now
from district_server.models import Commune, Device, HubDossier, HubEvent, PushBatch
from tests.faults.conftest import (
    NAMES,
    Counter,
    HubLink,
    MakeCounter,
    When,
    check_convergence,
    cursor_is_honest,
    enrolled,
    quiesce,
    run_cli_killed,
    sent_are_on_hub,
)
from tests.faults.proxy import exchange, split_requests

pytestmark = pytest.mark.slow
SEED = int(os.environ.get("FAULT_SEED", "0")) or random.randrange(1, 10**9)


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    seed = SEED + sum(map(ord, request.node.name))
    print(f"fault seed {seed} (FAULT_SEED={SEED} replays this run)")
    return random.Random(seed)


# ------------------------------------------------------------------------------------------ helpers


def _hub_count(link: HubLink, commune: str) -> tuple[int, int]:
    """(dossiers, events) the hub holds for a commune."""
    with link.admin.read() as session:
        commune_id = select(Commune.id).where(Commune.code == commune).scalar_subquery()
        dossiers = session.scalar(select(func.count()).where(HubDossier.commune_id == commune_id)) or 0
        events = (
            session.scalar(
                select(func.count())
                .select_from(HubEvent)
                .join(HubDossier, HubDossier.id == HubEvent.dossier_id)
                .where(HubDossier.commune_id == commune_id)
            )
            or 0
        )
    return dossiers, events


def _batches(link: HubLink, device_id: str) -> int:
    with link.admin.read() as session:
        return session.scalar(select(func.count()).where(PushBatch.device_id == device_id)) or 0


def _upstream_results(link: HubLink, codes: list[str]) -> set[str]:
    """The interlinked agency's results recorded at the hub (what ``district-server event`` does)."""
    uids = set()
    with link.admin.write() as session:
        for code in codes:
            uids.add(
                service.record_upstream_event(session, code, "result_ready", utc_now(), actor="Công an xã").event_uid
            )
    return uids


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _take(counter: Counter, n: int) -> list[str]:
    return [counter.take(NAMES[i % len(NAMES)]) for i in range(n)]


def _waiting(counter: Counter) -> int:
    return sync.status(counter.ctx).waiting


# ------------------------------------------------------------------------------------------ the counter dies


def test_counter_killed_mid_push_loses_nothing_and_doubles_nothing(
    hub_link: HubLink, counters: MakeCounter, rng: random.Random
) -> None:
    counter = counters(hub_link.new_commune())
    enrolled(hub_link, counter)
    killed = 0
    for attempt in range(4):
        _take(counter, 15)
        if attempt % 2:
            trigger = hub_link.proxy.watch(rng.randint(100, 6000))  # somewhere in the request or the answer
            delay = 0.0
        else:
            trigger = hub_link.proxy.watch_request(b"POST /v1/push")  # while the hub works on the batch
            delay = rng.uniform(0.0, 0.3)
        status = run_cli_killed(counter, trigger, delay)
        killed += status == -9
        sent_are_on_hub(hub_link, counter)
    assert killed >= 2, "the counter was never killed mid-push"
    quiesce(hub_link, [counter])
    assert check_convergence(hub_link, [counter]) == 60
    assert _hub_count(hub_link, counter.commune)[0] == 60


def test_counter_killed_mid_pull_keeps_its_cursor_honest(
    hub_link: HubLink, counters: MakeCounter, rng: random.Random
) -> None:
    counter = counters(hub_link.new_commune())
    enrolled(hub_link, counter)
    codes = _take(counter, 24)
    for code in codes:
        lifecycle.transfer(counter.ctx, code, "CAX")  # to the commune police: the result comes from upstream
    quiesce(hub_link, [counter])
    upstream: set[str] = set()
    killed = 0
    for attempt in range(3):
        upstream |= _upstream_results(hub_link, codes[attempt * 8 : attempt * 8 + 8])
        trigger = hub_link.proxy.watch_request(b"GET /v1/changes")
        killed += run_cli_killed(counter, trigger, rng.uniform(0.0, 0.15)) == -9
        cursor_is_honest(hub_link, counter)
    assert killed >= 1, "the counter was never killed mid-pull"
    quiesce(hub_link, [counter])
    check_convergence(hub_link, [counter], upstream)
    assert {counter_status for _, counter_status, _ in _local(counter)} == {"result_ready"}


def _local(counter: Counter) -> list[tuple[str, str, int]]:
    from tests.faults.conftest import local_state

    return [(code, status, len(events)) for code, status, events in local_state(counter).values()]


# ------------------------------------------------------------------------------------------ the link breaks


def test_link_cut_mid_batch_then_the_same_batch_again(hub_link: HubLink, counters: MakeCounter) -> None:
    """The hub stored a batch but its answer was cut: the counter shows the items waiting, and the retry
    (same idempotency key) gets the stored answer instead of storing anything twice."""
    counter = counters(hub_link.new_commune())
    enrolled_as = enrolled(hub_link, counter)
    _take(counter, 30)
    waiting = _waiting(counter)
    hub_link.proxy.set("cut_response", n=20)  # the status line and no more
    report = counter.round()
    assert (report.online, report.error, report.pushed, report.waiting) == (False, "sync.offline", 0, waiting)
    assert _hub_count(hub_link, counter.commune)[0] == 30  # it did arrive
    batches = _batches(hub_link, enrolled_as.device_id)

    hub_link.proxy.set("pass")
    report = counter.round()
    assert (report.online, report.pushed, report.waiting) == (True, waiting, 0)
    assert _batches(hub_link, enrolled_as.device_id) == batches  # the answer was replayed, nothing re-applied
    check_convergence(hub_link, [counter])


def test_link_cut_at_random_points_converges(hub_link: HubLink, counters: MakeCounter, rng: random.Random) -> None:
    counter = counters(hub_link.new_commune())
    enrolled(hub_link, counter)
    taken = 0
    for _ in range(6):
        taken += len(_take(counter, rng.randint(1, 6)))
        if rng.random() < 0.5:
            hub_link.proxy.set("cut_request", n=rng.randint(1, 2500))
        else:
            hub_link.proxy.set("cut_response", n=rng.randint(0, 600))
        report = counter.round()
        if not report.online:
            # Cut during the push: entries still wait. Cut during the pull that follows a complete push:
            # nothing waits, and the round is still honestly reported offline.
            assert report.error == "sync.offline"
            assert report.waiting > 0 or report.pushed > 0
        sent_are_on_hub(hub_link, counter)
    hub_link.proxy.set("pass")
    hub_link.proxy.down()  # and a while with no link at all
    report = counter.round()
    assert (report.online, report.error, report.pushed) == (False, "sync.offline", 0)
    quiesce(hub_link, [counter])
    assert check_convergence(hub_link, [counter]) == taken


# ------------------------------------------------------------------------------------------ twice, changed


def test_a_batch_delivered_twice_is_stored_once(hub_link: HubLink, counters: MakeCounter) -> None:
    counter = counters(hub_link.new_commune())
    enrolled(hub_link, counter)
    codes = _take(counter, 5)
    lifecycle.transfer(counter.ctx, codes[0], "CC_TPHT")
    hub_link.proxy.reset_counts()
    assert counter.round().waiting == 0
    pushes = [r for c in hub_link.proxy.captures for r in split_requests(c.request) if r.startswith(b"POST /v1/push")]
    assert len(pushes) == 1
    before = _hub_count(hub_link, counter.commune)

    status, body = exchange(hub_link.proxy.port, pushes[0])  # the very same bytes, same Idempotency-Key
    assert status == 200
    answer = json.loads(body)
    assert [r["status"] for r in answer["results"]] == ["ok"] * len(answer["results"])

    # The same items under a new key: each is known by its UID with the same body, so "ok" and no copy.
    head, _, rest = pushes[0].partition(b"\r\n\r\n")
    key = next(line for line in head.split(b"\r\n") if line.lower().startswith(b"idempotency-key:"))
    renamed = head.replace(key, b"Idempotency-Key: 00000000-0000-4000-8000-000000000001") + b"\r\n\r\n" + rest
    status, body = exchange(hub_link.proxy.port, renamed)
    assert status == 200
    assert {r["status"] for r in json.loads(body)["results"]} == {"ok"}

    assert _hub_count(hub_link, counter.commune) == before
    assert counter.round().pushed == 0
    check_convergence(hub_link, [counter])


def test_a_changed_body_under_a_known_uid_is_set_aside_and_the_rest_goes_on(
    hub_link: HubLink, counters: MakeCounter
) -> None:
    counter = counters(hub_link.new_commune())
    enrolled(hub_link, counter)
    first = counter.take()
    quiesce(hub_link, [counter])
    with counter.db.write() as session:  # e.g. a backup restored and edited: the same event, another body
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.id).limit(1)).one()
        changed_uid = entry.uid
        entry.payload = {**entry.payload, "actor": "nguoi-khac"}
        session.execute(update(OutboxEntry).where(OutboxEntry.uid == changed_uid).values(state="pending"))
    later = _take(counter, 3)
    lifecycle.transfer(counter.ctx, first, "CC_TPHT")

    report = counter.round()
    assert (report.online, report.error, report.waiting, report.quarantined) == (True, None, 0, 1)
    [held] = sync.quarantine(counter.ctx)
    assert (held.uid, held.status, held.dossier_code) == (changed_uid, "conflict", first)
    assert "nội dung khác" in held.reason  # the hub's words, shown to the clerk
    assert sync.status(counter.ctx).quarantined == 1
    on_hub = _hub_count(hub_link, counter.commune)
    assert on_hub[0] == 4
    check_convergence(hub_link, [counter], quarantined=1)  # later dossiers and the transfer went through
    assert later


# ------------------------------------------------------------------------------------------ the hub dies


def test_hub_restarted_mid_sync(hub_link: HubLink, counters: MakeCounter, rng: random.Random) -> None:
    counter = counters(hub_link.new_commune())
    enrolled(hub_link, counter)
    codes: list[str] = []
    upstream: set[str] = set()
    for attempt in range(3):
        codes += _take(counter, 12)
        if attempt == 2:
            for code in codes[:6]:
                lifecycle.transfer(counter.ctx, code, "CAX")
            quiesce(hub_link, [counter])
            upstream = _upstream_results(hub_link, codes[:6])
            trigger = hub_link.proxy.watch_request(b"GET /v1/changes")
        else:
            trigger = hub_link.proxy.watch(rng.randint(200, 5000))
        with When(trigger, hub_link.hub.kill, rng.uniform(0.0, 0.05)) as kill:
            report = counter.round()
        if kill.fired and not report.online:
            assert report.error in ("sync.offline", "sync.server_error")
        sent_are_on_hub(hub_link, counter)
        cursor_is_honest(hub_link, counter)
        hub_link.hub.start()  # SIGKILLed; started again on the same database
    quiesce(hub_link, [counter])
    assert check_convergence(hub_link, [counter], upstream) == 36


# ------------------------------------------------------------------------------------------ the PC clock


@pytest.mark.parametrize("skew", [timedelta(hours=3), -timedelta(days=2, minutes=7)], ids=["ahead", "behind"])
def test_a_wrong_pc_clock_is_reported_and_the_data_still_converges(
    hub_link: HubLink, counters: MakeCounter, skew: timedelta
) -> None:
    counter = counters(hub_link.new_commune(), skew=skew)
    enrolled_as = enrolled(hub_link, counter)
    codes = _take(counter, 3)
    lifecycle.transfer(counter.ctx, codes[0], "CAX")
    quiesce(hub_link, [counter])
    upstream = _upstream_results(hub_link, codes[:1])
    quiesce(hub_link, [counter])

    status = sync.status(counter.ctx)
    assert status.clock_wrong and status.clock_offset_seconds == pytest.approx(-skew.total_seconds(), abs=60)
    with hub_link.admin.read() as session:
        device = session.get(Device, enrolled_as.device_id)
        assert device is not None and device.clock_offset_seconds is not None
        assert device.clock_offset_seconds == pytest.approx(-skew.total_seconds(), abs=60)
        received = session.scalars(
            select(HubEvent.hub_received_at).where(HubEvent.device_id == enrolled_as.device_id)
        ).all()
    now = datetime.now(UTC)
    assert len(received) == sum(n for _, _, n in _local(counter)) - len(upstream)  # every event the PC made
    assert all(abs(_aware(r) - now) < timedelta(minutes=10) for r in received)  # the hub's own clock
    # The device's own times stay as the PC gave them (checked event by event), the hub's beside them.
    check_convergence(hub_link, [counter], upstream)
