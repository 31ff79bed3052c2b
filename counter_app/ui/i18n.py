"""Qt's translation system: the UI is written in Vietnamese; ``counter_app_en.ts`` gives English.

The ``.ts`` sources are committed; the ``.qm`` catalogues are compiled from them (bootstrap runs
``pyside6-lrelease``; :func:`install` compiles on the fly when a ``.qm`` is missing or stale).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from counter_app.paths import resources_dir

log = logging.getLogger(__name__)


def translations_dir() -> Path:
    return resources_dir() / "translations"


def compiled(language: str) -> Path | None:
    """The ``.qm`` for ``language``, compiled from its ``.ts`` if needed; None if there is none."""
    source = translations_dir() / f"counter_app_{language}.ts"
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


def install(app: QApplication, language: str) -> QTranslator | None:
    """Install the catalogue of ``language`` (Vietnamese needs none: it is the source language)."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if language == "vi" else QLocale.Language.English))
    if language == "vi":
        return None
    path = compiled(language)
    translator = QTranslator(app)
    if path is None or not translator.load(str(path)):
        log.warning("no translation for %s", language)
        return None
    app.installTranslator(translator)
    return translator
