"""Papers to the hub over a bad link (issue 14, item 6): seeded runs against the real hub process on SQLite
and PostgreSQL, each ending with every copy on the hub exactly once with an equal sha256.

A run: a fresh counter of a fresh commune takes one or two dossiers in and stores one to three certified
copies of their papers (signed with the office key, a few KB to ~35 KB each); then one to three rounds
go through the proxy (tests/faults/proxy.py) under a random fault:

- ``cut_body``: the connection is reset at a random byte of the first PATCH body (and then passes);
- ``cut_any``: reset at a random byte of the round's requests, counted from the round's start (the events'
  push, the tus creation, a HEAD or a PATCH);
- ``slow``: the link throttled to 256 kbit/s each way;
- ``slow_cut``: throttled and reset at a random byte of a PATCH body;
- ``hub_killed``: on the throttled link, the hub SIGKILLed a random moment after a PATCH begins, then
  started again on the same database and paper store;
- ``counter_killed``: on the throttled link, ``counter-app sync`` in its own process SIGKILLed a random
  moment after its PATCH begins.

Then the link heals and rounds run until nothing waits. Checked: each (dossier, paper) has one row in
the hub's ``paper`` table, the hub's copies are the counter's (sha256, size, signer), the bytes the hub's
store gives back hash to the sha256, no upload is left unfinished at the hub, nothing waits or is set aside
on the counter, and (every fifth run) ``counter-app sync-status --json`` says ``papers_waiting`` 0.

``PAPER_FAULT_RUNS`` sets the runs per backend (default 25, so 50 in all); each prints its seed and
``FAULT_SEED=<seed> … -k "<run>]"`` replays it.
"""

from __future__ import annotations

import os
import random

import pytest

from counter_app.services.hub_sync import papers as paper_sync
from tests.faults.conftest import Counter, HubLink, MakeCounter, When, enrolled, run_cli_killed
from tests.faults.paper_checks import (
    check_papers_once,
    cli_status,
    send_until_done,
    store_copies,
    time_passes,
    upload_rows,
)

pytestmark = pytest.mark.slow
RUNS = int(os.environ.get("PAPER_FAULT_RUNS", "25"))
SEED = int(os.environ.get("FAULT_SEED", "0")) or random.randrange(1, 10**9)
KBPS = 256
FAULTS = {"cut_body": 3.0, "cut_any": 2.0, "slow": 1.0, "slow_cut": 2.0, "hub_killed": 2.0, "counter_killed": 2.0}
DONE: dict[str, list[str]] = {}  # backend -> faults that took effect, for the closing check


def _seed(run: int) -> int:
    return SEED * 1000 + run


def _fault(link: HubLink, counter: Counter, fault: str, biggest: int, rng: random.Random) -> bool:
    """One round under ``fault``; whether the fault took effect (a cut made, a process killed)."""
    proxy = link.proxy
    if fault in ("slow", "slow_cut", "hub_killed", "counter_killed"):
        proxy.throttle(KBPS)
    if fault in ("cut_body", "slow_cut"):
        proxy.cut_once(rng.randint(1, max(1, biggest - 1)), after=b"PATCH ")
    elif fault == "cut_any":
        proxy.cut_once(rng.randint(1, 12_000))
    cuts = proxy.cuts
    if fault == "hub_killed":
        trigger = proxy.watch_request(b"PATCH ")
        with When(trigger, link.hub.kill, delay=rng.uniform(0.0, 0.4)) as when:
            counter.round()
        link.hub.start()
        return when.fired
    if fault == "counter_killed":
        trigger = proxy.watch_request(b"PATCH ")
        status = run_cli_killed(counter, trigger, delay=rng.uniform(0.0, 0.4))
        return status == -9
    counter.round()
    return fault == "slow" or proxy.cuts > cuts


@pytest.mark.parametrize("run", range(RUNS))
def test_papers_reach_the_hub_exactly_once_over_a_bad_link(
    hub_link: HubLink, counters: MakeCounter, run: int, request: pytest.FixtureRequest
) -> None:
    seed = _seed(run)
    print(f"paper fault run {run}: seed {seed} — replay with FAULT_SEED={SEED} -k '{hub_link.backend}-{run}]'")
    rng = random.Random(seed)
    link = hub_link
    link.heal()
    link.proxy.set("pass")
    link.proxy.throttle(None)
    counter = counters(link.new_commune())
    enrolled(link, counter)
    kinds = ("small", "small", "small", "page")  # ~12 KB, or ~35 KB (1.1 s at 256 kbit/s)
    wanted = [
        [(paper, rng.choice(kinds)) for paper in sorted(rng.sample(range(1, 6), rng.randint(1, 2)))]
        for _ in range(rng.randint(1, 2))
    ]
    copies = store_copies(counter, wanted)
    biggest = max(c.bytes for c in copies)
    log = []
    faults = rng.choices(list(FAULTS), weights=list(FAULTS.values()), k=rng.randint(1, 3))
    # The killed ``counter-app sync`` runs on the PC's real clock: first, before the in-process rounds move
    # this counter's clock past the uploader's waits.
    faults.sort(key=lambda f: f != "counter_killed")
    try:
        for fault in faults:
            time_passes(counter)
            took = _fault(link, counter, fault, biggest, rng)
            log.append(f"{fault}{'' if took else ' (no effect)'}")
            if took:
                DONE.setdefault(link.backend, []).append(fault)
            link.proxy.no_cut()
            link.proxy.throttle(None)
            link.heal()
        send_until_done(counter)
        check_papers_once(link, counter, copies)
        if run % 5 == 0:
            status = cli_status(counter)
            assert status["papers_waiting"] == 0 and status["paper_bytes_waiting"] == 0, status
    except BaseException:
        print(f"faults of the run: {log}; copies {copies}; waiting {paper_sync.papers_waiting(counter.ctx)}")
        print(f"uploads: {upload_rows(counter)}; hub running: {link.hub.running}, started {link.hub.starts} times")
        print("hub log:", link.hub.log.read_text(errors="replace")[-3000:])
        raise


def test_every_kind_of_fault_happened(hub_link: HubLink) -> None:
    """The runs above really cut uploads, killed the hub and the counter mid-upload and slowed the link
    (a fault that never fires proves nothing); needs the runs of this backend before it."""
    done = set(DONE.get(hub_link.backend, []))
    if RUNS < 20:
        pytest.skip("too few runs to expect every fault")
    assert done >= set(FAULTS), f"faults never taking effect on {hub_link.backend}: {set(FAULTS) - done}"
