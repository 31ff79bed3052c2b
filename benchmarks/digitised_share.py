"""The digitisation share of a quarter over a million dossiers (target: ≤ 1 s).

``services.statistics.digitised`` on the cached demo database for the last full calendar quarter of its
history (the busiest): the dossiers received in it, the papers of those filed on paper, their current
copies, and the rule applied per dossier (checklist names folded once each). Five runs after one
warm-up; the figure is the median.

The reference, in the same run: Biểu 06 of the same quarter (``services.statistics.report``), which the
statistics tab computes beside it.
"""

from __future__ import annotations

import sys
import time
from datetime import date

from common import DOSSIERS, admin_context, demo_database, emit, median, ms
from report import last_full_quarter

from counter_app.services import statistics
from counter_app.services.database import open_database

TARGET_S = 1.0
RUNS = 5


def main() -> int:
    directory = demo_database(DOSSIERS)
    db = open_database(directory)
    try:
        ctx = admin_context(db)
        with db.read() as session:
            (last,) = session.execute(statistics.text("SELECT max(received_at) FROM dossier")).one()
        quarter = last_full_quarter(date.fromisoformat(last[:10]))
        statistics.digitised(ctx, quarter)  # warm-up (page cache)
        times, share = [], None
        for _ in range(RUNS):
            started = time.perf_counter()
            share = statistics.digitised(ctx, quarter)
            times.append(time.perf_counter() - started)
        statistics.report(ctx, quarter)
        reference_times = []
        for _ in range(3):
            started = time.perf_counter()
            statistics.report(ctx, quarter)
            reference_times.append(time.perf_counter() - started)
    finally:
        db.close()
    assert share is not None
    med, ref = median(times), median(reference_times)
    ratio = med / ref
    print(f"digitisation share {quarter.start}–{quarter.end}: median {ms(med)} ({share.received:,} dossiers received)")
    print(f"reference (Biểu 06 of the same quarter) {ms(ref)}; share/reference = {ratio:.2f}×")
    print(f"target ≤ {ms(TARGET_S)}: {'met' if med <= TARGET_S else 'MISSED'}")
    emit(
        "digitised_share",
        label=f"Digitisation share for a quarter, {DOSSIERS:,} dossiers",
        target=f"≤ {TARGET_S * 1000:.0f} ms",
        measured=f"median {ms(med)} ({share.received:,} received)",
        reference=f"{ms(ref)} (Biểu 06 of the same quarter)",
        ratio=f"{ratio:.2f}× reference",
        met=med <= TARGET_S,
        details={"period": quarter.to_json(), "runs_s": times, "share": share.to_json(), "reference_s": ref},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
