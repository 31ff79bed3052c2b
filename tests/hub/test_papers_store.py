"""The paper store: a directory (atomic writes) and an S3 bucket (moto's real S3 server on loopback).

Both stores keep copies and the parts of uploads in progress; a part races another at the same start
without breaking the upload (the chain the database's offset names is the one read back)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from district_server.errors import HubError
from district_server.papers.store import FilesystemStore, PaperStore, S3Store, open_store, paper_key
from tests.hub.conftest import free_port
from tests.s3 import S3Bucket, s3_bucket, s3_server  # noqa: F401  (fixtures)

SHA = "ab" + "0" * 62


@pytest.fixture(params=["filesystem", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PaperStore]:
    if request.param == "filesystem":
        yield open_store(str(tmp_path / "papers"))
        return
    bucket: S3Bucket = request.getfixturevalue("s3_bucket")
    yield open_store(bucket.spec)


def test_a_copy_goes_in_and_comes_out_the_same(store: PaperStore) -> None:
    key = paper_key("000.12.34.H26", SHA)
    assert key == f"papers/000.12.34.H26/ab/{SHA}.pdf"
    assert not store.exists(key)
    store.put(key, b"%PDF-1.7 one")
    store.put(key, b"%PDF-1.7 two")  # written again: replaced whole
    assert store.exists(key)
    assert store.get(key) == b"%PDF-1.7 two"
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(KeyError):
        store.get(key)


def test_parts_join_in_offset_order_and_a_racing_loser_is_ignored(store: PaperStore) -> None:
    store.put_part("u1", 10, b"KLMNO")  # written out of order
    store.put_part("u1", 0, b"ABCDEFGHIJ")
    store.put_part("u1", 0, b"abcdefg")  # another PATCH's part at the same start, whose offset never counted
    assert store.parts("u1", upto=15) == b"ABCDEFGHIJKLMNO"
    assert store.parts("u1", upto=10) == b"ABCDEFGHIJ"
    assert store.parts("u1", upto=7) == b"abcdefg"
    assert store.parts("u1", upto=0) == b""
    with pytest.raises(KeyError):  # a hole: no chain of parts reaches 12
        store.parts("u1", upto=12)
    assert store.parts("u1") == b"ABCDEFGHIJKLMNO"  # the longest chain
    store.put_part("u2", 0, b"other")
    store.drop_parts("u1")
    assert store.parts("u1") == b""
    assert store.parts("u2", upto=5) == b"other"


def test_keys_that_would_leave_the_store_are_refused(store: PaperStore) -> None:
    for key in ("../x", "papers/../../etc/passwd", "/abs", "a//b", ""):
        with pytest.raises(ValueError, match="store key"):
            store.put(key, b"x")
    with pytest.raises(ValueError, match="upload id"):
        store.put_part("../up", 0, b"x")


def test_filesystem_writes_are_whole_files_and_leave_no_temporary(tmp_path: Path) -> None:
    store = FilesystemStore(tmp_path / "papers")
    key = paper_key("000.12.34.H26", SHA)
    store.put(key, b"x" * 100_000)
    store.put_part("u1", 0, b"part")
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == [f"papers/{key}", "papers/uploads/u1/000000000000.000000000004"]
    assert (tmp_path / "papers" / key).stat().st_size == 100_000


def test_a_filesystem_failure_is_the_stores_sentence_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "papers").write_text("a file where the folder should be")
    store = FilesystemStore(tmp_path / "papers")
    with pytest.raises(HubError) as raised:
        store.put(paper_key("000.12.34.H26", SHA), b"x")
    assert raised.value.code == "paper_store" and raised.value.status == 503
    assert "kho bản sao" in raised.value.message("vi")
    if os.geteuid() != 0:  # root writes anywhere
        folder = tmp_path / "ro"
        folder.mkdir(mode=stat.S_IRUSR | stat.S_IXUSR)
        with pytest.raises(HubError):
            FilesystemStore(folder).put("papers/x.pdf", b"x")


def test_s3_keys_live_under_the_prefix(s3_bucket: S3Bucket) -> None:  # noqa: F811
    store = open_store(s3_bucket.spec)
    assert isinstance(store, S3Store)
    assert store.describe() == f"s3://{s3_bucket.name}/hub ({s3_bucket.endpoint})"
    store.put(paper_key("000.12.34.H26", SHA), b"pdf")
    store.put_part("u1", 0, b"abc")
    assert s3_bucket.keys() == [
        f"hub/papers/000.12.34.H26/ab/{SHA}.pdf",
        "hub/uploads/u1/000000000000.000000000003",
    ]
    store.drop_parts("u1")
    assert s3_bucket.keys() == [f"hub/papers/000.12.34.H26/ab/{SHA}.pdf"]


def test_an_unreachable_bucket_is_the_stores_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    store = open_store(f"s3://nowhere?endpoint=http://127.0.0.1:{free_port()}&region=us-east-1")
    with pytest.raises(HubError) as raised:
        store.get("papers/x.pdf")
    assert raised.value.code == "paper_store" and raised.value.status == 503


@pytest.mark.parametrize(
    "spec",
    ["s3://", "s3://bucket?endpoint=ftp://x", "s3://bucket?colour=red", "s3://b?endpoint=a&endpoint=b", "http://x", ""],
)
def test_a_malformed_store_address_is_refused_in_one_sentence(spec: str) -> None:
    with pytest.raises(HubError) as raised:
        open_store(spec)
    assert raised.value.code == "paper_store_spec"
    assert "không đúng dạng" in raised.value.message("vi")


def test_store_addresses(tmp_path: Path) -> None:
    assert isinstance(open_store(str(tmp_path)), FilesystemStore)
    s3 = open_store("s3://bucket/a/b/?endpoint=http://127.0.0.1:9000&region=ap-southeast-1")
    assert isinstance(s3, S3Store)
    assert (s3.bucket, s3.prefix, s3.endpoint_url) == ("bucket", "a/b", "http://127.0.0.1:9000")
    assert s3.client.meta.region_name == "ap-southeast-1"
