"""The scan-to-folder directory: only complete files are offered, each once; a bad one is set aside."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from counter_app.domain.errors import Unavailable
from counter_app.scanning import ScanFolder
from counter_app.scanning.pages import is_blank
from tests.scanning.conftest import text_page


class Clock:
    """A settable clock (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _scan(path: Path, blank: bool = False) -> Path:
    image = Image.new("L", (620, 877), 255) if blank else text_page(75)
    image.save(path, "PNG", dpi=(75, 75))
    return path


def test_a_file_is_offered_once_it_has_stayed_the_same(tmp_path: Path, clock: Clock) -> None:
    folder = ScanFolder(tmp_path, settle=2.0, clock=clock)
    path = _scan(tmp_path / "scan0001.png")
    assert folder.ready() == []  # first seen now
    clock.now += 1
    assert folder.ready() == []  # unchanged, but not for long enough
    clock.now += 1.5
    assert folder.ready() == [path]


def test_a_half_written_file_is_never_offered(tmp_path: Path, clock: Clock) -> None:
    folder = ScanFolder(tmp_path, settle=1.0, clock=clock)
    whole = _scan(tmp_path / "whole.png").read_bytes()
    path = tmp_path / "scan0002.png"
    path.write_bytes(whole[: len(whole) // 2])
    folder.ready()
    clock.now += 5
    assert folder.ready() == [tmp_path / "whole.png"]  # the scanner paused: no end marker yet
    with open(path, "ab") as stream:  # the scanner goes on writing
        stream.write(whole[len(whole) // 2 :])
    assert path not in folder.ready()  # it changed since the last look
    clock.now += 5
    assert path in folder.ready()


def test_a_file_left_half_written_is_offered_at_last_and_refused(tmp_path: Path, clock: Clock) -> None:
    folder = ScanFolder(tmp_path, settle=1.0, clock=clock)
    whole = _scan(tmp_path / "scan0009.png").read_bytes()
    (tmp_path / "scan0009.png").write_bytes(whole[: len(whole) // 2])
    folder.ready()
    clock.now += 30
    assert folder.poll() == []
    clock.now += 31
    (item,) = folder.poll()
    assert item.path == tmp_path / "refused" / "scan0009.png" and item.error is not None


def test_a_file_being_written_while_the_folder_is_watched(tmp_path: Path) -> None:
    """A real writer and a real clock: whatever ready() offers is complete."""
    whole = _scan(tmp_path / "model.png").read_bytes()
    (tmp_path / "model.png").unlink()
    target = tmp_path / "scan0003.png"
    step = max(1, len(whole) // 20)

    def write_slowly() -> None:
        with open(target, "wb") as stream:
            for start in range(0, len(whole), step):
                stream.write(whole[start : start + step])
                stream.flush()
                time.sleep(0.04)

    writer = threading.Thread(target=write_slowly)
    folder = ScanFolder(tmp_path, settle=0.25)
    writer.start()
    offered: list[int] = []
    deadline = time.monotonic() + 10
    while not offered and time.monotonic() < deadline:
        offered = [p.stat().st_size for p in folder.ready()]
        time.sleep(0.1)
    writer.join()
    assert offered == [len(whole)]


def test_empty_and_temporary_files_are_not_offered(tmp_path: Path, clock: Clock) -> None:
    folder = ScanFolder(tmp_path, settle=0.0, clock=clock)
    (tmp_path / "scan0004.pdf").touch()  # created, not yet written
    _scan(tmp_path / "scan0005.png.part")
    _scan(tmp_path / ".scan0006.png")
    _scan(tmp_path / "~scan0007.png")
    (tmp_path / "taken").mkdir()
    folder.ready()
    clock.now += 10
    assert folder.ready() == []


def test_taken_files_move_aside_and_are_not_offered_again(tmp_path: Path, clock: Clock) -> None:
    folder = ScanFolder(tmp_path, settle=1.0, clock=clock)
    _scan(tmp_path / "scan0008.png")
    folder.ready()
    clock.now += 2
    (item,) = folder.poll()
    assert item.error is None and item.path == tmp_path / "taken" / "scan0008.png" and item.path.exists()
    assert [p.source for p in item.pages] == ["folder"] and not is_blank(item.pages[0])
    clock.now += 2
    assert folder.poll() == [] and folder.ready() == []


def test_a_name_used_again_keeps_both_files(tmp_path: Path, clock: Clock) -> None:
    folder = ScanFolder(tmp_path, settle=0.0, clock=clock)
    for _ in range(2):
        _scan(tmp_path / "scan.png")
        folder.ready()
        clock.now += 1
        folder.poll()
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["scan-1.png", "scan.png"]


def test_a_bad_file_is_set_aside_with_its_reason_and_blocks_nothing(tmp_path: Path, clock: Clock) -> None:
    folder = ScanFolder(tmp_path, settle=1.0, clock=clock)
    _scan(tmp_path / "a.png")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\n garbage that is no PDF\n%%EOF\n")
    _scan(tmp_path / "c.png", blank=True)
    folder.ready()
    clock.now += 2
    items = folder.poll()
    assert [(i.path.parent.name, i.path.name, i.error is None) for i in sorted(items, key=lambda i: i.path.name)] == [
        ("taken", "a.png", True),
        ("refused", "b.pdf", False),
        ("taken", "c.png", True),
    ]
    reason = (tmp_path / "refused" / "b.pdf.txt").read_text(encoding="utf-8")
    assert reason.startswith("Tệp b.pdf bị hỏng")
    clock.now += 2
    assert folder.ready() == []  # the reason file is not offered either


def test_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(Unavailable) as caught:
        ScanFolder(tmp_path / "khong-co").ready()
    assert caught.value.code == "folder.missing"


def test_a_folder_where_files_cannot_be_moved_says_so(tmp_path: Path, clock: Clock) -> None:
    folder = ScanFolder(tmp_path, settle=0.0, clock=clock)
    path = _scan(tmp_path / "scan.png")
    (tmp_path / "taken").write_text("a file where the folder should be", encoding="utf-8")
    folder.ready()
    clock.now += 1
    with pytest.raises(Unavailable) as caught:
        folder.take(path)
    assert caught.value.code == "folder.unwritable" and path.exists()
