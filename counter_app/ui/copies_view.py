"""The dossier's certified electronic copies (issue 13) in the dossier dialog: paper, pages, who signed,
whether the text layer is there yet; open one in the system's PDF viewer, or export them all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.papers import PaperCopyInfo
from counter_app.ui.digitise import PaperServices
from counter_app.ui.errors import describe
from counter_app.ui.tasks import RunTask

HEADERS = (
    QT_TRANSLATE_NOOP("CopiesBox", "Giấy tờ"),
    QT_TRANSLATE_NOOP("CopiesBox", "Số trang"),
    QT_TRANSLATE_NOOP("CopiesBox", "Người ký"),
    QT_TRANSLATE_NOOP("CopiesBox", "Nhận dạng chữ"),
)
OCR_STATES = {
    "done": QT_TRANSLATE_NOOP("CopiesBox", "đã xong"),
    "pending": QT_TRANSLATE_NOOP("CopiesBox", "đang chờ"),
}


class CopiesBox(QGroupBox):
    def __init__(
        self,
        code: str,
        services: PaperServices,
        run: RunTask,
        parent: QWidget | None = None,
        *,
        open_file: Callable[[Path], object] | None = None,
    ) -> None:
        super().__init__(self.tr("Bản số hóa (Ctrl+P: mở, Ctrl+E: xuất)"), parent)
        self.code = code
        self._services = services
        self._run = run
        self._open_file = open_file or (lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        self.copies: list[PaperCopyInfo] = []
        self.exported: list[Path] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("CopiesBox", str(h)) for h in HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.open_button = QPushButton(self.tr("Mở bản số hóa"))
        self.export_button = QPushButton(self.tr("Xuất ra thư mục…"))
        self.open_button.setShortcut("Ctrl+P")
        self.export_button.setShortcut("Ctrl+E")
        for button in (self.open_button, self.export_button):
            button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_selected)
        self.export_button.clicked.connect(lambda: self.export())
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.export_button)
        row.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self._run(lambda: self._services.list_copies(self.code), self._show, self._failed)

    def _show(self, copies: list[PaperCopyInfo]) -> None:
        self.copies = list(copies)
        self.table.setRowCount(len(self.copies))
        for row, copy in enumerate(self.copies):
            signer = copy.signed_by
            if copy.signer_kind == "office":
                signer = self.tr("%1 (khóa của cơ quan)").replace("%1", signer)
            ocr = QCoreApplication.translate("CopiesBox", str(OCR_STATES.get(copy.ocr, copy.ocr)))
            for column, text in enumerate((f"{copy.paper}. {copy.name}", str(copy.pages), signer, ocr)):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if self.copies:
            self.table.selectRow(0)
        self.setVisible(bool(self.copies))
        self.open_button.setEnabled(bool(self.copies))
        self.export_button.setEnabled(bool(self.copies))

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe(exc))

    def selected(self) -> PaperCopyInfo | None:
        row = self.table.currentRow()
        return self.copies[row] if 0 <= row < len(self.copies) else None

    def open_selected(self) -> None:
        copy = self.selected()
        if copy is None:
            return
        path = copy.path

        def show(_result: None) -> None:
            self._open_file(path)

        # audited first (services.papers.copy_opened): no entry, no viewer
        self._run(lambda: self._services.opened(self.code, copy.paper), show, self._failed)

    def export(self, directory: Path | None = None) -> None:
        if directory is None:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Xuất bản số hóa vào thư mục"))
            if not chosen:
                return
            directory = Path(chosen)
        target = directory

        def done(paths: list[Path]) -> None:
            self.exported = list(paths)
            self.message.setText(
                self.tr("Đã xuất %1 tệp vào %2").replace("%1", str(len(paths))).replace("%2", str(target))
            )

        self._run(lambda: self._services.export(self.code, target), done, self._failed)
