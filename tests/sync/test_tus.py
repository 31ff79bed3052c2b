"""The counter's tus 1.0 client (counter_app/sync/tus.py) against the real hub over loopback: create, HEAD,
chunked PATCH; a wrong offset and a lost upload recovered; a copy the hub holds never sent again; the
token bucket's cap and the chunk size that follows it."""

from __future__ import annotations

import hashlib
import io
import time
from pathlib import Path

import pytest
from PIL import Image

from counter_app.services import papers
from counter_app.sync.client import HubClient, Refused
from counter_app.sync.tus import (
    MAX_CHUNK,
    MIN_CHUNK,
    OffsetMismatch,
    TokenBucket,
    TusClient,
    UploadGone,
    chunk_size,
    encode_metadata,
    upload_path,
)
from tests.hub.conftest import HubServer
from tests.services.paper_support import MARRIAGE, accept, page
from tests.sync.conftest import COMMUNE_A, Counter, MakeCounter
from tests.sync.paper_upload_support import enrolled, hub_token, push_events


class FakeTime:
    """A monotonic clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds


def test_the_bucket_holds_the_rate_over_many_pieces() -> None:
    fake = FakeTime()
    bucket = TokenBucket(256, clock=fake.clock, sleep=fake.sleep)  # 32 000 bytes a second
    for _ in range(100):
        bucket.take(8192)
    assert 819_200 / 32_000 - 0.5 <= fake.now - 100.0 <= 819_200 / 32_000 + 0.01
    unlimited = TokenBucket(None, clock=fake.clock, sleep=fake.sleep)
    before = fake.now
    unlimited.take(10**9)
    assert fake.now == before


def test_the_chunk_is_about_two_seconds_of_the_cap_within_bounds() -> None:
    assert chunk_size(None) == chunk_size(0) == MAX_CHUNK
    assert chunk_size(256) == 64_000  # 2 s at 32 000 bytes/s
    assert chunk_size(8) == MIN_CHUNK
    assert chunk_size(100_000) == MAX_CHUNK


def test_metadata_and_upload_paths() -> None:
    assert encode_metadata({"dossier": "ABC", "paper": "2"}) == "dossier QUJD,paper Mg=="
    assert upload_path("/v1/papers/abc123") == upload_path("http://other:8080/v1/papers/abc123/") == "/v1/papers/abc123"


def _copy(counter: Counter) -> tuple[str, bytes, dict[str, str]]:
    code = accept(counter.ctx, MARRIAGE)
    info = papers.store_copy(counter.ctx, code, 1, [page(1)])
    data = info.path.read_bytes()
    meta = {"sha256": info.sha256, "dossier": code, "paper": "1", "filename": "to-khai.pdf"}
    return code, data, meta


@pytest.fixture
def counter(sqlite_hub: HubServer, make_counter: MakeCounter) -> Counter:
    counter = make_counter(COMMUNE_A)
    enrolled(sqlite_hub, counter)
    return counter


def test_a_copy_goes_in_chunks_and_a_second_send_sends_nothing(sqlite_hub: HubServer, counter: Counter) -> None:
    code, data, meta = _copy(counter)
    push_events(counter)
    with HubClient(sqlite_hub.url, hub_token(counter)) as hub:
        tus = TusClient(hub)
        tus.chunk = 16 * 1024
        seen: list[int] = []
        result = tus.send(data, meta, on_progress=seen.append)
        assert result.done and result.sent == len(data)
        assert seen == [min(k, len(data)) for k in range(16 * 1024, len(data) + 16 * 1024, 16 * 1024)]
        assert tus.offset(result.url) == len(data)
        again = tus.send(data, meta)
        assert again.done and again.sent == 0 and again.url.rstrip("/").endswith(upload_path(result.url))
        answer = hub.exchange("GET", f"/v1/papers?dossier={code}")
    assert answer[0] == 200
    assert b'"sha256": "' + hashlib.sha256(data).hexdigest().encode() in answer[2].replace(b'":"', b'": "')


def test_a_wrong_offset_is_read_again_and_a_lost_upload_made_again(sqlite_hub: HubServer, counter: Counter) -> None:
    _code, data, meta = _copy(counter)
    push_events(counter)
    with HubClient(sqlite_hub.url, hub_token(counter)) as hub:
        tus = TusClient(hub)
        tus.chunk = 16 * 1024
        created = tus.create(len(data), meta)
        assert created.offset == 0
        assert tus.patch(created.url, 0, data[: 16 * 1024]) == 16 * 1024
        with pytest.raises(OffsetMismatch) as mismatch:
            tus.patch(created.url, 0, data[:100])  # the counter thought nothing had arrived
        assert mismatch.value.offset in (None, 16 * 1024)
        # send() with the known URL asks the hub (HEAD) and goes on from there
        result = tus.send(data, meta, url=created.url)
        assert result.done and result.sent == len(data) - 16 * 1024
        with pytest.raises(UploadGone):
            tus.offset("/v1/papers/no-such-upload")
        # an upload the hub does not know: made again (the hub already holds the copy: nothing sent)
        lost = tus.send(data, meta, url="/v1/papers/no-such-upload")
        assert lost.done and lost.sent == 0


def test_a_broken_signature_is_refused_by_the_hub(sqlite_hub: HubServer, counter: Counter) -> None:
    code = accept(counter.ctx, MARRIAGE)
    push_events(counter)
    buffer = io.BytesIO()
    Image.new("L", (200, 100), 255).save(buffer, "PDF")
    data = buffer.getvalue()  # a PDF with no signature at all
    meta = {"sha256": hashlib.sha256(data).hexdigest(), "dossier": code, "paper": "1", "filename": "x.pdf"}
    with HubClient(sqlite_hub.url, hub_token(counter)) as hub, pytest.raises(Refused) as refused:
        TusClient(hub).send(data, meta)
    assert (refused.value.status, refused.value.error) == (422, "paper_signature")


def test_the_cap_holds_on_loopback(sqlite_hub: HubServer, counter: Counter, tmp_path: Path) -> None:
    _code, data, meta = _copy(counter)
    push_events(counter)
    kbps = max(8, len(data) * 8 // 1000 // 2)  # the copy takes about two seconds at this cap
    with HubClient(sqlite_hub.url, hub_token(counter)) as hub:
        tus = TusClient(hub, kbps=kbps)
        started = time.monotonic()
        assert tus.send(data, meta).done
        elapsed = time.monotonic() - started
    ideal = len(data) / (kbps * 1000 / 8)
    assert ideal * 0.8 <= elapsed <= ideal * 1.5 + 1.0
