"""``counter-app demo --dossiers 1000000`` on a fresh data directory (target: ≤ 120 s).

The CLI runs in a subprocess, after ``counter-app init``, exactly as an administrator would type it;
the figure is the wall time of the ``demo`` command (process start to exit). The reference is the
time to insert 1,000,000 bare rows into a one-column table with ``executemany`` in one transaction,
in the same run and on the same disk: what a million of anything costs through Python's sqlite3.

The fresh database then becomes the benchmarks' cached database if there is none yet.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from common import (
    ADMIN_PASSWORD,
    DATA,
    DOSSIERS,
    OFFICE_CODE,
    OFFICE_NAME,
    PARENT_NAME,
    ROOT,
    SEED,
    WORKSTATION,
    adopt,
    emit,
)

TARGET_S = 120.0


def cli(directory: Path, *args: str, stdin: str | None = None) -> str:
    command = [sys.executable, "-m", "counter_app", "--data-dir", str(directory), *args]
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:1])} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def reference(directory: Path, rows: int) -> float:
    path = directory / "reference.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("CREATE TABLE t(x INTEGER)")
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO t VALUES (?)", ((i,) for i in range(rows)))
        connection.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        connection.close()
        path.unlink()


def main() -> int:
    work = DATA / "demo-cli"
    if work.exists():
        shutil.rmtree(work)
    work.parent.mkdir(parents=True, exist_ok=True)
    cli(
        work,
        "init",
        "--office-code",
        OFFICE_CODE,
        "--office-name",
        OFFICE_NAME,
        "--parent-name",
        PARENT_NAME,
        "--workstation",
        str(WORKSTATION),
        "--admin-password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )
    print(f"counter-app demo --dossiers {DOSSIERS} --seed {SEED} ...", flush=True)
    started = time.perf_counter()
    out = cli(work, "demo", "--dossiers", str(DOSSIERS), "--seed", str(SEED), "--json")
    wall = time.perf_counter() - started
    report = json.loads(out)
    ref = reference(DATA, DOSSIERS)
    ratio = wall / ref
    print(f"demo: {report['dossiers']:,} dossiers, {report['events']:,} events in {wall:.1f} s (wall, CLI)")
    print(f"reference: {DOSSIERS:,} bare rows via executemany in {ref:.2f} s; demo/reference = {ratio:.0f}×")
    print(f"target ≤ {TARGET_S:.0f} s: {'met' if wall <= TARGET_S else 'MISSED'}")
    if adopt(work, DOSSIERS, {"seed": SEED, **report}) is None:
        shutil.rmtree(work)
    emit(
        "demo",
        label=f"`counter-app demo --dossiers {DOSSIERS}` (fresh database)",
        target=f"≤ {TARGET_S:.0f} s",
        measured=f"{wall:.1f} s ({report['events']:,} events)",
        reference=f"{ref:.2f} s ({DOSSIERS:,} bare rows)",
        ratio=f"{ratio:.0f}× reference",
        met=wall <= TARGET_S,
        details={"wall_s": wall, "generator_s": report["seconds"], "reference_s": ref, "events": report["events"]},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
