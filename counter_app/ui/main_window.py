"""The main window: office and clerk in the status bar, the dossier list with one search box."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

from counter_app.services import dossiers
from counter_app.services.context import Context
from counter_app.services.dto import OfficeInfo
from counter_app.ui.dossier_model import DossierTableModel

SEARCH_DELAY_MS = 150


class MainWindow(QMainWindow):
    def __init__(self, ctx: Context, office: OfficeInfo) -> None:
        super().__init__()
        self._ctx = ctx
        self.setWindowTitle(self.tr("Bộ phận Một cửa — %1").replace("%1", office.name))
        self.search_box = QLineEdit(placeholderText=self.tr("Tìm theo tên, mã hồ sơ, số CCCD, số điện thoại…"))
        self.search_box.setClearButtonEnabled(True)
        self.model = DossierTableModel(lambda ids: dossiers.rows(ctx, ids), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((230, 200, 320, 150, 130)):
            self.table.setColumnWidth(column, width)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.search_box)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.office_label = QLabel(f"{office.name} ({office.agency_code}) · máy {office.workstation}")
        self.count_label = QLabel()
        self.statusBar().addWidget(self.office_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)
        self.search_box.textChanged.connect(self._timer.start)
        self.apply_search()
        self.resize(1200, 720)

    def apply_search(self) -> None:
        text = self.search_box.text().strip()
        ids = dossiers.all_ids(self._ctx) if not text else [r.id for r in dossiers.search(self._ctx, text, 500)]
        self.model.set_ids(ids)
        shown = self.model.rowCount()
        self.count_label.setText(self.tr("%n hồ sơ", "", shown))


class SetupNeededWindow(QMainWindow):
    """Shown when this PC has no counter data yet (the set-up wizard comes with the counter screen)."""

    def __init__(self, data_dir: str) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Bộ phận Một cửa — chưa khởi tạo"))
        text = self.tr(
            "Máy này chưa có dữ liệu Bộ phận Một cửa.\n\n"
            "Khởi tạo bằng lệnh:\n"
            'counter-app init --office-code 000.00.00.H00 --office-name "UBND xã …"\n\n'
            "Thư mục dữ liệu: %1"
        ).replace("%1", data_dir)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setMargin(24)
        self.setCentralWidget(label)
        self.resize(720, 320)
