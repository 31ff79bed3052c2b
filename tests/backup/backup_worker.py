"""A process that takes backups one after another (a day apart on its clock) until it is killed.

``python -m tests.backup.backup_worker DATA_DIR TARGET FIRST_DAY`` prints ``ready`` once the database
is open, then one JSON line per backup once it is written, verified and indexed.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from counter_app.services import backups
from counter_app.services.database import open_database

BASE = datetime(2025, 11, 18, 10, 0, tzinfo=UTC)


def main(argv: list[str]) -> int:
    data_dir, target, first = Path(argv[0]), Path(argv[1]), int(argv[2])
    db = open_database(data_dir)
    print("ready", flush=True)
    day = first
    while True:
        result = backups.backup_now(db, data_dir, target, now=BASE + timedelta(days=day))
        print(json.dumps({"file": result.file.name, "verified": result.verified, "day": day}), flush=True)
        day += 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
