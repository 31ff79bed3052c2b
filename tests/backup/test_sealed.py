"""The sealed file format: round trip in bounded chunks; a cut, reordered, altered file or a wrong key is caught."""

from __future__ import annotations

import io
import os
import struct

import pytest

from counter_app.backup.errors import BackupDamaged, WrongKey
from counter_app.backup.sealed import HEADER_SIZE, KIND_BACKUP, KIND_PAPER, TAG, SealedWriter, open_chunks

KEY = bytes(range(32))
CHUNK = 1000


def seal(data: bytes, key: bytes = KEY, kind: int = KIND_BACKUP) -> bytes:
    out = io.BytesIO()
    writer = SealedWriter(out, key, kind, chunk=CHUNK)
    for start in range(0, len(data), 333):  # written in pieces that do not line up with chunks
        writer.write(data[start : start + 333])
    writer.close()
    return out.getvalue()


def unseal(sealed: bytes, key: bytes = KEY, kind: int = KIND_BACKUP) -> bytes:
    return b"".join(open_chunks(io.BytesIO(sealed), key, kind))


def chunks(sealed: bytes) -> list[bytes]:
    """The sealed file's chunk records (length + ciphertext), after the header."""
    found, at = [], HEADER_SIZE
    while at < len(sealed):
        (length,) = struct.unpack(">I", sealed[at : at + 4])
        found.append(sealed[at : at + 4 + length])
        at += 4 + length
    return found


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 7])
def test_round_trip(size: int) -> None:
    data = os.urandom(size)
    sealed = seal(data)
    assert unseal(sealed) == data
    assert size < 64 or data[:64] not in sealed
    assert len(chunks(sealed)) == max(1, -(-size // CHUNK))


def test_same_data_seals_differently_each_time() -> None:
    data = b"Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Thu\xe1\xbb\xb7 Ti\xc3\xaan" * 50
    assert seal(data) != seal(data)
    assert data[:30] not in seal(data)


def test_chunks_are_bounded_in_size() -> None:
    sealed = seal(os.urandom(10 * CHUNK + 5))
    assert max(len(c) for c in chunks(sealed)) == 4 + CHUNK + TAG


def test_a_wrong_key_is_told_apart() -> None:
    sealed = seal(b"x" * 3000)
    with pytest.raises(WrongKey):
        unseal(sealed, key=bytes(32))


def test_a_paper_is_not_taken_for_a_backup() -> None:
    with pytest.raises(BackupDamaged) as caught:
        unseal(seal(b"x", kind=KIND_PAPER), kind=KIND_BACKUP)
    assert caught.value.code == "backup.not_backup"


@pytest.mark.parametrize("keep", [1, 2, 3])
def test_cut_at_a_chunk_boundary_is_truncated(keep: int) -> None:
    sealed = seal(os.urandom(4 * CHUNK + 10))
    cut = sealed[:HEADER_SIZE] + b"".join(chunks(sealed)[:keep])
    with pytest.raises(BackupDamaged) as caught:
        unseal(cut)
    assert caught.value.code == "backup.truncated"


def test_cut_anywhere_fails_and_yields_nothing_unauthenticated() -> None:
    data = os.urandom(3 * CHUNK + 10)
    sealed = seal(data)
    for cut in range(0, len(sealed) - 1, 97):
        got: list[bytes] = []
        with pytest.raises(BackupDamaged):
            got.extend(open_chunks(io.BytesIO(sealed[:cut]), KEY, KIND_BACKUP))
        assert data.startswith(b"".join(got))  # only whole, authenticated chunks came out


def test_last_chunk_dropped_from_the_middle_or_reordered_fails() -> None:
    sealed = seal(os.urandom(4 * CHUNK + 10))
    parts = chunks(sealed)
    swapped = sealed[:HEADER_SIZE] + parts[1] + parts[0] + b"".join(parts[2:])
    dropped = sealed[:HEADER_SIZE] + parts[0] + b"".join(parts[2:])
    for bad in (swapped, dropped):
        with pytest.raises(BackupDamaged) as caught:
            unseal(bad)
        assert caught.value.code == "backup.altered"


def test_every_altered_byte_is_caught() -> None:
    sealed = seal(os.urandom(2 * CHUNK + 3))
    for at in range(8, len(sealed), 41):  # header fields, lengths, ciphertexts, tags
        bad = bytearray(sealed)
        bad[at] ^= 0x01
        with pytest.raises((BackupDamaged, WrongKey)):
            unseal(bytes(bad))


def test_bytes_after_the_final_chunk_are_refused() -> None:
    sealed = seal(b"abc" * 500)
    with pytest.raises(BackupDamaged) as caught:
        unseal(sealed + b"\x00")
    assert caught.value.code == "backup.altered"


def test_not_a_backup() -> None:
    for junk in (b"", b"%PDF-1.7 hello", os.urandom(200)):
        with pytest.raises(BackupDamaged) as caught:
            unseal(junk)
        assert caught.value.code == "backup.not_backup"
