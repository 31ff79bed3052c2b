"""Cold start to a usable window over a million dossiers (target: ≤ 2 s and ≤ 2.5× a bare PySide6 window).

Each run is a new Python process (a cold interpreter; the operating system's file cache is warm, as
on a PC that has run the program before) that does what ``./run.sh`` does after sign-in: create the
application, load the bundled font and translations, open and check the database, sign the clerk in
(argon2), build the main window and paint it with the newest dossiers listed. The clock stops when
the process reports the painted window. Reference: a process showing and painting a bare
``QMainWindow`` with a ``QTableView``, timed the same way in the same run. Median of five each.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from common import ADMIN_PASSWORD, DOSSIERS, ROOT, demo_database, emit, median, ms

TARGET_S = 2.0
TARGET_RATIO = 2.5
RUNS = 5

APP = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from counter_app.app import load_fonts
from counter_app.services import office, users
from counter_app.services.context import SYSTEM, Actor, Context
from counter_app.services.database import open_database
from counter_app.ui import i18n
from counter_app.ui.main_window import MainWindow
from counter_app.ui.settings_store import SettingsStore
folder = Path(sys.argv[1])
app = QApplication(sys.argv[:1])
settings = SettingsStore(folder)
i18n.install(app, settings.load().language)
load_fonts(app)
db = open_database(folder)
base = Context(db, SYSTEM)
info = office.get_office(base)
user = users.authenticate(Context(db, Actor(None, "admin", "gui")), "admin", sys.argv[2])
window = MainWindow(base, info, user, settings, folder)
window.show()
window.tabs.setCurrentIndex(1)
window.list.table.viewport().repaint()
print("READY", window.list.model.rowCount(), flush=True)
"""

BARE = """
import sys
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
table = QTableView()
table.setModel(QStandardItemModel(20, 6))
window.setCentralWidget(table)
window.resize(1280, 800)
window.show()
table.viewport().repaint()
print("READY", flush=True)
"""


def timed(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit(f"the process never reported a window (exit {process.wait()})")
    process.wait()
    return elapsed


def main() -> int:
    directory = str(demo_database())
    timed(APP, directory, ADMIN_PASSWORD)  # first run: Python bytecode and the OS cache warmed once
    ours, bare = [], []
    for _ in range(RUNS):  # interleaved: load on the machine hits both the same way
        ours.append(timed(APP, directory, ADMIN_PASSWORD))
        bare.append(timed(BARE))
    start, ref = median(ours), median(bare)
    ratio = start / ref
    print(f"counter window: {[ms(t) for t in ours]}; bare window: {[ms(t) for t in bare]}")
    emit(
        "startup",
        label=f"Cold start to a usable window, {DOSSIERS:,} dossiers",
        target=f"≤ {TARGET_S:g} s and ≤ {TARGET_RATIO:g}× reference",
        measured=f"median {start:.2f} s",
        reference=f"{ref:.2f} s (bare PySide6 window)",
        ratio=f"{ratio:.2f}× reference",
        met=start <= TARGET_S and ratio <= TARGET_RATIO,
        details={"runs_s": ours, "reference_runs_s": bare},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
