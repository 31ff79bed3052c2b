"""What the paper fault tests share: copies stored on a counter, sending until nothing waits, and the check
that every copy is on the hub exactly once with the same bytes (issue 14)."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections import Counter as Tally
from dataclasses import dataclass
from datetime import UTC, timedelta

from sqlalchemy import func, select

from counter_app.scanning.pages import Page
from counter_app.services import papers
from counter_app.services.hub_sync import papers as paper_sync
from counter_app.storage.models import Dossier, PaperCopy
from counter_app.storage.models import PaperUpload as CounterUpload
from district_server.db import Hub
from district_server.models import HubPaper, PaperUpload
from district_server.papers.service import read_paper
from tests.faults.conftest import ROOT, Counter, HubLink, environment
from tests.services.paper_support import MARRIAGE, accept, page, small_page

STORED_BEFORE = timedelta(hours=1)  # copies stored an hour ago: past their wait for a text layer (OCR)


@dataclass(frozen=True)
class Copy:
    dossier: str
    paper: int
    sha256: str
    bytes: int
    signed_by: str


def store_copies(counter: Counter, papers_of: list[list[tuple[int, str]]]) -> list[Copy]:
    """Dossiers of 1.004873 taken in and their papers' copies stored through ``services.papers.store_copy``
    (signed with the office key) an hour ago. ``papers_of``: per dossier, (paper 1..5, "small" | "page")."""
    skew = counter.clock.skew
    counter.clock.skew = skew - STORED_BEFORE
    try:
        for n, wanted in enumerate(papers_of):
            code = accept(counter.ctx, MARRIAGE, id_number=f"02519{n:07d}", name="Nguyễn Thị Thuỷ Tiên")
            for paper, kind in wanted:
                pages: list[Page] = [small_page(paper + 7 * n)] if kind == "small" else [page(paper, dpi=100)]
                papers.store_copy(counter.ctx, code, paper, pages)
    finally:
        counter.clock.skew = skew
    return counter_copies(counter)


def counter_copies(counter: Counter) -> list[Copy]:
    """The counter's current copies."""
    with counter.db.read() as session:
        rows = session.execute(
            select(Dossier.code, PaperCopy.position, PaperCopy.sha256, PaperCopy.bytes, PaperCopy.signed_by)
            .join(Dossier, Dossier.id == PaperCopy.dossier_id)
            .where(PaperCopy.current.is_(True))
            .order_by(PaperCopy.id)
        ).all()
    return [Copy(code, int(position), sha, int(size), signer) for code, position, sha, size, signer in rows]


def time_passes(counter: Counter) -> None:
    """The counter's clock moves on past the wait its uploader set on a copy after trouble (a cut, the hub
    gone), as the PC's would by the next rounds."""
    now = counter.clock()
    with counter.db.read() as session:
        until = session.scalar(
            select(func.min(CounterUpload.next_attempt_at)).where(
                CounterUpload.state == "waiting", CounterUpload.next_attempt_at > now
            )
        )
    if until is not None:
        counter.clock.skew += until.replace(tzinfo=UTC) - now + timedelta(seconds=1)


def send_until_done(counter: Counter, max_rounds: int = 8) -> None:
    """Rounds (events, then papers) until no copy waits, time passing between them; the link is expected
    healthy."""
    for _ in range(max_rounds):
        time_passes(counter)
        report = counter.round()
        assert report.online and report.error is None, f"{counter.commune}: {report.error} {report.message}"
        if paper_sync.papers_waiting(counter.ctx) == (0, 0):
            return
    raise AssertionError(f"copies still waiting after {max_rounds} rounds: {paper_sync.papers_waiting(counter.ctx)}")


def check_papers_once(link: HubLink, counter: Counter, copies: list[Copy], hub: Hub | None = None) -> None:
    """Every copy of the counter is on the hub exactly once, with the same sha256 and bytes and the
    counter's signer; the hub holds no other copy of the commune and no upload left unfinished; nothing
    waits or is set aside on the counter."""
    admin = hub or link.admin
    assert paper_sync.papers_waiting(counter.ctx) == (0, 0)
    with counter.db.read() as session:
        assert paper_sync.set_aside_count(session) == 0, paper_sync.set_aside_papers(counter.ctx)
    with admin.read() as session:
        rows = session.execute(
            select(HubPaper.dossier_code, HubPaper.position, HubPaper.sha256, HubPaper.bytes, HubPaper.signed_by)
            .where(HubPaper.commune_code == counter.commune)
            .order_by(HubPaper.id)
        ).all()
        unfinished = session.scalar(
            select(func.count())
            .select_from(PaperUpload)
            .where(PaperUpload.commune_code == counter.commune, PaperUpload.paper_id.is_(None))
        )
    per_paper = Tally((code, position) for code, position, *_ in rows)
    twice = {key: n for key, n in per_paper.items() if n != 1}
    assert twice == {}, f"papers held more than once at the hub: {twice}"
    assert sorted((r[0], r[1], r[2], r[3], r[4]) for r in rows) == sorted(
        (c.dossier, c.paper, c.sha256, c.bytes, c.signed_by) for c in copies
    ), "the hub and the counter hold different copies"
    assert unfinished == 0, "an upload left unfinished at the hub"
    for c in copies:
        info, data = read_paper(admin, c.dossier, c.paper)
        assert hashlib.sha256(data).hexdigest() == c.sha256 == info.sha256
        assert len(data) == c.bytes


def upload_rows(counter: Counter) -> list[tuple[object, ...]]:
    """The counter's paper_upload rows (state, offset, attempts, last error, next attempt): for a failure's
    printout."""
    with counter.db.read() as session:
        rows = session.scalars(select(CounterUpload).order_by(CounterUpload.id))
        return [(r.position, r.state, r.offset, r.bytes, r.attempts, r.last_error, r.next_attempt_at) for r in rows]


def cli_status(counter: Counter) -> dict[str, object]:
    """``counter-app sync-status --json`` in its own process."""
    done = subprocess.run(
        counter.cli("sync-status", "--json"), cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout)
    return found
