"""Sổ theo dõi hồ sơ (2018 Mẫu 06, 2025 Mẫu 07; DOMAIN.md §1.1): the register for a period, as an A4
landscape PDF and as an Excel workbook.

A busy commune registers about 5,000 dossiers a year, so the PDF is not built from platypus
flowables (a Paragraph per cell costs milliseconds). Cells are wrapped here with the font metrics
(words, then long words such as dossier codes at "-", "." or "/"), rows are paginated before
anything is drawn (so every page can say "Trang x/y"), and each page is drawn with one text object
and one path for the grid. The column header repeats on every page; the first page carries the
"Mẫu số" line, the unit, the title and the period, the others a one-line running head.

Dates print in office time as ``dd/mm/yyyy`` over ``HH:MM``. The "Ghi chú" column joins the status
label, the channel when it is not a direct submission, and the note. A cell too tall for a page
(a very long note) is cut with "…" so that one row never needs more than a page.

``period_to`` at exactly 00:00 office time is an exclusive bound: the period then ends the day
before (the services pass ``[start 00:00, end + 1 00:00)``).
"""

from __future__ import annotations

import functools
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.rl_accel import escapePDF  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import getFont  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from counter_app.domain.calendar import office_time
from counter_app.domain.spreadsheet import keep_text
from counter_app.printing.fonts import FONTS, nfc, register_fonts
from counter_app.printing.labels import Labels
from counter_app.printing.layout import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, moment_text
from counter_app.printing.lifecycle import has_form_number, join_nonempty
from counter_app.printing.model import RegisterDoc, RegisterRow
from counter_app.printing.names import header_name
from counter_app.printing.pages import page_number

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
# Decree 30/2020, Annex I, I.2: a document made of tables may be laid out landscape; the margins
# stay those of I.3, the 30 mm one on the left (the bound edge).
MARGIN_X = MARGIN_LEFT  # left
TABLE_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
TABLE_BOTTOM = MARGIN_BOTTOM + 7 * mm  # the "In lúc …" line under the table stays inside the text area
# Fourteen columns on 252 mm: Decree 30 sizes no table cell. 9 pt keeps about ten letters a line in
# the narrowest column; the header of the page (unit, title, period) has the decree's sizes.
CELL_SIZE = 9.0
CELL_LEADING = 10.8
DATE_SIZE = 8.5
CODE_SIZE = 8.5  # a code of digits is 35 mm at 8.5 pt; a wider one shrinks to fit, never wraps
HEAD_SIZE = 9.0
HEAD_LEADING = 10.6
PAD_X = 2.4
PAD_Y = 2.6
SIGN_WIDTH = 26 * mm  # "Ký nhận": room for a signature (at least 25 mm)
GRID = 0.5
ELLIPSIS = "…"
CHANNEL_KEYS = {"direct": "channel_direct", "postal": "channel_postal", "online": "channel_online"}
_BREAK_AFTER = "-./,_;:)"


@dataclass(frozen=True)
class Column:
    key: str  # label of the column title
    width: float  # points (fixed) or, when ``flex``, a share of the width left by the fixed columns
    centred: bool = False
    flex: bool = False
    excel_width: float = 12.0  # characters
    size: float = CELL_SIZE  # type size of the cells


# Fixed widths hold their longest content on one line: a 4-digit STT, "000.12.34.H26-251118-0001"
# at CODE_SIZE (a code never wraps), "28/08/2028" in proportional digits at DATE_SIZE.
COLUMNS = (
    Column("register_col_no", 27, centred=True, excel_width=6),
    Column("register_col_code", 35 * mm + 2 * PAD_X, excel_width=28, size=CODE_SIZE),
    Column("register_col_procedure", 0.25, flex=True, excel_width=40),
    Column("register_col_sets", 30, centred=True, excel_width=9),
    Column("register_col_applicant", 0.18, flex=True, excel_width=26),
    Column("register_col_contact", 0.21, flex=True, excel_width=36),
    Column("register_col_agency", 0.16, flex=True, excel_width=26),
    Column("register_col_received", 45, centred=True, excel_width=17, size=DATE_SIZE),
    Column("register_col_due", 45, centred=True, excel_width=17, size=DATE_SIZE),
    Column("register_col_transferred", 45, centred=True, excel_width=17, size=DATE_SIZE),
    Column("register_col_result", 45, centred=True, excel_width=17, size=DATE_SIZE),
    Column("register_col_returned", 45, centred=True, excel_width=17, size=DATE_SIZE),
    Column("register_col_signature", SIGN_WIDTH, excel_width=16),
    Column("register_col_note", 0.20, flex=True, excel_width=30),
)
DATE_COLUMNS = range(7, 12)  # received, due, transferred, result, returned
CODE_COLUMN = 1


def _widths() -> tuple[float, ...]:
    fixed = sum(c.width for c in COLUMNS if not c.flex)
    shares = sum(c.width for c in COLUMNS if c.flex)
    return tuple((TABLE_WIDTH - fixed) * c.width / shares if c.flex else c.width for c in COLUMNS)


WIDTHS = _widths()
EDGES = tuple(MARGIN_X + sum(WIDTHS[:i]) for i in range(len(WIDTHS) + 1))


# ---------------------------------------------------------------- text


def period_dates(doc: RegisterDoc) -> tuple[date, date]:
    """First and last office day of the period (an end at 00:00 is exclusive)."""
    start = office_time(doc.period_from)
    end = office_time(doc.period_to)
    last = end.date()
    if end.hour == end.minute == end.second == end.microsecond == 0 and end > start:
        last -= timedelta(days=1)
    return start.date(), max(last, start.date())


def period_text(labels: Labels, doc: RegisterDoc) -> str:
    start, end = period_dates(doc)
    return labels.get("register_period", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")


def date_cell(moment: datetime | None) -> str:
    """ "18/11/2025" over "09:15" in office time; empty when unknown."""
    if moment is None:
        return ""
    local = office_time(moment)
    return f"{local:%d/%m/%Y}\n{local:%H:%M}"


def channel_text(labels: Labels, channel: str) -> str:
    try:
        return labels.get(CHANNEL_KEYS[channel])
    except KeyError:
        raise ValueError(f"unknown channel {channel!r}; expected one of {sorted(CHANNEL_KEYS)}") from None


def note_text(labels: Labels, row: RegisterRow) -> str:
    """Status; the channel unless direct; the note."""
    channel = channel_text(labels, row.channel) if row.channel != "direct" else None
    return join_nonempty([row.status, channel, row.note])


def row_texts(labels: Labels, row: RegisterRow) -> tuple[str, ...]:
    """The 14 cells of a row as text (NFC), in column order."""
    cells = (
        str(row.number),
        row.code,
        row.procedure_name,
        str(row.dossier_sets),
        row.applicant_name,
        row.applicant_contact,
        row.processing_agency,
        date_cell(row.received_at),
        date_cell(row.due_at),
        date_cell(row.transferred_at),
        date_cell(row.result_at),
        date_cell(row.returned_at),
        "",
        note_text(labels, row),
    )
    return tuple(nfc(cell) for cell in cells)


Line = tuple[str, float]  # text, width in points


@functools.lru_cache(maxsize=8)
def _char_widths(face: str) -> tuple[dict[int, float], float]:
    """The face's advance widths (thousandths of an em) by code point, and its default width."""
    register_fonts()
    metrics = getFont(face).face
    return metrics.charWidths, float(metrics.defaultWidth)


@functools.lru_cache(maxsize=1 << 15)
def _em_width(face: str, text: str) -> float:
    """Width of ``text`` in thousandths of an em (reportlab draws TrueType text without kerning, so
    widths add up). Cached: a register repeats the same words thousands of times."""
    widths, default = _char_widths(face)
    return sum(widths.get(ord(ch), default) for ch in text)


def text_width(text: str, face: str, size: float) -> float:
    return _em_width(face, text) * size / 1000


@functools.lru_cache(maxsize=1 << 14)
def wrap(text: str, face: str, size: float, width: float) -> tuple[Line, ...]:
    """``text`` broken into lines no wider than ``width``: at spaces, then inside a word too long for
    a line (after "-", ".", "/"… when possible), and at every newline. Cached: registers repeat
    procedures, agencies and statuses on thousands of rows."""
    space = text_width(" ", face, size)
    lines: list[Line] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split():
            word_width = text_width(word, face, size)
            if current and used + space + word_width <= width:
                current.append(word)
                used += space + word_width
                continue
            if current:
                lines.append((" ".join(current), used))
                current, used = [], 0.0
            if word_width <= width:
                current, used = [word], word_width
                continue
            pieces = _break_word(word, face, size, width)
            lines.extend(pieces[:-1])
            current, used = [pieces[-1][0]], pieces[-1][1]
        lines.append((" ".join(current), used))
    return tuple(lines)


def _break_word(word: str, face: str, size: float, width: float) -> list[Line]:
    """A word wider than ``width`` in pieces, cut after a punctuation mark when one is in reach."""
    widths, default = _char_widths(face)
    scale = size / 1000
    pieces: list[Line] = []
    start, used, soft = 0, 0.0, -1
    for index, ch in enumerate(word):
        advance = widths.get(ord(ch), default) * scale
        if index > start and used + advance > width:
            end = soft + 1 if soft >= start else index
            piece = word[start:end]
            pieces.append((piece, text_width(piece, face, size)))
            start = end
            used = text_width(word[start:index], face, size)
            soft = -1
        used += advance
        if ch in _BREAK_AFTER and index + 1 < len(word):
            soft = index
    piece = word[start:]
    pieces.append((piece, text_width(piece, face, size)))
    return pieces


def _clip(lines: tuple[Line, ...], limit: int, face: str, size: float) -> tuple[Line, ...]:
    """At most ``limit`` lines, the last one ending in "…" when some were dropped."""
    if len(lines) <= limit:
        return lines
    last = lines[limit - 1][0].rstrip() + ELLIPSIS
    return (*lines[: limit - 1], (last, text_width(last, face, size)))


# ---------------------------------------------------------------- layout


@dataclass(frozen=True)
class _Row:
    cells: tuple[tuple[Line, ...], ...]
    height: float


@dataclass(frozen=True)
class _Layout:
    header: tuple[tuple[Line, ...], ...]
    header_height: float
    pages: tuple[tuple[_Row, ...], ...]
    first_top: float  # y of the table's top edge on page 1
    other_top: float  # … on the other pages


def _layout(labels: Labels, doc: RegisterDoc) -> _Layout:
    regular, bold = FONTS.regular, FONTS.bold
    inner = [w - 2 * PAD_X for w in WIDTHS]
    header = tuple(wrap(labels.get(c.key), bold, HEAD_SIZE, w) for c, w in zip(COLUMNS, inner, strict=True))
    header_height = max(len(lines) for lines in header) * HEAD_LEADING + 2 * PAD_Y
    first_top = PAGE_HEIGHT - MARGIN_TOP - _FIRST_HEAD
    other_top = PAGE_HEIGHT - MARGIN_TOP - _RUNNING_HEAD
    room = other_top - header_height - TABLE_BOTTOM
    first_room = first_top - header_height - TABLE_BOTTOM
    limit = max(1, math.floor((min(room, first_room) - 2 * PAD_Y) / CELL_LEADING))
    rows: list[_Row] = []
    for source in doc.rows:
        cells = tuple(
            _one_line(text, regular, column.size, w)
            if index == CODE_COLUMN
            else _clip(wrap(text, regular, column.size, w), limit, regular, column.size)
            for index, (text, column, w) in enumerate(zip(row_texts(labels, source), COLUMNS, inner, strict=True))
        )
        height = max(len(lines) for lines in cells) * CELL_LEADING + 2 * PAD_Y
        rows.append(_Row(cells, height))
    pages: list[tuple[_Row, ...]] = []
    current: list[_Row] = []
    left = first_room
    for row in rows:
        if current and row.height > left:
            pages.append(tuple(current))
            current, left = [], room
        current.append(row)
        left -= row.height
    pages.append(tuple(current))
    return _Layout(header, header_height, tuple(pages), first_top, other_top)


def _one_line(text: str, face: str, size: float, width: float) -> tuple[Line, ...]:
    """A dossier code on one line: its width is kept as drawn, and :func:`_table` shrinks a line
    wider than the cell to fit it (never seen with codes of digits at CODE_SIZE)."""
    return ((text, text_width(text, face, size)),)


_FIRST_HEAD = 31 * mm  # the Mẫu số line, the unit, the title and the period
_RUNNING_HEAD = 8 * mm  # one line naming the register on the following pages


# ---------------------------------------------------------------- PDF


def render_register(doc: RegisterDoc, labels: Labels) -> bytes:
    """The register as A4 landscape PDF bytes, the column header on every page, "Trang x/y"."""
    register_fonts()
    layout = _layout(labels, doc)
    period = period_text(labels, doc)
    form = labels.meta_register
    number = labels.form_no_register if has_form_number(labels, "form_no_register") else ""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        invariant=1,
        pageCompression=1,
        initialFontName=FONTS.regular,
        initialFontSize=CELL_SIZE,
        lang=labels.lang,
    )
    canvas.setTitle(labels.get("meta_title", form=form, code=f"{nfc(doc.office.unit_name)}, {period}"))
    canvas.setAuthor(nfc(doc.office.unit_name))
    canvas.setSubject(
        labels.get(
            "meta_subject_register",
            number=number,
            form=form,
            basis=labels.basis if number else "",
            unit=doc.office.unit_name,
            period=period,
        )
    )
    canvas.setKeywords(form)
    canvas.setCreator("counter_app")
    printed = labels.get("printed_on", moment=moment_text(labels, doc.printed_at))
    encoded: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for index, rows in enumerate(layout.pages):
        page_number(canvas, index + 1, PAGE_WIDTH, PAGE_HEIGHT)  # from page 2, top centre
        if index == 0:
            _first_head(canvas, labels, doc, period)
            top = layout.first_top
        else:
            _running_head(canvas, labels, doc, period)
            top = layout.other_top
        bottom = _table(canvas, layout, rows, top, encoded)
        if not doc.rows:
            canvas.setFont(FONTS.italic, 12)
            canvas.drawCentredString(MARGIN_X + TABLE_WIDTH / 2, bottom - 16, labels.register_empty)
        canvas.setFont(FONTS.italic, 10)
        canvas.drawString(MARGIN_X, MARGIN_BOTTOM + 1.5 * mm, printed)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _first_head(canvas: Canvas, labels: Labels, doc: RegisterDoc, period: str) -> None:
    """Top right "Mẫu số" and basis (11 pt); top left the governing body (12 pt capitals) and the unit
    (12 pt bold capitals, written out) with a rule of 40 % of its line; the title (14 pt bold), the
    period (13 pt italic), centred on the table."""
    top = PAGE_HEIGHT - MARGIN_TOP
    right = MARGIN_X + TABLE_WIDTH
    parent = header_name(doc.office.parent_name) if doc.office.parent_name else ""
    unit = header_name(doc.office.unit_name)
    block = max(text_width(parent, FONTS.regular, 12), text_width(unit, FONTS.bold, 12))
    if has_form_number(labels, "form_no_register"):
        canvas.setFont(FONTS.bold, 11)
        canvas.drawRightString(right, top - 9, labels.form_no_register)
        canvas.setFont(FONTS.regular, 11)
        # the basis wraps rather than run into the unit's block on the left
        room = TABLE_WIDTH - block - 8 * mm
        for i, (text, _width) in enumerate(wrap(labels.basis, FONTS.regular, 11, room)):
            canvas.drawRightString(right, top - 21 - 12 * i, text)
    # the block starts at the left margin, each line centred on the widest
    centre = MARGIN_X + block / 2
    y = top - 13
    if parent:
        canvas.setFont(FONTS.regular, 12)
        canvas.drawCentredString(centre, y, parent)
        y -= 14
    canvas.setFont(FONTS.bold, 12)
    canvas.drawCentredString(centre, y, unit)
    rule = text_width(unit, FONTS.bold, 12) * 0.4 / 2
    canvas.setLineWidth(0.6)
    canvas.line(centre - rule, y - 5, centre + rule, y - 5)
    middle = MARGIN_X + TABLE_WIDTH / 2
    canvas.setFont(FONTS.bold, 14)
    canvas.drawCentredString(middle, top - 20 * mm, labels.register_title)
    canvas.setFont(FONTS.italic, 13)
    canvas.drawCentredString(middle, top - 26.5 * mm, period)


def _running_head(canvas: Canvas, labels: Labels, doc: RegisterDoc, period: str) -> None:
    canvas.setFont(FONTS.italic, 11)
    text = f"{labels.register_title} · {nfc(doc.office.unit_name)} · {period}"
    canvas.drawString(MARGIN_X, PAGE_HEIGHT - MARGIN_TOP - 11, text)


class _TextRun:
    """One page's table text as raw PDF text operators, the way reportlab's ``ttfonts`` module
    documents for dynamic (subset) fonts: each string split per font subset, then ``Tf`` / ``Tj``.
    A text object's ``textOut`` re-measures and re-encodes every string; a register draws some
    150,000 of them, mostly repeated (dates, names, statuses), so encodings are cached per document.
    """

    def __init__(self, canvas: Canvas, cache: dict[tuple[str, str], list[tuple[int, str]]]) -> None:
        self._doc = canvas._doc  # the document whose subsets the characters are assigned to
        self._cache = cache
        self._code: list[str] = ["BT"]
        self._current: tuple[str, int, float] | None = None

    def show(self, face: str, size: float, x: float, y: float, text: str) -> None:
        key = (face, text)
        chunks = self._cache.get(key)
        font = getFont(face)
        if chunks is None:
            chunks = [(subset, escapePDF(part)) for subset, part in font.splitString(text, self._doc)]
            self._cache[key] = chunks
        code = self._code
        code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        for subset, escaped in chunks:
            if self._current != (face, subset, size):
                code.append(f"{font.getSubsetInternalName(subset, self._doc)} {size:g} Tf")
                self._current = (face, subset, size)
            code.append(f"({escaped}) Tj")

    def draw(self, canvas: Canvas) -> None:
        self._code.append("ET")
        canvas.addLiteral("\n".join(self._code))


def _table(
    canvas: Canvas,
    layout: _Layout,
    rows: Sequence[_Row],
    top: float,
    cache: dict[tuple[str, str], list[tuple[int, str]]],
) -> float:
    """The header and ``rows`` from ``top`` down, as one text block and one grid path; returns the bottom."""
    text = _TextRun(canvas, cache)
    bold, regular = FONTS.bold, FONTS.regular
    header_lines = max(len(lines) for lines in layout.header)
    for x, width, lines in zip(EDGES, WIDTHS, layout.header, strict=False):
        # centred both ways in the header row
        y = top - PAD_Y - HEAD_SIZE - (header_lines - len(lines)) * HEAD_LEADING / 2
        for line_text, line_width in lines:
            text.show(bold, HEAD_SIZE, x + (width - line_width) / 2, y, line_text)
            y -= HEAD_LEADING
    y_row = top - layout.header_height
    lines_at = [top, y_row]
    for row in rows:
        for column, x, width, lines in zip(COLUMNS, EDGES, WIDTHS, row.cells, strict=False):
            y = y_row - PAD_Y - CELL_SIZE
            for line_text, line_width in lines:
                if line_text:
                    size, drawn = column.size, line_width
                    if line_width > width - 2 * PAD_X:  # only a code (kept on one line) can be wider
                        size = column.size * (width - 2 * PAD_X) / line_width
                        drawn = width - 2 * PAD_X
                    offset = (width - drawn) / 2 if column.centred else PAD_X
                    text.show(regular, size, x + offset, y, line_text)
                y -= CELL_LEADING
        y_row -= row.height
        lines_at.append(y_row)
    canvas.setFillColorRGB(0, 0, 0)
    text.draw(canvas)
    path = canvas.beginPath()
    for y in lines_at:
        path.moveTo(EDGES[0], y)
        path.lineTo(EDGES[-1], y)
    for x in EDGES:
        path.moveTo(x, top)
        path.lineTo(x, y_row)
    canvas.setLineWidth(GRID)
    canvas.drawPath(path, stroke=1, fill=0)
    return y_row


# ---------------------------------------------------------------- XLSX

_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


class _StableZip(zipfile.ZipFile):
    """A zip whose members all carry one fixed time stamp, so the same register gives the same bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as handle:
            self.writestr(arcname or os.path.basename(filename), handle.read())


def _excel_text(text: str) -> str:
    """NFC, without the control characters a worksheet cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    return str(ILLEGAL_CHARACTERS_RE.sub("", nfc(text)))


def _excel_date(moment: datetime | None) -> datetime | None:
    """Excel has no time zones: the office's wall-clock time, naive."""
    return None if moment is None else office_time(moment).replace(tzinfo=None)


XLSX_FONT = "Times New Roman"  # Decree 30/2020, Annex I, I.4; a PC without it substitutes a metric twin
XLSX_HEAD_ROWS = 7  # rows above the column header: form number, basis, body, unit, blank, title, period


def register_xlsx(doc: RegisterDoc, labels: Labels) -> bytes:
    """The register as an .xlsx workbook. Above the table: "Mẫu số 07" and the legal basis (right),
    the governing body and the unit (left, capitals), the title and the period (centred). Then the
    column header in bold (frozen, repeated on every printed page, with an auto-filter) and one row
    per dossier with real date-time cells in office time. Every cell is in Times New Roman."""
    # openpyxl is imported only when a workbook is made: it costs a tenth of a second at start-up.
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    period = period_text(labels, doc)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(labels.register_sheet)
    columns = len(COLUMNS)
    last = get_column_letter(columns)
    split = 4  # the left header block spans columns A-D, the right one the last five

    def font(size: float = 11, *, bold: bool = False, italic: bool = False) -> Font:
        return Font(name=XLSX_FONT, size=size, bold=bold, italic=italic)

    def put(row: int, first: int, final: int, text: str, cell_font: Font, horizontal: str) -> None:
        cell = sheet.cell(row=row, column=first, value=_excel_text(text))
        cell.font = cell_font
        cell.alignment = Alignment(horizontal=horizontal, vertical="center")
        if final > first:
            sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=final)

    if has_form_number(labels, "form_no_register"):
        put(1, columns - 4, columns, labels.form_no_register, font(bold=True), "right")
        put(2, columns - 4, columns, labels.basis, font(), "right")
    if doc.office.parent_name:
        put(3, 1, split, header_name(doc.office.parent_name), font(12), "center")
    put(4, 1, split, header_name(doc.office.unit_name), font(12, bold=True), "center")
    put(6, 1, columns, labels.register_title, font(14, bold=True), "center")
    put(7, 1, columns, period, font(13, italic=True), "center")
    sheet.row_dimensions[6].height = 22
    head_row = XLSX_HEAD_ROWS + 1
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=head_row, column=index, value=_excel_text(labels.get(column.key)))
    thin = Side(style="thin")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for cell in sheet[head_row]:
        cell.font = font(bold=True)
        cell.alignment = centred
        cell.border = box
    sheet.row_dimensions[head_row].height = 45
    top_left = Alignment(vertical="top", wrap_text=True)
    for offset, row in enumerate(doc.rows, start=1):
        for index, value in enumerate(_excel_row(labels, row), start=1):
            cell = sheet.cell(row=head_row + offset, column=index, value=value)
            cell.font = font()
            cell.border = box
            cell.alignment = top_left
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.excel_width
    date_format = "dd/mm/yyyy hh:mm"
    first_data = head_row + 1
    for column_cells in sheet.iter_cols(min_col=DATE_COLUMNS.start + 1, max_col=DATE_COLUMNS.stop, min_row=first_data):
        for cell in column_cells:
            cell.number_format = date_format
    sheet.freeze_panes = f"A{first_data}"
    sheet.auto_filter.ref = f"A{head_row}:{last}{max(head_row, len(doc.rows) + head_row)}"
    sheet.print_title_rows = f"{head_row}:{head_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # Decree 30/2020, Annex I, I.3, in inches (openpyxl's unit): left 30 mm, right 15, top/bottom 20.
    sheet.page_margins.left = 30 / 25.4
    sheet.page_margins.right = 15 / 25.4
    sheet.page_margins.top = 20 / 25.4
    sheet.page_margins.bottom = 20 / 25.4
    stamp = office_time(doc.printed_at).replace(tzinfo=None)
    workbook.properties.creator = "counter_app"
    workbook.properties.title = _excel_text(labels.meta_register)
    workbook.properties.subject = _excel_text(f"{nfc(doc.office.unit_name)}, {period}")
    workbook.properties.language = labels.lang
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    keep_text(workbook)  # a name, an address or the unit starting with "=" stays text, never a formula
    buffer = io.BytesIO()
    with _StableZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


def _sheet_title(text: str) -> str:
    """A valid worksheet name: no []:*?/\\ and at most 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", _excel_text(text)).strip()
    return cleaned[:31] or "Sheet1"


def _excel_row(labels: Labels, row: RegisterRow) -> Iterable[object]:
    yield row.number
    yield _excel_text(row.code)
    yield _excel_text(row.procedure_name)
    yield row.dossier_sets
    yield _excel_text(row.applicant_name)
    yield _excel_text(row.applicant_contact)
    yield _excel_text(row.processing_agency)
    yield _excel_date(row.received_at)
    yield _excel_date(row.due_at)
    yield _excel_date(row.transferred_at)
    yield _excel_date(row.result_at)
    yield _excel_date(row.returned_at)
    yield None
    yield _excel_text(note_text(labels, row))
