"""Backups from the desktop app: the settings box, System → "Sao lưu ngay" with progress, the automatic
backups (every N dossiers, at closing), a missing USB stick, and System → "Khôi phục…"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from counter_app.services import backups
from counter_app.services.context import Context
from counter_app.ui.main_window import MainWindow
from tests.backup.conftest import fill

pytestmark = pytest.mark.gui


def _menu_texts(window: MainWindow) -> list[str]:
    system = window.menuBar().actions()[0].menu()
    return [a.text() for a in system.actions()]  # type: ignore[union-attr]


def _choose_target(window: MainWindow, folder: Path, every: int = 20) -> None:
    dialog = window.open_settings()
    assert dialog.backup is not None
    dialog.backup.target.setText(str(folder))
    dialog.backup.every.setValue(every)
    dialog.save()
    assert dialog.error.text() == ""


def test_backup_now_from_the_system_menu(window: MainWindow, ctx: Context, tmp_path: Path, qtbot: QtBot) -> None:
    assert "Sao lưu ngay" in _menu_texts(window) and "Khôi phục…" in _menu_texts(window)
    usb = tmp_path / "usb"
    usb.mkdir()
    _choose_target(window, usb)
    assert backups.load_settings(window.data_dir).target == str(usb.resolve())
    fill(ctx, 2)
    seen: list[tuple[str, int, int]] = []
    window.backups.progress.connect(lambda stage, done, total: seen.append((stage, done, total)))
    window.backups.backup_action.trigger()
    qtbot.waitUntil(lambda: not window.backups.running)
    assert window.backups.label.text().startswith("Đã sao lưu lúc ")
    assert "khôi phục thử đạt" in window.backups.label.text()
    assert {stage for stage, _, _ in seen} >= {"papers", "backup", "restore"}
    listed = backups.list_backups(usb)
    assert len(listed) == 1 and listed[0].verified and listed[0].dossiers == 2
    assert "hãy in phiếu mã khôi phục" in window.backups.label.text()  # the key was made by this backup


def test_recovery_sheet_from_the_system_menu(window: MainWindow, tmp_path: Path) -> None:
    assert "In phiếu mã khôi phục…" in _menu_texts(window)
    sheet = tmp_path / "phieu.pdf"
    window.backups.write_sheet(sheet)
    assert sheet.read_bytes().startswith(b"%PDF")
    assert "Đã lưu phiếu mã khôi phục" in window.backups.label.text()
    text = " ".join(page.extract_text() for page in PdfReader(str(sheet)).pages)
    key = (window.data_dir / "backup.key").read_text(encoding="ascii").split(" ", 1)[1].split()
    assert all(group in text for group in key) and "UBND XÃ TÂN LẬP" in text


def test_settings_refuse_a_relative_folder(window: MainWindow) -> None:
    dialog = window.open_settings()
    assert dialog.backup is not None
    dialog.backup.target.setText("SaoLuu")
    dialog.save()
    assert "đường dẫn đầy đủ" in dialog.error.text()
    assert dialog.isVisible()
    dialog.reject()


def test_a_missing_usb_stick_is_one_sentence_and_work_goes_on(window: MainWindow, ctx: Context, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    _choose_target(window, usb)
    usb.rmdir()  # the stick was pulled out
    window.backups.backup_action.trigger()
    assert window.backups.label.text().startswith("Không thấy nơi sao lưu")
    assert not window.backups.running
    fill(ctx, 1)  # the counter keeps working
    assert window.isVisible()


def test_every_n_dossiers_and_at_closing(window: MainWindow, ctx: Context, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    _choose_target(window, usb, every=2)
    assert window.backups.backup_if_due()  # no backup yet
    assert len(backups.list_backups(usb)) == 1
    fill(ctx, 1)
    assert not window.backups.backup_if_due()
    fill(ctx, 1)
    assert window.backups.backup_if_due()
    # the same day: "7 daily" keeps the newest backup of the day only
    assert [b.dossiers for b in backups.list_backups(usb)] == [2]
    fill(ctx, 1)
    window.intake.reset()
    window.close()  # the end of the day
    assert [b.dossiers for b in backups.list_backups(usb)] == [3]


def test_restore_from_the_system_menu(window: MainWindow, ctx: Context, tmp_path: Path, qtbot: QtBot) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    _choose_target(window, usb)
    fill(ctx, 2)
    window.backups.backup_now()
    backup = Path(backups.list_backups(usb)[0].path)
    fill(ctx, 1)  # taken in after the backup: kept in the folder moved aside
    data_dir = window.data_dir
    assert window.backups.restore(backup, None)
    assert "Đã khôi phục bản sao lưu (2 hồ sơ)" in window.backups.label.text()
    qtbot.waitUntil(lambda: not window.isVisible())
    raw = sqlite3.connect(data_dir / "counter.sqlite3")
    assert raw.execute("SELECT count(*) FROM dossier").fetchone()[0] == 2
    raw.close()
    aside = [p for p in data_dir.parent.iterdir() if p.name.startswith(f"{data_dir.name}.before-restore-")]
    assert len(aside) == 1
    raw = sqlite3.connect(aside[0] / "counter.sqlite3")
    assert raw.execute("SELECT count(*) FROM dossier").fetchone()[0] == 3
    raw.close()
    assert len(backups.list_backups(usb)) == 1  # no backup at the close that follows a restore
