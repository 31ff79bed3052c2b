"""The backup set at a target folder: sealed backups, the papers deduplicated, and the ``backups.json`` index.

::

    <target>/counter-backups/
      backups.json                          the index: one entry per backup (date, size, verified, ...)
      backup-20261203T170000Z-1a2b.hsmcbak  manifest + database, sealed (sealed.py, kind 1)
      papers/<aa>/<sha256>.paper            one certified copy, sealed once (kind 2), shared by backups

Every file is written as a temporary file in its own folder, flushed to disk and renamed: a process
killed at any moment leaves the earlier backups and the index as they were (at most a temporary file,
removed by a later run). The index is rewritten the same way. Papers no kept backup lists are deleted
only after the index that drops those backups is on disk.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import struct
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from counter_app.backup.errors import BackupDamaged, BackupError, TargetProblem, target_problem
from counter_app.backup.sealed import CHUNK, KIND_BACKUP, KIND_PAPER, SealedWriter, open_chunks

SET_DIR = "counter-backups"
INDEX = "backups.json"
PAPERS = "papers"
SUFFIX = ".hsmcbak"
PAPER_SUFFIX = ".paper"
TEMP_SUFFIX = ".tmp"
FORMAT = "hsmc-backups/1"
MANIFEST_FORMAT = "hsmc-backup-manifest/1"
STALE_TEMP_SECONDS = 600.0  # a temporary file older than this belongs to a killed run
MAX_MANIFEST = 64 << 20
_NAME = re.compile(r"backup-\d{8}T\d{6}Z-[0-9a-f]{4}\.hsmcbak")
_SHA = re.compile(r"[0-9a-f]{64}")
_U32 = struct.Struct(">I")
Progress = Callable[[int, int], None]  # (done, total) in bytes


def set_dir(target: Path) -> Path:
    return target / SET_DIR


def fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class IndexEntry:
    """One backup as ``backups.json`` lists it."""

    file: str
    created_at: str
    bytes: int
    dossiers: int
    papers: list[str]
    verified: bool | None = None  # None: not checked (e.g. found on disk, not in the index)
    verified_at: str | None = None
    problem: str | None = None
    paper_bytes: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "created_at": self.created_at,
            "bytes": self.bytes,
            "dossiers": self.dossiers,
            "papers": self.papers,
            "paper_bytes": self.paper_bytes,
            "verified": self.verified,
            "verified_at": self.verified_at,
            "problem": self.problem,
            **self.extra,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IndexEntry:
        known = {
            "file",
            "created_at",
            "bytes",
            "dossiers",
            "papers",
            "paper_bytes",
            "verified",
            "verified_at",
            "problem",
        }
        return cls(
            file=str(data["file"]),
            created_at=str(data["created_at"]),
            bytes=int(data["bytes"]),
            dossiers=int(data.get("dossiers", 0)),
            papers=[str(p) for p in data.get("papers", [])],
            paper_bytes=int(data.get("paper_bytes", 0)),
            verified=data.get("verified"),
            verified_at=data.get("verified_at"),
            problem=data.get("problem"),
            extra={k: v for k, v in data.items() if k not in known},
        )


class BackupSet:
    """The backups at one target folder."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.root = set_dir(target)

    # ------------------------------------------------------------------ preparing the target
    def prepare(self) -> None:
        """Make the set's folders; a missing, full or read-only target is a :class:`TargetProblem`."""
        if not self.target.is_dir():
            raise TargetProblem("backup.target_missing", target=str(self.target), reason="")
        try:
            (self.root / PAPERS).mkdir(parents=True, exist_ok=True)
            probe = self.root / f".probe.{secrets.token_hex(4)}{TEMP_SUFFIX}"
            with probe.open("xb") as file:
                file.write(b"x")
                file.flush()
                os.fsync(file.fileno())
            probe.unlink()
        except OSError as exc:
            raise target_problem(exc, str(self.target)) from exc
        self._remove_stale_temporaries()

    def _remove_stale_temporaries(self) -> None:
        now = time.time()
        for folder in [self.root, *self._paper_folders()]:
            with contextlib.suppress(OSError):
                for path in folder.iterdir():
                    if path.name.endswith(TEMP_SUFFIX) and now - path.stat().st_mtime > STALE_TEMP_SECONDS:
                        path.unlink()

    def _paper_folders(self) -> list[Path]:
        papers = self.root / PAPERS
        if not papers.is_dir():
            return []
        return [p for p in papers.iterdir() if p.is_dir()]

    # ------------------------------------------------------------------ writing
    def _atomic(self, final: Path, write: Callable[[BinaryIO], None]) -> None:
        """Write ``final`` whole or not at all (temporary file, fsync, rename, fsync of the folder)."""
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.parent / f".{final.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            with temporary.open("xb") as out:
                write(out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, final)
            fsync_dir(final.parent)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise target_problem(exc, str(self.target)) from exc
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise

    def paper_path(self, sha256: str) -> Path:
        if not _SHA.fullmatch(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / PAPERS / sha256[:2] / f"{sha256}{PAPER_SUFFIX}"

    def has_paper(self, sha256: str) -> bool:
        return self.paper_path(sha256).is_file()

    def put_paper(self, sha256: str, source: Path, key: bytes) -> int:
        """Seal the copy at ``source`` into the set unless it is there already; the sealed bytes written."""
        final = self.paper_path(sha256)
        if final.is_file():
            return 0
        written = 0

        def write(out: BinaryIO) -> None:
            nonlocal written
            writer = SealedWriter(out, key, KIND_PAPER)
            digest = hashlib.sha256()
            with source.open("rb") as file:
                while block := file.read(CHUNK):
                    digest.update(block)
                    writer.write(block)
            if digest.hexdigest() != sha256:
                raise BackupError("backup.paper_changed", sha256=sha256)
            writer.close()
            written = writer.written

        self._atomic(final, write)
        return written

    def write_backup(
        self, name: str, manifest: dict[str, Any], database: Path, key: bytes, progress: Progress | None = None
    ) -> int:
        """Seal the manifest and the database snapshot into ``name``; its size in bytes."""
        body = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
        total = database.stat().st_size
        size = 0

        def write(out: BinaryIO) -> None:
            nonlocal size
            writer = SealedWriter(out, key, KIND_BACKUP)
            writer.write(_U32.pack(len(body)) + body)
            done = 0
            with database.open("rb") as file:
                while block := file.read(CHUNK):
                    writer.write(block)
                    done += len(block)
                    if progress is not None:
                        progress(done, total)
            writer.close()
            size = writer.written

        self._atomic(self.root / name, write)
        return size

    # ------------------------------------------------------------------ reading
    def backup_path(self, name: str) -> Path:
        return self.root / name

    def read_index(self) -> list[IndexEntry]:
        """The index, plus any backup file on disk it does not list (a run killed before updating it)."""
        entries: list[IndexEntry] = []
        try:
            data = json.loads((self.root / INDEX).read_text(encoding="utf-8"))
            entries = [IndexEntry.from_json(e) for e in data.get("backups", [])]
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries = []  # an unreadable index: the files themselves are listed below, unverified
        listed = {e.file for e in entries}
        with contextlib.suppress(OSError):
            for path in sorted(self.root.iterdir()):
                if _NAME.fullmatch(path.name) and path.name not in listed:
                    stamp = path.name[7:23]
                    created = (
                        f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}+00:00"
                    )
                    entries.append(IndexEntry(path.name, created, path.stat().st_size, 0, [], verified=None))
        entries = [e for e in entries if (self.root / e.file).is_file()]
        entries.sort(key=lambda e: (e.created_at, e.file))
        return entries

    def write_index(self, entries: Iterable[IndexEntry]) -> None:
        document = {"format": FORMAT, "backups": [e.to_json() for e in entries]}
        text = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")

        def write(out: BinaryIO) -> None:
            out.write(text)

        self._atomic(self.root / INDEX, write)

    # ------------------------------------------------------------------ pruning
    def prune(self, keep: set[str]) -> list[str]:
        """Drop the backups not in ``keep``: the index first, then their files, then orphaned papers."""
        entries = self.read_index()
        kept = [e for e in entries if e.file in keep]
        dropped = [e for e in entries if e.file not in keep]
        if not dropped:
            return []
        self.write_index(kept)
        for entry in dropped:
            with contextlib.suppress(FileNotFoundError):
                (self.root / entry.file).unlink()
        self.remove_orphan_papers(
            {sha for e in kept for sha in e.papers}, any_unknown=any(not e.papers and e.verified is None for e in kept)
        )
        with contextlib.suppress(OSError):
            fsync_dir(self.root)
        return [e.file for e in dropped]

    def remove_orphan_papers(self, referenced: set[str], *, any_unknown: bool = False) -> int:
        """Delete sealed papers no listed backup names (never when a kept backup's paper list is unknown)."""
        if any_unknown:
            return 0
        removed = 0
        for folder in self._paper_folders():
            for path in folder.iterdir():
                if path.name.endswith(PAPER_SUFFIX) and path.name[: -len(PAPER_SUFFIX)] not in referenced:
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
                        removed += 1
        return removed


# ---------------------------------------------------------------------- restoring


def read_manifest(path: Path, key: bytes) -> dict[str, Any]:
    """Only the manifest of a backup (its first chunk(s)), authenticated."""
    with path.open("rb") as source:
        manifest, _rest = _split_manifest(open_chunks(source, key, KIND_BACKUP))
        return manifest


def _split_manifest(chunks: Iterator[bytes]) -> tuple[dict[str, Any], bytes]:
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        if len(buffer) >= _U32.size:
            (length,) = _U32.unpack(buffer[: _U32.size])
            if length > MAX_MANIFEST:
                raise BackupDamaged("backup.altered")
            if len(buffer) >= _U32.size + length:
                break
    else:
        raise BackupDamaged("backup.truncated")
    (length,) = _U32.unpack(buffer[: _U32.size])
    try:
        manifest = json.loads(buffer[_U32.size : _U32.size + length].decode("utf-8"))
    except ValueError:
        raise BackupDamaged("backup.altered") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise BackupDamaged("backup.not_backup")
    return manifest, buffer[_U32.size + length :]


def extract_backup(path: Path, key: bytes, dest: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Decrypt the backup at ``path`` into ``dest/counter.sqlite3`` (through a temporary file); its manifest.

    The database is written only once every chunk is authenticated: a cut or altered file leaves nothing."""
    total = path.stat().st_size
    final = dest / "counter.sqlite3"
    temporary = dest / f".counter.sqlite3.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        with path.open("rb") as source, temporary.open("xb") as out:
            chunks = open_chunks(source, key, KIND_BACKUP)
            manifest, rest = _split_manifest(chunks)
            digest = hashlib.sha256(rest)
            out.write(rest)
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
                if progress is not None:
                    progress(source.tell(), total)
            if progress is not None:
                progress(total, total)
            out.flush()
            os.fsync(out.fileno())
        _same_digest(digest.hexdigest(), manifest.get("database", {}).get("sha256"), BackupDamaged("backup.altered"))
        os.replace(temporary, final)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return manifest


def _same_digest(found: str, expected: object, error: BackupDamaged) -> None:
    if found != expected:
        raise error


def extract_paper(sealed: Path, sha256: str, key: bytes, dest_papers: Path) -> Path:
    """Decrypt one sealed paper into ``dest_papers/<aa>/<sha>.pdf``, checking that its bytes hash to ``sha256``."""
    folder = dest_papers / sha256[:2]
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{sha256}.pdf"
    temporary = folder / f".{sha256}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        with sealed.open("rb") as source, temporary.open("xb") as out:
            digest = hashlib.sha256()
            for chunk in open_chunks(source, key, KIND_PAPER):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        _same_digest(digest.hexdigest(), sha256, BackupDamaged("backup.paper_altered", sha256=sha256))
        os.replace(temporary, final)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return final


def is_no_space(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)
