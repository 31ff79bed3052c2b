"""Kill a process storing certified copies (many pages each) with SIGKILL at random moments.

After every kill: the database is whole; every copy row has its file and the file still hashes to
the row's sha256; no file under ``papers/`` with a copy's name is half-written (each hashes to its
name: a torn write can only be a temporary file); each copy reported as stored is there, with its
event; at most one current copy per paper; the sweep leaves exactly the referenced files; ``check``
passes and the audit chain holds. Then the counter goes on storing copies.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_app.services import audit, papers
from counter_app.services.context import Context
from counter_app.storage.check import full_check, paper_problems, sweep_papers
from tests.faults.paper_worker import pages
from tests.services.paper_support import accept

pytestmark = pytest.mark.slow
RUNS = 30
ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "counter_app"]
WORKER = [sys.executable, "-m", "tests.faults.paper_worker"]


def _check(data: Path, reported: set[str]) -> None:
    db = data / "counter.sqlite3"
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = raw.execute("SELECT id, sha256, image_sha256 FROM paper_copy").fetchall()
        stored = {sha for _, sha, _ in rows} | {image for _, _, image in rows}
        assert reported <= stored, "a copy reported as stored is missing"
        unrecorded = raw.execute(
            "SELECT p.id FROM paper_copy p WHERE NOT EXISTS (SELECT 1 FROM dossier_event e "
            "WHERE e.dossier_id = p.dossier_id AND e.kind = 'paper_digitised' "
            "AND json_extract(e.payload, '$.sha256') = p.sha256)"
        ).fetchall()
        assert unrecorded == [], "a copy without its history event"
        doubled = raw.execute(
            "SELECT dossier_id, position FROM paper_copy WHERE current GROUP BY 1, 2 HAVING count(*) > 1"
        ).fetchall()
        assert doubled == []
        audited = raw.execute("SELECT count(*) FROM audit_entry WHERE action = 'paper.digitised'").fetchone()[0]
        assert audited == len(rows)
    finally:
        raw.close()
    assert paper_problems(db) == []  # every row's file is there and whole
    for path in (data / "papers").rglob("*.pdf"):  # and no torn file passes for a copy
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem, f"torn copy {path}"


def test_sigkill_while_storing_copies_never_leaves_a_row_without_its_whole_file(ctx: Context, data_dir: Path) -> None:
    code = accept(ctx)
    env = {**os.environ, "COUNTER_APP_LANG": "vi"}
    rng = random.Random(20261203)
    reported: set[str] = set()
    killed = 0
    for run in range(RUNS):
        proc = subprocess.Popen(
            [*WORKER, str(data_dir), code, str(run)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        # Wait for the first copy (start-up takes seconds on a loaded machine), then kill anywhere in
        # the next ones: building, signing, writing the file, renaming it, committing.
        assert proc.stdout is not None
        try:
            first = proc.stdout.readline()
            if first.startswith("{"):
                time.sleep(rng.uniform(0.0, 1.5))
        finally:
            proc.send_signal(signal.SIGKILL)
            out, err = proc.communicate()
        assert first.startswith("{"), err
        assert proc.returncode == -signal.SIGKILL, err
        killed += 1
        out = first + out
        reported |= {json.loads(line)["sha256"] for line in out.splitlines() if line.startswith("{")}
        _check(data_dir, reported)
    assert killed == RUNS and len(reported) >= 2 * RUNS, "the worker stored too little to test anything"

    leftovers = sweep_papers(data_dir / "counter.sqlite3", grace=-1)
    raw = sqlite3.connect(data_dir / "counter.sqlite3")
    referenced = {s for row in raw.execute("SELECT sha256, image_sha256 FROM paper_copy") for s in row}
    raw.close()
    aside = data_dir / "papers" / "unreferenced"
    files = [p for p in (data_dir / "papers").rglob("*") if p.is_file() and aside not in p.parents]
    assert {p.stem for p in files} == referenced and all(p.suffix == ".pdf" for p in files)
    assert all(not p.exists() for p in leftovers)
    for path in aside.glob("*"):  # copies killed before their commit: set aside whole, never a torn one
        assert path.stem not in referenced and hashlib.sha256(path.read_bytes()).hexdigest() == path.stem
    assert full_check(data_dir / "counter.sqlite3")
    assert audit.verify(ctx).intact

    # The counter goes on: a copy stored afterwards is whole and checked like the others.
    info = papers.store_copy(ctx, code, 1, pages(random.Random(999)))
    _check(data_dir, reported | {info.sha256})
