"""Fixtures of the sync fault suite: the hub as a real process behind a proxy we control, cheap counters.

- ``hub_link`` (module scope, parametrized ``sqlite`` / ``postgresql``): a ``district-server serve``
  subprocess over a fresh database and its own paper store directory, a
  :class:`~tests.faults.proxy.Proxy` in front of it, and an in-process
  :class:`~district_server.db.Hub` on the same database for the operator's side (communes, enrolment
  codes, reading what the hub holds). One hub serves every run of a test module; each run uses fresh
  communes, so runs never see each other's data.
- ``counters``: counters made from a template database (initialised once per session), copied and given
  a fresh commune code and device UID, so a counter costs a file copy instead of a full initialisation.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from counter_app.domain.applicant import make_applicant
from counter_app.paths import database_path
from counter_app.services import hub_sync as sync
from counter_app.services import intake, office
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.users import find_user
from counter_app.storage.engine import Database
from counter_app.storage.models import Dossier, DossierEvent, OutboxEntry, SyncState
from counter_app.sync.client import HubClient
from district_server import service
from district_server.db import Hub, utc_now
from district_server.models import Change, Commune, HubDossier, HubEvent
from tests.faults.proxy import Proxy
from tests.hub.conftest import PgCluster, free_port, pg_cluster
from tests.sync.conftest import ShiftedClock

__all__ = ["pg_cluster"]  # the session's throwaway PostgreSQL cluster (tests/hub/conftest.py)

BIRTH = "2.000635"  # bản sao trích lục hộ tịch: same day, 15:00 (khai sinh takes no paper)
NAMES = ("Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Minh Tuấn", "Phạm Thị Hương", "Hoàng Đức Anh", "Đặng Quốc Dũng")
CLI = [sys.executable, "-m", "counter_app"]
HUB_CLI = [sys.executable, "-c", "import sys; from district_server.cli import main; sys.exit(main())"]
ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------------------------------ the hub


class HubProcess:
    """``district-server --db URL serve`` in its own process; SIGKILL and start again on the same database."""

    def __init__(self, db_url: str, log: Path, papers: str | None = None, env: dict[str, str] | None = None) -> None:
        self.db_url = db_url
        self.papers = papers  # the paper store (a directory or an s3:// address), as DISTRICT_SERVER_PAPERS
        self.env = env or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        if self.running:
            return
        command = [*HUB_CLI, "--db", self.db_url, "serve", "--port", str(self.port), "--log-level", "warning"]
        env = {**os.environ, **self.env}
        if self.papers is not None:
            env["DISTRICT_SERVER_PAPERS"] = self.papers
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.starts += 1
        deadline = time.monotonic() + 60
        with httpx.Client(verify=False, timeout=2) as http:  # plain HTTP: no CA bundle to load
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the hub exited ({self.process.returncode}): {self.log.read_text()[-2000:]}")
                try:
                    if http.get(f"{self.url}/health").json().get("ok"):
                        return
                except (httpx.HTTPError, ValueError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the hub did not answer /health: {self.log.read_text()[-2000:]}")
                time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, whatever it was doing."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def restart(self) -> None:
        self.kill()
        self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class HubLink:
    """The hub process, the proxy counters talk through, and the operator's handle on the hub database."""

    backend: str
    hub: HubProcess
    proxy: Proxy
    admin: Hub
    _communes: itertools.count[int]

    def new_commune(self, name: str = "UBND xã Tân Lập") -> str:
        """A commune the hub has never seen (unit code ``0NN.NN.NN.H26``)."""
        n = next(self._communes)
        code = f"0{n // 10000 % 100:02d}.{n // 100 % 100:02d}.{n % 100:02d}.H26"
        with self.admin.write() as session:
            service.add_commune(session, code, name, utc_now())
        return code

    def enrol_code(self, commune: str) -> str:
        with self.admin.write() as session:
            return service.issue_enroll_code(session, commune, utc_now()).code

    def heal(self) -> None:
        """The link is up and the hub is running."""
        self.proxy.up()
        if not self.hub.running:
            self.hub.start()


def _hub_database(backend: str, directory: Path, cluster: PgCluster | None) -> tuple[str, Callable[[], None]]:
    if backend == "sqlite":
        return f"sqlite:///{directory / 'hub.db'}", lambda: None
    assert cluster is not None
    name = cluster.create_database()
    return cluster.url(name), lambda: cluster.drop_database(name)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hub_link(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubLink]:
    backend = request.param
    cluster = request.getfixturevalue("pg_cluster") if backend == "postgresql" else None
    directory = tmp_path_factory.mktemp(f"hub-{backend}")
    url, drop = _hub_database(backend, directory, cluster)
    papers = str(directory / "papers")  # its own store (a PostgreSQL hub's default is the user's data dir)
    process = HubProcess(url, directory / "hub.log", papers=papers)
    process.start()
    admin = Hub(url, migrate=False, papers=papers)
    proxy = Proxy(process.port)
    start = int(uuid.uuid4().int % 900) * 1000  # communes of different modules never meet
    link = HubLink(backend, process, proxy, admin, itertools.count(start + 1))
    try:
        yield link
    finally:
        proxy.close()
        process.kill()
        admin.close()
        drop()


# ------------------------------------------------------------------------------------------ counters


@dataclass
class Counter:
    """One counter PC of one commune, acting as its admin, in this process (or its CLI in another)."""

    ctx: Context
    db: Database
    data_dir: Path
    clock: ShiftedClock
    commune: str
    workstation: int
    client: HubClient | None = None

    def take(self, name: str = "Nguyễn Thị Hồng Nhung") -> str:
        applicant = make_applicant(name, id_number="001190123456", phone="0912345678")
        return intake.accept(self.ctx, intake.IntakeRequest(BIRTH, applicant)).dossier.code

    def round(self) -> sync.SyncReport:
        """One round through a client kept open, as the GUI's background runner does (a fresh client costs
        ~0.1 s of CA bundle loading, which would dominate hundreds of rounds)."""
        if self.client is None:
            with self.db.read() as session:
                state = session.get(SyncState, 1)
                assert state is not None, "enrol first"
                self.client = HubClient(state.server_url, state.token)
        return sync.run_round(self.ctx, self.client)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        self.db.close()

    def cli(self, *args: str) -> list[str]:
        return [*CLI, "--data-dir", str(self.data_dir), *args]


@pytest.fixture(scope="session")
def counter_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """An initialised, never-enrolled counter database per workstation number, made once."""
    made: dict[int, Path] = {}
    root = tmp_path_factory.mktemp("counter-templates")

    def template(workstation: int) -> Path:
        if workstation not in made:
            directory = root / f"ws{workstation}"
            db = open_database(directory, create=True)
            try:
                office.initialize(
                    Context(db, Actor(None, "admin", "cli")),
                    office.InitRequest(
                        office_code="000.99.99.H26",
                        office_name="UBND xã Mẫu",
                        workstation=workstation,
                        admin_password="mat-khau-quan-tri",
                    ),
                )
            finally:
                db.close()
            made[workstation] = database_path(directory)
        return made[workstation]

    return template


MakeCounter = Callable[..., Counter]


@pytest.fixture
def counters(tmp_path: Path, counter_templates: Callable[[int], Path]) -> Iterator[MakeCounter]:
    """``make(commune, workstation=1, skew=timedelta(0), name=...)``: a fresh counter of ``commune``."""
    made: list[Counter] = []
    numbers = itertools.count(1)

    def make(
        commune: str, workstation: int = 1, skew: timedelta = timedelta(0), name: str = "UBND xã Tân Lập"
    ) -> Counter:
        data_dir = tmp_path / f"counter-{next(numbers)}"
        data_dir.mkdir(parents=True)
        target = database_path(data_dir)
        shutil.copyfile(counter_templates(workstation), target)
        raw = sqlite3.connect(target)
        try:
            with raw:  # a copy is another PC: its own commune, device UID and signing key
                raw.execute(
                    "UPDATE office SET agency_code = ?, name = ?, device_uid = ?, "
                    "signing_key = NULL, public_key = NULL",
                    (commune, name, str(uuid.uuid4())),
                )
        finally:
            raw.close()
        db = open_database(data_dir)
        clock = ShiftedClock(skew)
        admin = find_user(Context(db, Actor(None, "admin", "cli"), clock), "admin")
        ctx = Context(db, Actor(admin.id, "admin", "cli"), clock)
        counter = Counter(ctx, db, data_dir, clock, commune, workstation)
        made.append(counter)
        return counter

    yield make
    for counter in made:
        counter.close()


def enrolled(link: HubLink, counter: Counter) -> sync.EnrollResult:
    """Enrol ``counter`` at the hub through the proxy (so every later round goes through it)."""
    return sync.enroll(counter.ctx, link.proxy.url, link.enrol_code(counter.commune))


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COUNTER_APP_LANG": "vi"}


# ------------------------------------------------------------------------------------------ convergence


def quiesce(link: HubLink, counters: list[Counter], max_rounds: int = 8) -> None:
    """Link up, hub up, rounds on every counter until a whole pass moves nothing."""
    link.heal()
    for _ in range(max_rounds):
        moved = False
        for counter in counters:
            report = counter.round()
            assert report.online and report.error is None, f"{counter.commune}: {report.error} {report.message}"
            moved = moved or report.pushed > 0 or report.waiting > 0
        # A pass that sent nothing, then one that brought nothing down: quiet.
        if not moved and all(c.round().pulled == 0 for c in counters):
            return
    raise AssertionError(f"no quiescence after {max_rounds} passes")


@dataclass(frozen=True)
class LocalEvent:
    uid: str
    kind: str
    status_after: str
    at: datetime
    recorded_at: datetime


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local_state(counter: Counter) -> dict[str, tuple[str, str, list[LocalEvent]]]:
    """Each dossier of the counter: uid -> (code, status, events in order)."""
    found: dict[str, tuple[str, str, list[LocalEvent]]] = {}
    with counter.db.read() as session:
        for dossier in session.scalars(select(Dossier).order_by(Dossier.id)):
            events = [
                LocalEvent(e.uid, e.kind, e.status_after, _utc(e.at), _utc(e.recorded_at))
                for e in session.scalars(
                    select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.seq)
                )
            ]
            found[dossier.uid] = (dossier.code, dossier.status, events)
    return found


def outbox_counts(counter: Counter) -> dict[str, int]:
    with counter.db.read() as session:
        rows = session.execute(select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state)).all()
    return {state: int(n) for state, n in rows}


def check_convergence(
    link: HubLink,
    counters: list[Counter],
    upstream: set[str] = frozenset(),
    quarantined: int = 0,  # type: ignore[assignment]
) -> int:
    """Counters and hub agree; returns how many dossiers were compared.

    Every counter's outbox has nothing pending (and ``quarantined`` entries set aside on purpose, in all);
    every dossier of the counters' communes is on the hub exactly once (by uid and by code) with the same
    event uids, kinds and order, the same status, the device's times kept beside the hub's own; the hub
    holds no dossier of those communes that no counter has; every upstream event is on the counter.
    """
    set_aside = 0
    local: dict[str, tuple[str, str, list[LocalEvent]]] = {}
    for counter in counters:
        counts = outbox_counts(counter)
        assert counts.get("pending", 0) == 0, f"{counter.commune}: outbox not empty {counts}"
        set_aside += counts.get("quarantined", 0)
        local.update(local_state(counter))
    assert set_aside == quarantined, f"quarantined entries: {set_aside}, expected {quarantined}"
    communes = sorted({c.commune for c in counters})
    with link.admin.read() as session:
        rows = session.execute(
            select(HubDossier).join(Commune, Commune.id == HubDossier.commune_id).where(Commune.code.in_(communes))
        ).scalars()
        hub = {d.uid: d for d in rows}
        assert sorted(hub) == sorted(local), "the hub and the counters hold different dossiers"
        for uid, (code, status, events) in local.items():
            dossier = hub[uid]
            assert session.scalar(select(func.count()).where(HubDossier.uid == uid)) == 1
            assert session.scalar(select(func.count()).select_from(HubDossier).where(HubDossier.code == code)) == 1
            assert dossier.code == code
            assert dossier.status == status, f"{code}: hub {dossier.status}, counter {status}"
            stored = list(
                session.scalars(select(HubEvent).where(HubEvent.dossier_id == dossier.id).order_by(HubEvent.id))
            )
            assert [(e.uid, e.kind, e.status_after) for e in stored] == [
                (e.uid, e.kind, e.status_after) for e in events
            ], f"{code}: histories differ"
            for mine, theirs in zip(events, stored, strict=True):
                if theirs.origin == "device":  # the PC's clock kept as it was, the hub's own beside it
                    assert _utc(theirs.at) == mine.at and _utc(theirs.device_recorded_at) == mine.recorded_at  # type: ignore[arg-type]
                else:
                    assert _utc(theirs.at) == mine.at
                assert theirs.hub_received_at is not None
    have = {e.uid for _, _, events in local.values() for e in events}
    assert upstream <= have, f"upstream events missing on the counters: {sorted(upstream - have)}"
    return len(local)


class When:
    """Run ``action`` in a thread as soon as ``event`` is set (after ``delay`` seconds), unless the block
    ends first. ``fired`` tells whether it ran."""

    def __init__(self, event: threading.Event, action: Callable[[], None], delay: float = 0.0) -> None:
        self.event, self.action, self.delay = event, action, delay
        self.fired = False
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._cancel.is_set():
            if self.event.wait(0.01):
                if self.delay:
                    time.sleep(self.delay)
                self.fired = True
                self.action()
                return

    def __enter__(self) -> When:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._cancel.set()
        self._thread.join(timeout=60)


def run_cli_killed(counter: Counter, trigger: threading.Event, delay: float = 0.0) -> int:
    """``counter-app sync`` in its own process, SIGKILLed when ``trigger`` fires (``delay`` later); its exit
    status (``-9``: killed)."""
    process = subprocess.Popen(
        counter.cli("sync"), cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    with When(trigger, lambda: process.send_signal(signal.SIGKILL), delay):
        return process.wait(timeout=120)


def sent_are_on_hub(link: HubLink, counter: Counter) -> None:
    """An entry is marked sent only when the hub holds it (never success without the hub's answer)."""
    with counter.db.read() as session:
        sent = set(session.scalars(select(OutboxEntry.uid).where(OutboxEntry.state == "sent")))
    with link.admin.read() as session:
        held = set(session.scalars(select(HubEvent.uid).where(HubEvent.uid.in_(sent)))) if sent else set()
    assert sent == held, f"marked sent but not on the hub: {sorted(sent - held)[:5]}"


def cursor_is_honest(link: HubLink, counter: Counter) -> None:
    """Every upstream event at or below the stored cursor is in the local history (page and cursor in one
    transaction)."""
    with counter.db.read() as session:
        state = session.get(SyncState, 1)
        assert state is not None
        cursor = state.cursor
        have = set(session.scalars(select(DossierEvent.uid)))
    with link.admin.read() as session:
        bodies = session.scalars(
            select(Change.body)
            .join(Commune, Commune.id == Change.commune_id)
            .where(Commune.code == counter.commune, Change.topic == "dossier.event", Change.seq <= cursor)
        ).all()
    missing = [b["event_uid"] for b in bodies if b["event_uid"] not in have]
    assert missing == [], f"cursor {cursor} is past upstream events that were never applied: {missing[:5]}"
