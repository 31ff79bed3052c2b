"""Intake transaction time with a million dossiers in the database (target: median ≤ 10 ms).

Each intake is ``services.intake.accept`` through a Context acting as the admin: code allotment, due
date, dossier, papers, first event, outbox message, search row, SMS notice and audit entry, committed
with ``synchronous = FULL`` in WAL mode. The reference is the cheapest durable write SQLite can do on
this disk: one row into a one-column table per transaction, same PRAGMAs, measured in the same run.

The intakes go into a copy of the cached database, dated tomorrow (a day the demo history never
reaches), so the cache stays as built and the daily numbers never run out.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path

from common import DATA, DOSSIERS, admin_context, demo_database, emit, median, ms, now_utc, percentile

from counter_app.domain.applicant import make_applicant
from counter_app.services import intake
from counter_app.services.database import open_database
from counter_app.storage.base import BUSY_TIMEOUT_MS

TARGET_S = 0.010
WARMUP = 10
RUNS = 200
NAMES = ("Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Minh Tuấn", "Phạm Thị Hương", "Hoàng Đức Anh")


def reference(directory: Path, runs: int) -> list[float]:
    """One-row transactions on a one-column table, WAL and synchronous = FULL like the counter database."""
    path = directory / "reference.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("CREATE TABLE t(x INTEGER)")
        times = []
        for i in range(WARMUP + runs):
            started = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t VALUES (?)", (i,))
            connection.execute("COMMIT")
            if i >= WARMUP:
                times.append(time.perf_counter() - started)
        return times
    finally:
        connection.close()


def main() -> int:
    source = demo_database(DOSSIERS)
    work = DATA / "intake-work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    print(f"copying the {DOSSIERS:,}-dossier database ...", flush=True)
    shutil.copyfile(source / "counter.sqlite3", work / "counter.sqlite3")

    start = now_utc() + timedelta(days=1)
    t0 = time.perf_counter()
    db = open_database(work)
    try:
        ctx = admin_context(db, lambda: start + timedelta(seconds=time.perf_counter() - t0))
        times = []
        for i in range(WARMUP + RUNS):
            applicant = make_applicant(
                NAMES[i % len(NAMES)],
                id_number=f"025{(i % 2) + 1}90{i:06d}",
                phone=f"09{i % 10}{i:07d}",
                address="Thôn Đông, xã Tân Lập, tỉnh Phú Thọ",
            )
            request = intake.IntakeRequest("2.000815", applicant)
            started = time.perf_counter()
            intake.accept(ctx, request)
            if i >= WARMUP:
                times.append(time.perf_counter() - started)
    finally:
        db.close()
    ref = reference(work, RUNS)
    shutil.rmtree(work)

    med, p95, ref_med = median(times), percentile(times, 0.95), median(ref)
    ratio = med / ref_med
    print(f"intake median {ms(med)}, p95 {ms(p95)} over {RUNS} intakes with {DOSSIERS:,} dossiers")
    print(f"reference (one-row durable transaction) median {ms(ref_med)}; intake/reference = {ratio:.1f}×")
    print(f"target median ≤ {ms(TARGET_S)}: {'met' if med <= TARGET_S else 'MISSED'}")
    emit(
        "intake",
        label=f"Intake transaction, {DOSSIERS:,} dossiers in the database",
        target=f"median ≤ {ms(TARGET_S)}",
        measured=f"median {ms(med)}, p95 {ms(p95)}",
        reference=f"{ms(ref_med)} (one-row transaction)",
        ratio=f"{ratio:.1f}× reference",
        met=med <= TARGET_S,
        details={"median_s": med, "p95_s": p95, "reference_median_s": ref_med, "runs": RUNS},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
