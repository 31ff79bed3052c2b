"""Qt's translation system: every UI string has its English translation, and English applies."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from counter_app.services import office, users
from counter_app.services.context import Context
from counter_app.ui import i18n
from counter_app.ui.main_window import MainWindow
from counter_app.ui.settings_store import SettingsStore

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def test_every_ui_string_has_an_english_translation(tmp_path: Path) -> None:
    """Fails when a new tr() string is added without updating resources/translations (run lupdate)."""
    committed = ROOT / "resources" / "translations" / "counter_app_en.ts"
    fresh = tmp_path / "en.ts"
    shutil.copy(committed, fresh)
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(str(p) for p in (ROOT / "counter_app" / "ui").glob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh), "-no-obsolete", "-silent"], check=True)
    text = fresh.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
    assert text.count("<message") == committed.read_text(encoding="utf-8").count("<message")


def test_english_catalogue_applies(qtbot: QtBot, ctx: Context) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = i18n.install(app, "en")
    assert translator is not None
    try:
        data_dir = ctx.db.path.parent
        window = MainWindow(
            ctx, office.get_office(ctx), users.find_user(ctx, "admin"), SettingsStore(data_dir), data_dir
        )
        qtbot.addWidget(window)
        assert window.tabs.tabText(0) == "Intake (F2)"
        assert window.intake.accept_button.text().startswith("Accept and print")
        window.close()
    finally:
        app.removeTranslator(translator)
        i18n.install(app, "vi")
