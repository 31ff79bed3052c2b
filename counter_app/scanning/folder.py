"""The scan-to-folder directory: network scanners in offices write each scan as a file into a shared
folder, and the counter takes the files from there.

:meth:`ScanFolder.ready` lists the files that are complete: seen at least twice, ``settle`` seconds
apart, with the same size and modification time (a scanner still writing changes one of them), not
empty, not a scanner's temporary name, and, on Windows, not held open for writing by another program.
A PDF, PNG or JPEG must also end with its end marker (``%%EOF``, ``IEND``, ``FFD9``), so a scanner that
pauses half-way through a file is waited for (up to :data:`STALE` seconds). A file taken moves into
``taken/`` so it is never offered twice; a file that cannot be read moves into
``refused/`` with a ``.txt`` beside it saying why, so one bad file never blocks the next ones.
Polling only (the GUI's timer calls :meth:`ScanFolder.poll`); no file-watching dependency.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from counter_app.domain.errors import DomainError, Unavailable
from counter_app.messages import message
from counter_app.scanning.files import read_files
from counter_app.scanning.pages import Page

TAKEN: Final = "taken"
REFUSED: Final = "refused"
SETTLE: Final = 2.0  # seconds a file must stay unchanged before it counts as written
# A PDF, PNG or JPEG without its end marker waits this long unchanged before it is offered anyway (and is
# then refused as damaged, so it does not wait for ever).
STALE: Final = 60.0
# Names scanners and copy tools give a file while it is being written.
_PARTIAL_SUFFIXES: Final = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".filepart", ".!ut")


@dataclass(frozen=True)
class FolderItem:
    """One file taken from the folder: its pages, or the reason it was refused (its pages then empty)."""

    path: Path  # where the file is now (in taken/ or refused/)
    pages: tuple[Page, ...] = ()
    error: DomainError | None = None


@dataclass
class ScanFolder:
    """A watched scan-to-folder directory (see the module's text)."""

    directory: Path
    settle: float = SETTLE
    clock: Callable[[], float] = time.monotonic
    _seen: dict[str, tuple[int, int, float]] = field(default_factory=dict, init=False, repr=False)

    def ready(self) -> list[Path]:
        """The complete files waiting in the folder, oldest first (one look; call it again on a timer)."""
        try:
            entries = list(os.scandir(self.directory))
        except OSError as exc:
            raise Unavailable("folder.missing", path=str(self.directory)) from exc
        now = self.clock()
        seen: dict[str, tuple[int, int, float]] = {}
        complete: list[tuple[int, str, Path]] = []
        for entry in entries:
            if not _candidate(entry.name):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # gone between the listing and the look: it was moved or is being replaced
            size, mtime = info.st_size, info.st_mtime_ns
            before = self._seen.get(entry.name)
            since = before[2] if before and before[:2] == (size, mtime) else now
            seen[entry.name] = (size, mtime, since)
            steady = now - since if before and since < now else -1.0
            if steady < self.settle or size == 0 or _locked(entry.path):
                continue
            if steady < STALE and not _looks_complete(entry.path):
                continue  # no end marker yet: the scanner paused mid-file
            complete.append((mtime, entry.name, Path(entry.path)))
        self._seen = seen
        return [path for _, _, path in sorted(complete)]

    def take(self, path: Path) -> Path:
        """Move ``path`` into ``taken/`` (never offered again); returns where it is now."""
        return self._move(path, TAKEN)

    def refuse(self, path: Path, reason: str) -> Path:
        """Move ``path`` into ``refused/`` with ``<name>.txt`` giving ``reason``; returns where it is now."""
        moved = self._move(path, REFUSED)
        moved.with_name(moved.name + ".txt").write_text(reason + "\n", encoding="utf-8")
        return moved

    def poll(self, describe: Callable[[DomainError], str] | None = None) -> list[FolderItem]:
        """Read every complete file: its pages (the file moves to ``taken/``), or its refusal (the file
        moves to ``refused/``, with the error's sentence, or ``describe(error)``, as the reason). One bad
        file stops nothing."""
        describe = describe or _sentence
        items = []
        for path in self.ready():
            try:
                pages = read_files([path])
            except DomainError as exc:
                items.append(FolderItem(self.refuse(path, describe(exc)), error=exc))
                continue
            items.append(FolderItem(self.take(path), tuple(_from_folder(page) for page in pages)))
        return items

    def _move(self, path: Path, where: str) -> Path:
        target_dir = self.directory / where
        target = target_dir / path.name
        try:
            target_dir.mkdir(exist_ok=True)
            counter = 1
            while target.exists():  # a scanner reusing names (scan0001.pdf every morning) keeps both
                target = target_dir / f"{path.stem}-{counter}{path.suffix}"
                counter += 1
            os.replace(path, target)
        except OSError as exc:  # a read-only share: the file stays and would come again, so say so
            raise Unavailable("folder.unwritable", path=str(self.directory)) from exc
        self._seen.pop(path.name, None)
        return target


def _sentence(error: DomainError) -> str:
    return message(error.code, error.params)


def _candidate(name: str) -> bool:
    lower = name.lower()
    return not (name.startswith((".", "~")) or lower.endswith((*_PARTIAL_SUFFIXES, ".txt")))


def _looks_complete(path: str) -> bool:
    """Whether a PDF, PNG or JPEG ends with its end marker (other files: True, size and time decide)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(8)
            stream.seek(0, os.SEEK_END)
            stream.seek(max(0, stream.tell() - 1024))
            tail = stream.read()
    except OSError:
        return False
    if head.startswith(b"%PDF-"):
        return b"%%EOF" in tail
    if head.startswith(b"\x89PNG"):
        return b"IEND" in tail
    if head.startswith(b"\xff\xd8"):
        return b"\xff\xd9" in tail
    return True


def _locked(path: str) -> bool:
    """On Windows, whether another program still holds the file open for writing (a share-deny open);
    POSIX has no such locks, the stable size and time are the test there."""
    if os.name != "nt":
        return False
    try:
        with open(path, "r+b"):
            return False
    except OSError:
        return True


def _from_folder(page: Page) -> Page:
    return Page(page.image, page.dpi, "folder")
