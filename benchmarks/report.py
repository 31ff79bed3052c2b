"""Biểu 06 for a quarter over a million dossiers (target: ≤ 1 s).

``services.statistics.report`` on the cached demo database, for the last full calendar quarter of
its history (the busiest: the demo's volume grows over the years) and, in the details, for the first
full quarter (where the dossiers resolved since the period's start are the whole later history).
Five runs each after one warm-up; the figure is the median of the recent quarter.

The reference, in the same run: the rows such a report cannot avoid reading, fetched with bare
sqlite3 (the two index range scans of the service's queries, same columns, no arithmetic).
"""

from __future__ import annotations

import sqlite3
import sys
import time
from datetime import date

from common import DOSSIERS, admin_context, demo_database, emit, median, ms

from counter_app.domain.statistics import Period
from counter_app.paths import database_path
from counter_app.services import statistics
from counter_app.services.database import open_database

TARGET_S = 1.0
RUNS = 5


def last_full_quarter(before: date) -> Period:
    quarter = (before.month - 1) // 3  # the current quarter's number minus one
    return Period.quarter(before.year, quarter) if quarter else Period.quarter(before.year - 1, 4)


def reference(path: str, period: Period) -> float:
    low, high = statistics.bounds(period)
    params = {"low": statistics._stored(low), "high": statistics._stored(high)}
    connection = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        rows = connection.execute(str(statistics._RESOLVED), params).fetchall()
        rows += connection.execute(str(statistics._UNRESOLVED), params).fetchall()
        elapsed = time.perf_counter() - started
        assert rows
        return elapsed
    finally:
        connection.close()


def timed(ctx: object, period: Period) -> tuple[list[float], int]:
    statistics.report(ctx, period)  # type: ignore[arg-type]  # warm-up (page cache)
    times, received = [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        result = statistics.report(ctx, period)  # type: ignore[arg-type]
        times.append(time.perf_counter() - started)
        received = result.total.received.total
    return times, received


def main() -> int:
    directory = demo_database(DOSSIERS)
    db = open_database(directory)
    try:
        ctx = admin_context(db)
        with db.read() as session:
            first, last = session.execute(
                statistics.text("SELECT min(received_at), max(received_at) FROM dossier")
            ).one()
        first_day, last_day = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
        recent = last_full_quarter(last_day)
        old = Period.quarter(first_day.year, (first_day.month - 1) // 3 + 2)
        recent_times, recent_received = timed(ctx, recent)
        old_times, old_received = timed(ctx, old)
    finally:
        db.close()
    path = str(database_path(directory))
    ref = median([reference(path, recent) for _ in range(3)])
    med, old_med = median(recent_times), median(old_times)
    ratio = med / ref
    print(f"Biểu 06 {recent.start}–{recent.end}: median {ms(med)} ({recent_received:,} dossiers received)")
    print(f"Biểu 06 {old.start}–{old.end}: median {ms(old_med)} ({old_received:,} dossiers received)")
    print(f"reference (bare read of the same rows) {ms(ref)}; report/reference = {ratio:.2f}×")
    print(f"target ≤ {ms(TARGET_S)}: {'met' if max(med, old_med) <= TARGET_S else 'MISSED'}")
    emit(
        "report",
        label=f"Biểu 06 for a quarter, {DOSSIERS:,} dossiers",
        target=f"≤ {TARGET_S * 1000:.0f} ms",
        measured=f"median {ms(med)} (last full quarter); {ms(old_med)} (first one)",
        reference=f"{ms(ref)} (bare read of the same rows)",
        ratio=f"{ratio:.2f}× reference",
        met=max(med, old_med) <= TARGET_S,
        details={
            "recent": {"period": recent.to_json(), "runs_s": recent_times, "received": recent_received},
            "old": {"period": old.to_json(), "runs_s": old_times, "received": old_received},
            "reference_s": ref,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
