"""Dossier list first paint over a million dossiers (target: ≤ 200 ms; resident memory ≤ 300 MB).

Five times: a fresh ``DossierListView`` is shown, ``refresh()`` runs and the table's viewport is
painted synchronously; the figure is the median time from the refresh to the painted rows. The list
shows the count and the newest page at once and loads every id in the background (the task runner's
thread), which is then waited for: the resident memory is read afterwards, with every id held.

The reference is what a list that first loads every id would pay before painting anything: the
same ids read straight through sqlite3 into an integer array, in the same run.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from array import array

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import DOSSIERS, demo_database, emit, median, ms

from PySide6.QtWidgets import QApplication

from counter_app.paths import database_path
from counter_app.services.context import Context
from counter_app.services.database import open_database
from counter_app.ui.dossier_list import DossierListView
from counter_app.ui.tasks import TaskRunner

TARGET_S = 0.200
TARGET_MB = 300
ROUNDS = 5


def resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reference(path: str) -> float:
    connection = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        ids = array("q", (row[0] for row in connection.execute("SELECT id FROM dossier ORDER BY id DESC")))
        elapsed = time.perf_counter() - start
        assert len(ids) >= DOSSIERS
        return elapsed
    finally:
        connection.close()


def main() -> int:
    directory = demo_database()
    app = QApplication(sys.argv[:1])
    db = open_database(directory)
    ctx = Context(db)
    runner = TaskRunner()
    paints = []
    rows = 0
    for _ in range(ROUNDS):
        view = DossierListView(lambda: ctx, run_task=runner.run)
        view.resize(1200, 720)
        view.show()
        app.processEvents()
        start = time.perf_counter()
        view.refresh()
        view.table.viewport().repaint()
        paints.append(time.perf_counter() - start)
        runner.wait()
        app.processEvents()  # the background ids arrive on the GUI thread
        rows = view.model.rowCount()
        assert view.model.dossier_id(rows - 1) is not None, "the background load did not complete"
        view.close()
    rss = resident_mb()
    ref = median([reference(str(database_path(directory))) for _ in range(3)])
    first = median(paints)
    print(f"first paint: {[ms(p) for p in paints]}; rows {rows:,}; RSS {rss:.0f} MB; reference {ms(ref)}")
    emit(
        "list",
        label=f"Dossier list first paint, {DOSSIERS:,} dossiers (and resident memory)",
        target=f"≤ {TARGET_S * 1000:.0f} ms; RSS ≤ {TARGET_MB} MB",
        measured=f"median {ms(first)}; RSS {rss:.0f} MB",
        reference=f"{ms(ref)} (reading every id before painting)",
        ratio=f"{first / ref:.2f}× reference",
        met=first <= TARGET_S and rss <= TARGET_MB,
        details={"paints_s": paints, "rss_mb": rss, "reference_s": ref, "rows": rows},
    )
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
