"""The first window: the lazy dossier list, search as you type, and the launcher smoke test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.ui.dossier_model import PAGE, DossierTableModel

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def test_model_fetches_only_the_pages_it_shows(qtmodeltester, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from counter_app.domain.lifecycle import Status
    from counter_app.domain.values import Channel
    from counter_app.services.dto import DossierRow

    asked: list[int] = []

    def fetch(ids: list[int]) -> list[DossierRow]:
        asked.append(len(ids))
        now = datetime(2025, 11, 18, 2, tzinfo=UTC)
        return [DossierRow(i, f"C{i}", "Lê An", "Thủ tục", Status.RECEIVED, Channel.DIRECT, now, now, now) for i in ids]

    model = DossierTableModel(fetch)
    model.set_ids(range(1_000_000, 0, -1))
    assert model.rowCount() == 1_000_000
    assert model.data(model.index(0, 0)) == "C1000000"
    assert model.data(model.index(PAGE + 1, 1)) == "Lê An"
    assert asked == [PAGE, PAGE]
    model.set_ids(range(30, 0, -1))
    qtmodeltester.check(model)


def test_rows_without_a_due_date_show_a_dash(qtbot: QtBot) -> None:  # an incomplete or refused application
    from datetime import UTC, datetime

    from counter_app.domain.lifecycle import Status
    from counter_app.domain.values import Channel
    from counter_app.services.dto import DossierRow

    now = datetime(2025, 11, 18, 2, tzinfo=UTC)
    row = DossierRow(1, "C1", "Lê An", "Thủ tục", Status.REFUSED, Channel.DIRECT, now, None, None)
    model = DossierTableModel(lambda ids: [row])
    model.set_ids([1])
    assert model.data(model.index(0, 5)) == "—"
    assert model.data(model.index(0, 3)) == "Từ chối tiếp nhận"


def test_launcher_opens_the_setup_wizard_on_a_fresh_machine(tmp_path: Path) -> None:
    """main.py with an empty data dir shows the first-run wizard instead of crashing."""
    shot = tmp_path / "first.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path / "d"), "--smoke", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 1000
