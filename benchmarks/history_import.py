"""History import of 50,000 CSV rows into a new commune database (target: ≤ 30 s).

A synthetic ledger (seeded): 50,000 dossiers received over 2024–2025 across the catalogue's
procedures, a quarter of them with dates written dd/mm/yyyy HH:MM and the rest ISO, most returned,
some result ready, withdrawn, stopped or still open, every tenth with a given code. The figure is the
wall time of ``services.history_import.run`` (check everything before taking the write lock, then one
transaction: applicants, dossiers, papers, search rows, about 140,000 events and their outbox messages,
audit); also how long that write transaction held the database's write lock.

The reference, in the same run: the same file read with the csv module and its rows inserted bare
into a one-table SQLite file in one transaction (executemany), same PRAGMAs.
"""

from __future__ import annotations

import csv
import random
import shutil
import sqlite3
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from common import ADMIN_PASSWORD, DATA, OFFICE_CODE, OFFICE_NAME, PARENT_NAME, admin_context, emit
from sqlalchemy import Connection, event, text

from counter_app.services import history_import, office
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.storage.base import BUSY_TIMEOUT_MS

ROWS = 50_000
TARGET_S = 30.0
SEED = 7
WORKSTATION = 1
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Minh", "Đức", "Thu", "Ngọc")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hương", "Khoa", "Lan", "Minh", "Nam", "Phúc", "Thảo", "Tuấn", "Yến")


def ledger(path: Path, procedures: list[str]) -> None:
    rng = random.Random(SEED)
    start = datetime(2024, 1, 2, 7, 30)
    header = ["code", "procedure_code", "applicant_name", "phone", "channel", "received_at", "due_at",
              "resolved_at", "returned_at", "status", "ended_at"]  # fmt: skip
    per_day: dict[str, int] = {}
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for n in range(ROWS):
            received = start + timedelta(days=int(n * 640 / ROWS), minutes=rng.randrange(0, 540))
            dmy = rng.random() < 0.25

            def when(moment: datetime, dmy: bool = dmy) -> str:
                return moment.strftime("%d/%m/%Y %H:%M") if dmy else moment.strftime("%Y-%m-%dT%H:%M")

            resolved = received + timedelta(days=rng.randrange(0, 12), hours=rng.randrange(0, 5))
            fate = rng.random()
            row = {
                "procedure_code": rng.choice(procedures),
                "applicant_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                "phone": f"09{rng.randrange(10**8):08d}" if rng.random() < 0.8 else "",
                "channel": rng.choice(("direct", "direct", "direct", "postal", "online")),
                "received_at": when(received),
            }
            if fate < 0.80:
                row["resolved_at"] = when(resolved)
                row["returned_at"] = when(resolved + timedelta(days=rng.randrange(0, 5)))
            elif fate < 0.90:
                row["resolved_at"] = when(resolved)
            elif fate < 0.93:
                row["status"], row["ended_at"] = rng.choice(("withdrawn", "stopped")), when(resolved)
            if n % 10 == 0:  # a code from the old ledger, numbered 0001… per day (not this workstation's block)
                day = received.strftime("%y%m%d")
                per_day[day] = per_day.get(day, 0) + 1
                row["code"] = f"{OFFICE_CODE}-{day}-{per_day[day]:04d}"
            out.writerow([row.get(column, "") for column in header])


def reference(path: Path, directory: Path) -> float:
    target = directory / "reference.sqlite3"
    connection = sqlite3.connect(target, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("CREATE TABLE t(" + ", ".join(f"c{i} TEXT" for i in range(11)) + ")")
        started = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT INTO t VALUES (" + ", ".join("?" * 11) + ")", rows)
        connection.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        connection.close()


def main() -> int:
    work = DATA / "import-work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    db = open_database(work / "data", create=True)
    try:
        office.initialize(
            Context(db, Actor(None, "admin", "cli")),
            office.InitRequest(
                office_code=OFFICE_CODE,
                office_name=OFFICE_NAME,
                parent_name=PARENT_NAME,
                workstation=WORKSTATION,
                admin_password=ADMIN_PASSWORD,
            ),
        )
        with db.read() as session:
            procedures = [code for (code,) in session.execute(text("SELECT code FROM procedure"))]
        path = work / "so-theo-doi.csv"
        ledger(path, sorted(set(procedures)))
        ctx = admin_context(db)
        locked: list[float] = []  # durations of the write transactions (BEGIN IMMEDIATE to after COMMIT)

        @event.listens_for(db.engine, "begin")
        def _began(connection: Connection) -> None:
            if connection.get_execution_options().get("counter_app_begin") == "IMMEDIATE":
                connection.info["began"] = time.perf_counter()

        @event.listens_for(db.engine, "checkin")  # the connection back in the pool: committed
        def _committed(_dbapi: object, record: Any) -> None:
            began = record.info.pop("began", None)
            if began is not None:
                locked.append(time.perf_counter() - began)

        started = time.perf_counter()
        preview = history_import.preview(ctx, path)
        checked = time.perf_counter() - started
        assert not preview.errors, preview.errors[:5]
        started = time.perf_counter()
        result = history_import.run(ctx, path)
        wall = time.perf_counter() - started
        lock = max(locked, default=0.0)
    finally:
        db.close()
    ref = reference(path, work)
    shutil.rmtree(work)
    ratio = wall / ref
    print(
        f"import of {ROWS:,} rows: {wall:.1f} s ({result.events:,} events; write lock held {lock:.1f} s; "
        f"preview alone {checked:.1f} s)"
    )
    print(f"reference (csv read + bare executemany of the rows) {ref:.2f} s; import/reference = {ratio:.0f}×")
    print(f"target ≤ {TARGET_S:.0f} s: {'met' if wall <= TARGET_S else 'MISSED'}")
    emit(
        "history_import",
        label=f"History import of {ROWS:,} CSV rows (one transaction, events to the outbox)",
        target=f"≤ {TARGET_S:.0f} s",
        measured=f"{wall:.1f} s ({result.events:,} events)",
        reference=f"{ref:.2f} s (csv read + bare executemany)",
        ratio=f"{ratio:.0f}× reference",
        met=wall <= TARGET_S,
        details={
            "wall_s": wall,
            "write_lock_s": lock,
            "preview_s": checked,
            "reference_s": ref,
            "by_status": result.by_status,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
