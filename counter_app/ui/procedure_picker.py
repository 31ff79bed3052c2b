"""The procedure picker of the intake screen: a search box over the catalogue, tones optional."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from counter_app.domain.text import fold
from counter_app.services.dto import ProcedureInfo


def rank_procedures(procedures: list[ProcedureInfo], query: str, usage: dict[str, int]) -> list[ProcedureInfo]:
    """Procedures where every typed word starts a word of the name, field or code, tones optional.

    Best first: the name starts with what was typed, then contains it as a phrase, then has all the
    words, then needs the field; within each, the procedures this office used most, then the shortest.
    """
    words = fold(query).split()
    phrase = " ".join(words)

    def covers(haystack: list[str], code: str) -> bool:
        return all(any(w.startswith(word) for w in haystack) or code.startswith(word) for word in words)

    ranked = []
    for p in procedures:
        name = fold(p.name)
        if name.startswith(phrase):
            quality = 0
        elif f" {phrase}" in f" {name}":
            quality = 1
        elif covers(name.split(), p.code):
            quality = 2
        elif covers(name.split() + fold(p.field).split(), p.code):
            quality = 3
        else:
            continue
        ranked.append((quality, -usage.get(p.code, 0), len(p.name), p.name, p))
    ranked.sort(key=lambda item: item[:4])
    return [item[4] for item in ranked]


class ProcedurePicker(QWidget):
    """A search box over a list; Up/Down move in the list, Enter chooses."""

    chosen = Signal(object)  # ProcedureInfo

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(placeholderText=self.tr("Tìm thủ tục: gõ vài chữ, không cần dấu (vd. khai sinh)"))
        self.list = QListWidget()
        self.list.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self._procedures: list[ProcedureInfo] = []
        self._usage: dict[str, int] = {}
        self.search.textChanged.connect(self._refilter)
        self.search.returnPressed.connect(self.choose_current)
        self.list.itemActivated.connect(lambda _item: self.choose_current())
        self.search.installEventFilter(self)

    def set_procedures(self, procedures: list[ProcedureInfo], usage: dict[str, int]) -> None:
        self._procedures, self._usage = procedures, usage
        self._refilter()

    def _refilter(self) -> None:
        self.list.clear()
        for procedure in rank_procedures(self._procedures, self.search.text(), self._usage):
            limit = (
                self.tr("trong ngày")
                if procedure.working_days == 0
                else self.tr("%1 ngày làm việc").replace("%1", str(procedure.working_days))
            )
            item = QListWidgetItem(f"{procedure.name} — {procedure.field}, {limit}")
            item.setData(Qt.ItemDataRole.UserRole, procedure)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: object, event: object) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.list.count():
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, self.list.currentRow() + step)))
                return True
        return False
