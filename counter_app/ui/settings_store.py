"""The GUI's own preferences (language, printer, idle lock, where the main window was), kept in an INI
file beside the data.

The only module that touches QSettings; everything else receives plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QSettings

LANGUAGES = ("vi", "en")
PDF_PRINTER = ""  # no printer chosen: print to PDF files in the data directory


@dataclass(frozen=True)
class UiSettings:
    language: str = "vi"
    printer: str = PDF_PRINTER
    idle_lock_minutes: int = 15  # MOSIP's figure
    scan_device: str = ""  # the scanner picked once in the scan panel ("" until then)
    scan_folder: str = ""  # the network scanner's scan-to-folder directory ("" for none)
    token_library: str = ""  # the clerk's USB token's PKCS#11 library ("" : $COUNTER_APP_PKCS11_LIB, else none)
    token_label: str = ""  # which token, when several are plugged in ("" : the only one)


@dataclass(frozen=True)
class WindowPlacement:
    """The main window's normal (not maximized) geometry, and whether it was maximized."""

    x: int
    y: int
    width: int
    height: int
    maximized: bool = False


class SettingsStore:
    def __init__(self, data_dir: Path) -> None:
        self._settings = QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat)

    def load(self) -> UiSettings:
        s = self._settings
        language = str(s.value("ui/language", "vi"))
        try:
            minutes = int(str(s.value("ui/idle_lock_minutes", 15)))
        except ValueError:
            minutes = 15
        return UiSettings(
            language=language if language in LANGUAGES else "vi",
            printer=str(s.value("print/printer", PDF_PRINTER)),
            idle_lock_minutes=max(1, minutes),
            scan_device=str(s.value("scan/device", "")),
            scan_folder=str(s.value("scan/folder", "")),
            token_library=str(s.value("token/library", "")),
            token_label=str(s.value("token/label", "")),
        )

    def save(self, settings: UiSettings) -> None:
        self._settings.setValue("ui/language", settings.language)
        self._settings.setValue("print/printer", settings.printer)
        self._settings.setValue("ui/idle_lock_minutes", settings.idle_lock_minutes)
        self._settings.setValue("scan/device", settings.scan_device)
        self._settings.setValue("scan/folder", settings.scan_folder)
        self._settings.setValue("token/library", settings.token_library)  # never the PIN
        self._settings.setValue("token/label", settings.token_label)
        self._settings.sync()

    def update(self, **changes: object) -> UiSettings:
        updated = replace(self.load(), **changes)  # type: ignore[arg-type]
        self.save(updated)
        return updated

    def load_window(self) -> WindowPlacement | None:
        """Where the main window was when last closed; None if never saved or unreadable."""
        s = self._settings
        try:
            x, y, width, height = (int(str(s.value(f"window/{key}"))) for key in ("x", "y", "width", "height"))
        except (TypeError, ValueError):
            return None
        if width <= 0 or height <= 0:
            return None
        maximized = str(s.value("window/maximized", "false")).lower() in ("true", "1")
        return WindowPlacement(x, y, width, height, maximized)

    def save_window(self, placement: WindowPlacement) -> None:
        s = self._settings
        for key in ("x", "y", "width", "height"):
            s.setValue(f"window/{key}", getattr(placement, key))
        s.setValue("window/maximized", placement.maximized)
        s.sync()
