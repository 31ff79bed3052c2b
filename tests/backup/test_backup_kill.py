"""SIGKILL during a backup, at random moments: the earlier backups and the index stay whole and verify."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_app.backup.archive import BackupSet
from counter_app.backup.key import load_key
from counter_app.services import backups
from counter_app.services.context import Context
from tests.backup.conftest import fill

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 10


@pytest.mark.slow
def test_sigkill_during_backups_leaves_earlier_backups_intact(ctx: Context, data_dir: Path, target: Path) -> None:
    fill(ctx, 4)
    rng = random.Random(1503)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    completed: list[dict[str, object]] = []
    day = 0
    for round_ in range(ROUNDS):
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.backup.backup_worker", str(data_dir), str(target), str(day)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 2.5))
        worker.send_signal(signal.SIGKILL)
        rest, _ = worker.communicate(timeout=30)
        done = [json.loads(line) for line in rest.splitlines() if line.startswith("{")]
        completed.extend(done)
        day += len(done) + 1
        if round_ % 3 == 2:
            fill(ctx, 1)  # the counter keeps taking dossiers in between
        listed = backups.list_backups(target)
        key = load_key(data_dir) or b""
        for info in listed:  # every backup at the target is whole, whatever moment the kill came
            assert backups.verify_backup(Path(info.path), key).ok, (round_, info.file)
        if completed:
            newest = str(completed[-1]["file"])
            assert newest in {b.file for b in listed}  # the last finished backup survived the next kill
    assert len(completed) >= 3, "the worker never finished a backup: the kills came too early to prove anything"
    # the scratch folders the kills left (a snapshot, a trial restore) go once they are old
    later = time.time() + backups.STALE_WORK_SECONDS + 60
    backups.remove_stale_work(data_dir, now=later)
    assert [p.name for p in data_dir.iterdir() if p.name.startswith((".backup-work-", ".backup-verify-"))] == []
    final = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    assert final.verified
    listed = backups.list_backups(target)
    assert len(listed) <= 23
    assert all(b.verified is not False for b in listed)
    set_ = BackupSet(target)
    assert all(set_.paper_path(sha).is_file() for e in set_.read_index() for sha in e.papers)
