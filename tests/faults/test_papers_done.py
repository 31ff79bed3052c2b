"""Issue 14's "Done when", end to end, on the hub's filesystem paper store and on its S3-protocol store.

An enrolled counter loses its link. Offline, a clerk takes a dossier of 1.004873 in, scans papers 1 and 4
on SANE's real ``test`` backend (device test:0) and stores paper 2 from a page of Vietnamese text, each
copy a PDF/A signed with the office key through ``services.papers.store_copy``, and hands the dossier to
the commune police (CAX, an interlinked agency). An hour later the link comes back slow (256 kbit/s each
way through the fault proxy) and cuts twice in the middle of the papers' bodies. Rounds run as the
background runner would until nothing waits.

Then every paper is on the hub once, with the counter's sha256 and bytes, its PAdES signature verified
by the hub (``signature_intact``) and the counter's signer recorded; ``district-server papers --json``
lists them and ``paper-get`` writes the same bytes; the police officer, with an agency token issued by
``district-server agency-token CAX``, finds the dossier on ``/co-quan`` and downloads each paper (the
same bytes, as an attachment), and every download is audited.

The hub is the real ``district-server serve`` process (SQLite); the S3 store is moto's S3 server on
loopback (tests/s3.py), the hub started with ``DISTRICT_SERVER_PAPERS=s3://…?endpoint=…`` (as
``--papers``), and the copies are looked for in the bucket itself.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import uuid
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from counter_app.copies.samples import sample_scan
from counter_app.scanning.pages import Page
from counter_app.scanning.sources import open_source
from counter_app.services import lifecycle, papers
from counter_app.services.hub_sync import papers as paper_sync
from district_server import agency
from district_server.cli import main as hub_main
from district_server.db import Hub
from district_server.models import HubPaper
from tests.faults.conftest import HubLink, HubProcess, MakeCounter, enrolled
from tests.faults.paper_checks import check_papers_once, counter_copies, send_until_done, time_passes
from tests.faults.proxy import Proxy
from tests.s3 import DUMMY_ENV, S3Bucket, s3_bucket, s3_server
from tests.services.paper_support import MARRIAGE, accept

__all__ = ["s3_bucket", "s3_server"]  # fixtures (tests/s3.py)
pytestmark = pytest.mark.slow
KBPS = 256
POLICE = "CAX"  # Công an xã: interlinked


@pytest.fixture
def sane_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SANE with only its `test` backend (device test:0)."""
    config = tmp_path / "sane"
    config.mkdir()
    (config / "dll.conf").write_text("test\n", encoding="utf-8")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(config))


@pytest.fixture(params=["filesystem", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, S3Bucket | None]:
    """The hub's paper store address, and the bucket when it is S3."""
    if request.param == "filesystem":
        return str(tmp_path / "hub-papers"), None
    bucket: S3Bucket = request.getfixturevalue("s3_bucket")
    return bucket.spec, bucket


@pytest.fixture
def link(store: tuple[str, S3Bucket | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubLink]:
    spec, _ = store
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    monkeypatch.setenv("DISTRICT_SERVER_PAPERS", spec)  # the in-process CLI calls below use the same store
    process = HubProcess(url, tmp_path / "hub.log", papers=spec, env=DUMMY_ENV)
    process.start()
    admin = Hub(url, migrate=False, papers=spec)
    proxy = Proxy(process.port)
    start = int(uuid.uuid4().int % 900) * 1000
    try:
        yield HubLink("sqlite", process, proxy, admin, itertools.count(start + 1))
    finally:
        proxy.close()
        process.kill()
        admin.close()


def hub_cli(db_url: str, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = hub_main(["--db", db_url, *args])
    assert code == 0, err.getvalue()
    return code, out.getvalue()


def test_an_offline_counters_papers_reach_the_hub_once_over_a_slow_cut_link_and_the_police_downloads_them(
    link: HubLink,
    store: tuple[str, S3Bucket | None],
    counters: MakeCounter,
    sane_test: None,
    tmp_path: Path,
) -> None:
    counter = counters(link.new_commune())
    enrolled(link, counter)
    link.proxy.down()  # the link goes

    # Offline: the intake, three papers (two on the scanner, one from a page of text), the transfer.
    code = accept(counter.ctx, MARRIAGE)
    scanner = open_source("test:0")
    for paper in (1, 4):
        pages = list(scanner.scan(dpi=150, mode="gray", pages=1))
        assert pages and pages[0].source == "scanner"
        papers.store_copy(counter.ctx, code, paper, pages)
    papers.store_copy(counter.ctx, code, 2, [Page(sample_scan(150, seed=5), 150, "file")])
    lifecycle.transfer(counter.ctx, code, POLICE)
    copies = counter_copies(counter)
    assert [c.paper for c in copies] == [1, 4, 2]
    assert paper_sync.papers_waiting(counter.ctx) == (3, sum(c.bytes for c in copies))
    report = counter.round()
    assert not report.online  # nothing reached the hub
    with link.admin.read() as session:
        assert session.scalars(select(HubPaper).where(HubPaper.commune_code == counter.commune)).all() == []

    # An hour later the link is back, slow, and cuts twice in the middle of a copy.
    counter.clock.skew = timedelta(hours=1)  # past the half hour a copy waits for its text layer
    link.proxy.up()
    link.proxy.throttle(KBPS)
    for n in range(2):
        biggest = max(c.bytes for c in copies)
        link.proxy.cut_once(biggest // 3 + n * 997, after=b"PATCH ")
        time_passes(counter)
        counter.round()
        assert link.proxy.cuts == n + 1, "the link did not cut in a copy"
    assert paper_sync.papers_waiting(counter.ctx)[0] > 0  # the cuts left work to do
    send_until_done(counter)
    link.proxy.throttle(None)

    # Every paper once, the same bytes, the signature verified and the counter's signer recorded.
    check_papers_once(link, counter, copies)
    with link.admin.read() as session:
        rows = session.scalars(select(HubPaper).where(HubPaper.dossier_code == code).order_by(HubPaper.position))
        facts = [(r.position, r.signature_intact, r.signer_kind, r.signed_by, r.current) for r in rows]
    signer = copies[0].signed_by
    assert facts == [
        (1, True, "office", signer, True),
        (2, True, "office", signer, True),
        (4, True, "office", signer, True),
    ]
    by_paper = {c.paper: c for c in copies}
    spec, bucket = store
    if bucket is not None:  # the copies are objects in the bucket itself, named by their hash
        keys = bucket.keys()
        for c in copies:
            assert any(key.endswith(f"{c.sha256}.pdf") for key in keys), keys
    else:
        stored = {p.name for p in Path(spec).rglob("*.pdf")}
        assert {f"{c.sha256}.pdf" for c in copies} <= stored

    # The hub's operator: papers --json and paper-get.
    _, out = hub_cli(link.hub.db_url, "papers", code, "--json")
    listed = sorted((p["paper"], p["sha256"], p["bytes"], p["signed_by"]) for p in json.loads(out))
    assert listed == sorted((c.paper, c.sha256, c.bytes, c.signed_by) for c in copies)
    target = tmp_path / "paper-4.pdf"
    hub_cli(link.hub.db_url, "paper-get", code, "4", "--out", str(target))
    assert hashlib.sha256(target.read_bytes()).hexdigest() == by_paper[4].sha256

    # The police officer downloads the papers of the dossier handed to them; each download is audited.
    _, out = hub_cli(link.hub.db_url, "agency-token", POLICE, "--label", "Trung úy Lê Văn Hải")
    token = out.strip()
    with httpx.Client(base_url=link.hub.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as officer:
        page = officer.get("/co-quan")
        assert page.status_code == 200, page.text[:2000]
        assert code in page.text
        links = set(re.findall(rf"/co-quan/ho-so/{re.escape(code)}/giay-to/(\d+)", page.text))
        assert links == {"1", "2", "4"}
        for paper, c in sorted(by_paper.items()):
            answer = officer.get(f"/co-quan/ho-so/{code}/giay-to/{paper}")
            assert answer.status_code == 200
            assert answer.headers["content-type"] == "application/pdf"
            assert answer.headers["content-disposition"].startswith("attachment")
            assert hashlib.sha256(answer.content).hexdigest() == c.sha256
    with link.admin.read() as session:
        audit = agency.downloads(session, code)
    assert sorted(d.paper for d in audit) == [1, 2, 4]
