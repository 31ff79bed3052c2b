"""Preview of a printed form (QtPdf) with one key to print it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.ui.print_output import load_document
from counter_app.ui.screen_fit import fit_to_screen


class PreviewDialog(QDialog):
    """Shows ``pdf``; Print (focused, so Enter prints) calls ``print_pdf(pdf)`` and closes."""

    def __init__(
        self, title: str, pdf: bytes, print_pdf: Callable[[bytes], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pdf = pdf
        self.printed_to: str | None = None
        self._print_pdf = print_pdf
        self.document, self._buffer = load_document(pdf, self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.info = QLabel(self.tr("%1 trang").replace("%1", str(self.document.pageCount())))
        self.print_button = QPushButton(self.tr("In (Enter)"))
        self.print_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Đóng (Esc)"))
        self.print_button.clicked.connect(self.print_now)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 760, 900)  # the buttons stay on a 1366×768 screen
        self.print_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()
        self.print_button.setFocus()  # Enter prints

    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self.document.status() == QPdfDocument.Status.Ready else 0

    def print_now(self) -> None:
        self.printed_to = self._print_pdf(self.pdf)
        self.accept()
