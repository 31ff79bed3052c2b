"""What the three paper benchmarks share (issue 14): counters holding real certified copies, the hub process.

- :func:`counter_with_copies` builds (once, cached in ``benchmarks/.data/``) a counter whose dossiers of
  1.004873 (five papers each) hold copies stored through ``services.papers.store_copy``: PDF/A built from
  the page images, signed with the office key, as the scan panel stores them. The pages are what a
  scanner gives for Vietnamese text (:func:`counter_app.copies.samples.sample_scan`). Each run works on a
  copy of the cached directory.
- :class:`PaperHub` is ``district-server serve`` in its own process on SQLite with the filesystem paper
  store, on a free loopback port, with the counter's commune added.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from common import DATA, ROOT, admin_context, now_utc
from sqlalchemy import func, select, text

from counter_app.copies.samples import sample_scan
from counter_app.domain.applicant import make_applicant
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.scanning.pages import Page
from counter_app.services import hub_sync, intake, office, papers
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.hub_sync import papers as paper_sync
from counter_app.services.paper_rows import store_of
from counter_app.storage.engine import Database
from counter_app.storage.migrate import head_revision
from counter_app.storage.models import PaperCopy, PaperUpload, SyncState
from counter_app.sync.client import HubClient
from district_server import service
from district_server.db import Hub, utc_now

OFFICE_CODE = "000.12.34.H26"
OFFICE_NAME = "UBND xã Tân Lập"
PROCEDURE = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân: five papers
PAPERS_PER_DOSSIER = 5
HUB_CLI = [sys.executable, "-c", "import sys; from district_server.cli import main; sys.exit(main())"]
NAMES = ("Nguyễn Thị Thuỷ Tiên", "Trần Văn Đức", "Lê Thị Hồng Nhung", "Phạm Quốc Huy", "Hoàng Thị Mai")


@dataclass(frozen=True)
class Layout:
    """What the counter holds: ``dossiers`` dossiers, each of its ``papers`` papers a copy of ``pages``
    pages scanned at ``dpi``."""

    name: str
    dossiers: int
    papers: int
    pages: int
    dpi: int
    noise: float = 10.0


def counter_with_copies(layout: Layout) -> Path:
    """The cached data directory of a never-synced counter holding the copies of ``layout``."""
    directory = DATA / f"papers-{head_revision()}-{layout.name}"
    if (directory / "READY").exists():
        return directory
    if directory.exists():
        shutil.rmtree(directory)
    total = layout.dossiers * layout.papers
    print(f"building the counter of {total} certified copies (once; cached in {directory}) ...", flush=True)
    started = time.perf_counter()
    db = open_database(directory, create=True)
    try:
        office.initialize(
            Context(db, Actor(None, "admin", "cli")),
            office.InitRequest(
                office_code=OFFICE_CODE, office_name=OFFICE_NAME, workstation=1, admin_password="bench-paper-admin"
            ),
        )
        # Stored an hour ago: past the half hour a copy may wait for its text layer before it goes (no OCR
        # runs here), as the copies of a morning's dossiers are by the afternoon.
        ctx = admin_context(db, lambda: now_utc() - timedelta(hours=1))
        images = {}
        for d in range(layout.dossiers):
            applicant = make_applicant(
                NAMES[d % len(NAMES)], id_number=f"0251900{d:05d}", phone=f"0912{d:06d}", address="Thôn Đồng Xuân"
            )
            code = intake.accept(ctx, intake.IntakeRequest(PROCEDURE, applicant)).dossier.code
            for paper in range(1, layout.papers + 1):
                pages = []
                for p in range(layout.pages):
                    seed = (paper * 31 + p) % 7 if layout.dossiers > 1 else paper * 31 + p
                    if seed not in images:  # a few distinct scans; each copy is its own file (signed anew)
                        images[seed] = sample_scan(layout.dpi, seed=seed, noise=layout.noise)
                    pages.append(Page(images[seed].copy(), layout.dpi, "scanner"))
                papers.store_copy(ctx, code, paper, pages)
            if (d + 1) % 50 == 0:
                print(f"  {d + 1} dossiers", flush=True)
    finally:
        db.close()
    (directory / "READY").write_text("ok", encoding="utf-8")
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return directory


def fresh_copy(source: Path, target: Path) -> Path:
    """A copy of a cached counter (database and its papers) to work on."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("READY"))
    return target


def copies_of(db: Database) -> list[tuple[str, int, str, int]]:
    """(dossier code, paper, sha256, bytes) of every current copy, in order."""
    from counter_app.storage.models import Dossier

    with db.read() as session:
        rows = session.execute(
            select(Dossier.code, PaperCopy.position, PaperCopy.sha256, PaperCopy.bytes)
            .join(Dossier, Dossier.id == PaperCopy.dossier_id)
            .where(PaperCopy.current)
            .order_by(PaperCopy.id)
        ).all()
    return [(code, int(position), sha, int(size)) for code, position, sha, size in rows]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PaperHub:
    """``district-server --db sqlite:///… serve`` on a free loopback port, its paper store in ``DIR/papers``,
    the commune added."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.db_url = f"sqlite:///{directory / 'hub.db'}"
        self.papers = directory / "papers"
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = directory / "hub.log"
        self.log = self.log_path.open("wb")
        command = [*HUB_CLI, "--db", self.db_url, "serve", "--port", str(self.port), "--log-level", "warning"]
        env = {**os.environ, "DISTRICT_SERVER_PAPERS": str(self.papers)}  # the paper store (as --papers)
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        with httpx.Client(verify=False, timeout=2) as http:
            while True:
                try:
                    if http.get(f"{self.url}/health").json().get("ok"):
                        break
                except (httpx.HTTPError, ValueError):
                    pass
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the hub did not start: {self.log_path.read_text()[-2000:]}")
                time.sleep(0.05)
        self.admin = Hub(self.db_url, migrate=False)
        with self.admin.write() as session:
            service.add_commune(session, OFFICE_CODE, OFFICE_NAME, utc_now())

    def enrol_code(self) -> str:
        with self.admin.write() as session:
            return service.issue_enroll_code(session, OFFICE_CODE, utc_now()).code

    def stop(self) -> None:
        self.admin.close()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def hub_papers(hub: Hub) -> list[tuple[str, int, str, str]]:
    """(dossier code, paper, sha256, signed_by) of every copy the hub's ``paper`` table holds."""
    with hub.read() as session:
        rows = session.execute(text("SELECT dossier_code, position, sha256, signed_by FROM paper ORDER BY id")).all()
    return [(str(code), int(position), str(sha), str(signer)) for code, position, sha, signer in rows]


class MovingClock:
    """The real time plus a skew that :func:`time_passes` moves on (the PC's clock as rounds go by)."""

    def __init__(self) -> None:
        self.skew = timedelta(0)

    def __call__(self) -> datetime:
        return now_utc() + self.skew


def time_passes(ctx: Context) -> None:
    """Move the counter's clock past the wait its uploader set on a copy after trouble (a cut link)."""
    clock = ctx.clock
    assert isinstance(clock, MovingClock)
    now = clock()
    with ctx.db.read() as session:
        until = session.scalar(
            select(func.min(PaperUpload.next_attempt_at)).where(
                PaperUpload.state == "waiting", PaperUpload.next_attempt_at > now
            )
        )
    if until is not None:
        clock.skew += until.replace(tzinfo=UTC) - now + timedelta(seconds=1)


def enrolled(source: Path, work: Path, hub_code: str, url: str) -> tuple[Database, Context, HubClient]:
    """A fresh copy of the counter at ``source``, enrolled at ``url``, its events pushed (papers held back
    by sending hours that exclude now), the papers' schedule then cleared (no cap, any time)."""
    fresh_copy(source, work)
    db = open_database(work)
    ctx = admin_context(db, MovingClock())
    hub_sync.enroll(ctx, url, hub_code)
    later = (datetime.now(OFFICE_TZ) + timedelta(hours=3)).strftime("%H:00")
    end = (datetime.now(OFFICE_TZ) + timedelta(hours=4)).strftime("%H:00")
    paper_sync.set_paper_schedule(ctx, None, f"{later}-{end}")
    client = new_client(db)
    report = hub_sync.run_round(ctx, client)
    if report.error is not None or report.waiting:
        raise SystemExit(f"the events did not all go up: {report}")
    paper_sync.set_paper_schedule(ctx, None, None)
    return db, ctx, client


def new_client(db: Database) -> HubClient:
    """A fresh client with the counter's credential (a new connection: the proxy captures it whole)."""
    with db.read() as session:
        state = session.get(SyncState, 1)
        assert state is not None
        return HubClient(state.server_url, state.token)


def file_bytes(db: Database, ctx: Context) -> dict[str, bytes]:
    """sha256 → the bytes of each current copy (read from the counter's store)."""
    store = store_of(ctx)
    return {sha: store.get(sha, verify=True) for _, _, sha, _ in copies_of(db)}


class BareSink:
    """The reference endpoint: an HTTP/1.1 server on loopback that takes ``PUT /<name>`` bodies and writes
    each to a file (as a store would), answering 204; nothing else."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        root = directory

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_PUT(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                data = self.rfile.read(length)
                (root / Path(self.path).name).write_bytes(data)
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def put_all(self, files: dict[str, bytes], base_url: str | None = None) -> float:
        """PUT every file, one after another on one kept-alive connection; the seconds it took."""
        with httpx.Client(base_url=base_url or self.url, timeout=600) as http:
            started = time.perf_counter()
            for name, data in files.items():
                answer = http.put(f"/{name}.pdf", content=data)
                answer.raise_for_status()
            return time.perf_counter() - started

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
