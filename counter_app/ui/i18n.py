"""Qt's translation system: the UI is written in Vietnamese; ``counter_app_en.ts`` gives English.

Qt's own dialogs and menus (standard buttons, the wizard's Next/Back, a text field's context menu,
the file dialog) are in English in Qt itself. For English, Qt's ``qtbase_en`` (shipped in the PySide6
wheel) adds its plural forms. Qt ships no Vietnamese catalogue (neither the wheel nor Debian's
qt6-translations-l10n has a ``qtbase_vi``), so ``qtbase_vi.ts`` here translates the strings of those
dialogs that the counter shows.

The ``.ts`` sources are committed; the ``.qm`` catalogues are compiled from them (:func:`install`
compiles on the fly with ``pyside6-lrelease`` when a ``.qm`` is missing or stale). The language can be
changed while the program runs: :func:`install` replaces the catalogues, Qt sends every widget a
``LanguageChange`` event, and the services' sentences (:mod:`counter_app.messages`) follow.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from counter_app import messages
from counter_app.paths import resources_dir

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []  # the catalogues in force, replaced by the next install()


def translations_dir() -> Path:
    return resources_dir() / "translations"


def compiled_catalogue(stem: str) -> Path | None:
    """The ``.qm`` of ``stem`` (e.g. ``qtbase_vi``), compiled from its ``.ts`` if needed; None if none."""
    source = translations_dir() / f"{stem}.ts"
    target = source.with_suffix(".qm")
    if not source.exists():
        return None
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        tool = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name("pyside6-lrelease"))
        try:
            subprocess.run([tool, "-silent", str(source), "-qm", str(target)], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            log.warning("could not compile %s", source, exc_info=True)
            return target if target.exists() else None
    return target


def compiled(language: str) -> Path | None:
    """The program's own catalogue for ``language``."""
    return compiled_catalogue(f"counter_app_{language}")


def _qt_catalogue(language: str) -> Path | None:
    """Qt's own strings in ``language``: Qt's file if it ships one, else ours."""
    shipped = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{language}.qm"
    return shipped if shipped.exists() else compiled_catalogue(f"qtbase_{language}")


def _load(app: QApplication, path: Path | None) -> QTranslator | None:
    translator = QTranslator(app)
    if path is None or not translator.load(str(path)):
        return None
    app.installTranslator(translator)
    _installed.append(translator)
    return translator


def uninstall(app: QApplication) -> None:
    """Remove every catalogue install() put in; messages follow $COUNTER_APP_LANG again."""
    while _installed:
        app.removeTranslator(_installed.pop())
    messages.set_language(None)


def install(app: QApplication, language: str) -> QTranslator | None:
    """Apply ``language`` to the whole program, replacing the catalogues of a previous call.

    Returns the program's own catalogue (None for Vietnamese: it is the source language)."""
    uninstall(app)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if language == "vi" else QLocale.Language.English))
    messages.set_language(language)
    if _load(app, _qt_catalogue(language)) is None:
        log.warning("no Qt catalogue for %s", language)
    if language == "vi":
        return None
    ours = _load(app, compiled(language))
    if ours is None:
        log.warning("no translation for %s", language)
    return ours


def money(amount: int) -> str:
    """An amount of đồng as people of the UI's language write it: "25.000 đ" or "25,000 VND"."""
    if messages.language() == "en":
        return f"{amount:,} VND"
    return f"{amount:,} đ".replace(",", ".")
