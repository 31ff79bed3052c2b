"""The dossier list model: holds only ids and fetches rows a page at a time (Anki's browser table).

A million dossiers cost one integer array; rows are fetched in pages of :data:`PAGE` when the view
asks for them and kept in a bounded cache, so the list opens at once and scrolls smoothly.
"""

from __future__ import annotations

import logging
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from counter_app import messages
from counter_app.domain.calendar import office_time
from counter_app.services.dto import DossierRow

log = logging.getLogger(__name__)
PAGE = 200
MAX_PAGES = 50
_Index = QModelIndex | QPersistentModelIndex


def _when(row: DossierRow, attr: str) -> str:
    moment = getattr(row, attr)
    return "—" if moment is None else office_time(moment).strftime("%d/%m/%Y %H:%M")


COLUMNS: tuple[tuple[str, Callable[[DossierRow], str]], ...] = (
    (str(QT_TRANSLATE_NOOP("DossierTableModel", "Mã hồ sơ")), lambda r: r.code),
    (str(QT_TRANSLATE_NOOP("DossierTableModel", "Người nộp")), lambda r: r.applicant_name),
    (str(QT_TRANSLATE_NOOP("DossierTableModel", "Thủ tục")), lambda r: r.procedure_name),
    (str(QT_TRANSLATE_NOOP("DossierTableModel", "Trạng thái")), lambda r: messages.status_label(r.status)),
    (str(QT_TRANSLATE_NOOP("DossierTableModel", "Ngày nhận")), lambda r: _when(r, "received_at")),
    (str(QT_TRANSLATE_NOOP("DossierTableModel", "Hẹn trả")), lambda r: _when(r, "appointment_at")),
    (
        str(QT_TRANSLATE_NOOP("DossierTableModel", "Hình thức")),
        lambda r: messages.channel_label(r.channel.value, r.assisted),
    ),
)


class DossierTableModel(QAbstractTableModel):
    """Rows are dossiers; ``fetch(ids)`` returns their :class:`DossierRow` in order."""

    def __init__(self, fetch: Callable[[Sequence[int]], list[DossierRow]], parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids = array("q")
        self._total = 0
        self._pages: OrderedDict[int, dict[int, DossierRow]] = OrderedDict()

    def set_ids(self, ids: Sequence[int]) -> None:
        self.show_first(ids, len(ids))

    def show_first(self, ids: Sequence[int], total: int) -> None:
        """Show ``total`` rows of which only the first ``ids`` are known yet (the rest read "…")."""
        self.beginResetModel()
        try:
            self._ids = array("q", ids)
            self._total = max(total, len(self._ids))
            self._pages.clear()
        finally:
            self.endResetModel()

    def complete(self, ids: Sequence[int]) -> None:
        """Fill in every id once loaded in the background; the view keeps its scroll position."""
        if len(ids) != self._total:  # the list changed meanwhile: start over with what is true now
            self.set_ids(ids)
            return
        known = len(self._ids)
        self._ids = array("q", ids)
        if known < self._total:
            self._pages.clear()
            self.dataChanged.emit(self.index(known, 0), self.index(self._total - 1, len(COLUMNS) - 1))

    def dossier_id(self, row: int) -> int | None:
        """The dossier shown on ``row``, or None while its id is still loading."""
        return self._ids[row] if row < len(self._ids) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("DossierTableModel", COLUMNS[section][0])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        try:
            row = self._row(index.row())
            return "…" if row is None else COLUMNS[index.column()][1](row)
        except Exception:  # data() must never raise into Qt: show the row as unreadable, log why
            log.exception("cannot show dossier row %s", index.row())
            return "⚠"

    def _row(self, position: int) -> DossierRow | None:
        if position >= len(self._ids):
            return None  # still loading in the background
        page_number = position // PAGE
        page = self._pages.get(page_number)
        if page is None:
            ids = self._ids[page_number * PAGE : (page_number + 1) * PAGE]
            page = {r.id: r for r in self._fetch(list(ids))}
            self._pages[page_number] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page.get(self._ids[position])
