"""``./hub.sh`` is the README's one command for the hub: it must reach ``district-server``."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_hub_script_runs_the_district_server_with_its_arguments(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    added = subprocess.run(
        [str(ROOT / "hub.sh"), "--db", db, "commune", "add", "--code", "000.12.34.H26", "--name", "UBND xã Tân Lập"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    listed = subprocess.run(
        [str(ROOT / "hub.sh"), "--db", db, "enroll-code", "--commune", "000.12.34.H26", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert '"code"' in listed.stdout
