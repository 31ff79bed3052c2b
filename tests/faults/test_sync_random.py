"""Randomized fault runs: counters of two communes work and sync while the link, the hub and the counter
fail at random; after quiescence counter and hub agree exactly (convergence check).

Each run is seeded and prints its seed; ``FAULT_SEED=<seed printed> pytest … -k "<run id>"`` replays it.
``FAULT_RUNS`` sets the runs per backend (default 50, so 100 over SQLite and PostgreSQL).

A run: one or two counters (each of its own fresh commune, one PC clock possibly wrong) take dossiers in,
transfer them (to a commune officer, or to the commune police whose result the hub records with
``district-server event``), record results and return them, interleaved with sync rounds under a random
fault: link down, connection cut mid-request or mid-answer, a slow link, the last batch delivered again,
the hub SIGKILLed mid-round (and started again), the counter's ``counter-app sync`` SIGKILLed mid-round,
the PC clock changed. After each faulty round nothing may be marked sent that the hub does not hold and the
pull cursor may not pass an unapplied change.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from counter_app.domain.handover import Authorisation
from counter_app.services import hub_sync as sync
from counter_app.services import lifecycle
from counter_app.storage.models import Dossier
from district_server.cli import main as hub_cli
from district_server.models import HubDossier
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
RUNS = int(os.environ.get("FAULT_RUNS", "50"))
SEED = int(os.environ.get("FAULT_SEED", "0")) or random.randrange(1, 10**9)

ACTIONS = {"take": 3.0, "transfer": 2.0, "result": 1.5, "return": 1.0, "upstream": 1.5, "round": 4.5}
FAULTS = {
    "none": 3.0,
    "down": 1.0,
    "cut_request": 1.2,
    "cut_response": 1.2,
    "delay": 0.4,
    "replay": 0.8,
    "clock": 0.5,
    "hub_killed": 0.35,
    "counter_killed": 0.35,
}


@dataclass
class Tracked:
    counter: Counter
    upstream: bool = False  # its result is recorded at the hub, the counter waits for it


class Run:
    def __init__(self, link: HubLink, counters: list[Counter], rng: random.Random) -> None:
        self.link, self.counters, self.rng = link, counters, rng
        self.dossiers: dict[str, Tracked] = {}
        self.upstream: set[str] = set()
        self.log: list[str] = []

    def pick(self, weights: dict[str, float]) -> str:
        names = list(weights)
        return self.rng.choices(names, [weights[n] for n in names])[0]

    def local_status(self, tracked: Tracked, code: str) -> str:
        with tracked.counter.db.read() as session:
            return str(session.scalar(select(Dossier.status).where(Dossier.code == code)))

    def hub_status(self, code: str) -> str | None:
        with self.link.admin.read() as session:
            return session.scalar(select(HubDossier.status).where(HubDossier.code == code))

    def candidates(self, statuses: set[str], *, upstream: bool | None = None) -> list[str]:
        found = []
        for code, tracked in sorted(self.dossiers.items()):
            if upstream is not None and tracked.upstream != upstream:
                continue
            if self.local_status(tracked, code) in statuses:
                found.append(code)
        return found

    # ------------------------------------------------------------------ work at the counter and the hub

    def act(self, action: str) -> None:
        rng = self.rng
        if action == "take":
            counter = rng.choice(self.counters)
            code = counter.take(rng.choice(NAMES))
            self.dossiers[code] = Tracked(counter)
        elif action == "transfer":
            options = self.candidates({"received"})
            if options:
                code = rng.choice(options)
                tracked = self.dossiers[code]
                tracked.upstream = rng.random() < 0.5
                lifecycle.transfer(tracked.counter.ctx, code, "CAX" if tracked.upstream else "CC_TPHT")
        elif action == "result":
            options = self.candidates({"processing", "interlinked"}, upstream=False)
            if options:
                code = rng.choice(options)
                lifecycle.record_result(self.dossiers[code].counter.ctx, code)
        elif action == "return":
            options = self.candidates({"result_ready"})
            if options:
                code = rng.choice(options)
                proxy = Authorisation("Giấy ủy quyền", "01/UQ", date(2020, 1, 2))  # a proxy collects it
                lifecycle.return_result(self.dossiers[code].counter.ctx, code, "Nguyễn Văn Nhận", authorisation=proxy)
        elif action == "upstream":
            self.upstream_result()
        else:
            self.round(rng.choice(self.counters), self.pick(FAULTS))
        self.log.append(action)

    def upstream_result(self) -> None:
        """The police's result, recorded at the hub by its operator (``district-server event``)."""
        options = [
            code
            for code, tracked in sorted(self.dossiers.items())
            if tracked.upstream and self.hub_status(code) == "interlinked"
        ]
        if not options or not self.link.hub.running:
            return
        code = self.rng.choice(options)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = hub_cli(
                ["--db", self.link.hub.db_url, "event", code, "result_ready", "--actor", "Công an xã", "--json"]
            )
        assert status == 0, out.getvalue()
        self.upstream.add(json.loads(out.getvalue())["event_uid"])

    # ------------------------------------------------------------------ a round under a fault

    def round(self, counter: Counter, fault: str) -> None:
        link, proxy, rng = self.link, self.link.proxy, self.rng
        self.log.append(f"round:{fault}")
        if fault != "down" and proxy.mode == "down" and rng.random() < 0.5:
            fault = "down"  # the link stays down a while
        if fault not in ("down", "hub_killed") and not link.hub.running:
            link.hub.start()
        if fault == "down":
            proxy.down()
            report = counter.round()
            assert (report.online, report.error, report.pushed) == (False, "sync.offline", 0)
        elif fault in ("cut_request", "cut_response", "delay"):
            n = rng.randint(1, 3000) if fault == "cut_request" else rng.randint(0, 800)
            proxy.set(fault, n=n, seconds=0.02)
            report = counter.round()
            assert report.error in (None, "sync.offline"), report
        elif fault == "replay":
            proxy.set("pass")
            proxy.reset_counts()
            report = counter.round()
            assert report.error is None, report
            pushes = [r for c in proxy.captures for r in split_requests(c.request) if r.startswith(b"POST /v1/push")]
            for raw in pushes:  # each batch delivered a second time, byte for byte
                status, body = exchange(proxy.port, raw)
                assert status == 200
                assert {r["status"] for r in json.loads(body)["results"]} <= {"ok"}
        elif fault == "clock":
            proxy.set("pass")
            counter.clock.skew = timedelta(minutes=rng.choice([-1, 1]) * rng.randint(6, 4 * 24 * 60))
            report = counter.round()
            status = sync.status(counter.ctx)
            assert status.clock_wrong
            assert status.clock_offset_seconds == pytest.approx(-counter.clock.skew.total_seconds(), abs=120)
        elif fault == "hub_killed":
            proxy.set("pass")
            with When(proxy.watch(rng.randint(1, 4000)), link.hub.kill):
                report = counter.round()
            if rng.random() < 0.7:
                link.hub.start()  # else it stays down until a later round or quiescence
        elif fault == "counter_killed":
            proxy.set("pass")
            run_cli_killed(counter, proxy.watch(rng.randint(1, 4000)))
        else:
            proxy.set("pass")
            report = counter.round()
            assert report.error is None, report
        if link.hub.running:
            sent_are_on_hub(link, counter)
            cursor_is_honest(link, counter)
        if fault != "down":
            proxy.set("pass")


def _seed(run: int) -> int:
    return SEED + run


@pytest.mark.parametrize("run", range(RUNS))
def test_random_faults_converge(hub_link: HubLink, counters: MakeCounter, run: int) -> None:
    seed = _seed(run)
    print(f"fault run {run}: seed {seed} — replay with FAULT_SEED={SEED} -k 'test_random_faults_converge and {run}]'")
    rng = random.Random(seed)
    hub_link.heal()
    hub_link.proxy.set("pass")
    made = [counters(hub_link.new_commune())]
    if rng.random() < 0.5:
        made.append(counters(hub_link.new_commune("UBND xã Hòa Bình")))
    if rng.random() < 0.25:
        made[0].clock.skew = timedelta(hours=rng.choice([-1, 1]) * rng.randint(1, 50))
    for counter in made:
        enrolled(hub_link, counter)
    work = Run(hub_link, made, rng)
    for counter in made:
        work.dossiers[counter.take(rng.choice(NAMES))] = Tracked(counter)
    for _ in range(rng.randint(5, 10)):
        work.act(work.pick(ACTIONS))
    # Quiescence: link and hub up, rounds until nothing moves; then what is still open finishes, and the
    # police's results come down.
    quiesce(hub_link, made)
    for code in work.candidates({"interlinked"}, upstream=True):
        if work.hub_status(code) == "interlinked":
            work.upstream_result()
    quiesce(hub_link, made)
    compared = check_convergence(hub_link, made, work.upstream)
    assert compared == len(work.dossiers), work.log
