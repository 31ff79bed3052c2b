"""Certified copies from the counter to the real hub over loopback (issue 14; docs/sync-protocol.md
"Papers from the counter").

What the clerk and the hub's operator would notice: a copy goes only after its dossier's events; a cut
link resumes where the hub stopped, re-sending almost nothing; a copy the hub holds is never stored or
sent twice; a copy the hub refuses is set aside with its reason and the next one still goes; nothing
goes outside the sending hours; the cap holds; ``sync-status --json`` counts what waits.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import delete, select, update

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.services import hub_sync as sync
from counter_app.services import paper_ocr, papers
from counter_app.services.hub_sync import papers as paper_sync
from counter_app.storage.blobs import BlobStore
from counter_app.storage.models import OutboxEntry, PaperCopy, PaperUpload
from counter_app.sync.client import HubClient
from counter_app.sync.tus import TusClient
from tests.cli.conftest import Cli
from tests.faults.proxy import Proxy
from tests.hub.conftest import HubServer
from tests.services.paper_support import MARRIAGE, accept, page, small_page
from tests.sync.conftest import COMMUNE_A, Counter, MakeCounter
from tests.sync.paper_upload_support import enrolled, hub_token, push_events


@pytest.fixture
def counter(sqlite_hub: HubServer, make_counter: MakeCounter) -> Counter:
    counter = make_counter(COMMUNE_A)
    enrolled(sqlite_hub, counter)
    return counter


@pytest.fixture
def proxy(sqlite_hub: HubServer) -> Iterator[Proxy]:
    link = Proxy(sqlite_hub.port)
    try:
        yield link
    finally:
        link.close()


def hub_papers(server: HubServer, counter: Counter, code: str) -> list[tuple[int, str]]:
    """(paper, sha256) of each copy the hub lists for the dossier, as the device reads them."""
    with HubClient(server.url, hub_token(counter)) as hub:
        status, _, body = hub.exchange("GET", f"/v1/papers?dossier={code}")
    assert status == 200, body
    return sorted((p["paper"], p["sha256"]) for p in json.loads(body)["papers"])


def copies(counter: Counter, count: int = 1, *, big: bool = False) -> tuple[str, list[str]]:
    """A marriage-status dossier with ``count`` papers copied (papers 1…count); its code and the sha256s."""
    code = accept(counter.ctx, MARRIAGE)
    shas = []
    for position in range(1, count + 1):
        pages = [page(position), page(position + 10)] if big else [small_page(position)]
        shas.append(papers.store_copy(counter.ctx, code, position, pages).sha256)
    return code, shas


def past_ocr_wait(counter: Counter) -> None:
    """The PC's clock half an hour on: copies still without text go as they are."""
    counter.clock.skew += paper_sync.OCR_WAIT + timedelta(minutes=1)


def test_a_copy_goes_after_its_dossiers_events_and_only_then(sqlite_hub: HubServer, counter: Counter) -> None:
    code, (sha,) = copies(counter)
    past_ocr_wait(counter)
    assert paper_sync.papers_waiting(counter.ctx)[0] == 1
    with HubClient(sqlite_hub.url, hub_token(counter)) as hub:
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=30) == 0  # its events wait: not sent
    assert paper_sync.papers_waiting(counter.ctx)[0] == 1

    report = sync.run_round(counter.ctx)  # events first, then the copy, in the same round
    assert (report.error, report.waiting, report.papers_sent) == (None, 0, 1)
    assert hub_papers(sqlite_hub, counter, code) == [(1, sha)]
    status = sync.status(counter.ctx)
    assert (status.papers_waiting, status.paper_bytes_waiting, status.papers_set_aside) == (0, 0, 0)


def test_a_copy_waits_for_its_text_layer_and_the_searchable_file_goes(sqlite_hub: HubServer, counter: Counter) -> None:
    if not paper_sync._can_ocr():
        pytest.skip("tesseract with Vietnamese is not installed here")
    code, (image_sha,) = copies(counter)
    assert sync.run_round(counter.ctx).papers_sent == 0  # OCR pending on a PC that can OCR: it waits
    assert paper_ocr.run_ocr(counter.ctx) == (1, 0)
    with counter.db.read() as session:
        searchable = session.scalars(select(PaperCopy.sha256)).one()
    assert searchable != image_sha
    assert sync.run_round(counter.ctx).papers_sent == 1
    assert hub_papers(sqlite_hub, counter, code) == [(1, searchable)]


def test_a_cut_link_resumes_where_the_hub_stopped(sqlite_hub: HubServer, counter: Counter, proxy: Proxy) -> None:
    code, (sha,) = copies(counter, big=True)
    length = BlobStore.of(counter.data_dir).path(sha).stat().st_size
    assert length > 60_000
    push_events(counter)
    past_ocr_wait(counter)
    token = hub_token(counter)
    # A slow link (the copy takes about three seconds at the cap) drops halfway through the copy.
    paper_sync.set_paper_schedule(counter.ctx, max(8, length * 8 // 1000 // 3), None)
    proxy.set("cut_request", 900 + length // 2)
    with HubClient(proxy.url, token) as hub:
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=30) == 0
    assert paper_sync.papers_waiting(counter.ctx) == (1, length)
    with counter.db.read() as session:
        row = session.scalars(select(PaperUpload)).one()
    assert row.state == "waiting" and row.url is not None
    held = 0
    deadline = time.monotonic() + 10
    with HubClient(sqlite_hub.url, token) as hub:
        while held == 0 and time.monotonic() < deadline:  # the hub stores the part it got once it sees the cut
            time.sleep(0.05)
            held = TusClient(hub).offset(row.url)
    assert length // 4 < held < length  # the hub kept what arrived before the cut

    assert not paper_sync.papers_due(counter.ctx)  # a short wait after trouble, not a round every few seconds
    counter.clock.skew += timedelta(minutes=1)
    assert paper_sync.papers_due(counter.ctx)
    proxy.set("pass")
    proxy.reset_counts()
    paper_sync.set_paper_schedule(counter.ctx, None, None)
    with HubClient(proxy.url, token) as hub:
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=30) == 1
    assert proxy.sent < (length - held) + 3_000  # the rest and a few headers, not the whole file again
    assert hub_papers(sqlite_hub, counter, code) == [(1, sha)]
    assert paper_sync.papers_waiting(counter.ctx) == (0, 0)


def test_a_copy_is_never_stored_or_sent_twice(sqlite_hub: HubServer, counter: Counter, proxy: Proxy) -> None:
    code, (sha,) = copies(counter)
    past_ocr_wait(counter)
    assert sync.run_round(counter.ctx).papers_sent == 1
    assert sync.run_round(counter.ctx).papers_sent == 0  # a second round: nothing
    # The counter forgets it sent the copy (an older backup restored): the upload is made again, the
    # hub answers that it holds it, and not a byte of it travels.
    with counter.db.write() as session:
        session.execute(delete(PaperUpload))
    assert paper_sync.papers_waiting(counter.ctx)[0] == 1
    proxy.reset_counts()
    with HubClient(proxy.url, hub_token(counter)) as hub:
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=30) == 1
    with counter.db.read() as session:
        assert session.scalars(select(PaperUpload.state)).all() == ["sent"]
    assert proxy.sent < 2_000  # the creation only
    assert hub_papers(sqlite_hub, counter, code) == [(1, sha)]


def _unsigned_pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (200, 100), 255).save(buffer, "PDF")
    return buffer.getvalue()


def test_a_refused_copy_is_set_aside_with_its_reason_and_the_next_still_goes(
    sqlite_hub: HubServer, counter: Counter, capsys: pytest.CaptureFixture[str]
) -> None:
    code, (first, second) = copies(counter, 2)
    # The first copy's file is replaced by an unsigned PDF (its row names the new file): the hub
    # refuses a copy without an intact signature.
    bad_sha, _ = BlobStore.of(counter.data_dir).put(_unsigned_pdf())
    with counter.db.write() as session:
        session.execute(update(PaperCopy).where(PaperCopy.sha256 == first).values(sha256=bad_sha))
    past_ocr_wait(counter)
    report = sync.run_round(counter.ctx)
    assert (report.error, report.papers_sent) == (None, 1)
    assert hub_papers(sqlite_hub, counter, code) == [(2, second)]
    (aside,) = paper_sync.set_aside_papers(counter.ctx)
    assert (aside.dossier_code, aside.paper) == (code, 1)
    assert "chữ ký số không còn nguyên vẹn" in aside.reason
    status = sync.status(counter.ctx)
    assert (status.papers_waiting, status.papers_set_aside) == (0, 1)
    assert sync.run_round(counter.ctx).papers_sent == 0  # not tried again by itself
    assert paper_sync.retry_set_aside(counter.ctx, aside.id) == 1
    assert paper_sync.papers_waiting(counter.ctx)[0] == 1
    assert sync.run_round(counter.ctx).papers_sent == 0  # the hub still refuses it: set aside again

    counter.db.close()  # the same from the command line
    cli = Cli(counter.data_dir, capsys)
    (listed,) = cli.json("sync-papers-set-aside")
    assert (listed["dossier_code"], listed["paper"]) == (code, 1) and "chữ ký số" in listed["reason"]
    code_, out, _ = cli("sync-papers-set-aside")
    assert code_ == 0 and out.startswith(f"{code} giấy tờ 1 (") and "chữ ký số" in out
    assert cli.json("sync-papers-set-aside", "--retry") == {"requeued": 1}
    assert cli.json("sync-status")["papers_waiting"] == 1


def test_a_dossier_the_hub_does_not_know_is_tried_later_never_set_aside(
    sqlite_hub: HubServer, counter: Counter
) -> None:
    code, _ = copies(counter)
    with counter.db.write() as session:  # its events were set aside: the hub never received the dossier
        session.execute(update(OutboxEntry).values(state="quarantined"))
    past_ocr_wait(counter)
    assert sync.run_round(counter.ctx).papers_sent == 0
    with counter.db.read() as session:
        row = session.scalars(select(PaperUpload)).one()
    assert row.state == "waiting" and row.next_attempt_at is not None and row.next_attempt_at > counter.clock()
    assert paper_sync.set_aside_papers(counter.ctx) == []
    assert f"chưa có hồ sơ {code}" in (sync.status(counter.ctx).paper_error or "")
    assert not paper_sync.papers_due(counter.ctx)


def _office_time(counter: Counter, hour: int, days: int) -> timedelta:
    """The skew that puts the PC's office-time clock at ``hour``:00, ``days`` days on."""
    now = counter.clock()
    local = now.astimezone(OFFICE_TZ)
    target = datetime(local.year, local.month, local.day, hour, 0, tzinfo=OFFICE_TZ) + timedelta(days=days)
    return counter.clock.skew + (target - now)


def test_nothing_goes_outside_the_sending_hours(sqlite_hub: HubServer, counter: Counter) -> None:
    code, (sha,) = copies(counter)
    push_events(counter)
    paper_sync.set_paper_schedule(counter.ctx, None, "07:00-17:00")
    counter.clock.skew = _office_time(counter, 20, 1)  # 20:00 tomorrow
    assert not paper_sync.papers_due(counter.ctx)
    with HubClient(sqlite_hub.url, hub_token(counter)) as hub:
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=30) == 0
        assert hub_papers(sqlite_hub, counter, code) == []
        counter.clock.skew = _office_time(counter, 9, 2)  # 09:00 the day after
        assert paper_sync.papers_due(counter.ctx)
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=30) == 1
    assert hub_papers(sqlite_hub, counter, code) == [(1, sha)]


def test_the_cap_holds_for_a_known_size(sqlite_hub: HubServer, counter: Counter) -> None:
    _code, (sha,) = copies(counter, big=True)
    length = BlobStore.of(counter.data_dir).path(sha).stat().st_size
    push_events(counter)
    past_ocr_wait(counter)
    kbps = max(8, length * 8 // 1000 // 2)  # about two seconds for this copy
    paper_sync.set_paper_schedule(counter.ctx, kbps, None)
    with HubClient(sqlite_hub.url, hub_token(counter)) as hub:
        started = time.monotonic()
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=60) == 1
        elapsed = time.monotonic() - started
    ideal = length / (kbps * 1000 / 8)
    assert ideal * 0.8 <= elapsed <= ideal * 1.5 + 1.5


def test_a_round_spends_at_most_its_budget_on_papers(sqlite_hub: HubServer, counter: Counter) -> None:
    _code, (sha,) = copies(counter, big=True)
    length = BlobStore.of(counter.data_dir).path(sha).stat().st_size
    push_events(counter)
    past_ocr_wait(counter)
    paper_sync.set_paper_schedule(counter.ctx, 128, None)  # 16 kB/s: this copy needs several seconds
    with HubClient(sqlite_hub.url, hub_token(counter)) as hub:
        started = time.monotonic()
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=1.0) == 0
        assert time.monotonic() - started < 1.0 + 2.5  # the budget and at most one chunk (2 s at the cap)
        with counter.db.read() as session:
            offset = session.scalars(select(PaperUpload.offset)).one()
        assert 0 < offset < length
        paper_sync.set_paper_schedule(counter.ctx, None, None)
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=30) == 1


def test_the_schedule_is_checked(counter: Counter) -> None:
    from counter_app.domain.errors import InvalidInput

    assert paper_sync.set_paper_schedule(counter.ctx, 256, "07:30-17:00") == paper_sync.PaperSchedule(
        256, "07:30-17:00"
    )
    assert paper_sync.set_paper_schedule(counter.ctx, 0, "any") == paper_sync.PaperSchedule(None, None)
    for kbps, hours in (
        (5, None),
        (-1, None),
        (100_001, None),
        (None, "7-17"),
        (None, "07:00-07:00"),
        (None, "25:00-01:00"),
    ):
        with pytest.raises(InvalidInput):
            paper_sync.set_paper_schedule(counter.ctx, kbps, hours)
    assert paper_sync.paper_schedule(counter.ctx) == paper_sync.PaperSchedule(None, None)
    at = datetime(2026, 12, 3, 23, 30, tzinfo=OFFICE_TZ)
    assert paper_sync.within_hours("22:00-06:00", at) and not paper_sync.within_hours("07:00-17:00", at)


def test_sync_status_json_counts_the_papers_waiting(
    sqlite_hub: HubServer, counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, shas = copies(counter, 2)
    size = sum(BlobStore.of(counter.data_dir).path(sha).stat().st_size for sha in shas)
    counter.db.close()
    cli = Cli(counter.data_dir, capsys)
    status = cli.json("sync-status")
    assert (status["papers_waiting"], status["paper_bytes_waiting"], status["papers_set_aside"]) == (2, size, 0)
    code, out, _ = cli("sync-status")
    assert code == 0 and "2 giấy tờ đang chờ gửi (" in out
    code, _, err = cli("sync-papers", "--kbps", "ba")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "kbit/s" in err
    code, _, err = cli("sync-papers", "--kbps", "3")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "kbit/s" in err
    code, _, err = cli("sync-papers", "--hours", "7h-17h")
    assert code == 2 and "GG:PP-GG:PP" in err
    assert cli.json("sync-papers", "--kbps", "256", "--hours", "07:00-17:00") == {"kbps": 256, "hours": "07:00-17:00"}
    assert cli.json("sync-papers", "--kbps", "0", "--hours", "any") == {"kbps": None, "hours": None}


def test_a_full_quota_stops_papers_for_the_round_and_they_keep_waiting(sqlite_hub: HubServer, counter: Counter) -> None:
    from district_server.models import Commune

    code, shas = copies(counter, 2)
    sizes = [BlobStore.of(counter.data_dir).path(sha).stat().st_size for sha in shas]
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.write() as session:  # room for the first copy only
        session.execute(update(Commune).where(Commune.code == COMMUNE_A).values(paper_quota_bytes=sizes[0] + 10))
    past_ocr_wait(counter)
    report = sync.run_round(counter.ctx)
    assert (report.error, report.waiting, report.papers_sent) == (None, 0, 1)  # the events' round is fine
    assert hub_papers(sqlite_hub, counter, code) == [(1, shas[0])]
    status = sync.status(counter.ctx)
    assert (status.papers_waiting, status.paper_bytes_waiting, status.papers_set_aside) == (1, sizes[1], 0)
    assert status.paper_error is not None and "đã đầy" in status.paper_error
    assert paper_sync.set_aside_papers(counter.ctx) == []

    with sqlite_hub.hub.write() as session:  # the operator raises the quota
        session.execute(update(Commune).where(Commune.code == COMMUNE_A).values(paper_quota_bytes=10**9))
    counter.clock.skew += paper_sync.RETRY_FIRST
    assert sync.run_round(counter.ctx).papers_sent == 1
    assert hub_papers(sqlite_hub, counter, code) == [(1, shas[0]), (2, shas[1])]
    assert sync.status(counter.ctx).paper_error is None


def test_a_new_event_stops_the_papers_within_one_chunk(sqlite_hub: HubServer, counter: Counter) -> None:
    import threading

    _code, (sha,) = copies(counter, big=True)
    length = BlobStore.of(counter.data_dir).path(sha).stat().st_size
    push_events(counter)
    past_ocr_wait(counter)
    kbps = max(8, length * 8 // 1000 // 6)  # about six seconds for the copy, chunks of two
    paper_sync.set_paper_schedule(counter.ctx, kbps, None)
    returned: list[float] = []

    def upload() -> None:
        with HubClient(sqlite_hub.url, hub_token(counter)) as hub:
            paper_sync.upload_papers(counter.ctx, hub, budget_seconds=60)
        returned.append(time.monotonic())

    worker = threading.Thread(target=upload)
    worker.start()
    time.sleep(1.0)
    counter.take("Lê Văn Mới")  # the clerk takes a dossier in meanwhile: its events must not wait
    taken = time.monotonic()
    worker.join(timeout=30)
    assert returned and returned[0] - taken < 2.0 + 1.0  # at most the chunk under way
    with counter.db.read() as session:
        row = session.scalars(select(PaperUpload)).one()
    assert row.state == "waiting" and 0 < row.offset < length
    report = sync.run_round(counter.ctx)  # the next round: the events, then the rest of the copy
    assert (report.error, report.waiting, report.papers_sent) == (None, 0, 1) and report.pushed >= 1


def test_a_copy_replaced_before_it_went_is_not_sent(sqlite_hub: HubServer, counter: Counter) -> None:
    code, (old,) = copies(counter)
    new = papers.store_copy(counter.ctx, code, 1, [small_page(5)]).sha256  # a re-scan of the same paper
    assert new != old
    assert paper_sync.papers_waiting(counter.ctx)[0] == 1
    past_ocr_wait(counter)
    assert sync.run_round(counter.ctx).papers_sent == 1
    assert hub_papers(sqlite_hub, counter, code) == [(1, new)]
    with counter.db.read() as session:
        assert session.scalars(select(PaperUpload.sha256)).all() == [new]


def test_every_copy_arrives_once_on_both_hub_databases(hub_server: HubServer, make_counter: MakeCounter) -> None:
    """The same rounds on the SQLite and the PostgreSQL hub."""
    counter = make_counter(COMMUNE_A)
    enrolled(hub_server, counter)
    code, shas = copies(counter, 3)
    past_ocr_wait(counter)
    report = sync.run_round(counter.ctx)
    assert (report.error, report.waiting, report.papers_sent) == (None, 0, 3)
    assert sync.run_round(counter.ctx).papers_sent == 0
    assert hub_papers(hub_server, counter, code) == [(1, shas[0]), (2, shas[1]), (3, shas[2])]


def test_an_upload_begun_for_a_copy_replaced_since_is_ended_at_the_hub(
    sqlite_hub: HubServer, counter: Counter, proxy: Proxy
) -> None:
    code, (old,) = copies(counter, big=True)
    length = BlobStore.of(counter.data_dir).path(old).stat().st_size
    push_events(counter)
    past_ocr_wait(counter)
    token = hub_token(counter)
    paper_sync.set_paper_schedule(counter.ctx, max(8, length * 8 // 1000 // 3), None)
    proxy.set("cut_request", 900 + length // 2)  # half of it reaches the hub
    with HubClient(proxy.url, token) as hub:
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=30) == 0
    with counter.db.read() as session:
        url = session.scalars(select(PaperUpload.url)).one()
    assert url is not None
    new = papers.store_copy(counter.ctx, code, 1, [small_page(3)]).sha256  # the clerk scans it again
    paper_sync.set_paper_schedule(counter.ctx, None, None)
    counter.clock.skew += paper_sync.OCR_WAIT + timedelta(minutes=1)
    assert sync.run_round(counter.ctx).papers_sent == 1
    assert hub_papers(sqlite_hub, counter, code) == [(1, new)]
    with HubClient(sqlite_hub.url, token) as hub:
        status, _, _ = hub.exchange("HEAD", url, headers={"Tus-Resumable": "1.0.0"})
    assert status == 404  # the half-sent old copy is gone from the hub, parts and all
    with counter.db.read() as session:
        assert session.scalars(select(PaperUpload.url).where(PaperUpload.sha256 == old)).one() is None
