"""Kill `counter-app intake` with SIGKILL at random moments; nothing committed may be lost or torn.

After every run the database must pass ``PRAGMA integrity_check``; no dossier may be half-written
(each has its applicant, components, first event, outbox message and search entry); no code may
be issued twice; every intake that reported success must be there; the audit chain must hold.
"""

from __future__ import annotations

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

pytestmark = pytest.mark.slow
RUNS = 50
ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "counter_app"]


def _cli(data_dir: Path, *args: str) -> list[str]:
    return [*CLI, "--data-dir", str(data_dir), *args]


def _intake(data_dir: Path, n: int) -> list[str]:
    return _cli(
        data_dir,
        "intake",
        "--procedure",
        "2.000815",
        "--applicant-name",
        f"Nguyễn Văn Thử {chr(65 + n % 26)}",
        "--phone",
        f"09{n:08d}",
        "--json",
    )


def _check(db: Path, reported: set[str]) -> int:
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        codes = [r[0] for r in raw.execute("SELECT code FROM dossier")]
        assert len(codes) == len(set(codes))
        assert reported <= set(codes), "an intake reported as done is missing"
        torn = raw.execute(
            """
            SELECT d.code FROM dossier d
            WHERE NOT EXISTS (SELECT 1 FROM applicant a WHERE a.id = d.applicant_id)
               OR NOT EXISTS (SELECT 1 FROM dossier_event e WHERE e.dossier_id = d.id AND e.seq = 1)
               OR NOT EXISTS (SELECT 1 FROM dossier_fts f WHERE f.rowid = d.id)
               OR (SELECT count(*) FROM dossier_component c WHERE c.dossier_id = d.id)
                  != (SELECT count(*) FROM procedure_component p WHERE p.procedure_id = d.procedure_id)
               OR NOT EXISTS (SELECT 1 FROM outbox o JOIN dossier_event e ON o.uid = e.uid WHERE e.dossier_id = d.id)
               OR NOT EXISTS (SELECT 1 FROM audit_entry x WHERE x.entity_id = d.code)
            """
        ).fetchall()
        assert torn == []
        behind = raw.execute(
            """
            SELECT s.day FROM daily_sequence s
            WHERE s.last < (SELECT max(CAST(substr(d.code, -4) AS INTEGER)) FROM dossier d
                            WHERE d.workstation = s.workstation AND substr(d.code, 15, 6) = strftime('%y%m%d', s.day))
            """
        ).fetchall()
        assert behind == []
        return len(codes)
    finally:
        raw.close()


def test_sigkill_during_intake_loses_nothing_committed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "COUNTER_APP_LANG": "vi"}
    subprocess.run(
        _cli(data, "init", "--office-code", "000.12.34.H26", "--office-name", "UBND xã Thử", "--json"),
        check=True,
        capture_output=True,
        env=env,
        cwd=ROOT,
    )
    started = time.monotonic()
    done = subprocess.run(_intake(data, 0), check=True, capture_output=True, text=True, env=env, cwd=ROOT)
    typical = time.monotonic() - started
    reported = {json.loads(done.stdout)["code"]}
    rng = random.Random(20251121)
    killed = 0
    for n in range(1, RUNS + 1):
        proc = subprocess.Popen(
            _intake(data, n), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
        )
        # Mostly aim at the end of the run, where the transaction is; sometimes anywhere.
        delay = rng.uniform(0.6, 1.1) * typical if rng.random() < 0.8 else rng.uniform(0, typical)
        try:
            out, _ = proc.communicate(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            out, _ = proc.communicate()
            killed += 1
        if proc.returncode == 0:
            reported.add(json.loads(out)["code"])
        _check(data / "counter.sqlite3", reported)
    assert killed >= RUNS // 3, f"only {killed} runs were killed; the test did not exercise crashes"
    # The counter keeps working afterwards and never reuses a number.
    after = subprocess.run(_intake(data, 999), check=True, capture_output=True, text=True, env=env, cwd=ROOT)
    code = json.loads(after.stdout)["code"]
    assert code not in reported
    total = _check(data / "counter.sqlite3", reported | {code})
    assert total >= len(reported) + 1
    verify = subprocess.run(_cli(data, "audit-verify", "--json"), capture_output=True, text=True, env=env, cwd=ROOT)
    assert json.loads(verify.stdout)["intact"] is True
