"""Run as a separate process on an offscreen screen of a chosen size (the Qt platform's ``configfile``):
opens the main window over a fresh counter and a receipt preview, prints where everything landed."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(data_dir: str) -> int:
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QApplication, QWidget

    from counter_app.services import office, users
    from counter_app.services.context import Actor, Context
    from counter_app.services.database import open_database
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.preview import PreviewDialog
    from counter_app.ui.settings_store import SettingsStore
    from counter_app.ui.tasks import TaskRunner

    app = QApplication([sys.argv[0]])
    folder = Path(data_dir)
    db = open_database(folder, create=True)
    setup = Context(db, Actor(None, "admin", "cli"))
    if not office.is_initialized(setup):
        office.initialize(
            setup,
            office.InitRequest(
                office_code="000.12.34.H26", office_name="UBND xã Tân Lập", workstation=2, admin_password="x" * 12
            ),
        )
    runner = TaskRunner()
    runner.synchronous = True
    window = MainWindow(
        setup, office.get_office(setup), users.find_user(setup, "admin"), SettingsStore(folder), folder, runner
    )
    window.show()
    app.processEvents()

    def rect(widget: QWidget) -> list[int]:
        top_left = widget.mapToGlobal(QPoint(0, 0))
        return [top_left.x(), top_left.y(), widget.width(), widget.height()]

    from reportlab.pdfgen import canvas

    pdf_path = folder / "page.pdf"
    page = canvas.Canvas(str(pdf_path))
    page.drawString(72, 720, "Giấy tiếp nhận")
    page.save()
    preview = PreviewDialog("Giấy tiếp nhận", pdf_path.read_bytes(), lambda _pdf: "", window)
    preview.show()
    app.processEvents()
    available = window.screen().availableGeometry()
    frame: QRect = window.frameGeometry()
    print(
        json.dumps(
            {
                "available": [available.x(), available.y(), available.width(), available.height()],
                "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                "status_bar": rect(window.statusBar()),
                "preview_frame": [
                    preview.frameGeometry().x(),
                    preview.frameGeometry().y(),
                    preview.frameGeometry().width(),
                    preview.frameGeometry().height(),
                ],
                "print_button": rect(preview.print_button),
                "close_button": rect(preview.close_button),
            }
        )
    )
    preview.close()
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
