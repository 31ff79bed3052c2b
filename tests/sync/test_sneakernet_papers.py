"""Papers by USB (issue 14; docs/sync-protocol.md "Papers by USB"): a commune without a link carries its
events and certified copies to the real hub on a stick too small for them, in several files.

What the clerk and the hub's operator would notice: ``export-sync --max-bytes`` writes ``FILE``,
``FILE.part2``…, none larger than asked; the hub imports them in any order, one trip at a time, a file
imported twice changes nothing; once the answers are back, the hub holds every copy once with its sha256
and the counter has nothing waiting, so the next export carries no paper and an online round sends none.
A part altered by one byte, cut short, or of another PC is refused with one line and exit 2, and nothing
is written. A partly carried copy resumes online from the hub's offset. A large part is imported with
memory for one piece, not the part.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import tracemalloc
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app import messages
from counter_app.services import hub_sync as sync
from counter_app.services import papers
from counter_app.services.hub_sync import papers as paper_sync
from counter_app.storage.blobs import BlobStore
from counter_app.storage.models import Dossier, Office, PaperCopy, PaperUpload, SyncState
from counter_app.sync.client import HubClient
from counter_app.sync.inflate import MiB
from counter_app.sync.parts import (
    MIN_PART_BYTES,
    PART_MAGIC,
    PartTooSmall,
    PlannedPiece,
    WaitingCopy,
    open_part,
    part_path,
    piece_of,
    plan_parts,
    write_part,
)
from counter_app.sync.protocol import PushItem
from counter_app.sync.sneakernet import MAX_PIECE_BYTES, PartHeader, PartPiece, build_part_header
from district_server.cli import main as hub_cli
from district_server.models import HubDossier, HubPaper
from district_server.models import PaperUpload as HubUpload
from district_server.papers.service import read_paper
from tests.cli.conftest import Cli
from tests.faults.proxy import Proxy
from tests.hub.conftest import HubServer
from tests.hub.papers_support import unsigned_copy
from tests.s3 import S3Bucket, s3_bucket, s3_server
from tests.services.paper_support import MARRIAGE, accept, page, small_page
from tests.sync.conftest import COMMUNE_A, Counter, MakeCounter
from tests.sync.paper_upload_support import enrolled, hub_token, push_events
from tests.sync.test_gzip_bomb import PEAK_RSS_LIMIT, _bomb_bytes, _run

__all__ = ["s3_bucket", "s3_server"]  # fixtures
STICK = 64 * 1024  # the smallest part the counter writes


@pytest.fixture
def counter(sqlite_hub: HubServer, make_counter: MakeCounter) -> Counter:
    counter = make_counter(COMMUNE_A)
    enrolled(sqlite_hub, counter)
    return counter


def _dossier(counter: Counter, *pages: str) -> tuple[str, list[str]]:
    """A marriage-status dossier whose papers 1, 2… are copied ("small": a small page, "big": three A4 scans,
    ~170 KB); its code and the copies' sha256s."""
    code = accept(counter.ctx, MARRIAGE)
    shas = []
    for position, size in enumerate(pages, start=1):
        scans = [page(1), page(2), page(3)] if size == "big" else [small_page(position)]
        shas.append(papers.store_copy(counter.ctx, code, position, scans).sha256)
    return code, shas


def _hub_papers(server: HubServer, counter: Counter, code: str) -> list[tuple[int, str]]:
    """(paper, sha256) of the copies the hub lists for a dossier, read as the device reads them."""
    with HubClient(server.url, hub_token(counter)) as hub:
        status, _, body = hub.exchange("GET", f"/v1/papers?dossier={code}")
    assert status == 200, body
    return sorted((p["paper"], p["sha256"]) for p in json.loads(body)["papers"])


def _hub_rows(server: HubServer) -> tuple[int, int]:
    """(copies, dossiers) the hub holds."""
    assert server.hub is not None
    with server.hub.read() as session:
        copies = session.scalar(select(func.count()).select_from(HubPaper)) or 0
        dossiers = session.scalar(select(func.count()).select_from(HubDossier)) or 0
    return copies, dossiers


def _import(server: HubServer, *files: Path, answer: Path) -> int:
    store = ["--papers", server.papers] if server.papers else []
    return hub_cli(["--db", server.db_url, *store, "import-sync", *map(str, files), "--answer", str(answer)])


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_a_small_stick_carries_the_papers_in_parts_imported_in_any_order(
    hub_server: HubServer, make_counter: MakeCounter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counter = make_counter(COMMUNE_A)
    enrolled(hub_server, counter)
    first, first_shas = _dossier(counter, "small", "small")
    second, second_shas = _dossier(counter, "big", "small")
    counter.take("Bùi Thị Lan")  # a dossier without papers: its events travel all the same
    store = BlobStore.of(counter.data_dir)
    big = store.path(second_shas[0]).stat().st_size
    assert big > 2 * STICK  # this copy cannot travel whole: it goes in ranges over several parts
    assert paper_sync.papers_waiting(counter.ctx)[0] == 4

    stick = tmp_path / "usb"
    stick.mkdir()
    (stick / "xa.hsmc.part9").write_bytes(b"an older export's part")  # removed by the new export
    clerk = Cli(counter.data_dir, capsys)
    exported = clerk.json("export-sync", str(stick / "xa.hsmc"), "--max-bytes", "64K")
    files = [Path(f) for f in exported["files"]]
    assert exported["papers"] == 4 and exported["path"] == str(stick / "xa.hsmc")
    assert files == [part_path(stick / "xa.hsmc", n) for n in range(1, len(files) + 1)] and len(files) >= 3
    assert all(f.stat().st_size <= STICK for f in files)
    assert sorted(p.name for p in stick.iterdir()) == sorted(f.name for f in files)
    assert paper_sync.papers_waiting(counter.ctx)[0] == 4  # waiting until the hub's answer comes back

    trips = files[:]
    random.Random(14).shuffle(trips)
    trips.insert(2, trips[0])  # one file imported twice
    for n, carried in enumerate(trips):
        answer = stick / f"tra-loi-{n}.hsmc"
        assert _import(hub_server, carried, answer=answer) == 0, capsys.readouterr().err
        assert "Giấy tờ: máy chủ đã có" in capsys.readouterr().out
        clerk.json("import-sync-answer", str(answer))

    assert _hub_papers(hub_server, counter, first) == [(1, first_shas[0]), (2, first_shas[1])]
    assert _hub_papers(hub_server, counter, second) == [(1, second_shas[0]), (2, second_shas[1])]
    assert _hub_rows(hub_server)[0] == 4  # each copy once
    assert hub_server.hub is not None
    for code, shas in ((first, first_shas), (second, second_shas)):
        for position, sha in enumerate(shas, start=1):
            info, data = read_paper(hub_server.hub, code, position)
            assert hashlib.sha256(data).hexdigest() == info.sha256 == sha
            assert data == store.path(sha).read_bytes()
    with hub_server.hub.read() as session:  # the ranges went through the tus upload of that copy, finished
        uploads = list(session.scalars(select(HubUpload)))
    assert [(u.sha256, u.offset, u.length) for u in uploads] == [(second_shas[0], big, big)]
    assert paper_sync.papers_waiting(counter.ctx) == (0, 0)
    assert sync.status(counter.ctx).waiting == 0

    later = clerk.json("export-sync", str(stick / "xa.hsmc"), "--max-bytes", "64K")
    assert (later["papers"], later["files"]) == (0, [str(stick / "xa.hsmc")])  # nothing left to carry
    assert not part_path(stick / "xa.hsmc", 2).exists()
    counter.clock.skew += paper_sync.OCR_WAIT
    with HubClient(hub_server.url, hub_token(counter)) as hub:  # and online, nothing is sent again
        assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=10) == 0


def test_several_files_in_one_import_and_the_default_is_one_file(
    hub_server: HubServer, make_counter: MakeCounter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counter = make_counter(COMMUNE_A)
    enrolled(hub_server, counter)
    code, shas = _dossier(counter, "small", "small")
    whole = sync.export_sync(counter.ctx, tmp_path / "ca.hsmc")
    assert (whole.files, whole.papers) == ((tmp_path / "ca.hsmc",), 2)  # no limit: one file
    code_, out, _ = Cli(counter.data_dir, capsys)("export-sync", str(tmp_path / "nho.hsmc"), "--max-bytes", "65536")
    assert code_ == 0 and "2 giấy tờ" in out and "nho.hsmc" in out
    parts = sync.export_sync(counter.ctx, tmp_path / "nho.hsmc", max_bytes=STICK)
    answer = tmp_path / "tra-loi.hsmc"
    events = sync.status(counter.ctx).waiting
    capsys.readouterr()
    assert _import(hub_server, *reversed(parts.files), whole.path, answer=answer) == 0
    assert f"Đã nhận {events}/{events} mục" in capsys.readouterr().out  # each item once, whatever carried it
    result = sync.import_sync_answer(counter.ctx, answer)
    assert (result.papers_sent, result.waiting) == (2, 0)
    assert _hub_papers(hub_server, counter, code) == [(1, shas[0]), (2, shas[1])]
    assert _hub_rows(hub_server)[0] == 2


def test_parts_are_assembled_in_the_s3_store_too(
    s3_bucket: S3Bucket, make_counter: MakeCounter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = HubServer(f"sqlite:///{tmp_path / 'hub.db'}", papers=s3_bucket.spec).start()
    try:
        counter = make_counter(COMMUNE_A)
        enrolled(server, counter)
        code, shas = _dossier(counter, "big", "small")
        exported = sync.export_sync(counter.ctx, tmp_path / "xa.hsmc", max_bytes=STICK)
        assert len(exported.files) >= 3
        for n, part in enumerate(reversed(exported.files)):  # the last part first
            answer = tmp_path / f"tra-loi-{n}.hsmc"
            assert _import(server, part, answer=answer) == 0, capsys.readouterr().err
            sync.import_sync_answer(counter.ctx, answer)
        assert _hub_papers(server, counter, code) == [(1, shas[0]), (2, shas[1])]
        keys = s3_bucket.keys()
        assert sorted(k for k in keys if k.endswith(".pdf")) == sorted(
            f"{s3_bucket.prefix}/papers/{COMMUNE_A}/{sha[:2]}/{sha}.pdf" for sha in shas
        )
        assert not [k for k in keys if "/uploads/" in k]  # the ranges' parts dropped once the copy was in
        assert paper_sync.papers_waiting(counter.ctx) == (0, 0)
    finally:
        server.stop()


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", ["piece", "header"])
def test_a_part_altered_by_one_byte_is_refused_and_nothing_is_written(
    sqlite_hub: HubServer, counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    _dossier(counter, "small")
    exported = sync.export_sync(counter.ctx, tmp_path / "xa.hsmc")
    (part,) = exported.files
    opened = open_part(part)
    _flip(part, part.stat().st_size - 10 if where == "piece" else opened.payload_at - 40)
    answer = tmp_path / "tra-loi.hsmc"
    assert _import(sqlite_hub, part, answer=answer) == 2
    err = _one_line(capsys)
    assert "Chữ ký" in err or "không đúng dạng" in err
    assert not answer.exists()
    assert _hub_rows(sqlite_hub) == (0, 0)  # not even the dossier's events


def test_a_part_cut_short_is_refused_cleanly(
    sqlite_hub: HubServer, counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _dossier(counter, "big")
    exported = sync.export_sync(counter.ctx, tmp_path / "xa.hsmc", max_bytes=STICK)
    part = exported.files[0]
    size = part.stat().st_size
    answer = tmp_path / "tra-loi.hsmc"
    for cut in (size - 1, size // 2, 30, 0):  # the stick pulled out while copying
        with part.open("r+b") as stream:
            stream.truncate(cut)
        assert _import(sqlite_hub, part, answer=answer) == 2
        err = _one_line(capsys)
        assert "Tệp đồng bộ không đúng dạng" in err
        assert not answer.exists()
    assert _hub_rows(sqlite_hub) == (0, 0)


def test_an_answer_into_a_missing_folder_is_refused_before_anything_is_imported(
    sqlite_hub: HubServer, counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _dossier(counter, "small")
    exported = sync.export_sync(counter.ctx, tmp_path / "xa.hsmc")
    assert _import(sqlite_hub, exported.path, answer=tmp_path / "khong-co" / "tra-loi.hsmc") == 2
    assert "khong-co" in _one_line(capsys)
    assert _hub_rows(sqlite_hub) == (0, 0)


def _office_key(counter: Counter) -> tuple[str, bytes]:
    with counter.db.read() as session:
        device = session.scalars(select(SyncState.device_id)).one()
        key = session.scalars(select(Office.signing_key)).one()
    assert device is not None and key is not None
    return device, key


def test_a_part_of_another_pc_is_refused(
    sqlite_hub: HubServer,
    counter: Counter,
    make_counter: MakeCounter,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = make_counter(COMMUNE_A, workstation=2)
    enrolled(sqlite_hub, other)
    _dossier(counter, "small")
    _dossier(other, "small")
    mine = sync.export_sync(counter.ctx, tmp_path / "quay-1.hsmc")
    theirs = sync.export_sync(other.ctx, tmp_path / "quay-2.hsmc")
    answer = tmp_path / "tra-loi.hsmc"
    # Two PCs' files in one import: one answer goes back to one PC.
    assert _import(sqlite_hub, mine.path, theirs.path, answer=answer) == 2
    assert "quay-2.hsmc" in _one_line(capsys) and not answer.exists()
    # A part naming this PC but signed with the other PC's key.
    device, _ = _office_key(counter)
    _, their_key = _office_key(other)
    forged = open_part(theirs.path).header
    header = PartHeader(device, forged.export, 1, 1, forged.batch, forged.created_at, 0, forged.epoch, forged.items, ())
    fake = tmp_path / "gia-mao.hsmc"
    write_part(fake, build_part_header(header, their_key), [])
    assert _import(sqlite_hub, fake, answer=answer) == 2
    assert "Chữ ký" in _one_line(capsys) and not answer.exists()
    assert _hub_rows(sqlite_hub) == (0, 0)


def test_an_online_round_after_a_partial_usb_import_resumes_from_the_hubs_offset(
    sqlite_hub: HubServer, counter: Counter, tmp_path: Path
) -> None:
    code, (sha,) = _dossier(counter, "big")
    length = BlobStore.of(counter.data_dir).path(sha).stat().st_size
    exported = sync.export_sync(counter.ctx, tmp_path / "xa.hsmc", max_bytes=STICK)
    assert len(exported.files) >= 2
    answer = tmp_path / "tra-loi.hsmc"
    assert _import(sqlite_hub, exported.files[0], answer=answer) == 0  # one trip only
    result = sync.import_sync_answer(counter.ctx, answer)
    assert (result.papers_sent, result.waiting) == (0, 0)
    with counter.db.read() as session:
        row = session.scalars(select(PaperUpload)).one()
    held = row.offset
    assert row.state == "waiting" and STICK // 2 < held < length  # the hub's offset, from its answer

    again = sync.export_sync(counter.ctx, tmp_path / "lan-2.hsmc", max_bytes=STICK)
    carried = sum(p.length for f in again.files for p in open_part(f).header.pieces)
    assert carried == length - held  # a later export carries only what the hub does not hold

    push_events(counter)
    counter.clock.skew += paper_sync.OCR_WAIT
    proxy = Proxy(sqlite_hub.port)
    try:
        with HubClient(proxy.url, hub_token(counter)) as hub:
            assert paper_sync.upload_papers(counter.ctx, hub, budget_seconds=30) == 1
        assert proxy.sent < (length - held) + 3_000  # the rest and a few headers, not the whole copy
    finally:
        proxy.close()
    assert _hub_papers(sqlite_hub, counter, code) == [(1, sha)]
    assert paper_sync.papers_waiting(counter.ctx) == (0, 0)


def test_a_full_quota_keeps_the_copy_waiting_and_the_same_file_later_delivers_it(
    sqlite_hub: HubServer, counter: Counter, tmp_path: Path
) -> None:
    code, (sha,) = _dossier(counter, "small")
    events = sync.status(counter.ctx).waiting
    assert hub_cli(["--db", sqlite_hub.db_url, "commune", "quota", COMMUNE_A, "1000"]) == 0
    exported = sync.export_sync(counter.ctx, tmp_path / "xa.hsmc")
    answer = tmp_path / "tra-loi.hsmc"
    assert _import(sqlite_hub, exported.path, answer=answer) == 0
    result = sync.import_sync_answer(counter.ctx, answer)
    assert (result.pushed, result.papers_sent, result.papers_set_aside, result.waiting) == (events, 0, 0, 0)
    status = sync.status(counter.ctx)
    assert status.papers_waiting == 1 and status.paper_error is not None and "đầy" in status.paper_error
    assert _hub_rows(sqlite_hub) == (0, 1)  # the dossier is there, its copy is not

    assert hub_cli(["--db", sqlite_hub.db_url, "commune", "quota", COMMUNE_A, "default"]) == 0
    assert _import(sqlite_hub, exported.path, answer=answer) == 0  # the same file, brought again
    assert sync.import_sync_answer(counter.ctx, answer).papers_sent == 1
    assert _hub_papers(sqlite_hub, counter, code) == [(1, sha)]
    assert paper_sync.papers_waiting(counter.ctx) == (0, 0)


def test_a_copy_the_hub_refuses_is_set_aside_with_its_reason_and_the_others_arrive(
    sqlite_hub: HubServer, counter: Counter, tmp_path: Path
) -> None:
    code, (good,) = _dossier(counter, "small")
    # Paper 4 of the same dossier: a PDF whose signature is gone (as a file altered after certification).
    unsigned = _stored_copy(counter, code, 4, unsigned_copy())
    exported = sync.export_sync(counter.ctx, tmp_path / "xa.hsmc")
    assert exported.papers == 2
    answer = tmp_path / "tra-loi.hsmc"
    assert _import(sqlite_hub, exported.path, answer=answer) == 0
    result = sync.import_sync_answer(counter.ctx, answer)
    assert (result.papers_sent, result.papers_set_aside) == (1, 1)
    assert _hub_papers(sqlite_hub, counter, code) == [(1, good)]
    (aside,) = paper_sync.set_aside_papers(counter.ctx)
    assert (aside.paper, aside.sha256) == (4, unsigned) and "chữ ký số" in aside.reason
    assert paper_sync.papers_waiting(counter.ctx) == (0, 0)
    assert sync.export_sync(counter.ctx, tmp_path / "lan-2.hsmc").papers == 0  # not carried again


def test_export_sync_refuses_a_stick_size_below_the_minimum(
    counter: Counter, capsys: pytest.CaptureFixture[str]
) -> None:
    clerk = Cli(counter.data_dir, capsys)
    for size in ("1000", "abc", "-5"):
        code, _, err = clerk("export-sync", str(counter.data_dir / "x.hsmc"), "--max-bytes", size)
        assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert str(MIN_PART_BYTES) in err


def test_every_planned_part_fits_and_each_copy_is_covered_once(tmp_path: Path) -> None:
    copies = []
    for n, size in enumerate([1, 5_000, 70_000, 200_000, 9_999]):
        data = os.urandom(size)
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(data)
        copies.append(WaitingCopy(f"000.12.34.H26-251118-{n:04d}", 1, hashlib.sha256(data).hexdigest(), size, path))
    copies.append(replace_offset(copies[3], 150_000))  # the hub holds its first 150,000 bytes
    items = [(c.dossier_code, PushItem(str(uuid.uuid4()), "dossier.event", {"n": "x" * 700})) for c in copies[:4]]
    template = PartHeader("d", "e", 10_000, 10_000, str(uuid.uuid4()), datetime.now(UTC), 0, "epoch", (), ())
    for limit in (MIN_PART_BYTES, 100_000, 333_333, None):
        plan = plan_parts(template, items, copies[:3] + copies[4:], limit)
        covered: dict[str, list[tuple[int, int]]] = {}
        for n, part in enumerate(plan, start=1):
            pieces = [
                PartPiece(p.copy.dossier_code, 1, p.copy.sha256, p.copy.bytes, p.offset, p.length, "0" * 64)
                for p in part.pieces
            ]
            header = PartHeader(
                "d" * 36, "e" * 36, n, len(plan), "b" * 36, template.created_at, 0, "f" * 36, tuple(part.items),
                tuple(pieces),
            )  # fmt: skip
            path = tmp_path / f"part-{n}"
            size = write_part(path, build_part_header(header, os.urandom(32)), part.pieces)
            assert limit is None or size <= limit
            for piece in part.pieces:
                assert piece.length <= MAX_PIECE_BYTES
                covered.setdefault(piece.copy.sha256, []).append((piece.offset, piece.length))
                codes = {code for code, item in items if item in part.items}
                assert piece.copy.dossier_code in codes or piece.copy.dossier_code == copies[4].dossier_code
        for copy in copies[:3] + copies[4:]:
            ranges = sorted(covered[copy.sha256])
            assert ranges[0][0] == copy.offset and sum(length for _, length in ranges) == copy.bytes - copy.offset
            assert all(a + n == b for (a, n), (b, _) in itertools.pairwise(ranges))
        assert len(plan) == 1 or limit is not None
    history = [(copies[0].dossier_code, PushItem(str(uuid.uuid4()), "dossier.event", {"n": "x" * 9_000}))] * 8
    with pytest.raises(PartTooSmall) as refused:  # one dossier's events alone exceed the part
        plan_parts(template, history, [], MIN_PART_BYTES)
    sentence = messages.message(refused.value.code, {**refused.value.params, "limit": MIN_PART_BYTES})
    assert copies[0].dossier_code in sentence and "65536" in sentence


def replace_offset(copy: WaitingCopy, offset: int) -> WaitingCopy:
    return WaitingCopy(copy.dossier_code, copy.paper, copy.sha256, copy.bytes, copy.path, offset)


def _stored_copy(counter: Counter, code: str, position: int, data: bytes) -> str:
    """A current copy of paper ``position`` recorded with these bytes (as services.papers records one)."""
    sha, _ = BlobStore.of(counter.data_dir).put(data)
    with counter.db.write() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code)).one()
        session.add(
            PaperCopy(
                uid=str(uuid.uuid4()), dossier_id=dossier.id, position=position,
                name=dossier.components[position - 1].name, sha256=sha, image_sha256=sha, pages=1,
                bytes=len(data), source="file", signer_kind="office", signed_by="UBND xã Tân Lập",
                certified_by_name="Cán bộ một cửa", certified_at=counter.clock(),
            )
        )  # fmt: skip
    return sha


def test_exporting_a_large_copy_streams_it_part_by_part(counter: Counter, tmp_path: Path) -> None:
    code = accept(counter.ctx, MARRIAGE)
    _stored_copy(counter, code, 1, os.urandom(40 * MiB))
    tracemalloc.start()
    try:
        exported = sync.export_sync(counter.ctx, tmp_path / "xa.hsmc", max_bytes=12 * MiB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(exported.files) == 4 and exported.bytes > 40 * MiB
    assert all(f.stat().st_size <= 12 * MiB for f in exported.files)
    assert peak < 4 * MiB, f"peak {peak // MiB} MiB"  # chunks of 64 KiB, never a part or a piece


@pytest.mark.slow
def test_a_large_part_is_imported_with_memory_for_one_piece(
    sqlite_hub: HubServer, counter: Counter, tmp_path: Path
) -> None:
    """Three copies of 60 MiB, 56 MiB of each in one 168 MiB part: the hub's peak memory grows by far less
    than the part (each piece, at most 8 MiB, is hashed as it streams, then stored as a part of its upload).
    Measured: 121 MiB for a one-piece part, 129 MiB for the 168 MiB one."""
    code = counter.take()
    assert sync.run_round(counter.ctx).waiting == 0  # the dossier is on the hub
    device, key = _office_key(counter)
    with counter.db.read() as session:
        epoch = session.scalars(select(SyncState.epoch)).one()
    copy_bytes, carried = 60 * MiB, 56 * MiB
    planned, pieces = [], []
    for position in (1, 2, 3):
        source = tmp_path / f"copy-{position}.bin"
        with source.open("wb") as out:
            for _ in range(copy_bytes // MiB):
                out.write(os.urandom(MiB))
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        waiting = WaitingCopy(code, position, digest, copy_bytes, source)
        for offset in range(0, carried, MAX_PIECE_BYTES):
            piece = PlannedPiece(waiting, offset, MAX_PIECE_BYTES)
            planned.append(piece)
            pieces.append(piece_of(piece))

    def part(path: Path, chosen: list[PlannedPiece], described: list[PartPiece]) -> Path:
        header = PartHeader(
            device, str(uuid.uuid4()), 1, 1, str(uuid.uuid4()), datetime.now(UTC), 0, epoch, (), tuple(described)
        )
        write_part(path, build_part_header(header, key), chosen)
        return path

    small = part(tmp_path / "nho.hsmc", planned[:1], pieces[:1])
    large = part(tmp_path / "lon.hsmc", planned, pieces)
    assert large.stat().st_size > 160 * MiB
    hub = ["--db", sqlite_hub.db_url, "import-sync"]
    status, err, small_peak = _run(tmp_path, "district_server.cli", *hub, str(small), "--answer", str(tmp_path / "a"))
    assert status == 0, err
    status, err, large_peak = _run(tmp_path, "district_server.cli", *hub, str(large), "--answer", str(tmp_path / "b"))
    assert status == 0, err
    assert large_peak - small_peak < 32 * MiB, f"{small_peak // MiB} → {large_peak // MiB} MiB"
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.read() as session:
        uploads = sorted((u.position, u.offset) for u in session.scalars(select(HubUpload)))
    assert uploads == [(1, carried), (2, carried), (3, carried)]  # held in part: an online round resumes there


@pytest.mark.slow
def test_a_part_whose_header_is_a_gzip_bomb_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    bomb = _bomb_bytes()  # 2 MB that inflate to 512 MiB, twice the cap
    part = tmp_path / "bom.hsmc"
    part.write_bytes(PART_MAGIC + b"%d\n" % len(bomb) + bomb)
    answer = tmp_path / "tra-loi.hsmc"
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    code, err, peak = _run(
        tmp_path, "district_server.cli", "--db", db, "import-sync", str(part), "--answer", str(answer)
    )
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "quá lớn" in err, err
    assert not answer.exists()
    assert peak < PEAK_RSS_LIMIT, f"peak RSS {peak // MiB} MiB"
