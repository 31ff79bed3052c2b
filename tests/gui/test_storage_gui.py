"""The desktop app on a damaged database: it says so in one sentence with the restore path, and writes nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from counter_app import app
from counter_app.domain.applicant import make_applicant
from counter_app.services import dossiers, intake
from counter_app.services.context import Context
from counter_app.storage.errors import DatabaseDamaged
from counter_app.ui.main_window import MainWindow
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _no_log_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # app.main adds a log file handler; under pytest the root logger already has handlers, so it would
    # be dropped unclosed (a ResourceWarning). Logging is not what is tested here.
    monkeypatch.setattr(app, "_setup_logging", lambda folder: None)


def _zero_root_page(path: Path, table: str) -> None:
    raw = sqlite3.connect(path)
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = int(raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
        size = int(raw.execute("PRAGMA page_size").fetchone()[0])
    finally:
        raw.close()
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(bytes(size))


def _accept(ctx: Context) -> None:
    applicant = make_applicant("Trần Thị Mai", id_number="001090123456")
    intake.accept(ctx, intake.IntakeRequest("2.000815", applicant))


def _refusal_text_at_start(qtbot: QtBot, data_dir: Path) -> tuple[int, str]:
    """Run the desktop app's start on ``data_dir``, read the refusal dialog and close it."""
    seen: list[str] = []
    polls = [0]

    def close_refusal() -> None:
        box = QApplication.activeModalWidget()
        polls[0] += 1
        if isinstance(box, QMessageBox) and box.objectName() == "storage_refusal":
            seen.append(box.text())
            box.button(QMessageBox.StandardButton.Ok).click()
        elif polls[0] > 200 and isinstance(box, QDialog):  # 10 s: another dialog (sign-in) came instead
            box.reject()
        else:
            QTimer.singleShot(50, close_refusal)

    QTimer.singleShot(50, close_refusal)
    code = app.main(["--data-dir", str(data_dir)])
    assert seen, "no refusal dialog was shown"
    return code, seen[0]


def test_a_damaged_database_is_said_at_start_with_the_restore_path_and_not_written(qtbot: QtBot, ctx: Context) -> None:
    _accept(ctx)
    path = ctx.db.path
    ctx.db.close()
    _zero_root_page(path, "dossier")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, text = _refusal_text_at_start(qtbot, path.parent)
    assert code != 0
    assert text.startswith(f"Cơ sở dữ liệu {path} bị hỏng (")
    assert "nên phần mềm đã ngừng ghi" in text
    assert f"thư mục {path.parent / 'backups'} chưa có bản sao lưu nào" in text
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_an_empty_database_file_is_said_at_start_and_not_created_over(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / "counter.sqlite3"
    path.touch()
    _, text = _refusal_text_at_start(qtbot, data_dir)
    assert text.startswith(f"Tệp cơ sở dữ liệu {path} có nhưng rỗng (0 byte)")
    assert path.stat().st_size == 0


def test_damage_found_by_the_background_check_is_said_and_stops_every_write(
    qtbot: QtBot, window: MainWindow, ctx: Context
) -> None:
    _accept(ctx)
    _zero_root_page(ctx.db.path, "dossier_component")
    app.check_in_background(window, ctx.db)  # the runner is synchronous in tests
    box = window.findChild(QMessageBox, "storage_refusal")
    assert box is not None and box.isVisible()
    assert box.text().startswith(f"Cơ sở dữ liệu {ctx.db.path} bị hỏng (")
    with pytest.raises(DatabaseDamaged):
        _accept(ctx)
    box.close()


def test_a_damaged_value_met_during_intake_is_said_and_stops_every_write(
    window: MainWindow, keyboard: Keyboard, ctx: Context
) -> None:
    """Was "the database is busy, try again": a value whose bytes are no longer text is damage."""
    keyboard.type("trich luc")
    keyboard.enter()
    keyboard.type("Lê Văn An")
    raw = sqlite3.connect(ctx.db.path)
    try:  # the bytes of every procedure's name damaged (as a flipped bit on disk would leave them)
        raw.execute("UPDATE procedure SET name = CAST(x'4bff6861' AS TEXT)")
        raw.commit()
    finally:
        raw.close()
    before = dossiers.count(ctx)
    window.intake.accept_dossier()
    text = window.intake.message.text()
    assert text.startswith(f"Cơ sở dữ liệu {ctx.db.path} bị hỏng ("), text
    assert "nên phần mềm đã ngừng ghi" in text
    assert dossiers.count(ctx) == before
    with pytest.raises(DatabaseDamaged):  # and nothing else writes either
        _accept(ctx)
