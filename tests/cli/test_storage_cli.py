"""A database that is damaged, empty, foreign, locked, read-only or on a full disk: one line, its own exit status.

Every case works on a real SQLite file (bytes changed on disk, a real second connection holding the
lock, a real read-only or full filesystem mounted for the test).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.cli import (
    EXIT_BAD_INPUT,
    EXIT_BUSY,
    EXIT_DAMAGED,
    EXIT_DISK_FULL,
    EXIT_IO,
    EXIT_READ_ONLY,
    build_parser,
)
from counter_app.storage import base, check
from counter_app.storage.migrate import backup
from tests.cli.conftest import OFFICE, Cli

ROOT = Path(__file__).resolve().parents[2]
NAME = "Nguyễn Văn Thành"
INTAKE = ("intake", "--procedure", "2.000815", "--applicant-name", "Lê Thị Bình")
DAMAGED_START = "Cơ sở dữ liệu "
DAMAGED_END_NO_BACKUP = (
    "chưa có bản sao lưu nào: hãy giữ nguyên tệp và báo quản trị để khôi phục từ bản sao lưu riêng của đơn vị"
)


@pytest.fixture
def filled(ready: Cli) -> Cli:
    """An initialised counter with a few dossiers, its WAL checkpointed into the file."""
    for given in ("An", "Bình", "Chi", "Dũng", "Hà"):
        ready.json("intake", "--procedure", "2.000815", "--applicant-name", f"{NAME} {given}")
    checkpoint(db_file(ready))
    return ready


def db_file(cli: Cli) -> Path:
    return cli.data_dir / "counter.sqlite3"


def checkpoint(path: Path) -> None:
    raw = sqlite3.connect(path)
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def assert_damaged_everywhere(cli: Cli, *, backup_named: Path | None = None) -> None:
    """search, intake and audit-verify all stop with exit 8 and the damage sentence; nothing is written."""
    path = db_file(cli)
    before = digest(path)
    for command in (("search", NAME), INTAKE, ("audit-verify",)):
        code, _, err = cli(*command)
        line = one_line(err)
        assert code == EXIT_DAMAGED, (command, err)
        assert line.startswith(DAMAGED_START), line
        assert "bị hỏng" in line and "phần mềm đã ngừng ghi" in line
        if backup_named is None:
            assert line.endswith(DAMAGED_END_NO_BACKUP), line
        else:
            assert f"chép bản sao lưu {backup_named} đè lên {path}" in line, line
            assert "counter-app check" in line
    assert digest(path) == before  # the damaged file was not written to


# ----------------------------------------------------------------------------- damaged files


def test_a_row_whose_text_is_no_longer_utf8_is_damage_not_a_traceback(filled: Cli) -> None:
    path = db_file(filled)
    data = path.read_bytes()
    name = NAME.encode()
    assert name in data
    path.write_bytes(data.replace(name, b"\xff\xfe" + name[2:]))  # bytes flipped inside the name, everywhere
    assert_damaged_everywhere(filled)


@pytest.mark.parametrize("seed", range(6))
def test_random_bytes_flipped_never_give_a_traceback_or_a_write(filled: Cli, seed: int) -> None:
    path = db_file(filled)
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for _ in range(200):
        data[rng.randrange(4096, len(data))] ^= 0xFF
    path.write_bytes(bytes(data))
    before = digest(path)
    for command in (("search", NAME), INTAKE, ("audit-verify",)):
        code, _, err = filled(*command)
        if code != 0:
            assert code == EXIT_DAMAGED, (command, err)
            assert one_line(err).startswith(DAMAGED_START)
    assert digest(path) == before or _integrity(path) == "ok"  # only a whole file is ever written to


def _integrity(path: Path) -> str:
    raw = sqlite3.connect(path)
    try:
        return str(raw.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        raw.close()


def _zero_page_of(path: Path, table: str) -> None:
    raw = sqlite3.connect(path)
    try:
        page = int(raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
        size = int(raw.execute("PRAGMA page_size").fetchone()[0])
    finally:
        raw.close()
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(bytes(size))


def test_a_zeroed_page_is_found_at_open_and_nothing_is_written(filled: Cli) -> None:
    path = db_file(filled)
    _zero_page_of(path, "dossier")
    assert _integrity(path) != "ok"
    assert_damaged_everywhere(filled)


def test_damage_in_a_table_too_large_to_check_at_open_is_found_by_check_then_refused_everywhere(
    filled: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large database only the small tables are checked at open; ``check`` (and the desktop app in
    the background) checks everything, and once it has found the damage no command writes again."""
    path = db_file(filled)
    saved = backup(path, filled.data_dir / "backups", "before-0006")  # as the migration runner keeps them
    monkeypatch.setattr(check, "SMALL_TABLE_ROWS", 0)  # every table counts as large
    _zero_page_of(path, "dossier_component")
    code, _, err = filled("check")
    assert code == EXIT_DAMAGED
    assert f"chép bản sao lưu {saved}" in one_line(err)
    assert_damaged_everywhere(filled, backup_named=saved)

    # The restore path the message gives: copy the backup over the file, then check.
    shutil.copyfile(saved, path)
    code, out, err = filled("check")
    assert (code, err) == (0, "")
    assert out.strip() == f"Cơ sở dữ liệu {path} nguyên vẹn"
    assert filled.json(*INTAKE)["applicant_name"] == "Lê Thị Bình"


def test_a_zero_length_database_is_refused_and_never_created_over(cli: Cli) -> None:
    cli.data_dir.mkdir(parents=True)
    path = db_file(cli)
    path.touch()
    for command in (("search", NAME), INTAKE, ("audit-verify",), ("check",)):
        code, _, err = cli(*command)
        assert code == EXIT_DAMAGED, (command, err)
        assert one_line(err) == (
            f"Tệp cơ sở dữ liệu {path} có nhưng rỗng (0 byte) nên phần mềm không dùng và không tạo mới đè lên:"
            " hãy khôi phục tệp từ bản sao lưu, hoặc xoá nó nếu đây là máy mới chưa có dữ liệu"
        )
    code, _, err = cli("init", *OFFICE, "--admin-password-stdin", stdin="mat-khau-123\n")
    assert code == EXIT_DAMAGED, err
    assert path.stat().st_size == 0


def _foreign_sqlite(path: Path) -> None:
    raw = sqlite3.connect(path)
    try:
        raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        raw.execute("INSERT INTO notes (body) VALUES ('sổ tay của một chương trình khác')")
        raw.commit()
    finally:
        raw.close()


@pytest.mark.parametrize(
    "make",
    [_foreign_sqlite, lambda path: path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)],
    ids=["another-programs-sqlite", "not-sqlite"],
)
def test_a_file_that_is_not_our_database_is_refused_and_left_alone(cli: Cli, make: object) -> None:
    cli.data_dir.mkdir(parents=True)
    path = db_file(cli)
    make(path)  # type: ignore[operator]
    before = digest(path)
    for command in (("search", NAME), INTAKE, ("check",), ("init", *OFFICE)):
        code, _, err = cli(*command)
        assert code == EXIT_DAMAGED, (command, err)
        assert one_line(err).startswith(f"Tệp {path} không phải cơ sở dữ liệu của phần mềm này")
    assert digest(path) == before


# ----------------------------------------------------------------------------- the environment


def test_a_database_the_system_cannot_read_is_an_io_error(cli: Cli) -> None:
    path = db_file(cli)
    path.mkdir(parents=True)  # a folder where the file should be: reading it fails (EISDIR)
    code, _, err = cli("search", NAME)
    assert code == EXIT_IO, err
    assert one_line(err) == (
        f"Ổ đĩa báo lỗi khi đọc hoặc ghi cơ sở dữ liệu {path} (Is a directory): hãy kiểm tra ổ đĩa rồi thử lại"
    )


def test_a_database_locked_by_another_program_is_busy_not_damaged(filled: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db_file(filled), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE office SET name = name")
        code, _, err = filled(*INTAKE)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == EXIT_BUSY
    assert one_line(err) == "Cơ sở dữ liệu đang bị một chương trình khác giữ, hãy thử lại sau ít phút"
    assert filled.json(*INTAKE)["applicant_name"] == "Lê Thị Bình"  # nothing marked: it works once free


@pytest.fixture
def mount_point(tmp_path: Path) -> Iterator[Path]:
    """A 3 MiB tmpfs (CI runs as root; skipped where mounting is not permitted)."""
    point = tmp_path / "mnt"
    point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(point)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _counter_app(data_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTER_APP_LANG": "vi"}
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_a_read_only_filesystem_is_said_as_such(filled: Cli, mount_point: Path) -> None:
    shutil.copyfile(db_file(filled), mount_point / "counter.sqlite3")
    subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
    done = _counter_app(mount_point, *INTAKE)
    assert done.returncode == EXIT_READ_ONLY, done.stderr
    assert one_line(done.stderr) == (
        f"Không được phép ghi vào cơ sở dữ liệu {mount_point / 'counter.sqlite3'} (tệp hoặc thư mục chỉ đọc):"
        " hãy nhờ quản trị cấp quyền ghi"
    )


def test_a_data_folder_on_a_read_only_filesystem_is_read_only_at_init(cli: Cli, mount_point: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
    code, _, err = cli("--data-dir", str(mount_point / "data"), "init", *OFFICE)
    assert code == EXIT_READ_ONLY, err
    assert one_line(err).startswith(f"Không được phép ghi vào cơ sở dữ liệu {mount_point / 'data'}")


def test_an_immutable_file_is_read_only_even_for_root(filled: Cli) -> None:
    path = db_file(filled)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode != 0:
        pytest.skip("chattr +i is not permitted here")
    try:
        code, _, err = filled(*INTAKE)
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    assert code == EXIT_READ_ONLY, err
    assert one_line(err).startswith(f"Không được phép ghi vào cơ sở dữ liệu {path}")


def _fill(directory: Path) -> None:
    """Fills the file system to its last byte (unbuffered writes: a buffered file would fail again on
    its close, flushing what the full disk refused)."""
    fd = os.open(directory / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 20, 1 << 14, 1 << 10, 1):
            try:
                while True:
                    os.write(fd, bytes(size))
            except OSError:
                pass
    finally:
        os.close(fd)


def test_a_full_disk_during_intake_is_said_and_nothing_is_half_written(filled: Cli, mount_point: Path) -> None:
    shutil.copyfile(db_file(filled), mount_point / "counter.sqlite3")
    assert _counter_app(mount_point, "search", NAME).returncode == 0  # the -wal and -shm files exist
    _fill(mount_point)
    done = _counter_app(mount_point, *INTAKE, "--address", "Thôn Đông " * 45)
    assert done.returncode == EXIT_DISK_FULL, done.stderr
    assert one_line(done.stderr) == (
        f"Ổ đĩa chứa cơ sở dữ liệu {mount_point / 'counter.sqlite3'} đã đầy nên thao tác không được ghi:"
        " hãy giải phóng dung lượng rồi thử lại"
    )
    (mount_point / "filler").unlink()
    assert _counter_app(mount_point, *INTAKE).returncode == 0  # not marked damaged: it works with space


def test_a_full_disk_during_demo_fails_cleanly_instead_of_hanging(filled: Cli, mount_point: Path) -> None:
    shutil.copyfile(db_file(filled), mount_point / "counter.sqlite3")
    done = _counter_app(mount_point, "demo", "--dossiers", "20000", timeout=240)  # hung forever before
    assert done.returncode == EXIT_DISK_FULL, done.stderr
    assert one_line(done.stderr).startswith("Ổ đĩa chứa cơ sở dữ liệu")


# ----------------------------------------------------------------------------- documented


def test_every_exit_status_is_documented_in_the_help() -> None:
    epilog = build_parser().format_help()
    for status in range(9):
        assert f"\n  {status}  " in epilog, status
    assert EXIT_BAD_INPUT == 2
