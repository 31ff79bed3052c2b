"""What the benchmarks share: the cached million-dossier database, timing helpers and result lines.

The database is built once with the demo generator into ``benchmarks/.data/`` (gitignored) and
reused while the schema head revision and the dossier count stay the same. Delete the directory to
rebuild it (for instance after changing the generator).
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from counter_app.services import demo, office  # noqa: E402
from counter_app.services.context import Actor, Context  # noqa: E402
from counter_app.services.database import open_database  # noqa: E402
from counter_app.services.users import find_user  # noqa: E402
from counter_app.storage.engine import Database  # noqa: E402
from counter_app.storage.migrate import head_revision  # noqa: E402

DATA = Path(__file__).resolve().parent / ".data"
DOSSIERS = int(os.environ.get("COUNTER_BENCH_DOSSIERS", "1000000"))  # smaller only for a quick try-out
SEED = 1
OFFICE_CODE = "000.12.34.H26"
OFFICE_NAME = "UBND xã Tân Lập"
PARENT_NAME = "UBND TỈNH PHÚ THỌ"
WORKSTATION = 1
ADMIN_PASSWORD = "benchmark-admin-password"
READY = "READY.json"
RESULT_PREFIX = "RESULT "


def cache_dir(count: int = DOSSIERS) -> Path:
    """Where the demo database of ``count`` dossiers for the current schema lives."""
    return DATA / f"demo-{head_revision()}-{count}"


def cached(count: int = DOSSIERS) -> Path | None:
    directory = cache_dir(count)
    return directory if (directory / READY).exists() else None


def mark_ready(directory: Path, report: dict[str, Any]) -> None:
    (directory / READY).write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")


def adopt(directory: Path, count: int, report: dict[str, Any]) -> Path | None:
    """Make ``directory`` (a fresh demo database) the cache for ``count`` dossiers if there is none yet."""
    if cached(count) is not None:
        return None
    target = cache_dir(count)
    if target.exists():
        shutil.rmtree(target)
    directory.rename(target)
    mark_ready(target, report)
    return target


def demo_database(count: int = DOSSIERS) -> Path:
    """The data directory of the cached demo database, built now if it is missing."""
    found = cached(count)
    if found is not None:
        return found
    building = DATA / f"building-{os.getpid()}"
    if building.exists():
        shutil.rmtree(building)
    print(f"building the {count:,}-dossier demo database (once; cached in {cache_dir(count)}) ...", flush=True)
    started = time.perf_counter()
    db = open_database(building, create=True)
    try:
        setup = Context(db, Actor(None, "admin", "cli"))
        office.initialize(
            setup,
            office.InitRequest(
                office_code=OFFICE_CODE,
                office_name=OFFICE_NAME,
                parent_name=PARENT_NAME,
                workstation=WORKSTATION,
                admin_password=ADMIN_PASSWORD,
            ),
        )
        report = demo.generate(admin_context(db), count, seed=SEED)
    finally:
        db.close()
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    target = adopt(building, count, {"seed": SEED, **dataclasses.asdict(report)})
    return target or cache_dir(count)


def admin_context(db: Database, clock: Any = None) -> Context:
    probe = Context(db)
    admin = find_user(probe, "admin")
    actor = Actor(admin.id, admin.username, "cli")
    return Context(db, actor) if clock is None else Context(db, actor, clock)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0.95 for p95)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def machine() -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in load],
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(terse=True),
    }


def emit(metric: str, **fields: Any) -> None:
    """Print the machine-readable result line that run.py collects."""
    record = {"metric": metric, "date": date.today().isoformat(), "machine": machine(), **fields}
    print(RESULT_PREFIX + json.dumps(record, ensure_ascii=False, default=str), flush=True)


def now_utc() -> datetime:
    return datetime.now(UTC)
