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


def test_first_page_shows_at_once_and_the_rest_fills_in(qtbot: QtBot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from counter_app.domain.lifecycle import Status
    from counter_app.domain.values import Channel
    from counter_app.services.dto import DossierRow

    now = datetime(2025, 11, 18, 2, tzinfo=UTC)

    def fetch(ids: list[int]) -> list[DossierRow]:
        return [DossierRow(i, f"C{i}", "Lê An", "Thủ tục", Status.RECEIVED, Channel.DIRECT, now, now, now) for i in ids]

    model = DossierTableModel(fetch)
    model.show_first(list(range(1_000_000, 999_800, -1)), 1_000_000)
    assert model.rowCount() == 1_000_000  # the scroll bar is right from the first paint
    assert model.data(model.index(0, 0)) == "C1000000"
    assert model.data(model.index(5_000, 0)) == "…"
    assert model.dossier_id(5_000) is None
    with qtbot.waitSignal(model.dataChanged):
        model.complete(list(range(1_000_000, 0, -1)))
    assert model.data(model.index(5_000, 0)) == "C995000"
    model.complete(list(range(10, 0, -1)))  # the list changed meanwhile: it starts over
    assert model.rowCount() == 10
    qtmodeltester.check(model)
