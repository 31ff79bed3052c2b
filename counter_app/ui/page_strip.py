"""The pages of one paper being digitised: a strip of thumbnails and a large preview of the selected one.

Pages arrive already prepared off the GUI thread (:func:`prepare`: cleaned where cheap, checked for
blankness, thumbnails made), so the strip only converts small images for display. Reordering (drag,
or Ctrl+Left/Right through the panel), rotating, deleting and replacing one page keep the list of
:class:`~counter_app.scanning.pages.Page` in the order the clerk sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from PIL import Image, ImageOps

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QListWidget, QListWidgetItem, QSplitter, QWidget

from counter_app.scanning.pages import Page, clean, is_blank, rotate

THUMB = 120  # px, the long side of a thumbnail
VIEW = 1100  # px, the long side of the preview image kept in memory

_TRANSPOSE = {
    90: Image.Transpose.ROTATE_270,  # a page turned clockwise (PIL turns counter-clockwise)
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class Shown:
    """One page with what the strip shows of it."""

    page: Page
    blank: bool
    thumb: Image.Image
    view: Image.Image


def _small(image: Image.Image, side: int) -> Image.Image:
    small = image if image.mode in ("L", "RGB") else image.convert("L")
    small = small.copy()
    small.thumbnail((side, side), Image.Resampling.BILINEAR if small.mode != "1" else Image.Resampling.NEAREST)
    return small


def prepare(pages: Sequence[Page], *, cleaned: bool) -> list[Shown]:
    """Run on the task runner: the pages as the strip shows them (``cleaned``: deskew and crop first)."""
    shown = []
    for page in pages:
        ready = clean(page) if cleaned else page
        thumb = _small(ready.image, THUMB)
        thumb = ImageOps.expand(
            thumb, border=1, fill=(150, 150, 150) if thumb.mode == "RGB" else 150
        )  # a white page shows
        shown.append(Shown(ready, is_blank(ready), thumb, _small(ready.image, VIEW)))
    return shown


def turned(shown: Shown, degrees: int) -> Shown:
    """``shown`` turned clockwise by ``degrees`` (90/180/270); the small images are turned, not remade."""
    turn = _TRANSPOSE[degrees % 360]
    return replace(
        shown,
        page=rotate(shown.page, degrees % 360),
        thumb=shown.thumb.transpose(turn),
        view=shown.view.transpose(turn),
    )


def to_pixmap(image: Image.Image) -> QPixmap:
    if image.mode == "RGB":
        data, fmt, per_line = image.tobytes(), QImage.Format.Format_RGB888, image.width * 3
    else:
        grey = image if image.mode == "L" else image.convert("L")
        data, fmt, per_line = grey.tobytes(), QImage.Format.Format_Grayscale8, grey.width
    return QPixmap.fromImage(QImage(data, image.width, image.height, per_line, fmt).copy())


class Preview(QLabel):
    """The selected page, as large as the space allows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(200, 260)
        self.setStyleSheet("background: #f2f2f2")
        self._pixmap: QPixmap | None = None

    def show_image(self, image: Image.Image | None) -> None:
        self._pixmap = None if image is None else to_pixmap(image)
        self._fit()

    def _fit(self) -> None:
        if self._pixmap is None:
            self.clear()
            return
        self.setPixmap(
            self._pixmap.scaled(
                self.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


class PageStrip(QSplitter):
    """Thumbnails on the left (drag to reorder), the selected page large on the right."""

    changed = Signal()  # pages added, removed, moved or turned

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.shown: list[Shown] = []
        self.thumbs = QListWidget()
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setFlow(QListView.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setIconSize(QSize(THUMB, THUMB))
        self.thumbs.setMovement(QListView.Movement.Snap)
        self.thumbs.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.thumbs.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.thumbs.setFixedWidth(THUMB + 48)
        self.thumbs.currentRowChanged.connect(self._show_current)
        self.thumbs.model().rowsMoved.connect(self._dragged)
        self.preview = Preview()
        self.addWidget(self.thumbs)
        self.addWidget(self.preview)
        self.setStretchFactor(1, 1)

    # ------------------------------------------------------------------ what the clerk sees

    @property
    def pages(self) -> list[Page]:
        return [s.page for s in self.shown]

    @property
    def page_count(self) -> int:
        return len(self.shown)

    @property
    def current(self) -> int:
        return self.thumbs.currentRow()

    def blanks(self) -> list[int]:
        return [i for i, s in enumerate(self.shown) if s.blank]

    def _label(self, row: int) -> str:
        text = self.tr("Trang %1").replace("%1", str(row + 1))
        return text + self.tr(" (trắng?)") if self.shown[row].blank else text

    def _rebuild(self, select: int) -> None:
        self.thumbs.blockSignals(True)
        self.thumbs.clear()
        for row, shown in enumerate(self.shown):
            item = QListWidgetItem(to_pixmap(shown.thumb), self._label(row))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.thumbs.addItem(item)
        self.thumbs.blockSignals(False)
        if self.shown:
            self.thumbs.setCurrentRow(max(0, min(select, len(self.shown) - 1)))
        self._show_current()
        self.changed.emit()

    def _show_current(self) -> None:
        row = self.current
        self.preview.show_image(self.shown[row].view if 0 <= row < len(self.shown) else None)

    def _dragged(self) -> None:
        """A drag reordered the thumbnails: the pages follow."""
        order = [int(self.thumbs.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.thumbs.count())]
        if sorted(order) != list(range(len(self.shown))):
            return
        moved = self.current
        self.shown = [self.shown[i] for i in order]
        self._rebuild(moved)

    # ------------------------------------------------------------------ editing

    def set_pages(self, shown: Sequence[Shown]) -> None:
        self.shown = list(shown)
        self._rebuild(0)

    def add(self, shown: Sequence[Shown]) -> None:
        """New pages after the last one; the first new page is selected."""
        first = len(self.shown)
        self.shown.extend(shown)
        self._rebuild(first)

    def replace_current(self, shown: Sequence[Shown]) -> None:
        """A re-scan of the selected page: the new page(s) take its place."""
        row = self.current
        if row < 0:
            self.add(shown)
            return
        self.shown[row : row + 1] = list(shown)
        self._rebuild(row)

    def move_current(self, step: int) -> None:
        row = self.current
        target = row + step
        if row < 0 or not 0 <= target < len(self.shown):
            return
        self.shown[row], self.shown[target] = self.shown[target], self.shown[row]
        self._rebuild(target)

    def rotate_current(self, degrees: int) -> None:
        row = self.current
        if row < 0:
            return
        self.shown[row] = turned(self.shown[row], degrees)
        self._rebuild(row)

    def delete_current(self) -> None:
        row = self.current
        if row < 0:
            return
        del self.shown[row]
        self._rebuild(row)

    def remove_blanks(self) -> int:
        """Drop every page found blank; how many went."""
        before = len(self.shown)
        self.shown = [s for s in self.shown if not s.blank]
        self._rebuild(self.current)
        return before - len(self.shown)
