"""Biên bản bàn giao hồ sơ, kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích: the
record of one batch of postal items handed over between the counter and the public postal service
(Decision 45/2016/QĐ-TTg; DOMAIN.md §4).

Neither form set has an official form for it, so it prints no "Mẫu số" and no legal basis (its
form-number label is empty, like the hand-over note's; the wording is the software's own, marked [R]
in resources/forms/README.md). A4 portrait: the national header with "Số: <batch>" under the unit
and the date of the hand-over; the title and the direction in words; the time of the hand-over and
both parties; one table row per item (STT / Số hiệu bưu gửi / Mã hồ sơ / Nội dung / Người nhận (or
Người gửi for items coming in) / Địa chỉ / Cước); the totals; the sentence that both sides checked
the items and agreed; the signatures BÊN GIAO / BÊN NHẬN.

A short batch fits one page (the type shrinks a little first, like the other forms); a long one
continues on further pages with the column header repeated and a running head, the closing block
(totals, agreement, signatures) never split. Pages after the first carry their number at the top
centre (Decree 30/2020, Annex I, I.7).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Frame, Table  # type: ignore[import-untyped]
from reportlab.platypus.doctemplate import LayoutError  # type: ignore[import-untyped]

from counter_app.printing.flowables import Columns, OneLine, Text
from counter_app.printing.fonts import FONTS, nfc, register_fonts
from counter_app.printing.labels import Labels
from counter_app.printing.layout import (
    CONTINUATION_SCALE,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    SCALES,
    fill,
    line,
    moment_text,
    or_blank,
    signature_blocks,
    table_style,
)
from counter_app.printing.lifecycle import LetterStyles, letter_header, letter_styles, top_line
from counter_app.printing.model import ManifestItem, PostalManifestDoc
from counter_app.printing.names import sentence_name
from counter_app.printing.pages import RUNNING_HEAD, page_number, running_head
from counter_app.printing.register import wrap

DIRECTION_KEYS = {"out": "manifest_direction_out", "in": "manifest_direction_in"}
PURPOSE_KEYS = {
    "result": "manifest_purpose_result",
    "transfer": "manifest_purpose_transfer",
    "intake": "manifest_purpose_intake",
}
# Seven columns on 165 mm: Decree 30/2020 sizes no table cell; 10 pt keeps the address column
# readable and every S10 number and dossier code on one line.
CELL_SIZE = 10.0
PAD = 3.0
# STT, tracking number (an S10 "RR123456789VN" on one line), dossier code (on one line: 41 mm at
# 10 pt; a wider code of exotic letters shrinks to fit, never wraps), purpose, name; the address
# takes the rest; postage ("1.250.000").
_FIXED = (9 * mm, 28 * mm, 44 * mm, 24 * mm, 21 * mm)  # an S10 number and a code must never wrap
_POSTAGE = 18 * mm
WIDTHS = (*_FIXED, FRAME_WIDTH - sum(_FIXED) - _POSTAGE, _POSTAGE)


def direction_text(labels: Labels, direction: str) -> str:
    """ "Bộ phận Một cửa bàn giao cho bưu điện" / "Bưu điện bàn giao cho Bộ phận Một cửa"."""
    try:
        return labels.get(DIRECTION_KEYS[direction])
    except KeyError:
        raise ValueError(
            f"unknown manifest direction {direction!r}; expected one of {sorted(DIRECTION_KEYS)}"
        ) from None


def purpose_text(labels: Labels, purpose: str) -> str:
    """ "Trả kết quả" / "Chuyển hồ sơ liên thông" / "Hồ sơ gửi đến"."""
    try:
        return labels.get(PURPOSE_KEYS[purpose])
    except KeyError:
        raise ValueError(f"unknown manifest item purpose {purpose!r}; expected one of {sorted(PURPOSE_KEYS)}") from None


def total_line(st: LetterStyles, labels: Labels, items: Sequence[ManifestItem]) -> Text:
    """ "Tổng cộng: 60 bưu gửi; tổng cước: 1.250.000 đồng." (the postage part only when some item has
    one: incoming items usually carry none)."""
    known = [item.postage for item in items if item.postage is not None]
    if not known:
        return fill(labels, "manifest_total_no_postage", st.body, count=len(items))
    return fill(labels, "manifest_total", st.body, count=len(items), amount=labels.money(sum(known)))


@dataclass(frozen=True)
class _CellStyles:
    cell: ParagraphStyle
    centre: ParagraphStyle
    right: ParagraphStyle
    note: ParagraphStyle  # the postal dossier slip under the purpose (italic)
    head: ParagraphStyle


@functools.lru_cache(maxsize=16)
def _cell_styles(scale: float) -> _CellStyles:
    base = letter_styles(scale)

    def derived(name: str, parent: ParagraphStyle, **changes: object) -> ParagraphStyle:
        size = CELL_SIZE
        return ParagraphStyle(f"manifest_{name}", parent=parent, fontSize=size, leading=size * 1.22, **changes)

    return _CellStyles(
        cell=derived("cell", base.cell),
        centre=derived("centre", base.cell_center),
        right=derived("right", base.cell, alignment=TA_RIGHT),
        note=derived("note", base.cell, fontName=FONTS.italic),
        head=derived("head", base.cell_head),
    )


def _lines(text: str, style: ParagraphStyle, width: float) -> list[Flowable]:
    """``text`` as one :class:`Text` per line, wrapped with the font metrics at spaces and, inside a
    word too long for the column (a dossier code), after "-", "." or "/"."""
    text = nfc(text).strip()
    if not text:
        return []
    return [line(part, style) for part, _width in wrap(text, style.fontName, style.fontSize, width - 2 * PAD)]


def _items_table(labels: Labels, doc: PostalManifestDoc, purposes: Sequence[str], scale: float) -> Table:
    """The items, header repeated on every page."""
    cs = _cell_styles(scale)
    name_key = "manifest_col_recipient" if doc.direction == "out" else "manifest_col_sender"
    keys = (
        "manifest_col_no",
        "manifest_col_tracking",
        "manifest_col_code",
        "manifest_col_purpose",
        name_key,
        "manifest_col_address",
        "manifest_col_postage",
    )
    rows: list[list[object]] = [[_lines(labels.get(key), cs.head, w) for key, w in zip(keys, WIDTHS, strict=True)]]
    for item, purpose in zip(doc.items, purposes, strict=True):
        content = _lines(purpose, cs.cell, WIDTHS[3])
        if item.slip_number and item.slip_number.strip():
            content += _lines(labels.get("manifest_slip", number=item.slip_number.strip()), cs.note, WIDTHS[3])
        postage = "" if item.postage is None else labels.money(item.postage)
        rows.append(
            [
                _lines(str(item.number), cs.centre, WIDTHS[0]),
                _lines(item.tracking, cs.cell, WIDTHS[1]),
                [OneLine(item.code.strip(), cs.cell)],
                content,
                _lines(item.recipient_name, cs.cell, WIDTHS[4]),
                _lines(item.recipient_address, cs.cell, WIDTHS[5]),
                _lines(postage, cs.right, WIDTHS[6]),
            ]
        )
    table = Table(rows, colWidths=list(WIDTHS), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.2 * scale),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * scale),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ]
        )
    )
    return table


def render_postal_manifest(doc: PostalManifestDoc, labels: Labels) -> bytes:
    """The hand-over record as A4 portrait PDF bytes, "Trang x/y" on every page."""
    direction = direction_text(labels, doc.direction)
    purposes = [purpose_text(labels, item.purpose) for item in doc.items]  # refuse unknown purposes up front
    counter = (labels.get("manifest_party_counter", unit=sentence_name(doc.office.unit_name)), doc.clerk_name)
    post = (labels.manifest_party_post, doc.postal_name)
    giver, receiver = (counter, post) if doc.direction == "out" else (post, counter)
    number = or_blank(labels, doc.batch_number.strip())
    title = labels.manifest_title.splitlines()

    def build(scale: float) -> list[Flowable]:
        st = letter_styles(scale)
        # the label may break the long title where it reads best; each part still wraps if it must
        title_lines: list[Flowable] = [line(part.strip(), st.title) for part in title if part.strip()]
        for part in title_lines[1:]:
            part.spaceBefore = 0
        closing: list[Flowable] = [
            total_line(st, labels, doc.items),
            line(labels.manifest_agreed, st.para),
            st.gap(10),
            signature_blocks(
                st,
                labels,
                [
                    ("sign_manifest_giver", giver[1].strip() or None),
                    ("sign_manifest_receiver", receiver[1].strip() or None),
                ],
            ),
        ]
        # one column: the totals, the agreement and the signatures move to the next page together
        closing_block = Columns([(FRAME_WIDTH, closing)])
        closing_block.spaceBefore = 4 * scale
        return [
            *top_line(st, labels, "form_no_manifest", reprint=doc.reprint),
            st.gap(6),
            letter_header(st, labels, doc.office, doc.closed_at, labels.get("manifest_number", number=number)),
            *title_lines,
            line(direction, st.copy),
            st.gap(6),
            fill(labels, "manifest_time", st.body, moment=moment_text(labels, doc.closed_at)),
            fill(labels, "manifest_giver", st.body, party=giver[0], name=or_blank(labels, giver[1].strip())),
            fill(labels, "manifest_receiver", st.body, party=receiver[0], name=or_blank(labels, receiver[1].strip())),
            line(labels.manifest_items_heading, st.body),
            st.gap(2),
            _items_table(labels, doc, purposes, scale),
            closing_block,
        ]

    running = labels.get("manifest_continued", number=number)
    if doc.reprint:
        running = f"{running} · {labels.reprint_mark}"
    form = labels.meta_manifest
    if doc.reprint:
        meta_title = labels.get("meta_title_reprint", form=form, code=number, mark=labels.reprint_mark)
    else:
        meta_title = labels.get("meta_title", form=form, code=number)
    subject = labels.get(
        "meta_subject_manifest",
        form=form,
        number=number,
        unit=doc.office.unit_name,
        direction=direction,
        count=len(doc.items),
    )

    register_fonts()
    scratch = _canvas(io.BytesIO(), labels.lang)  # measured and flowed on, never saved
    scale = _fitting_scale(scratch, build)
    if scale is None:
        scale = CONTINUATION_SCALE

    def chrome(canvas: Canvas, page: int) -> None:
        if page > 1:
            page_number(canvas, page)
            running_head(canvas, running)

    buffer = io.BytesIO()
    canvas = _canvas(buffer, labels.lang)
    canvas.setTitle(meta_title)
    canvas.setAuthor(nfc(doc.office.unit_name))
    canvas.setSubject(subject)
    canvas.setKeywords(number)
    canvas.setCreator("counter_app")
    _flow(canvas, build(scale), chrome)
    canvas.save()
    return buffer.getvalue()


def _canvas(buffer: io.BytesIO, lang: str) -> Canvas:
    """A deterministic A4 canvas (``invariant``: no creation date, fixed IDs)."""
    return Canvas(
        buffer,
        pagesize=A4,
        invariant=1,
        pageCompression=1,
        initialFontName=FONTS.regular,
        initialFontSize=10,
        lang=lang,
    )


def _fitting_scale(scratch: Canvas, build: Callable[[float], list[Flowable]]) -> float | None:
    """The largest type scale at which the whole record fits one page, ``None`` if none does (a long
    batch is recognised at the smallest scale, without trying the others)."""

    def fits(scale: float) -> bool:
        used = 0.0
        for i, flowable in enumerate(build(scale)):
            _w, h = flowable.wrapOn(scratch, FRAME_WIDTH, FRAME_HEIGHT)
            used += h + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if i else 0)
            if used > FRAME_HEIGHT + 0.01:
                return False
        return True

    if not fits(SCALES[-1]):
        return None
    return next(scale for scale in SCALES if fits(scale))


def _flow(canvas: Canvas, story: list[Flowable], chrome: Callable[[Canvas, int], None]) -> int:
    """Flow ``story`` over as many pages as needed (tables split by rows, repeating their header),
    calling ``chrome(canvas, page)`` on each page; returns the number of pages."""
    pending = list(story)
    page = 0
    while pending:
        page += 1
        chrome(canvas, page)  # first in the page's content: the page number reads first
        head = RUNNING_HEAD if page > 1 else 0.0
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
    return page
