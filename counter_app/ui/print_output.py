"""Sending a finished PDF to the chosen printer, or saving it when no printer is set up."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from counter_app.ui.settings_store import PDF_PRINTER


def load_document(pdf: bytes, parent: QObject | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over in-memory bytes (keep the buffer alive as long as the document)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument() if parent is None else QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


def available_printers() -> list[str]:
    return [name for name in QPrinterInfo.availablePrinterNames() if name]


def output(pdf: bytes, printer_name: str, folder: Path, stem: str) -> str:
    """Print ``pdf``; returns a short description of where it went (printer name or file path)."""
    if printer_name == PDF_PRINTER or printer_name not in available_printers():
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}-{datetime.now():%Y%m%d-%H%M%S}.pdf"
        path.write_bytes(pdf)
        return str(path)
    document, _buffer = load_document(pdf)
    printer = QPrinter(QPrinterInfo.printerInfo(printer_name), QPrinter.PrinterMode.HighResolution)
    painter = QPainter(printer)
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            area = painter.viewport()
            target = document.pagePointSize(page).scaled(QSizeF(area.size()), Qt.AspectRatioMode.KeepAspectRatio)
            image: QImage = document.render(page, target.toSize())
            painter.drawImage(0, 0, image)
    finally:
        painter.end()
    return printer_name
