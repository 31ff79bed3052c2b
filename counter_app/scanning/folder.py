"""The scan-to-folder directory: network scanners in offices write each scan as a file into a shared
folder, and the counter takes the files from there.

:meth:`ScanFolder.ready` lists the files that are complete: seen at least twice, ``settle`` seconds
apart, with the same size and modification time (a scanner still writing changes one of them), not
empty, not a scanner's temporary name, and, on Windows, not held open for writing by another program.
A file taken moves into ``taken/`` so it is never offered twice; a file that cannot be read moves into
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
from counter_app.scanning.files import read_files
from counter_app.scanning.pages import Page

TAKEN: Final = "taken"
REFUSED: Final = "refused"
SETTLE: Final = 2.0  # seconds a file must stay unchanged before it counts as written
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
            if before and since < now and now - since >= self.settle and size > 0 and not _locked(entry.path):
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

    def poll(self, describe: Callable[[DomainError], str] = str) -> list[FolderItem]:
        """Read every complete file: its pages (the file moves to ``taken/``), or its refusal (the file
        moves to ``refused/``, with ``describe(error)`` as the reason). One bad file stops nothing."""
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
        target_dir.mkdir(exist_ok=True)
        target = target_dir / path.name
        counter = 1
        while target.exists():  # a scanner reusing names (scan0001.pdf every morning) keeps both
            target = target_dir / f"{path.stem}-{counter}{path.suffix}"
            counter += 1
        os.replace(path, target)
        self._seen.pop(path.name, None)
        return target


def _candidate(name: str) -> bool:
    lower = name.lower()
    return not (name.startswith((".", "~")) or lower.endswith((*_PARTIAL_SUFFIXES, ".txt")))


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
