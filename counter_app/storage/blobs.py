"""Content-addressed files: the certified copies of papers, ``<data dir>/papers/<aa>/<sha256>.pdf``.

A file is named by the sha256 of its bytes, so it is written once and never changed, and two rows
holding the same copy (a reused paper) share it. :func:`BlobStore.put` writes a temporary file in
the target's own folder, fsyncs it, renames it into place and fsyncs the folder: a file with a
``<sha256>.pdf`` name is always whole, whatever moment the process is killed at.

The caller writes the file *before* its database transaction commits. A crash between the two
leaves at most a file no row references, which :func:`BlobStore.sweep` sets aside once it is older
than a grace period (a store in progress in another process is younger than that); never a row without
its file. A whole copy is never deleted: it is moved to ``papers/unreferenced/``, because "no row
references it" also happens after an older backup of the database was restored, and then the copy is a
citizen's certified paper the restored database no longer lists. A row that names it again (a later
restore, a re-scan with identical bytes) takes it back from there. Only temporary files left by a
killed writer, which are never whole, are deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PAPERS_DIR = "papers"
SUFFIX = ".pdf"
TEMP_SUFFIX = ".tmp"
UNREFERENCED_DIR = "unreferenced"  # whole copies no row references, set aside by the sweep, never deleted
GRACE_SECONDS = 3600.0  # an unreferenced file younger than this may belong to a store not yet committed
_NAME = re.compile(r"[0-9a-f]{64}")


def papers_dir(data_dir: Path) -> Path:
    return data_dir / PAPERS_DIR


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals the rename itself
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class BlobProblem:
    """A referenced file that is missing, or whose bytes no longer hash to its name."""

    sha256: str
    path: Path
    problem: str  # "missing" | "mismatch"


class BlobStore:
    """The files under one ``papers`` folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def of(cls, data_dir: Path) -> BlobStore:
        return cls(papers_dir(data_dir))

    def path(self, sha256: str) -> Path:
        if not _NAME.fullmatch(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / f"{sha256}{SUFFIX}"

    def set_aside_path(self, sha256: str) -> Path:
        return self.root / UNREFERENCED_DIR / f"{self.path(sha256).name}"

    def _take_back(self, sha256: str) -> bool:
        """Move a set-aside copy back into place (a row names it again); True when it is in place."""
        target = self.path(sha256)
        if target.is_file():
            return True
        aside = self.set_aside_path(sha256)
        if not aside.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):  # another process took it back first
            os.replace(aside, target)
        _fsync_dir(target.parent)
        return target.is_file()

    def exists(self, sha256: str) -> bool:
        return self._take_back(sha256)

    def put(self, data: bytes) -> tuple[str, Path]:
        """Store ``data`` (atomically, durably) and return its sha256 and path; a no-op when it is there.

        A file already there under the name is trusted only when its bytes still hash to it; a damaged
        one is replaced."""
        sha256 = digest(data)
        target = self.path(sha256)
        if self._take_back(sha256) and self._intact(target, sha256):
            with contextlib.suppress(OSError):  # young again: a sweep leaves it until the row commits
                os.utime(target)
            return sha256, target
        folder = target.parent
        new_folder = not folder.is_dir()
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{sha256}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            with temporary.open("xb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        _fsync_dir(folder)
        if new_folder:
            _fsync_dir(folder.parent)
        return sha256, target

    def discard(self, sha256: str) -> None:
        """Delete the file of ``sha256`` (one no row names, just written by a transaction that failed)."""
        with contextlib.suppress(FileNotFoundError):
            self.path(sha256).unlink()

    def get(self, sha256: str, *, verify: bool = True) -> bytes:
        """The bytes of ``sha256``; FileNotFoundError when missing, ValueError when they no longer match."""
        self._take_back(sha256)
        data = self.path(sha256).read_bytes()
        if verify and digest(data) != sha256:
            raise ValueError(f"stored copy {sha256} no longer matches its hash")
        return data

    def _intact(self, path: Path, sha256: str) -> bool:
        try:
            return digest(path.read_bytes()) == sha256
        except OSError:
            return False

    def files(self) -> Iterator[Path]:
        """Every file under the store (copies and temporary files), in no particular order."""
        if not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            if folder.is_dir() and folder.name != UNREFERENCED_DIR:
                yield from (p for p in folder.iterdir() if p.is_file())

    def check(self, referenced: Iterable[str]) -> list[BlobProblem]:
        """The referenced files that are missing or damaged (each file hashed: a full check)."""
        problems = []
        for sha256 in sorted(set(referenced)):
            path = self.path(sha256)
            if not self._take_back(sha256):
                problems.append(BlobProblem(sha256, path, "missing"))
            elif not self._intact(path, sha256):
                problems.append(BlobProblem(sha256, path, "mismatch"))
        return problems

    def sweep(self, referenced: Iterable[str], *, grace: float = GRACE_SECONDS, now: float | None = None) -> list[Path]:
        """Set aside whole copies no row references, and delete temporary files, older than ``grace`` seconds.

        Returns the paths swept from the store (a copy set aside is in ``papers/unreferenced/``).

        ``referenced`` must be read from the database *after* listing is safe: a file younger than the
        grace period is never deleted, so a store that has written its file and not yet committed its
        row keeps it."""
        keep = set(referenced)
        moment = time.time() if now is None else now
        removed = []
        for path in self.files():
            name = path.name
            if name.endswith(SUFFIX) and name[: -len(SUFFIX)] in keep:
                continue
            try:
                if moment - path.stat().st_mtime < grace:
                    continue
                sha256 = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else ""
                if _NAME.fullmatch(sha256) and self._intact(path, sha256):
                    aside = self.set_aside_path(sha256)
                    aside.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, aside)
                    _fsync_dir(aside.parent)
                else:
                    path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path)
        return removed
