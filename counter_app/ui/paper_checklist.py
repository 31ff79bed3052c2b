"""Digitising the intake's checklist, paper by paper.

On the checklist (the papers list of the intake form):

    S (or Ctrl+D anywhere in the form)  digitise the selected paper: the scan panel opens and scans
                                        one page with the remembered scanner; Enter there returns here
                                        with the next paper still to digitise selected
    U                                   reuse the copy the office already holds for this citizen
    Ctrl+U                              reuse every copy offered

When the applicant's CCCD number is typed or scanned, the papers already digitised for that number
(:func:`counter_app.services.papers.reusable_for`) are offered on the rows of the same paper, with
their date and who certified them (Decree 118/2025: the citizen is not asked twice for a paper the
office holds). The pages and the reuse choices go into the intake request, stored in the intake's own
transaction; a second press of Accept reuses the form's request id, so nothing is stored twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidget, QWidget

from counter_app.domain.calendar import office_time
from counter_app.domain.text import fold
from counter_app.scanning.pages import Page
from counter_app.services.dto import ProcedureInfo
from counter_app.services.papers import ReusableCopy
from counter_app.ui.digitise import Digitiser
from counter_app.ui.page_strip import Shown
from counter_app.ui.scan_panel import ScanPanel

BASE_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's text without what digitisation adds
_CCCD = re.compile(r"^[0-9]{12}$")


class PaperChecklist(QObject):
    def __init__(
        self,
        papers: QListWidget,
        procedure: Callable[[], ProcedureInfo | None],
        after: QWidget,
        digitiser: Digitiser,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.list = papers
        self._procedure = procedure
        self._after = after  # focused when no paper is left to digitise (the Accept button)
        self.digitiser = digitiser
        self._parent = parent
        self.scanned: dict[int, list[Shown]] = {}  # paper position -> its pages
        self.reused: dict[int, ReusableCopy] = {}  # paper position -> the copy reused
        self.offers: list[ReusableCopy] = []  # the copies held for the applicant's CCCD
        self.cccd = ""
        self.panel: ScanPanel | None = None  # the panel open now
        for keys, slot in (("Ctrl+D", self.digitise), ("Ctrl+U", self.reuse_all)):
            QShortcut(QKeySequence(keys), parent, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # S and U on the checklist are key presses, not shortcuts: a USB QR scanner typing a CCCD while
        # the checklist has focus must get its letters (the scan listener sees them first) and open nothing.
        papers.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_S, Qt.Key.Key_U)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            if not self.digitiser.scan_in_progress():
                if event.key() == Qt.Key.Key_S:
                    self.digitise()
                else:
                    self.reuse_current()
            return True  # nor does the list jump to a row starting with the letter
        return False

    # ------------------------------------------------------------------ state

    def clear(self) -> None:
        """A new citizen: nothing scanned, nothing reused, nothing offered."""
        self.clear_papers()
        self.offers = []
        self.cccd = ""

    def clear_papers(self) -> None:
        """Another procedure: its checklist starts with nothing digitised (the offers stay)."""
        self.scanned.clear()
        self.reused.clear()

    def _position(self, row: int) -> int:
        return int(self.list.item(row).data(Qt.ItemDataRole.UserRole))

    def _name(self, position: int) -> str:
        procedure = self._procedure()
        if procedure is None:
            return ""
        return next((c.name for c in procedure.components if c.position == position), "")

    def offer_for(self, position: int) -> ReusableCopy | None:
        """The newest copy held for this citizen of the paper at ``position`` (matched by its name)."""
        name = fold(self._name(position))
        matching = [o for o in self.offers if fold(o.paper_name) == name]
        return max(matching, key=lambda o: o.certified_at, default=None)

    def done(self, position: int) -> bool:
        return position in self.scanned or position in self.reused

    def request_papers(self) -> tuple[dict[int, list[Page]], dict[int, str]]:
        """(paper position -> pages, paper position -> reused copy's uid) of the papers ticked as
        received, for the intake request (a paper unticked after its scan is not handed in)."""
        rows = (self.list.item(row) for row in range(self.list.count()))
        ticked = {int(i.data(Qt.ItemDataRole.UserRole)) for i in rows if i.checkState() == Qt.CheckState.Checked}
        pages = {n: [s.page for s in shown] for n, shown in self.scanned.items() if shown and n in ticked}
        return pages, {n: copy.uid for n, copy in self.reused.items() if n in ticked}

    # ------------------------------------------------------------------ the rows

    def refresh(self) -> None:
        """Each row's text says what digitisation holds for it."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            base = item.data(BASE_ROLE)
            if base is None:
                base = item.text()
                item.setData(BASE_ROLE, base)
            item.setText(str(base) + self._suffix(self._position(row)))

    def _when(self, copy: ReusableCopy) -> str:
        return f"{office_time(copy.certified_at):%d/%m/%Y}"

    def _suffix(self, position: int) -> str:
        if position in self.scanned:
            return self.tr(" — đã số hóa (%1 trang)").replace("%1", str(len(self.scanned[position])))
        reused = self.reused.get(position)
        if reused is not None:
            return (
                self.tr(" — dùng lại bản số hóa ngày %1 do %2 chứng thực")
                .replace("%1", self._when(reused))
                .replace("%2", reused.certified_by)
            )
        offer = self.offer_for(position)
        if offer is not None:
            return (
                self.tr(" — Dùng lại bản số hóa ngày %1 do %2 chứng thực? (U)")
                .replace("%1", self._when(offer))
                .replace("%2", offer.certified_by)
            )
        return ""

    def _row(self) -> int:
        """The selected row, else the first paper still to digitise."""
        row = self.list.currentRow()
        if row >= 0:
            return row
        return next((r for r in range(self.list.count()) if not self.done(self._position(r))), -1)

    def _tick(self, row: int) -> None:
        self.list.item(row).setCheckState(Qt.CheckState.Checked)  # a paper digitised was received

    def advance(self, row: int) -> None:
        """Select the next ticked paper not yet digitised (on the checklist); else focus Accept."""
        self.list.window().activateWindow()  # back from the panel (not every platform does it itself)
        count = self.list.count()
        for step in range(1, count + 1):
            candidate = (row + step) % count
            item = self.list.item(candidate)
            if item.checkState() == Qt.CheckState.Checked and not self.done(self._position(candidate)):
                self.list.setCurrentRow(candidate)
                self.list.setFocus()
                return
        self._after.setFocus()

    # ------------------------------------------------------------------ actions

    def digitise(self, *, scan_now: bool = True) -> ScanPanel | None:
        """S / Ctrl+D: the scan panel for the selected paper (it scans a page at once)."""
        if self.panel is not None and self.panel.isVisible():
            return self.panel
        row = self._row()
        if row < 0:
            return None
        self.list.setCurrentRow(row)
        position = self._position(row)
        title = f"{position}. {self._name(position)}"
        panel = ScanPanel(
            title, self.digitiser.setup(), self._parent, shown=self.scanned.get(position, []), scan_now=scan_now
        )
        self.panel = panel
        panel.finished.connect(lambda _result: self._closed(panel))
        panel.accepted.connect(lambda: self._accepted(panel, row, position))
        panel.rejected.connect(self._back)
        panel.open()
        return panel

    def _closed(self, panel: ScanPanel) -> None:
        """A panel closed is let go (its pages live on in ``scanned``): a day of dossiers keeps none."""
        if self.panel is panel:
            self.panel = None
        panel.deleteLater()

    def _back(self) -> None:
        self.list.window().activateWindow()
        self.list.setFocus()

    def _accepted(self, panel: ScanPanel, row: int, position: int) -> None:
        shown = panel.shown
        if shown:
            self.scanned[position] = shown
            self.reused.pop(position, None)
            if row < self.list.count():
                self._tick(row)
        else:
            self.scanned.pop(position, None)
        self.refresh()
        self.advance(row)

    def reuse_current(self) -> None:
        """U: the selected paper is the copy already held (no rescan)."""
        row = self.list.currentRow()
        if row < 0:
            return
        position = self._position(row)
        offer = self.offer_for(position)
        if offer is None:
            return
        self.reused[position] = offer
        self.scanned.pop(position, None)
        self._tick(row)
        self.refresh()
        self.advance(row)

    def reuse_all(self) -> None:
        """Ctrl+U: every paper offered is reused."""
        last = -1
        for row in range(self.list.count()):
            position = self._position(row)
            offer = self.offer_for(position)
            if offer is not None and position not in self.scanned:
                self.reused[position] = offer
                self._tick(row)
                last = row
        if last >= 0:
            self.refresh()
            self.advance(last)

    # ------------------------------------------------------------------ the citizen's store

    def look_up(self, cccd: str) -> None:
        """The applicant's number changed: ask (in the background) which papers are held for it."""
        cccd = cccd.strip()
        if cccd == self.cccd:
            return
        self.cccd = cccd
        if not _CCCD.match(cccd):
            if self.offers:
                self.offers = []
                self.refresh()
            return

        def got(offers: list[ReusableCopy]) -> None:
            if cccd == self.cccd:
                self.offers = list(offers)
                self.refresh()

        self.digitiser.run(lambda: self.digitiser.services.reusable_for(cccd), got, lambda _exc: None)
