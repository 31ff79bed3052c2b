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
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from xml.etree import ElementTree

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabBar,
    QTableView,
    QTableWidget,
    QTextEdit,
    QWidget,
    QWizard,
    QWizardPage,
)

from counter_app import messages
from counter_app.domain.status_labels import STATUS_LABELS
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


# ---------------------------------------------------------------------- switching a live window


def _pairs(language: str) -> list[tuple[str, str, str]]:
    """(context, source, translation) of the program's catalogue for ``language`` (from its ``.ts``)."""
    source = translations_dir() / f"counter_app_{language}.ts"
    if not source.exists():
        return []
    pairs: list[tuple[str, str, str]] = []
    for context in ElementTree.parse(source).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            text, translation = message.findtext("source"), message.find("translation")
            if text is None or translation is None or message.get("numerus") == "yes":
                continue
            pairs.append((name, text, translation.text or ""))
    return pairs


# language -> context ("" for any) -> (a UI text in either language -> the same text in ``language``)
_live: dict[str, dict[str, dict[str, str]]] = {}


def words_in(language: str) -> dict[str, dict[str, str]]:
    """Every static UI text, in either language, as it reads in ``language``, by the class it was
    written in ("" for all: the first one wins). Vietnamese is the source; the dossier statuses come
    from :mod:`messages`. Two sources may share a translation ("Cán bộ tiếp nhận" and "Cán bộ bàn
    giao" are both "Clerk"): the context tells them apart on the way back."""
    cached = _live.get(language)
    if cached is not None:
        return cached
    index = messages.LANGUAGES.index(language)
    tables: dict[str, dict[str, str]] = {"": {}}
    for labels in STATUS_LABELS.values():  # first: shown everywhere, from no class's tr()
        for label in labels:
            tables[""].setdefault(label, labels[index])
    for other in messages.LANGUAGES:
        if other == "vi":
            continue
        for context, source, translation in _pairs(other):
            wanted = translation if language == other else source
            for table in (tables.setdefault(context, {}), tables[""]):
                table.setdefault(source, wanted)
                table.setdefault(translation, wanted)
    _live[language] = tables
    return tables


_templates: dict[str, list[tuple[re.Pattern[str], str]]] = {}


def _templates_in(language: str) -> list[tuple[re.Pattern[str], str]]:
    """The texts with %1…%9 in them, as patterns of either language and their form in ``language``."""
    cached = _templates.get(language)
    if cached is None:
        cached = []
        for text, wanted in words_in(language)[""].items():
            if "%1" not in text or text == wanted:
                continue
            pattern = re.escape(text)
            for n in range(1, 10):
                pattern = pattern.replace(re.escape(f"%{n}"), f"(?P<p{n}>.+?)", 1)
            cached.append((re.compile(f"^{pattern}$", re.S), wanted))
        _templates[language] = cached
    return cached


def live(text: str, contexts: tuple[str, ...] = ()) -> str:
    """``text`` (built in whichever language was in force then) in the language in force now, as the
    first of ``contexts`` (class names, nearest first) that knows it has it; a text composed from a
    template ("Liên thông: %1 (%2)") keeps what was put in it."""
    tables = words_in(messages.language())
    for context in (*contexts, ""):
        found = tables.get(context, {}).get(text)
        if found is not None:
            return found
    if "&" in text and "&&" not in text:
        # A mnemonic the window gave its button when shown (ui/keyboard.py) is not in the catalogue:
        # the words without it are; the window gives the new words their own when shown again.
        plain = text.replace("&", "", 1)
        translated = live(plain, contexts)
        if translated != plain:
            return translated
    for pattern, wanted in _templates_in(messages.language()):
        match = pattern.match(text)
        if match is not None:
            for name, value in match.groupdict().items():
                wanted = wanted.replace(f"%{name[1:]}", value)
            return wanted
    return text


def contexts_of(obj: QObject) -> tuple[str, ...]:
    """The translation contexts a text of ``obj`` may come from: its class and its parents' classes."""
    found: list[str] = []
    current: QObject | None = obj
    while current is not None:
        for cls in type(current).__mro__:
            if cls.__module__.startswith("counter_app") and cls.__name__ not in found:
                found.append(cls.__name__)
        current = current.parent()
    return tuple(found)


def retranslate_tree(root: QWidget) -> int:
    """Give every static text of ``root`` and its descendants its words in the language in force now
    (texts composed at run time from data are left to their view's refresh). Returns how many
    texts changed."""
    changed = 0
    contexts: tuple[str, ...] = ()

    def swap(text: str, put: Callable[[str], None]) -> None:
        nonlocal changed
        if not text:
            return
        new = live(text, contexts)
        if new != text:
            put(new)
            changed += 1

    for widget in (root, *root.findChildren(QWidget)):
        contexts = contexts_of(widget)
        if widget.isWindow():
            swap(widget.windowTitle(), widget.setWindowTitle)
        swap(widget.toolTip(), widget.setToolTip)
        swap(widget.statusTip(), widget.setStatusTip)
        for action in widget.actions():
            swap(action.text(), action.setText)
            swap(action.toolTip(), action.setToolTip)
        if isinstance(widget, QLabel | QAbstractButton):
            swap(widget.text(), widget.setText)
        if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
            swap(widget.placeholderText(), widget.setPlaceholderText)
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                swap(widget.itemText(i), partial(widget.setItemText, i))
        if isinstance(widget, QGroupBox):
            swap(widget.title(), widget.setTitle)
        if isinstance(widget, QAbstractSpinBox):
            swap(widget.specialValueText(), widget.setSpecialValueText)
            if isinstance(widget, QSpinBox):
                swap(widget.suffix(), widget.setSuffix)
                swap(widget.prefix(), widget.setPrefix)
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                swap(widget.tabText(i), partial(widget.setTabText, i))
                swap(widget.tabToolTip(i), partial(widget.setTabToolTip, i))
        if isinstance(widget, QTableWidget):
            for i in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(i)
                if item is not None:
                    swap(item.text(), item.setText)
        if isinstance(widget, QWizard):
            for button in (
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            ):
                swap(widget.buttonText(button), partial(widget.setButtonText, button))
        if isinstance(widget, QWizardPage):
            swap(widget.title(), widget.setTitle)
            swap(widget.subTitle(), widget.setSubTitle)
        if isinstance(widget, QTableView) and not isinstance(widget, QTableWidget):
            model = widget.model()  # a model's headers are translated when asked: ask again
            columns = 0 if model is None else widget.horizontalHeader().count()
            if model is not None and columns > 0:
                model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        if isinstance(widget, QAbstractItemView):
            widget.viewport().update()
    return changed
