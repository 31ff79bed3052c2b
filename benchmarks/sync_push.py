"""Pushing 10,000 dossiers with their events to the hub on loopback (targets: ≤ 15 s, ≤ 600 bytes per
dossier on the wire, ≥ 10× faster than one request per dossier).

The counter database holds 10,000 birth registrations taken in through ``services.intake.accept`` (each
with its events in the outbox), built once into ``benchmarks/.data/`` and copied for every run. The hub is
the real ``district-server serve`` process on SQLite, on 127.0.0.1, reached through the fault suite's
byte-counting proxy (tests/faults/proxy.py). Measured: one ``services.hub_sync.run_round`` that pushes the whole
outbox in keyed gzip batches and pulls once; bytes are request + answer, headers included.

Reference (same run, its own fresh hub): the same items sent one HTTP request per dossier with the same
client. It runs on the first ``REFERENCE_DOSSIERS`` dossiers and is extrapolated to 10,000 (the printout
says so), since the full run would take minutes.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import httpx
from common import DATA, ROOT, admin_context, emit, now_utc
from sqlalchemy import func, select

from counter_app.domain.applicant import make_applicant
from counter_app.paths import database_path
from counter_app.services import hub_sync as sync
from counter_app.services import intake, office
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.storage.migrate import head_revision
from counter_app.storage.models import OutboxEntry, SyncState
from counter_app.sync.client import HubClient
from counter_app.sync.protocol import PushItem
from district_server import service
from district_server.db import Hub, utc_now
from district_server.models import HubDossier, HubEvent
from tests.faults.proxy import Proxy

DOSSIERS = 10_000
REFERENCE_DOSSIERS = 500
TARGET_S = 15.0
TARGET_BYTES = 600
TARGET_SPEEDUP = 10.0
OFFICE_CODE = "000.12.34.H26"
PER_DAY = 900  # codes allow 999 a day per workstation
NAMES = ("Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Minh Tuấn", "Phạm Thị Hương", "Hoàng Đức Anh")
HUB_CLI = [sys.executable, "-c", "import sys; from district_server.cli import main; sys.exit(main())"]


def counter_database() -> Path:
    """The data directory of a never-synced counter with ``DOSSIERS`` intakes in its outbox (cached)."""
    directory = DATA / f"sync-push-{head_revision()}-{DOSSIERS}"
    if (directory / "READY").exists():
        return directory
    if directory.exists():
        shutil.rmtree(directory)
    print(f"building the {DOSSIERS:,}-intake counter database (once; cached in {directory}) ...", flush=True)
    started = time.perf_counter()
    db = open_database(directory, create=True)
    try:
        office.initialize(
            Context(db, Actor(None, "admin", "cli")),
            office.InitRequest(
                office_code=OFFICE_CODE, office_name="UBND xã Tân Lập", workstation=1, admin_password="bench-sync-admin"
            ),
        )
        first = now_utc() - timedelta(days=DOSSIERS // PER_DAY + 2)
        moment = [first]
        ctx = admin_context(db, lambda: moment[0])
        for i in range(DOSSIERS):
            moment[0] = first + timedelta(days=i // PER_DAY, seconds=20 * (i % PER_DAY))
            applicant = make_applicant(
                NAMES[i % len(NAMES)], id_number=f"025{(i % 2) + 1}90{i:06d}", phone=f"09{i % 10}{i:07d}"
            )
            intake.accept(ctx, intake.IntakeRequest("1.001193", applicant))
            if (i + 1) % 2000 == 0:
                print(f"  {i + 1:,} intakes", flush=True)
    finally:
        db.close()
    (directory / "READY").write_text("ok", encoding="utf-8")
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return directory


class HubProcess:
    """``district-server --db sqlite:///… serve`` on a free loopback port."""

    def __init__(self, directory: Path) -> None:
        with socket.socket() as probe:  # a free port: bind, read, release
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.db_url = f"sqlite:///{directory / 'hub.db'}"
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (directory / "hub.log").open("wb")
        command = [*HUB_CLI, "--db", self.db_url, "serve", "--port", str(self.port), "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        with httpx.Client(verify=False, timeout=2) as http:
            while True:
                try:
                    if http.get(f"{self.url}/health").json().get("ok"):
                        break
                except (httpx.HTTPError, ValueError):
                    pass
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the hub did not start (see {directory / 'hub.log'})")
                time.sleep(0.05)
        self.admin = Hub(self.db_url, migrate=False)
        with self.admin.write() as session:
            service.add_commune(session, OFFICE_CODE, "UBND xã Tân Lập", utc_now())

    def enrol_code(self) -> str:
        with self.admin.write() as session:
            return service.issue_enroll_code(session, OFFICE_CODE, utc_now()).code

    def counts(self) -> tuple[int, int]:
        with self.admin.read() as session:
            dossiers = session.scalar(select(func.count()).select_from(HubDossier)) or 0
            events = session.scalar(select(func.count()).select_from(HubEvent)) or 0
        return dossiers, events

    def stop(self) -> None:
        self.admin.close()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def copy_counter(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    shutil.copyfile(database_path(source), database_path(target))


def main() -> int:
    source = counter_database()
    work = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=DATA))
    try:
        return measure(source, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(source: Path, work: Path) -> int:
    # ---- batched push: one round
    (work / "hub").mkdir()
    hub = HubProcess(work / "hub")
    proxy = Proxy(hub.port)
    copy_counter(source, work / "counter")
    db = open_database(work / "counter")
    try:
        ctx = admin_context(db)
        sync.enroll(ctx, proxy.url, hub.enrol_code())
        with db.read() as session:
            items = session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == "pending"))
        proxy.reset_counts()
        started = time.perf_counter()
        report = sync.run_round(ctx)
        seconds = time.perf_counter() - started
        wire = proxy.sent + proxy.received
        sent, received = proxy.sent, proxy.received
    finally:
        db.close()
        proxy.close()
    on_hub = hub.counts()
    hub.stop()
    if report.error is not None or report.waiting or on_hub[0] != DOSSIERS:
        print(f"the round did not push everything: {report}, hub holds {on_hub}", file=sys.stderr)
        return 1
    per_dossier = wire / DOSSIERS

    # ---- reference: one request per dossier, same client, own fresh hub
    (work / "ref-hub").mkdir()
    ref_hub = HubProcess(work / "ref-hub")
    ref_proxy = Proxy(ref_hub.port)
    copy_counter(source, work / "ref-counter")
    db = open_database(work / "ref-counter")
    try:
        ctx = admin_context(db)
        sync.enroll(ctx, ref_proxy.url, ref_hub.enrol_code())
        with db.read() as session:
            state = session.get(SyncState, 1)
            assert state is not None
            token, device_id, epoch = state.token, state.device_id, state.epoch
            by_dossier: dict[str, list[PushItem]] = defaultdict(list)
            for uid, topic, payload in session.execute(
                select(OutboxEntry.uid, OutboxEntry.topic, OutboxEntry.payload).order_by(OutboxEntry.id)
            ):
                code = payload.get("dossier_code")
                if code in by_dossier or len(by_dossier) < REFERENCE_DOSSIERS:
                    by_dossier[code].append(PushItem(uid, topic, payload))
    finally:
        db.close()
    ref_proxy.reset_counts()
    with HubClient(ref_proxy.url, token) as client:
        started = time.perf_counter()
        for group in by_dossier.values():
            answer = client.push(group, sync.batch_id(device_id, epoch, [(i.uid, 0) for i in group]))
            assert all(r.status == "ok" for r in answer.results), answer
        ref_seconds = time.perf_counter() - started
    ref_wire = (ref_proxy.sent + ref_proxy.received) / len(by_dossier)
    ref_proxy.close()
    ref_hub.stop()
    ref_total = ref_seconds * DOSSIERS / len(by_dossier)
    speedup = ref_total / seconds

    met = seconds <= TARGET_S and per_dossier <= TARGET_BYTES and speedup >= TARGET_SPEEDUP
    print(
        f"push of {DOSSIERS:,} dossiers ({items:,} outbox items) in one round: {seconds:.2f} s, "
        f"{per_dossier:.0f} B/dossier on the wire (request {sent / DOSSIERS:.0f} + answer {received / DOSSIERS:.0f})"
    )
    print(
        f"reference: one request per dossier, {len(by_dossier)} dossiers in {ref_seconds:.2f} s "
        f"(extrapolated to {DOSSIERS:,}: {ref_total:.1f} s), {ref_wire:.0f} B/dossier; batched is {speedup:.1f}× faster"
    )
    print(
        f"targets ≤ {TARGET_S:g} s, ≤ {TARGET_BYTES} B/dossier, ≥ {TARGET_SPEEDUP:g}× the per-dossier method: "
        f"{'met' if met else 'MISSED'}"
    )
    emit(
        "sync_push",
        label=f"Sync push of {DOSSIERS:,} dossiers with their events to the hub (loopback, SQLite hub)",
        target=f"≤ {TARGET_S:g} s, ≤ {TARGET_BYTES} B/dossier, ≥ {TARGET_SPEEDUP:g}× one request per dossier",
        measured=f"{seconds:.2f} s, {per_dossier:.0f} B/dossier",
        reference=f"{ref_total:.1f} s one request per dossier (from {len(by_dossier)}, extrapolated)",
        ratio=f"{speedup:.1f}× faster",
        met=met,
        details={
            "seconds": seconds,
            "bytes_per_dossier": per_dossier,
            "request_bytes": sent,
            "answer_bytes": received,
            "items": items,
            "reference_seconds": ref_seconds,
            "reference_dossiers": len(by_dossier),
            "reference_extrapolated_seconds": ref_total,
            "reference_bytes_per_dossier": ref_wire,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
