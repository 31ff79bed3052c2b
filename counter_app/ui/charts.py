"""Two small chart widgets drawn with QPainter: columns (dossiers per week) and stacked horizontal bars
(timeliness shares, overdue by field).

Why not QtCharts or matplotlib (docs/development.md, "Charts"): QtCharts is only in PySide6-Addons
(a 40–60 MB wheel, several hundred MB installed) and matplotlib brings numpy and friends; the
dashboard needs three plain charts, which fit in this module, load instantly and render the same
offscreen in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

AXIS = QColor("#9e9e9e")
TEXT = QColor("#212121")
BAR = QColor("#1565c0")


class _Chart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 160)

    def _frame(self, p: QPainter) -> QRectF:
        """Paint the title; the rectangle left for the chart."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        bold = p.font()
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(TEXT)
        line = QFontMetrics(bold).height()
        p.drawText(QRectF(8, 4, self.width() - 16, line), Qt.AlignmentFlag.AlignLeft, self.title)
        bold.setBold(False)
        p.setFont(bold)
        return QRectF(8, line + 10, self.width() - 16, self.height() - line - 16)

    def _empty(self, p: QPainter, area: QRectF) -> None:
        p.setPen(AXIS)
        p.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)


class ColumnChart(_Chart):
    """One column per label (weeks), the value above each, every n-th label under the axis."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.labels: tuple[str, ...] = ()
        self.values: tuple[int, ...] = ()

    def set_data(self, labels: Sequence[str], values: Sequence[int]) -> None:
        self.labels, self.values = tuple(labels), tuple(values)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        area = self._frame(p)
        if not self.values or not any(self.values):
            self._empty(p, area)
            p.end()
            return
        metrics = QFontMetrics(p.font())
        line = metrics.height()
        chart = area.adjusted(0, line, 0, -line - 4)  # room for values above and labels below
        top = max(self.values)
        slot = chart.width() / len(self.values)
        p.setPen(QPen(AXIS, 1))
        p.drawLine(chart.bottomLeft(), chart.bottomRight())
        every = max(1, int((metrics.horizontalAdvance("00/00") + 8) // max(slot, 1)) + 1)
        for i, (label, value) in enumerate(zip(self.labels, self.values, strict=True)):
            height = chart.height() * value / top
            bar = QRectF(chart.left() + i * slot + slot * 0.15, chart.bottom() - height, slot * 0.7, height)
            p.fillRect(bar, BAR)
            p.setPen(TEXT)
            if value and slot >= metrics.horizontalAdvance(str(value)):
                p.drawText(
                    QRectF(bar.left() - 8, bar.top() - line, bar.width() + 16, line),
                    Qt.AlignmentFlag.AlignCenter,
                    str(value),
                )
            if i % every == 0:
                p.drawText(
                    QRectF(bar.center().x() - 40, chart.bottom() + 2, 80, line), Qt.AlignmentFlag.AlignCenter, label
                )
        p.end()


@dataclass(frozen=True)
class Segment:
    name: str
    value: int
    colour: str


@dataclass(frozen=True)
class Row:
    label: str
    segments: tuple[Segment, ...]

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)


class StackedBars(_Chart):
    """Horizontal bars, each made of coloured segments; a legend of the segment names below.

    ``shares=True`` draws every bar full width with its segments as percentages (timeliness); otherwise
    bars are scaled to the largest total (counts by field)."""

    def __init__(self, title: str, *, shares: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.shares = shares
        self.rows: tuple[Row, ...] = ()

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.rows = tuple(rows)
        self.update()

    def legend(self) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for row in self.rows:
            for segment in row.segments:
                seen.setdefault(segment.name, segment.colour)
        return list(seen.items())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        area = self._frame(p)
        rows = [r for r in self.rows if r.total]
        if not rows:
            self._empty(p, area)
            p.end()
            return
        metrics = QFontMetrics(p.font())
        line = metrics.height()
        label_width = min(area.width() * 0.4, max(metrics.horizontalAdvance(r.label) for r in rows) + 16)
        chart = QRectF(area.left() + label_width, area.top(), area.width() - label_width - 40, area.height() - line - 8)
        height = min(chart.height() / len(rows), 2.2 * line)
        top = max(r.total for r in rows)
        for i, row in enumerate(rows):
            y = chart.top() + i * height
            p.setPen(TEXT)
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, int(label_width - 8))
            p.drawText(
                QRectF(area.left(), y, label_width - 8, height * 0.8),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            width = chart.width() if self.shares else chart.width() * row.total / top
            x = chart.left()
            for segment in row.segments:
                if not segment.value:
                    continue
                w = width * segment.value / row.total
                box = QRectF(x, y + height * 0.1, w, height * 0.6)
                p.fillRect(box, QColor(segment.colour))
                text = f"{round(100 * segment.value / row.total)} %" if self.shares else str(segment.value)
                if w >= metrics.horizontalAdvance(text) + 6:
                    p.setPen(QColor("white"))
                    p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
                x += w
            if not self.shares:
                p.setPen(TEXT)
                p.drawText(QRectF(x + 4, y, 40, height * 0.8), Qt.AlignmentFlag.AlignVCenter, str(row.total))
        x = area.left()
        y = area.bottom() - line
        for name, colour in self.legend():
            p.fillRect(QRectF(x, y + line * 0.2, line * 0.6, line * 0.6), QColor(colour))
            p.setPen(TEXT)
            p.drawText(
                QRectF(x + line * 0.8, y, metrics.horizontalAdvance(name) + 4, line),
                Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            x += line * 0.8 + metrics.horizontalAdvance(name) + 16
        p.end()
