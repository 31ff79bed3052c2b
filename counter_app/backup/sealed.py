"""The sealed file: a stream encrypted in chunks with AES-256-GCM, authenticated header, cut-proof.

Layout (docs/backups.md, all integers big-endian)::

    header  (64 bytes)
      magic      8  b"HSMCBAK1"
      version    1  1
      kind       1  1 = a backup (manifest + database), 2 = a paper copy
      reserved   2  0
      chunk      4  plaintext bytes per chunk (the last one may be shorter or empty)
      salt      16  random; the file key is HKDF-SHA256(backup key, salt, "hsmc-backup/1 file key")
      key check 16  HMAC-SHA256(backup key, "hsmc-backup/1 key check")[:16]: a wrong key is told apart
                    from a damaged file
      header MAC16  HMAC-SHA256(file key, the 48 bytes before)[:16]
    chunks, each: length 4 (ciphertext bytes incl. the 16-byte tag) + ciphertext
      nonce = chunk index as 12 bytes; AAD = the header + index (8) + final flag (1)

The last chunk carries final flag 1. A file cut at a chunk boundary lacks it, a reordered chunk fails its
index, a changed byte fails its tag, bytes after the final chunk are refused: each is ``BackupDamaged``.
The writer and the reader hold one chunk at a time (bounded memory whatever the size).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counter_app.backup.errors import BackupDamaged, WrongKey

MAGIC = b"HSMCBAK1"
VERSION = 1
KIND_BACKUP, KIND_PAPER = 1, 2
CHUNK = 1 << 20  # 1 MiB of plaintext per chunk
MAX_CHUNK = 16 << 20  # a header naming a bigger chunk is not ours (bounded memory when reading)
TAG = 16
HEADER_SIZE = 64
_FIXED = struct.Struct(">8sBBHI16s16s")  # 48 bytes before the header MAC
_LENGTH = struct.Struct(">I")
KEY_SIZE = 32


def key_check(key: bytes) -> bytes:
    return hmac.new(key, b"hsmc-backup/1 key check", hashlib.sha256).digest()[:16]


def _file_key(key: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"hsmc-backup/1 file key").derive(key)


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


class SealedWriter:
    """Write a sealed stream to ``out``: ``write`` any amount, then ``close`` (which writes the final chunk)."""

    def __init__(self, out: BinaryIO, key: bytes, kind: int, chunk: int = CHUNK) -> None:
        if len(key) != KEY_SIZE:
            raise ValueError("a backup key is 32 bytes")
        self._out, self._chunk = out, chunk
        salt = os.urandom(16)
        self._key = _file_key(key, salt)
        fixed = _FIXED.pack(MAGIC, VERSION, kind, 0, chunk, salt, key_check(key))
        self.header = fixed + hmac.new(self._key, fixed, hashlib.sha256).digest()[:16]
        self._aead = AESGCM(self._key)
        self._buffer = bytearray()
        self._index = 0
        self.plain_bytes = 0
        self.written = len(self.header)
        out.write(self.header)

    def write(self, data: bytes) -> None:
        self._buffer += data
        self.plain_bytes += len(data)
        while len(self._buffer) > self._chunk:  # keep at least one byte back: the last chunk is the final one
            self._emit(bytes(self._buffer[: self._chunk]), final=False)
            del self._buffer[: self._chunk]

    def close(self) -> None:
        self._emit(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _emit(self, plain: bytes, *, final: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._index), plain, _aad(self.header, self._index, final))
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self.written += _LENGTH.size + len(sealed)
        self._index += 1


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise BackupDamaged("backup.truncated")
    return data


def read_header(source: BinaryIO, key: bytes, kind: int) -> tuple[bytes, bytes, int]:
    """Check the header: (header bytes, file key, chunk size). WrongKey or BackupDamaged otherwise."""
    header = source.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
        raise BackupDamaged("backup.not_backup")
    _magic, version, found_kind, _reserved, chunk, salt, check = _FIXED.unpack(header[:48])
    if version != VERSION or found_kind != kind or not 0 < chunk <= MAX_CHUNK:
        raise BackupDamaged("backup.not_backup")
    if not hmac.compare_digest(check, key_check(key)):
        raise WrongKey("backup.wrong_key")
    file_key = _file_key(key, salt)
    if not hmac.compare_digest(header[48:], hmac.new(file_key, header[:48], hashlib.sha256).digest()[:16]):
        raise BackupDamaged("backup.altered")
    return header, file_key, chunk


def open_chunks(source: BinaryIO, key: bytes, kind: int) -> Iterator[bytes]:
    """The plaintext of a sealed stream, chunk by chunk, each authenticated before it is yielded.

    The stream is whole only when the generator ends without raising (the final chunk was met and
    nothing follows it)."""
    header, file_key, chunk = read_header(source, key, kind)
    aead = AESGCM(file_key)
    index = 0
    while True:
        length_bytes = source.read(_LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise BackupDamaged("backup.truncated")  # no final chunk: the file was cut
        (length,) = _LENGTH.unpack(length_bytes)
        if not TAG <= length <= chunk + TAG:
            raise BackupDamaged("backup.altered")
        sealed = _read_exactly(source, length)
        plain = None
        for final in (False, True):
            try:
                plain = aead.decrypt(_nonce(index), sealed, _aad(header, index, final))
            except InvalidTag:
                continue
            if final:
                if source.read(1):
                    raise BackupDamaged("backup.altered")  # bytes after the final chunk
                yield plain
                return
            break
        if plain is None:
            raise BackupDamaged("backup.altered")
        yield plain
        index += 1


def seal_file(source: BinaryIO, out: BinaryIO, key: bytes, kind: int) -> int:
    """Seal all of ``source`` into ``out``; the sealed size."""
    writer = SealedWriter(out, key, kind)
    while block := source.read(CHUNK):
        writer.write(block)
    writer.close()
    return writer.written
