"""Screenshots of every screen for the README and docs/, from a real session on demo data.

Run under Xvfb: ``scripts/screenshots.sh`` (uses xvfb-run). Writes docs/images/*.png; with names
(``scripts/screenshots.sh dashboard sync``) only those images.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counter_app.app import load_fonts  # noqa: E402
from counter_app.services import demo, office, users  # noqa: E402
from counter_app.services.context import Actor, Context  # noqa: E402
from counter_app.services.database import open_database  # noqa: E402
from counter_app.ui.login import LoginDialog  # noqa: E402
from counter_app.ui.main_window import MainWindow  # noqa: E402
from counter_app.ui.settings_store import SettingsStore  # noqa: E402
from counter_app.ui.tasks import TaskRunner  # noqa: E402
from counter_app.ui.wizard import SetupWizard  # noqa: E402

OUT = ROOT / "docs" / "images"
CCCD = "001190123456|012345678|Nguyễn Thị Hồng Nhung|15031990|Nữ|Xóm Đông, xã Tân Lập, tỉnh Phú Thọ|01072021"


def settle(ms: int = 250) -> None:
    QTest.qWait(ms)


ONLY = set(sys.argv[1:])


def shoot(widget: QWidget, name: str) -> None:
    if ONLY and name not in ONLY:
        return
    settle()
    widget.grab().save(str(OUT / f"{name}.png"))
    print("saved", OUT / f"{name}.png")


def keys(text: str) -> None:
    for ch in text:
        target = QApplication.focusWidget()
        assert target is not None
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    load_fonts(app)
    folder = Path(tempfile.mkdtemp(prefix="counter-shots-"))
    db = open_database(folder, create=True)
    setup = Context(db, Actor(None, "admin", "gui"))

    wizard = SetupWizard(lambda request: office.initialize(setup, request), [])
    wizard.office.code.setText("000.12.34.H26")
    wizard.office.name.setText("UBND xã Tân Lập")
    wizard.office.parent_name.setText("UBND tỉnh Phú Thọ")
    wizard.office.phone.setText("0210 3852 111")
    wizard.office.lookup.setText("https://tracuu.phutho.gov.vn/ho-so")
    wizard.resize(720, 520)
    wizard.show()
    shoot(wizard, "wizard")
    request = wizard.request()
    wizard.close()
    office.initialize(setup, request.__class__(**{**request.__dict__, "admin_password": "mat-khau-quan-tri"}))
    admin = users.find_user(setup, "admin")
    ctx = Context(db, Actor(admin.id, "admin", "gui"))
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", users.Role.CLERK, "mat-khau-can-bo")
    demo.generate(ctx, 2000, seed=7)

    login = LoginDialog(lambda n, p: users.authenticate(ctx, n, p), "UBND xã Tân Lập")
    login.username.setText("thu.ha")
    login.show()
    shoot(login, "login")
    login.close()

    runner = TaskRunner()
    runner.synchronous = True
    window = MainWindow(
        Context(db, ctx.actor),
        office.get_office(ctx),
        users.find_user(ctx, "thu.ha"),
        SettingsStore(folder),
        folder,
        runner,
    )
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    settle()
    window.intake.picker.search.setFocus()
    window.intake.fill_from_scan(CCCD)
    window.intake.phone.setText("0912 345 678")
    keys("khai s")
    settle()
    shoot(window, "intake")
    window.intake.picker.choose_current()
    window.intake.accept_dossier()
    settle(600)
    assert window.preview is not None
    shoot(window.preview, "receipt-preview")
    window.preview.close()

    window.tabs.setCurrentIndex(1)
    settle()
    shoot(window, "dossier-list")
    first = window.list.model.dossier_id(0)
    assert first is not None
    window.open_dossier_id(first)
    assert window.dossier_dialog is not None
    shoot(window.dossier_dialog, "dossier-detail")
    window.dossier_dialog.close()

    window.tabs.setCurrentWidget(window.dashboard)
    settle(600)
    shoot(window, "dashboard")
    dialog = window.open_sync_dialog()
    dialog.server_url.setText("https://hub.phutho.gov.vn")
    dialog.code.setText("K7QM-2XPD")
    shoot(dialog, "sync")
    dialog.close()
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
