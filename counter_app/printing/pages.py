"""The page engine: lays a form's story out on A4 and returns the PDF bytes.

Each copy of a form should fit one page. :func:`render_pdf` builds the story at full type size and,
when it is too tall, rebuilds it at the next smaller scale (:data:`~counter_app.printing.layout.SCALES`);
flowables are wrapped once and drawn at the measured positions. The ``foot`` of a story (the
receipt's footnote) sits at the bottom of the page. A story that does not fit even at
:data:`~counter_app.printing.layout.MIN_SCALE` (12 pt body) flows over continuation pages at full
size instead (tables split by rows and repeat their header), each further page numbered at the top
centre (Decree 30/2020, Annex I, I.7: never page 1) and headed with the dossier code and the copy.

Copies that differ only in their copy line (Mẫu 01: "Liên 1: Lưu", "Liên 2: Giao người nộp hồ sơ")
are laid out and drawn once, as a PDF form XObject that every page shows, and each page writes its
own copy line into the :class:`CopySlot` left for it: half the work and half the file.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Frame  # type: ignore[import-untyped]
from reportlab.platypus.doctemplate import LayoutError  # type: ignore[import-untyped]

from counter_app.printing.fonts import FONTS, nfc, register_fonts
from counter_app.printing.labels import Labels
from counter_app.printing.layout import (
    CONTINUATION_SCALE,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_NUMBER_DROP,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH,
    SCALES,
    line,
    styles,
)
from counter_app.printing.qr import draw_corner_qr

_SHARED_FORM = "counter_app_copy"
_FOOT_GAP = 1 * mm
_DESCENT = 1 * mm  # the last line's descenders stay above the bottom margin


@dataclass(frozen=True)
class Story:
    """One copy of a form: ``body`` from the top of the page, ``foot`` held at the bottom."""

    body: list[Flowable]
    foot: list[Flowable]


@dataclass(frozen=True)
class PdfMeta:
    title: str
    author: str
    subject: str
    keywords: str
    lang: str


class CopySlot(Flowable):  # type: ignore[misc]
    """The copy line under the dossier code ("Liên 1: Lưu"). With one label it draws it; with several
    (copies sharing one drawing) it only records where it was drawn, and :meth:`fill` writes the
    label of each page there."""

    def __init__(self, labels: Sequence[str], style: ParagraphStyle) -> None:
        super().__init__()
        self._lines = [line(text, style) for text in labels]
        self.spaceBefore = style.spaceBefore
        self.origin = (0.0, 0.0)

    @property
    def deferred(self) -> bool:
        return len(self._lines) > 1

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = max(p.wrap(avail_width, avail_height)[1] for p in self._lines)
        return self.width, self.height

    def draw(self) -> None:
        if self.deferred:
            self.origin = self.canv.absolutePosition(0, 0)
        else:
            self._lines[0].drawOn(self.canv, 0, self.height - self._lines[0].height)

    def fill(self, canvas: Canvas, index: int) -> None:
        text = self._lines[index]
        x, y = self.origin
        text.drawOn(canvas, x, y + self.height - text.height)


Builder = Callable[[float, CopySlot | None], Story]


def _measure(canvas: Canvas, flowables: Sequence[Flowable], budget: float) -> list[tuple[float, float]] | None:
    """Wrap each flowable at frame width; ``None`` as soon as the stack exceeds ``budget``."""
    sizes: list[tuple[float, float]] = []
    used = 0.0
    for i, flowable in enumerate(flowables):
        flowable.canv = canvas
        w, h = flowable.wrap(FRAME_WIDTH, FRAME_HEIGHT)
        used += h + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if i else 0)
        if used > budget + 0.01:
            return None
        sizes.append((w, h))
    return sizes


def _stack(canvas: Canvas, flowables: Sequence[Flowable], sizes: Sequence[tuple[float, float]], top: float) -> None:
    y = top
    for i, (flowable, (w, h)) in enumerate(zip(flowables, sizes, strict=True)):
        if i:
            y -= flowable.getSpaceBefore()
        y -= h
        flowable.drawOn(canvas, MARGIN_LEFT, y, _sW=FRAME_WIDTH - w)
        y -= flowable.getSpaceAfter()


def _stack_height(flowables: Sequence[Flowable], sizes: Sequence[tuple[float, float]]) -> float:
    return float(
        sum(
            h + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
            for i, (f, (_w, h)) in enumerate(zip(flowables, sizes, strict=True))
        )
    )


def _slot(copies: Sequence[str], scale: float) -> CopySlot | None:
    return CopySlot(copies, styles(scale).copy) if copies else None


def _corner(canvas: Canvas, qr: str | None) -> None:
    """Circular 01/2023's QR in the top-left corner of a copy's first page (none: the paper has none)."""
    if qr:
        draw_corner_qr(canvas, qr, PAGE_HEIGHT)


def _draw_fitted(canvas: Canvas, build: Builder, copies: Sequence[str], qr: str | None = None) -> bool:
    """Every copy on one page each, at the largest scale that fits; ``False`` if none does."""
    for scale in SCALES:
        slot = _slot(copies, scale)
        story = build(scale, slot)
        foot_sizes = _measure(canvas, story.foot, FRAME_HEIGHT)
        if foot_sizes is None:
            continue
        foot_height = _stack_height(story.foot, foot_sizes)
        body_sizes = _measure(canvas, story.body, FRAME_HEIGHT - foot_height - _FOOT_GAP - _DESCENT)
        if body_sizes is None:
            continue
        if slot is not None and slot.deferred:
            canvas.beginForm(_SHARED_FORM)
            _stack(canvas, story.body, body_sizes, MARGIN_BOTTOM + FRAME_HEIGHT)
            _stack(canvas, story.foot, foot_sizes, MARGIN_BOTTOM + _DESCENT + foot_height)
            _corner(canvas, qr)
            canvas.endForm()
            for index in range(len(copies)):
                canvas.doForm(_SHARED_FORM)
                slot.fill(canvas, index)
                canvas.showPage()
        else:
            _stack(canvas, story.body, body_sizes, MARGIN_BOTTOM + FRAME_HEIGHT)
            _stack(canvas, story.foot, foot_sizes, MARGIN_BOTTOM + _DESCENT + foot_height)
            _corner(canvas, qr)
            canvas.showPage()
        return True
    return False


def _flow(canvas: Canvas, pending: list[Flowable], continued: str, qr: str | None = None) -> None:
    """Flow over as many pages as needed, splitting flowables (tables split by rows, repeating
    their header) at page ends; pages after the first are headed with ``continued``."""
    page = 1
    while pending:
        head = 0.0
        if page == 1:
            _corner(canvas, qr)
        else:
            page_number(canvas, page)
            running_head(canvas, continued)
            head = RUNNING_HEAD
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT - head, 0, 0, 0, 0)
        placed = 0
        while pending:
            if frame.add(pending[0], canvas, trySplit=1):
                pending.pop(0)
                placed += 1
                continue
            parts = frame.split(pending[0], canvas)
            if parts and frame.add(parts[0], canvas, trySplit=1):
                pending[0:1] = parts[1:]
                placed += 1
            break
        if not placed:
            raise LayoutError(f"{type(pending[0]).__name__} does not fit on an empty page")
        canvas.showPage()
        page += 1


RUNNING_HEAD = 8 * mm  # the line naming the document atop a continuation page, inside the text area


def running_head(canvas: Canvas, text: str) -> None:
    """The continuation line (11 pt italic) at the top right of the text area, not in the margin."""
    canvas.setFont(FONTS.italic, 11)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - MARGIN_TOP - 11, nfc(text))


def page_number(canvas: Canvas, page: int, width: float = PAGE_WIDTH, height: float = PAGE_HEIGHT) -> None:
    """The page number of a page after the first, in Arabic numerals, 13 pt upright, centred in the
    top margin (Decree 30/2020, Annex I, I.7; page 1 shows none). ``width``/``height``: the page's."""
    if page < 2:
        return
    canvas.setFont(FONTS.regular, PAGE_NUMBER_SIZE)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawCentredString(
        MARGIN_LEFT + (width - MARGIN_LEFT - MARGIN_RIGHT) / 2, height - PAGE_NUMBER_DROP, str(page)
    )


def render_pdf(
    meta: PdfMeta,
    build: Builder,
    copies: Sequence[str],
    continued: Callable[[str | None], str],
    qr: str | None = None,
) -> bytes:
    """Lay out ``build``'s story once per copy label in ``copies`` (none: a single copy without a copy
    line) and return the PDF. ``continued(copy)`` heads continuation pages. ``qr``: the paper's QR
    (Circular 01/2023), drawn top left on the first page of every copy.

    Output is deterministic for the same input (``invariant``): no creation date, fixed IDs.
    """
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=A4,
        invariant=1,
        pageCompression=1,
        initialFontName=FONTS.regular,
        initialFontSize=13,
        lang=meta.lang,
    )
    canvas.setTitle(nfc(meta.title))
    canvas.setAuthor(nfc(meta.author))
    canvas.setSubject(nfc(meta.subject))
    canvas.setKeywords(nfc(meta.keywords))
    canvas.setCreator("counter_app")
    if not _draw_fitted(canvas, build, copies, qr):
        each: list[str | None] = [*copies] or [None]
        for copy in each:
            story = build(CONTINUATION_SCALE, None if copy is None else _slot([copy], CONTINUATION_SCALE))
            _flow(canvas, [*story.body, *story.foot], continued(copy), qr)
    canvas.save()
    return buffer.getvalue()


def metadata(
    labels: Labels, *, name_key: str, number_key: str, code: str, author: str, reprint: bool, **subject: str
) -> PdfMeta:
    """PDF title ("Giấy tiếp nhận … – <code>", with "BẢN IN LẠI" for a reprint), subject and keywords."""
    form = labels.get(name_key)
    if reprint:
        title = labels.get("meta_title_reprint", form=form, code=code, mark=labels.reprint_mark)
    else:
        title = labels.get("meta_title", form=form, code=code)
    number = labels.get(number_key)
    text = labels.get("meta_subject", number=number, form=form, basis=labels.basis, **subject)
    return PdfMeta(title=title, author=author, subject=text, keywords=code, lang=labels.lang)
