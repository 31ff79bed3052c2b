"""Capture of the citizen's papers (issue 13): scanners, files and a scan-to-folder directory give
:class:`Page` images; :mod:`.pages` rotates, finds blank pages, deskews and crops them.

No storage, services, GUI or database here (import-linter contract in pyproject.toml): the services
store what these pages become (``counter_app.copies``), the GUI shows them.
"""

from counter_app.scanning.errors import BadFile, ScannerError
from counter_app.scanning.files import read_files
from counter_app.scanning.folder import ScanFolder
from counter_app.scanning.pages import Page, clean, is_blank, is_text_page, rotate, thumbnail, to_bilevel
from counter_app.scanning.sources import ScanDevice, ScanSource, list_devices, open_source

__all__ = [
    "BadFile",
    "Page",
    "ScanDevice",
    "ScanFolder",
    "ScanSource",
    "ScannerError",
    "clean",
    "is_blank",
    "is_text_page",
    "list_devices",
    "open_source",
    "read_files",
    "rotate",
    "thumbnail",
    "to_bilevel",
]
