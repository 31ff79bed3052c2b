"""The tus 1.0 endpoint /v1/papers against the real hub over loopback, on SQLite and PostgreSQL, with the
paper store in a directory and in an S3 bucket (moto's server).

Copies are really signed (the office key, PAdES); cuts are real (a raw socket closed halfway through a
PATCH body); the reference client (tuspy) uploads through the same endpoint.
"""

from __future__ import annotations

import base64
import io
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from district_server.db import utc_now
from district_server.models import PaperUpload
from district_server.papers import service, tus
from district_server.service import authenticate
from tests.hub.conftest import HubServer
from tests.hub.papers_support import (
    TUS,
    listing,
    metadata,
    new_dossier,
    sha256,
    signed_copy,
    tus_create,
    tus_head,
    tus_patch,
    unsigned_copy,
    upload_whole,
)
from tests.hub.support import COMMUNE_A, COMMUNE_B, Device, add_commune, enroll
from tests.s3 import S3Bucket, s3_bucket, s3_server  # noqa: F401  (fixtures)


@pytest.fixture(params=["filesystem", "s3"])
def papers_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "filesystem":
        return str(tmp_path / "papers")
    bucket: S3Bucket = request.getfixturevalue("s3_bucket")
    return bucket.spec


def _start(db_url: str, papers: str, **options: Any) -> Iterator[HubServer]:
    server = HubServer(db_url, papers=papers, **options).start()
    try:
        assert server.hub is not None
        add_commune(server.hub, COMMUNE_A)
        add_commune(server.hub, COMMUNE_B, "UBND xã Bình Minh")
        yield server
    finally:
        server.stop()


@pytest.fixture
def hub(hub_db_url: str, papers_spec: str) -> Iterator[HubServer]:
    """The hub on each database and each paper store."""
    yield from _start(hub_db_url, papers_spec)


@pytest.fixture
def local_hub(tmp_path: Path) -> Iterator[HubServer]:
    """The hub on SQLite with its papers in a directory (the checks that do not depend on the store)."""
    yield from _start(f"sqlite:///{tmp_path / 'hub.db'}", str(tmp_path / "papers"))


@pytest.fixture
def device(hub: HubServer) -> Device:
    return enroll(hub, COMMUNE_A)


def _hub(server: HubServer) -> Any:
    assert server.hub is not None
    return server.hub


def _parts_left(server: HubServer) -> bytes:
    """What the store still holds of uploads in progress (nothing once a copy is received)."""
    hub = _hub(server)
    with hub.read() as session:
        uploads = list(session.scalars(select(PaperUpload.id)))
    return b"".join(hub.paper_store.parts(upload_id) for upload_id in uploads)


# ------------------------------------------------------------------------------------------ happy paths


def test_a_whole_copy_is_received_listed_and_kept_byte_for_byte(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy()
    created = tus_create(device, code, 1, data)
    assert created.status_code == 201, created.text
    assert created.headers["tus-resumable"] == "1.0.0"
    assert created.headers["upload-offset"] == "0"
    location = created.headers["location"]
    assert location.startswith("/v1/papers/")

    done = tus_patch(device, location, 0, data)
    assert done.status_code == 204, done.text
    assert done.headers["upload-offset"] == str(len(data))
    head = tus_head(device, location)
    assert (head.status_code, head.headers["upload-offset"], head.headers["upload-length"]) == (
        200,
        str(len(data)),
        str(len(data)),
    )
    assert head.headers["cache-control"] == "no-store"

    [paper] = listing(device, code)
    assert paper["paper"] == 1 and paper["sha256"] == sha256(data) and paper["bytes"] == len(data)
    assert paper["signed_by"] == "UBND xã Tân Lập" and paper["signer_kind"] == "office"
    info, kept = service.read_paper(_hub(hub), code, 1)
    assert kept == data and info.signed_by == "UBND xã Tân Lập"
    assert _parts_left(hub) == b""  # the parts are gone once the copy is kept


def test_a_copy_sent_in_chunks_arrives_whole(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy(5)
    assert len(data) > 2 * tus.PART_BYTES  # several parts on the hub's side too
    location = tus_create(device, code, 2, data).headers["location"]
    offset = 0
    answers = []
    while offset < len(data):
        piece = data[offset : offset + 150_000]
        answer = tus_patch(device, location, offset, piece)
        assert answer.status_code == 204, answer.text
        offset = int(answer.headers["upload-offset"])
        answers.append(offset)
    assert answers == [min(n * 150_000, len(data)) for n in range(1, len(answers) + 1)]
    assert service.read_paper(_hub(hub), code, 2)[1] == data


def _cut_patch(server: HubServer, device: Device, location: str, offset: int, body: bytes, declared: int) -> None:
    """A PATCH that promises ``declared`` bytes, sends ``body`` and drops the connection."""
    request = (
        f"PATCH {location} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Authorization: Bearer {device.token}\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\n"
        f"Content-Type: application/offset+octet-stream\r\nContent-Length: {declared}\r\n\r\n"
    ).encode("ascii")
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request + body)
        sock.shutdown(socket.SHUT_WR)  # everything sent arrives, then the end of the connection
        time.sleep(0.3)


def _offset_becomes(device: Device, location: str, wanted: int) -> int:
    deadline = time.monotonic() + 20
    while True:
        offset = int(tus_head(device, location).headers["upload-offset"])
        if offset == wanted or time.monotonic() > deadline:
            return offset
        time.sleep(0.05)


def test_a_cut_patch_keeps_what_arrived_and_the_resume_sends_only_the_rest(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy(3)
    location = tus_create(device, code, 1, data).headers["location"]
    sent = tus.PART_BYTES + 70_001  # one whole part and a piece of the next
    _cut_patch(hub, device, location, 0, data[:sent], len(data))
    assert _offset_becomes(device, location, sent) == sent  # every byte that arrived was kept

    rest = tus_patch(device, location, sent, data[sent:])
    assert rest.status_code == 204, rest.text
    assert rest.headers["upload-offset"] == str(len(data))
    assert service.read_paper(_hub(hub), code, 1)[1] == data


def test_a_chunked_patch_cut_after_its_last_byte_still_delivers_the_copy(local_hub: HubServer) -> None:
    device = enroll(local_hub, COMMUNE_A)
    code = new_dossier(device)
    data = signed_copy()
    location = tus_create(device, code, 1, data).headers["location"]
    head = (
        f"PATCH {location} HTTP/1.1\r\nHost: 127.0.0.1:{local_hub.port}\r\n"
        f"Authorization: Bearer {device.token}\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
        "Content-Type: application/offset+octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode("ascii")
    body = b"".join(
        b"%x\r\n%s\r\n" % (len(data[at : at + 50_000]), data[at : at + 50_000]) for at in range(0, len(data), 50_000)
    )
    with socket.create_connection(("127.0.0.1", local_hub.port), timeout=30) as sock:
        sock.sendall(head + body)  # every byte, but never the closing zero-length chunk
        sock.shutdown(socket.SHUT_WR)
        time.sleep(0.3)
    assert _offset_becomes(device, location, len(data)) == len(data)
    assert [p["sha256"] for p in listing(device, code)] == [sha256(data)]


def test_the_offset_survives_a_hub_restart(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy(2)
    location = tus_create(device, code, 1, data).headers["location"]
    assert tus_patch(device, location, 0, data[:100_000]).status_code == 204
    hub.restart()
    head = tus_head(device, location)
    assert head.status_code == 200 and head.headers["upload-offset"] == "100000"
    assert tus_patch(device, location, 100_000, data[100_000:]).status_code == 204
    assert service.read_paper(_hub(hub), code, 1)[1] == data


def test_creation_is_idempotent_and_a_held_copy_needs_no_bytes(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy()
    first = tus_create(device, code, 1, data)
    again = tus_create(device, code, 1, data)
    assert again.headers["location"] == first.headers["location"] and again.headers["upload-offset"] == "0"
    assert tus_patch(device, first.headers["location"], 0, data[:5000]).status_code == 204
    assert tus_create(device, code, 1, data).headers["upload-offset"] == "5000"  # what the hub holds so far
    assert tus_patch(device, first.headers["location"], 5000, data[5000:]).status_code == 204

    held = tus_create(device, code, 1, data)  # resent after a lost answer, or from another PC of the commune
    assert held.status_code == 201
    assert held.headers["location"] == first.headers["location"]
    assert held.headers["upload-offset"] == str(len(data))
    other_pc = enroll(hub, COMMUNE_A, workstation=2)
    assert tus_create(other_pc, code, 1, data).headers["upload-offset"] == str(len(data))
    assert tus_patch(device, first.headers["location"], len(data), b"").headers["upload-offset"] == str(len(data))
    assert len(listing(device, code)) == 1


def test_a_copy_received_another_way_answers_offset_length(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy()
    location = tus_create(device, code, 1, data).headers["location"]
    assert tus_patch(device, location, 0, data[:1000]).status_code == 204
    hub_ = _hub(hub)
    with hub_.read() as session:
        authed = authenticate(session, f"Bearer {device.token}")
    service.receive_paper(hub_, authed, code, 1, data, utc_now())  # e.g. a sneakernet file
    again = tus_create(device, code, 1, data)
    assert again.headers["location"] == location and again.headers["upload-offset"] == str(len(data))
    assert tus_head(device, location).headers["upload-offset"] == str(len(data))


def test_a_re_signed_copy_becomes_the_current_one(local_hub: HubServer) -> None:
    device = enroll(local_hub, COMMUNE_A)
    code = new_dossier(device)
    old, new = signed_copy(1, "Bản cũ"), signed_copy(1, "Bản mới")
    assert upload_whole(device, code, 1, old).status_code == 204
    assert upload_whole(device, code, 1, new).status_code == 204
    [paper] = listing(device, code)
    assert paper["sha256"] == sha256(new)
    assert service.read_paper(_hub(local_hub), code, 1)[1] == new


# ------------------------------------------------------------------------------------------ refusals


def test_bytes_that_do_not_match_the_declared_hash_are_discarded(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy()
    location = tus_create(device, code, 1, data, digest=sha256(b"something else")).headers["location"]
    answer = tus_patch(device, location, 0, data)
    assert answer.status_code == 400 and answer.json()["error"] == "paper_hash"
    assert "SHA-256" in answer.json()["message"]
    assert tus_head(device, location).headers["upload-offset"] == "0"
    assert listing(device, code) == []
    assert _parts_left(hub) == b""


def test_an_unsigned_or_altered_copy_is_refused_422(local_hub: HubServer) -> None:
    device = enroll(local_hub, COMMUNE_A)
    code = new_dossier(device)
    signed = signed_copy()
    at = signed.index(b"stream", len(signed) // 4) + 200  # inside a page image the signature covers
    altered = signed[:at] + bytes([signed[at] ^ 0xFF]) + signed[at + 1 :]
    for n, data in enumerate([unsigned_copy(), altered, b"not a pdf at all"], start=1):
        answer = upload_whole(device, code, n, data)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"] == "paper_signature"
        assert "chữ ký số" in answer.json()["message"]
    assert listing(device, code) == []


def test_a_commune_over_its_quota_gets_507_with_the_figures(tmp_path: Path) -> None:
    data = signed_copy()
    servers = _start(f"sqlite:///{tmp_path / 'hub.db'}", str(tmp_path / "papers"), paper_quota=len(data) + 10)
    server = next(servers)
    try:
        device = enroll(server, COMMUNE_A)
        code = new_dossier(device)
        assert upload_whole(device, code, 1, data).status_code == 204
        other = signed_copy(1, "Giấy thứ hai")
        refused = tus_create(device, code, 2, other)
        assert refused.status_code == 507
        body = refused.json()
        assert body["error"] == "paper_quota" and body["used"] == len(data) and body["quota"] == len(data) + 10
        assert "hạn mức" in body["message"]
        assert tus_create(device, code, 1, data).status_code == 201  # a held copy is no new byte
        with _hub(server).write() as session:  # the operator raises this commune's own quota
            service.set_quota(session, COMMUNE_A, 10 * len(data), _hub(server).paper_quota)
        assert upload_whole(device, code, 2, other).status_code == 204
    finally:
        servers.close()


def test_a_copy_over_the_size_limit_is_refused_413(tmp_path: Path) -> None:
    servers = _start(f"sqlite:///{tmp_path / 'hub.db'}", str(tmp_path / "papers"), paper_max_bytes=100_000)
    server = next(servers)
    try:
        device = enroll(server, COMMUNE_A)
        code = new_dossier(device)
        options = httpx.options(f"{server.url}/v1/papers", timeout=30)
        assert options.status_code == 204
        assert options.headers["tus-version"] == "1.0.0" and options.headers["tus-max-size"] == "100000"
        assert options.headers["tus-extension"] == "creation,termination"
        answer = tus_create(device, code, 1, b"x" * 100_001)
        assert answer.status_code == 413 and answer.json()["error"] == "paper_too_large"
    finally:
        servers.close()


def test_another_communes_upload_is_unknown_to_it(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy()
    location = tus_create(device, code, 1, data).headers["location"]
    assert tus_patch(device, location, 0, data[:1000]).status_code == 204
    stranger = enroll(hub, COMMUNE_B)
    unknown = "/v1/papers/00000000-0000-4000-8000-000000000000"
    for where in (location, unknown):
        assert tus_head(stranger, where).status_code == 404
        patched = tus_patch(stranger, where, 1000, data[1000:2000])
        assert patched.status_code == 404 and patched.json()["error"] == "paper_upload_unknown"
        deleted = httpx.delete(f"{hub.url}{where}", headers={**stranger.headers, **TUS}, timeout=30)
        assert deleted.status_code == 404
    foreign = tus_create(stranger, code, 1, data)
    assert foreign.status_code == 403 and foreign.json()["error"] == "commune_mismatch"
    assert code in foreign.json()["message"]
    assert listing(stranger, code) == []
    assert tus_head(device, location).headers["upload-offset"] == "1000"  # untouched


def test_a_dossier_the_hub_does_not_hold_yet_is_409(local_hub: HubServer) -> None:
    device = enroll(local_hub, COMMUNE_A)
    answer = tus_create(device, device.next_code(), 1, signed_copy())
    assert answer.status_code == 409 and answer.json()["error"] == "dossier_unknown"


@pytest.mark.parametrize(
    ("headers", "status", "error"),
    [
        ({"Upload-Length": "10"}, 400, "paper_metadata"),  # no metadata
        ({"Upload-Length": "ten", "Upload-Metadata": "@"}, 400, "paper_metadata"),
        ({"Upload-Length": "10", "Upload-Metadata": "sha256 !!!"}, 400, "paper_metadata"),
        (
            {"Upload-Length": "10", "Upload-Metadata": "sha256 " + base64.b64encode(b"abc").decode()},
            400,
            "paper_metadata",
        ),
        ({"Upload-Length": "10", "Upload-Metadata": "x" * 5000}, 400, "paper_metadata"),
        ({"Upload-Length": "10", "Upload-Defer-Length": "1"}, 400, "paper_metadata"),
    ],
)
def test_bad_creation_requests_are_400_in_one_sentence(
    local_hub: HubServer, headers: dict[str, str], status: int, error: str
) -> None:
    device = enroll(local_hub, COMMUNE_A)
    answer = httpx.post(f"{local_hub.url}/v1/papers", headers={**device.headers, **TUS, **headers}, timeout=30)
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert answer.headers["tus-resumable"] == "1.0.0"


def test_bad_positions_and_versions(local_hub: HubServer) -> None:
    device = enroll(local_hub, COMMUNE_A)
    code = new_dossier(device)
    data = signed_copy()
    for paper in ("0", "1000", "-1", "x"):
        headers = {**device.headers, **TUS, "Upload-Length": "10"}
        headers["Upload-Metadata"] = metadata(code, 1, sha256(data)).replace(
            "paper " + base64.b64encode(b"1").decode(), "paper " + base64.b64encode(paper.encode()).decode()
        )
        answer = httpx.post(f"{local_hub.url}/v1/papers", headers=headers, timeout=30)
        assert answer.status_code == 400, paper
    no_version = httpx.post(
        f"{local_hub.url}/v1/papers",
        headers={**device.headers, "Upload-Length": "10", "Upload-Metadata": metadata(code, 1, sha256(data))},
        timeout=30,
    )
    assert no_version.status_code == 412 and no_version.headers["tus-version"] == "1.0.0"
    assert no_version.headers["tus-resumable"] == "1.0.0"
    unauthorised = httpx.post(f"{local_hub.url}/v1/papers", headers=TUS, timeout=30)
    assert unauthorised.status_code == 401 and unauthorised.headers["tus-resumable"] == "1.0.0"


def test_patch_refusals(local_hub: HubServer) -> None:
    device = enroll(local_hub, COMMUNE_A)
    code = new_dossier(device)
    data = signed_copy()
    location = tus_create(device, code, 1, data).headers["location"]
    assert tus_patch(device, location, 0, data[:100]).status_code == 204

    wrong = tus_patch(device, location, 50, data[50:200])
    assert wrong.status_code == 409 and wrong.json()["error"] == "offset_mismatch"
    assert wrong.headers["upload-offset"] == "100"

    past = tus_patch(device, location, 100, data[100:] + b"extra")
    assert past.status_code == 400 and past.json()["error"] == "paper_beyond_length"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the hub counts as it reads
        yield data[100:]
        yield b"extra bytes"

    streamed = httpx.patch(
        f"{local_hub.url}{location}",
        headers={**device.headers, **TUS, "Upload-Offset": "100", "Content-Type": "application/offset+octet-stream"},
        content=chunks(),
        timeout=30,
    )
    assert streamed.status_code == 400 and streamed.json()["error"] == "paper_beyond_length"

    wrong_type = httpx.patch(
        f"{local_hub.url}{location}",
        headers={**device.headers, **TUS, "Upload-Offset": "100", "Content-Type": "application/pdf"},
        content=data[100:],
        timeout=30,
    )
    assert wrong_type.status_code == 415
    no_offset = httpx.patch(
        f"{local_hub.url}{location}",
        headers={**device.headers, **TUS, "Content-Type": "application/offset+octet-stream"},
        content=b"x",
        timeout=30,
    )
    assert no_offset.status_code == 400
    assert tus_head(device, location).headers["upload-offset"] == "100"  # nothing of the above was kept
    assert tus_patch(device, location, 100, data[100:]).status_code == 204


def test_delete_terminates_an_upload(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy()
    location = tus_create(device, code, 1, data).headers["location"]
    assert tus_patch(device, location, 0, data[:3000]).status_code == 204
    deleted = httpx.delete(f"{hub.url}{location}", headers={**device.headers, **TUS}, timeout=30)
    assert deleted.status_code == 204 and deleted.headers["tus-resumable"] == "1.0.0"
    assert tus_head(device, location).status_code == 404
    assert _parts_left(hub) == b""
    fresh = tus_create(device, code, 1, data)  # starts over
    assert fresh.headers["upload-offset"] == "0" and fresh.headers["location"] != location


def test_abandoned_uploads_are_swept_with_their_parts(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data, other = signed_copy(), signed_copy(1, "Bỏ dở")
    done = tus_create(device, code, 1, data).headers["location"]
    assert tus_patch(device, done, 0, data).status_code == 204
    left = tus_create(device, code, 2, other).headers["location"]
    assert tus_patch(device, left, 0, other[:4000]).status_code == 204
    hub_ = _hub(hub)
    assert service.sweep_uploads(hub_, utc_now()) == 0  # fresh: kept
    assert service.sweep_uploads(hub_, utc_now() + timedelta(days=31)) == 1
    assert tus_head(device, left).status_code == 404
    assert _parts_left(hub) == b""
    assert tus_head(device, done).headers["upload-offset"] == str(len(data))  # a finished one stays
    assert tus_create(device, code, 2, other).headers["upload-offset"] == "0"  # the counter starts again


# ------------------------------------------------------------------------------------------ races


def test_two_patches_racing_on_one_upload_never_corrupt_it(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy(3)
    location = tus_create(device, code, 1, data).headers["location"]
    answers: list[httpx.Response | Exception] = []
    start = threading.Barrier(2)

    def send() -> None:
        def slowly() -> Iterator[bytes]:
            start.wait()
            for at in range(0, len(data), 32_768):
                yield data[at : at + 32_768]
                time.sleep(0.002)

        try:
            answers.append(
                httpx.patch(
                    f"{hub.url}{location}",
                    headers={**device.headers, **TUS, "Upload-Offset": "0", "Content-Type": tus.OFFSET_TYPE},
                    content=slowly(),
                    timeout=60,
                )
            )
        except httpx.TransportError as exc:  # the hub answered 409 and closed while this body was still going
            answers.append(exc)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    shown = [f"{a.status_code} {a.text}" if isinstance(a, httpx.Response) else repr(a) for a in answers]
    won = [a for a in answers if isinstance(a, httpx.Response) and a.status_code == 204]
    assert len(answers) == 2 and won, shown
    assert all(a.headers["upload-offset"] == str(len(data)) for a in won), shown
    for lost in (a for a in answers if a not in won):  # stopped where the other PATCH had moved the offset
        if isinstance(lost, httpx.Response):
            assert lost.status_code == 409 and lost.json()["error"] == "offset_mismatch", shown
            assert int(lost.headers["upload-offset"]) > 0
    # both may also finish: one whose last read brought the whole copy checks it and finds it received
    assert tus_head(device, location).headers["upload-offset"] == str(len(data))
    assert service.read_paper(_hub(hub), code, 1)[1] == data
    assert [p["sha256"] for p in listing(device, code)] == [sha256(data)]


def test_the_same_copy_received_twice_at_once_is_kept_once(hub: HubServer, device: Device) -> None:
    code = new_dossier(device)
    data = signed_copy()
    hub_ = _hub(hub)
    with hub_.read() as session:
        authed = authenticate(session, f"Bearer {device.token}")
    start = threading.Barrier(4)
    got: list[service.PaperInfo] = []

    def receive() -> None:
        start.wait()
        got.append(service.receive_paper(hub_, authed, code, 1, data, utc_now()))

    threads = [threading.Thread(target=receive) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(got) == 4 and len({info.paper_id for info in got}) == 1
    assert len(listing(device, code)) == 1


# ------------------------------------------------------------------------------------------ the reference client


def test_the_offset_moves_only_from_where_it_is(local_hub: HubServer) -> None:
    device = enroll(local_hub, COMMUNE_A)
    code = new_dossier(device)
    location = tus_create(device, code, 1, signed_copy()).headers["location"]
    upload_id = location.rsplit("/", 1)[1]
    hub_ = _hub(local_hub)
    assert tus._advance(hub_, upload_id, 0, 100)
    assert not tus._advance(hub_, upload_id, 0, 50)  # a second writer at 0 does not count
    assert not tus._advance(hub_, upload_id, 50, 150)
    assert tus_head(device, location).headers["upload-offset"] == "100"


def test_tuspy_the_reference_client_uploads_through_the_endpoint(hub: HubServer, device: Device) -> None:
    from tusclient import client

    code = new_dossier(device)
    data = signed_copy(2)
    tus_client = client.TusClient(f"{hub.url}/v1/papers", headers=device.headers)
    uploader = tus_client.uploader(
        file_stream=io.BytesIO(data),
        chunk_size=100_000,
        metadata={"sha256": sha256(data), "dossier": code, "paper": "1", "filename": "giay-khai-sinh.pdf"},
    )
    uploader.upload()
    assert uploader.offset == len(data)
    [paper] = listing(device, code)
    assert paper["sha256"] == sha256(data) and paper["signed_by"] == "UBND xã Tân Lập"
    assert service.read_paper(_hub(hub), code, 1)[1] == data


# ------------------------------------------------------------------------------------------ bounded memory


def test_a_long_patch_is_written_as_it_comes_in_bounded_memory(local_hub: HubServer) -> None:
    import tracemalloc

    device = enroll(local_hub, COMMUNE_A)
    code = new_dossier(device)
    length = 48 * 1024 * 1024
    digest = "0" * 64  # never completed here: 40 MiB of the 48 go in one PATCH
    location = tus_create(device, code, 1, b"", digest=digest, length=length).headers["location"]
    block = bytes(range(256)) * 256  # 64 KiB, the same object every time

    def body() -> Iterator[bytes]:
        for _ in range(40 * 16):
            yield block

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        answer = httpx.patch(
            f"{local_hub.url}{location}",
            headers={**device.headers, **TUS, "Upload-Offset": "0", "Content-Type": tus.OFFSET_TYPE},
            content=body(),
            timeout=120,
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert answer.status_code == 204 and answer.headers["upload-offset"] == str(40 * 1024 * 1024)
    assert peak < 8 * 1024 * 1024, peak  # a few parts in flight, never the body
