"""Backup and verify of the million-dossier database, against a plain ``sqlite3 .backup`` of the same file.

The backup (:func:`counter_app.services.backups.backup_now`) is SQLite's online backup API into a
snapshot, sealed with AES-256-GCM in 1 MiB chunks to the target, then verified by restoring it into a
temporary folder: decrypted, ``PRAGMA integrity_check``, a row count of every table, the audit chain.
The reference is the ``sqlite3`` shell's ``.backup`` of the same file to the same disk, in the same run
(no encryption, no check). Both write to a scratch folder beside the cached database; the cached
database itself is only read. Timed once each (the file is cached by the OS after the first read: the
reference runs first, so both read it warm).

Target: backup and verify ≤ 5× the plain copy, the sealed file ≤ 1.01× its size.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DOSSIERS, demo_database, emit, now_utc

from counter_app.paths import database_path
from counter_app.services import backups
from counter_app.storage.engine import Database

TARGET_RATIO = 5.0
TARGET_SIZE = 1.01


def main() -> int:
    source = database_path(demo_database())
    size = source.stat().st_size
    with tempfile.TemporaryDirectory(prefix="backup-bench-", dir=source.parent.parent) as scratch:
        work = Path(scratch)
        plain = work / "plain.sqlite3"
        subprocess.run(["sqlite3", str(source), "PRAGMA quick_check(1)"], check=True, capture_output=True)  # warm
        started = time.perf_counter()
        subprocess.run(["sqlite3", str(source), f".backup '{plain}'"], check=True)
        reference = time.perf_counter() - started
        plain_size = plain.stat().st_size
        plain.unlink()

        data_dir, target = work / "data", work / "usb"
        data_dir.mkdir()
        target.mkdir()
        stages: dict[str, float] = {}

        def progress(stage: str, _done: int, _total: int) -> None:
            stages.setdefault(stage, time.perf_counter())

        db = Database(source)
        try:
            started = time.perf_counter()
            result = backups.backup_now(db, data_dir, target, now=now_utc(), progress=progress)
            total = time.perf_counter() - started
        finally:
            db.close()
        assert result.verified, result.problem
        sealing = stages.get("backup", started) - started
        written = stages.get("restore", started + total) - started
        verify = total - written
        shutil.rmtree(target)
    ratio = total / reference
    size_ratio = result.bytes / plain_size
    print(f"database {size / 2**30:.2f} GiB; sqlite3 .backup {reference:.1f} s, {plain_size / 2**30:.2f} GiB")
    print(
        f"backup_now {total:.1f} s: snapshot {sealing:.1f} s, sealed+written by {written:.1f} s, verify {verify:.1f} s;"
        f" {result.bytes / 2**30:.2f} GiB"
    )
    emit(
        "backup_verify",
        label=f"Backup + verify (trial restore), {DOSSIERS:,} dossiers ({size / 2**30:.1f} GiB)",
        target=f"≤ {TARGET_RATIO:g}× plain copy; size ≤ {TARGET_SIZE:g}×",
        measured=f"{total:.1f} s (backup {written:.1f} s, verify {verify:.1f} s); {result.bytes / 2**30:.2f} GiB",
        reference=f"sqlite3 .backup {reference:.1f} s, {plain_size / 2**30:.2f} GiB",
        ratio=f"{ratio:.1f}× time, {size_ratio:.4f}× size",
        met=ratio <= TARGET_RATIO and size_ratio <= TARGET_SIZE,
        details={
            "database_bytes": size,
            "reference_s": reference,
            "reference_bytes": plain_size,
            "total_s": total,
            "snapshot_s": sealing,
            "written_s": written,
            "verify_s": verify,
            "backup_bytes": result.bytes,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
