"""GUI fixtures: a signed-in main window over a real counter database, tasks run synchronously."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from counter_app.services import office, users
from counter_app.services.context import Context
from counter_app.ui import i18n
from counter_app.ui.main_window import MainWindow
from counter_app.ui.settings_store import SettingsStore
from counter_app.ui.tasks import TaskRunner
from tests.gui.helpers import Keyboard


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts and ends without a catalogue installed by another (i18n.install is global)."""
    yield
    app = QApplication.instance()
    if isinstance(app, QApplication):
        i18n.uninstall(app)


@pytest.fixture
def keyboard() -> Keyboard:
    return Keyboard()


@pytest.fixture
def window(qtbot: QtBot, ctx: Context) -> Iterator[MainWindow]:
    runner = TaskRunner()
    runner.synchronous = True
    data_dir = ctx.db.path.parent
    main = MainWindow(
        ctx, office.get_office(ctx), users.find_user(ctx, "admin"), SettingsStore(data_dir), data_dir, runner
    )
    # Not qtbot.addWidget: its teardown closes the window before this fixture can empty the form, and
    # closing a window with typed data asks first (a modal question nobody would answer).
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    main.intake.picker.search.setFocus()
    yield main
    main.intake.reset()  # closing asks first when the form holds typed data
    main.close()
    main.deleteLater()
