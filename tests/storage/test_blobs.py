"""The content-addressed store of copies: whole files by their sha256, damage found, strays swept."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.storage.blobs import GRACE_SECONDS, BlobStore


def test_put_names_the_file_by_its_sha256_in_a_two_letter_folder(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "papers")
    data = b"%PDF-1.7 one paper"
    sha256, path = store.put(data)
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert path == tmp_path / "papers" / sha256[:2] / f"{sha256}.pdf"
    assert path.read_bytes() == data and store.exists(sha256) and store.get(sha256) == data
    assert [p.name for p in store.files()] == [f"{sha256}.pdf"]  # no temporary file left behind


def test_the_same_bytes_twice_are_one_file(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    first = store.put(b"same")
    assert store.put(b"same") == first
    assert len(list(store.files())) == 1


def test_a_damaged_file_is_refused_on_read_and_replaced_on_put(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    sha256, path = store.put(b"the certified copy")
    path.write_bytes(b"the certified copz")
    with pytest.raises(ValueError, match="no longer matches"):
        store.get(sha256)
    assert [p.problem for p in store.check([sha256])] == ["mismatch"]
    store.put(b"the certified copy")
    assert store.get(sha256) == b"the certified copy" and store.check([sha256]) == []


def test_check_reports_a_missing_file(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    sha256, path = store.put(b"x")
    path.unlink()
    assert [(p.sha256, p.problem) for p in store.check([sha256])] == [(sha256, "missing")]


def test_sweep_keeps_referenced_and_young_files_sets_old_copies_aside_and_deletes_torn_files(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    kept, kept_path = store.put(b"referenced")
    _, young = store.put(b"written by a store not yet committed")
    _, old = store.put(b"left by a crash before the commit")
    half = kept_path.parent / f".{kept}.dead.tmp"
    half.write_bytes(b"half a fi")
    an_hour_ago = time.time() - GRACE_SECONDS - 60
    for path in (kept_path, old, half):
        os.utime(path, (an_hour_ago, an_hour_ago))

    removed = store.sweep([kept])

    assert sorted(removed) == sorted([old, half])
    assert kept_path.exists() and young.exists() and not old.exists() and not half.exists()
    aside = tmp_path / "unreferenced" / old.name
    assert aside.read_bytes() == b"left by a crash before the commit"  # a whole copy is never deleted


def test_a_copy_set_aside_comes_back_when_a_row_names_it_again(tmp_path: Path) -> None:
    """An older backup of the database restored, then the newer one: its copies are all still there."""
    store = BlobStore(tmp_path)
    newer, path = store.put(b"certified after the older backup was made")
    store.sweep([], grace=-1)  # the older database, restored, does not know it
    assert not path.exists() and list(store.files()) == []
    assert store.check([newer]) == []  # the newer database restored: nothing missing
    assert path.read_bytes() == b"certified after the older backup was made"
    store.sweep([], grace=-1)
    assert store.get(newer) == b"certified after the older backup was made"
    store.sweep([], grace=-1)
    assert store.put(b"certified after the older backup was made") == (newer, path) and path.exists()


def test_put_of_an_existing_stray_makes_it_young_again(tmp_path: Path) -> None:
    """A file about to be referenced again (a re-scan giving identical bytes) is not swept before the commit."""
    store = BlobStore(tmp_path)
    _, path = store.put(b"identical scan")
    old = time.time() - GRACE_SECONDS - 60
    os.utime(path, (old, old))
    store.put(b"identical scan")
    assert store.sweep([]) == [] and path.exists()


def test_a_name_that_is_not_a_sha256_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a sha256"):
        BlobStore(tmp_path).path("../../etc/passwd")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.binary(max_size=200), max_size=8))
def test_every_put_reads_back_and_the_sweep_keeps_exactly_the_referenced(
    tmp_path_factory: pytest.TempPathFactory, blobs: list[bytes]
) -> None:
    store = BlobStore(tmp_path_factory.mktemp("papers"))
    names = [store.put(b)[0] for b in blobs]
    assert [store.get(n) for n in names] == blobs
    keep = set(names[::2])
    store.sweep(keep, grace=-1)
    assert {p.name.removesuffix(".pdf") for p in store.files()} == keep
