"""The backup location missing, full or read-only: one clear sentence, nothing lost, earlier backups intact.

Full and read-only are real filesystems: a tiny tmpfs mounted for the test (needs root, as in the CI
container; skipped elsewhere), filled to ENOSPC by the backup itself, then remounted read-only."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app import messages
from counter_app.backup.errors import TargetProblem
from counter_app.backup.key import load_key
from counter_app.services import backups
from counter_app.services.context import Context
from tests.backup.conftest import fill


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small-usb"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=900k", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _leftovers(target: Path) -> list[str]:
    return [p.name for p in target.rglob("*") if p.name.endswith(".tmp")]


def _intact(data_dir: Path, target: Path, count: int) -> None:
    listed = backups.list_backups(target)
    assert len(listed) == count
    key = load_key(data_dir) or b""
    assert all(backups.verify_backup(Path(b.path), key).ok for b in listed)


def test_missing_target(ctx: Context, data_dir: Path, tmp_path: Path) -> None:
    gone = tmp_path / "usb-not-plugged-in"
    with pytest.raises(TargetProblem) as caught:
        backups.backup_now(ctx.db, data_dir, gone, now=ctx.now())
    assert caught.value.code == "backup.target_missing"
    assert messages.message(caught.value.code, caught.value.params).startswith("Không thấy nơi sao lưu")
    assert not gone.exists()
    fill(ctx, 1)  # the counter keeps working


def test_full_target_keeps_the_earlier_backup(ctx: Context, data_dir: Path, small_fs: Path) -> None:
    fill(ctx, 1)
    first = backups.backup_now(ctx.db, data_dir, small_fs, now=ctx.now())
    assert first.verified
    fill(ctx, 2)
    with pytest.raises(TargetProblem) as caught:
        backups.backup_now(ctx.db, data_dir, small_fs, now=ctx.now())
    assert caught.value.code == "backup.target_full"
    assert "đã đầy" in messages.message(caught.value.code, caught.value.params)
    assert _leftovers(small_fs) == []  # the half-written file was removed
    _intact(data_dir, small_fs, 1)
    fill(ctx, 1)  # the counter keeps working


def test_read_only_target_keeps_the_earlier_backup(ctx: Context, data_dir: Path, small_fs: Path) -> None:
    first = backups.backup_now(ctx.db, data_dir, small_fs, now=ctx.now())
    assert first.verified
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    with pytest.raises(TargetProblem) as caught:
        backups.backup_now(ctx.db, data_dir, small_fs, now=ctx.now())
    assert caught.value.code == "backup.target_read_only"
    assert messages.message(caught.value.code, caught.value.params, "en").startswith("The backup location")
    _intact(data_dir, small_fs, 1)
    fill(ctx, 1)
