"""Light flowables for the forms: a one-line text that becomes a Paragraph only when it must wrap,
and side-by-side columns without a Table.

Most lines of a form are short: a label and a value in one or two faces. Parsing them as Paragraph
markup and breaking them into lines costs far more than drawing them, so :class:`Text` measures the
line with the font metrics and draws it with plain text operators; only a line wider than its
space (a long address, a long paper name) turns into a wrapping ``Paragraph`` with the same style
and faces. :class:`Columns` lays blocks side by side (the two header blocks, the signature blocks,
the items beside the QR code), each flowable wrapped once.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Paragraph  # type: ignore[import-untyped]

from counter_app.printing.fonts import nfc

Segment = tuple[str, str]  # (text, reportlab font name)


class Text(Flowable):  # type: ignore[misc]
    """A run of text segments, each in its own face, in ``style`` (size, leading, alignment, colour).

    Drawn as one line when it fits the available width, else as a wrapping ``Paragraph`` (which can
    also split across pages). All text is NFC.
    """

    def __init__(self, segments: Sequence[Segment], style: ParagraphStyle, *, underline: bool = False) -> None:
        super().__init__()
        self.segments = [(nfc(text), face) for text, face in segments if text]
        self.style = style
        self.underline = underline
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        size = style.fontSize
        self._widths = [stringWidth(text, face, size) for text, face in self.segments]
        self.text_width = sum(self._widths)
        self._para: Paragraph | None = None

    def markup(self) -> str:
        """The segments as Paragraph markup (each in its own face)."""
        parts = []
        for text, face in self.segments:
            escaped = escape(text)
            parts.append(escaped if face == self.style.fontName else f'<font name="{face}">{escaped}</font>')
        body = "".join(parts)
        return f"<u>{body}</u>" if self.underline else body

    def _paragraph(self) -> Paragraph:
        if self._para is None:
            self._para = Paragraph(self.markup(), self.style)
        return self._para

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.text_width <= avail_width + 0.01:
            self._para = None
            self.width, self.height = avail_width, self.style.leading
        else:
            self.width, self.height = self._paragraph().wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.text_width <= avail_width + 0.01:
            return []
        parts: list[Flowable] = self._paragraph().split(avail_width, avail_height)
        return parts

    def draw(self) -> None:
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)
            return
        style, canvas = self.style, self.canv
        x = 0.0
        if style.alignment == TA_CENTER:
            x = (self.width - self.text_width) / 2
        elif style.alignment == TA_RIGHT:
            x = self.width - self.text_width
        baseline = self.height - style.fontSize
        canvas.setFillColor(style.textColor)
        text = canvas.beginText(x, baseline)
        for segment, face in self.segments:
            text.setFont(face, style.fontSize)
            text.textOut(segment)
        canvas.drawText(text)
        if self.underline:
            canvas.setStrokeColor(style.textColor)
            canvas.setLineWidth(style.fontSize * 0.06)
            under = baseline - style.fontSize * 0.14
            canvas.line(x, under, x + self.text_width, under)


class Columns(Flowable):  # type: ignore[misc]
    """Blocks side by side: ``(width, flowables)`` per column, stacked top-down in each (or centred
    vertically when ``middle``). Flowables are wrapped once, at their column's width."""

    def __init__(
        self, columns: Sequence[tuple[float, Sequence[Flowable]]], *, middle: Sequence[bool] = (), h_align: str = "LEFT"
    ) -> None:
        super().__init__()
        self.columns = [(width, list(flowables)) for width, flowables in columns]
        self.middle = list(middle) + [False] * (len(self.columns) - len(middle))
        self.hAlign = h_align
        self._sizes: list[list[tuple[float, float]]] = []
        self._heights: list[float] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes, self._heights = [], []
        canvas = getattr(self, "canv", None)
        for width, flowables in self.columns:
            sizes = [f.wrapOn(canvas, width, avail_height) for f in flowables]
            height = sum(
                h + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
                for i, (f, (_w, h)) in enumerate(zip(flowables, sizes, strict=True))
            )
            self._sizes.append(sizes)
            self._heights.append(height)
        self.width = sum(width for width, _ in self.columns)
        self.height = max(self._heights, default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        x = 0.0
        for (width, flowables), sizes, height, middle in zip(
            self.columns, self._sizes, self._heights, self.middle, strict=True
        ):
            y = self.height - ((self.height - height) / 2 if middle else 0.0)
            for i, (flowable, (w, h)) in enumerate(zip(flowables, sizes, strict=True)):
                if i:
                    y -= flowable.getSpaceBefore()
                y -= h
                flowable.drawOn(self.canv, x, y, _sW=width - w)
                y -= flowable.getSpaceAfter()
            x += width


class Rule(Flowable):  # type: ignore[misc]
    """A horizontal rule of ``length`` points, centred in the available width, ``gap`` below the
    line above it: the rule under the motto (as long as the motto) and under the unit name (a
    third to a half of it), drawn as a line, never as underlined text (Decree 30/2020, Annex I)."""

    def __init__(self, length: float, *, thickness: float = 0.6, gap: float = 1.5) -> None:
        super().__init__()
        self.length = length
        self.thickness = thickness
        self.gap = gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.gap + self.thickness
        return self.width, self.height

    def draw(self) -> None:
        x = (self.width - self.length) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.setStrokeColorRGB(0, 0, 0)
        self.canv.line(x, self.thickness / 2, x + self.length, self.thickness / 2)


class OneLine(Flowable):  # type: ignore[misc]
    """Text that never wraps (a dossier code in a table cell): drawn on one line in ``style``, and
    at a smaller size, just enough to fit, when the line is wider than its cell."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = nfc(text)
        self.style = style
        self.text_width = stringWidth(self.text, style.fontName, style.fontSize)
        self.size = style.fontSize

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        room = max(avail_width, 1.0)
        self.size = self.style.fontSize if self.text_width <= room else self.style.fontSize * room / self.text_width
        self.width, self.height = avail_width, self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        width = self.text_width * self.size / self.style.fontSize
        x = (self.width - width) / 2 if self.style.alignment == TA_CENTER else 0.0
        self.canv.setFillColor(self.style.textColor)
        self.canv.setFont(self.style.fontName, self.size)
        self.canv.drawString(x, self.height - self.style.fontSize, self.text)
