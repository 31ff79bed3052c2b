"""Screenshots of every screen for the README and docs/, from a real session on demo data.

Run under Xvfb: ``scripts/screenshots.sh`` (uses xvfb-run). Writes docs/images/*.png; with names
(``scripts/screenshots.sh dashboard sync``) only those images.
"""

from __future__ import annotations

import os
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


def form_page(path: Path, title: str, blank: bool = False) -> Path:
    """A 150 dpi A4 page that looks like a filled-in form (or a blank back side)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 1754), 255)
    if not blank:
        draw = ImageDraw.Draw(image)
        serif = ROOT / "resources" / "fonts" / "LiberationSerif-Regular.ttf"
        bold = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "LiberationSerif-Bold.ttf"), 40)
        text = ImageFont.truetype(str(serif), 30)
        draw.text((620, 130), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=bold, fill=0, anchor="mm")
        draw.text((620, 180), "Độc lập - Tự do - Hạnh phúc", font=text, fill=0, anchor="mm")
        draw.text((620, 300), title, font=bold, fill=0, anchor="mm")
        lines = ["Họ, chữ đệm, tên người yêu cầu: Nguyễn Thị Hồng Nhung", "Ngày, tháng, năm sinh: 15/03/1990"]
        lines += ["Nơi cư trú: Xóm Đông, xã Tân Lập, tỉnh Phú Thọ", "Số định danh cá nhân: 001190123456"]
        lines += ["Đề nghị cơ quan đăng ký việc nhận cha, mẹ, con cho người có tên dưới đây.", ""] * 3
        for n, line in enumerate(lines):
            draw.text((140, 420 + n * 60), line, font=text, fill=0)
    image.save(path, dpi=(150, 150))
    return path


def scan_panel(window: MainWindow, folder: Path) -> None:
    """The scan panel of the first paper of a three-paper dossier: two pages, the second blank."""
    if ONLY and "scan-panel" not in ONLY:
        return
    sane = folder / "sane"  # SANE's `test` backend stands for the office's scanner
    sane.mkdir(exist_ok=True)
    (sane / "dll.conf").write_text("test\n", encoding="utf-8")
    os.environ["SANE_CONFIG_DIR"] = str(sane)
    window.settings.update(scan_device="test:0")
    window.tabs.setCurrentWidget(window.intake)
    window.intake.reset()
    window.intake.fill_from_scan(CCCD)
    keys("nhan cha me con")
    window.intake.picker.choose_current()
    assert window.intake.checklist is not None
    panel = window.intake.checklist.digitise(scan_now=False)
    assert panel is not None
    front = form_page(folder / "to-khai.png", "TỜ KHAI ĐĂNG KÝ NHẬN CHA, MẸ, CON")
    panel.add_files([front, form_page(folder / "mat-sau.png", "", blank=True)])
    panel.strip.thumbs.setCurrentRow(0)
    panel.message.clear()
    panel.resize(980, 700)
    settle(400)
    shoot(panel, "scan-panel")
    panel.reject()
    window.intake.reset()
    window.activateWindow()
    settle()


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
    wizard.admin.full_name.setText("Trần Văn Minh")
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
    scan_panel(window, folder)
    window.intake.picker.search.setFocus()
    window.intake.fill_from_scan(CCCD)
    window.intake.phone.setText("0912 345 678")
    keys("khai s")
    settle()
    shoot(window, "intake")
    window.intake.picker.choose_current()
    if window.intake.assisted_filing:  # khai sinh is filed online since Directive 24/CT-TTg took effect
        window.intake.portal_code.setText("000.12.34.H26-251118-0001")
    window.intake.accept_dossier()
    settle(600)
    assert window.preview is not None, window.intake.message.text()
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
