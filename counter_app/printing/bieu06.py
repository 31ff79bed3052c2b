"""Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP; DOMAIN.md §5) as an A4 landscape PDF and an XLSX
workbook, drawn from :class:`~counter_app.printing.model.Bieu06Doc`.

Layout of the official table: (A) STT, (B) Lĩnh vực, then three column groups — Số hồ sơ nhận giải
quyết (Tổng số; "Trong đó" over Trực tuyến and Trực tiếp, dịch vụ bưu chính; Từ kỳ trước), Số hồ sơ
đã giải quyết (Tổng số, Trước hạn, Đúng hạn, Quá hạn), Số hồ sơ đang giải quyết (Tổng số, Trong hạn,
Quá hạn) — with the column numbers (1)–(11) under the header, the total first, then one row per field.
A period that runs past the day printed says "(Số liệu đến ngày …)" after its dates. Under the
table: the identities it satisfies on its face ((1) = (2) + (3) + (4) = (5) + (9)), the
reconciliation line of the accepted dossiers ended without a result (outside column (1)),
applications not accepted, apology letters, the online and postal shares, the satisfaction ratings;
then the date line and two signatures.

The words are here in Vietnamese and English (the report is not part of the two form sets).
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from counter_app.domain.bieu06_words import BIEU06_WORDS
from counter_app.domain.calendar import office_time
from counter_app.domain.spreadsheet import keep_text
from counter_app.printing.fonts import FONTS, nfc, register_fonts
from counter_app.printing.model import Bieu06Doc, Bieu06Row

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 12 * mm

# The words of the form: one table for the counter and the hub (counter_app/domain/bieu06_words.py).
LABELS = BIEU06_WORDS
# The sub-column titles of the 11 figures, in the order of Bieu06Row.numbers.
FIGURE_KEYS = (
    "total",
    "online",
    "direct_postal",
    "carried_over",
    "total",
    "early",
    "on_time",
    "late",
    "total",
    "within_time",
    "overdue",
)
GROUPS = (("group_received", 0, 4), ("group_resolved", 4, 4), ("group_in_progress", 8, 3))


def _labels(lang: str) -> dict[str, str]:
    try:
        return LABELS[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; expected one of {sorted(LABELS)}") from None


def _text(lang: str, key: str, **params: object) -> str:
    return nfc(_labels(lang)[key].format(**params))


def _day(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _share(lang: str, value: float | None) -> str:
    if value is None:
        return _text(lang, "not_applicable")
    percent = f"{value * 100:.1f}"
    return (percent.replace(".", ",") if lang == "vi" else percent) + " %"


def header_lines(doc: Bieu06Doc, lang: str) -> tuple[list[str], list[str], list[str]]:
    """Left block, right block, centred title lines (as printed)."""
    left = [_text(lang, "reporting_unit", unit=nfc(doc.office.unit_name))]
    if doc.office.parent_name:
        left.append(_text(lang, "receiving_unit", unit=nfc(doc.office.parent_name)))
    right = [_text(lang, "form_no"), _text(lang, "basis")]
    period = _text(lang, "period", start=_day(doc.period_from), end=_day(doc.period_to))
    if doc.data_until is not None:  # the period runs past the day printed: never a silently shorter period
        period += " " + _text(lang, "data_until", day=_day(doc.data_until))
    title = [_text(lang, "title"), period, _text(lang, "unit_of_measure")]
    return left, right, title


def note_lines(doc: Bieu06Doc, lang: str) -> list[str]:
    """The figures reported under the table."""
    very, satisfied, dissatisfied = doc.satisfaction
    received, ended = doc.total.numbers[0], doc.ended_withdrawn + doc.ended_stopped
    return [
        _text(lang, "formula"),
        _text(
            lang,
            "ended",
            withdrawn=doc.ended_withdrawn,
            stopped=doc.ended_stopped,
            received=received,
            ended=ended,
            handled=received + ended,
        ),
        _text(lang, "not_accepted", refused=doc.refused, withdrawn=doc.withdrawn_before_acceptance),
        _text(lang, "apologies", count=doc.apologies),
        _text(lang, "shares", online=_share(lang, doc.online_share), postal=_share(lang, doc.postal_share)),
        _text(lang, "satisfaction", very=very, satisfied=satisfied, dissatisfied=dissatisfied),
    ]


def date_line(doc: Bieu06Doc, lang: str) -> str:
    local = office_time(doc.printed_at)
    return _text(
        lang,
        "date_line",
        place=nfc(doc.office.place),
        day=f"{local.day:02d}",
        month=f"{local.month:02d}",
        year=local.year,
    )


HEADER_ROWS = 4  # groups; sub-columns with "Trong đó"; its two columns; the column numbers
# Cells (column, first row, last row) of the header merged down: STT and the field over three rows,
# every sub-column but the two under "Trong đó" over two.
_TALL = ((0, 0, 2), (1, 0, 2), *((2 + n, 1, 2) for n in range(11) if n not in (1, 2)))
_OF_WHICH = (3, 4)  # "Trong đó" over (2) Trực tuyến and (3) Trực tiếp, dịch vụ bưu chính


def table_rows(doc: Bieu06Doc, lang: str) -> list[list[str]]:
    """The table as text: four header rows (groups; sub-columns with "Trong đó" over the two channels of
    the dossiers received in the period; those two; the column numbers), the total, the fields."""
    words = _labels(lang)
    groups = ["", ""] + [""] * 11
    for key, first, _width in GROUPS:
        groups[2 + first] = nfc(words[key])
    groups[0], groups[1] = nfc(words["col_no"]), nfc(words["col_field"])
    subs = ["", ""] + [nfc(words[key]) for key in FIGURE_KEYS]
    channels = [""] * 13
    channels[_OF_WHICH[0]], channels[_OF_WHICH[1]] = subs[_OF_WHICH[0]], subs[_OF_WHICH[1]]
    subs[_OF_WHICH[0]], subs[_OF_WHICH[1]] = nfc(words["of_which"]), ""
    numbers = ["(A)", "(B)"] + [f"({n})" for n in range(1, 12)]
    body = [["", nfc(words["grand_total"]), *(str(n) for n in doc.total.numbers)]]
    body += [_line(index, row) for index, row in enumerate(doc.rows, start=1)]
    return [groups, subs, channels, numbers, *body]


def _line(index: int, row: Bieu06Row) -> list[str]:
    return [str(index), nfc(row.label), *(str(n) for n in row.numbers)]


# ---------------------------------------------------------------- PDF


def _style(name: str, face: str, size: float, align: int = TA_LEFT, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=face, fontSize=size, leading=leading or size * 1.25, alignment=align)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_bieu06(doc: Bieu06Doc, lang: str = "vi") -> bytes:
    """Biểu 06 as A4 landscape PDF bytes (Be Vietnam Pro embedded); the table header repeats on each page."""
    register_fonts()
    regular, bold, italic = FONTS.regular, FONTS.bold, FONTS.italic
    left_style = _style("left", regular, 9, TA_CENTER)
    left_bold = _style("left_bold", bold, 9.5, TA_CENTER)
    right_bold = _style("right_bold", bold, 9.5, TA_CENTER)
    right_style = _style("right", italic, 8.5, TA_CENTER)
    title_style = _style("title", bold, 12.5, TA_CENTER, 16)
    period_style = _style("period", italic, 10, TA_CENTER)
    unit_style = _style("unit", italic, 9, TA_RIGHT)
    cell = _style("cell", regular, 8.5, TA_CENTER, 10.5)
    cell_left = _style("cell_left", regular, 8.5, TA_LEFT, 10.5)
    head = _style("head", bold, 8.2, TA_CENTER, 10)
    total_left = _style("total_left", bold, 8.5, TA_LEFT, 10.5)
    total_cell = _style("total_cell", bold, 8.5, TA_CENTER, 10.5)
    note = _style("note", regular, 9, TA_LEFT, 12)
    sign_title = _style("sign_title", bold, 9.5, TA_CENTER)
    sign_hint = _style("sign_hint", italic, 8.5, TA_CENTER)
    date_style = _style("date", italic, 9.5, TA_CENTER)

    left, right, title = header_lines(doc, lang)
    width = PAGE_WIDTH - 2 * MARGIN
    top = Table(
        [
            [
                [Paragraph(_esc(left[0]), left_bold), *(Paragraph(_esc(t), left_style) for t in left[1:])],
                [Paragraph(_esc(right[0]), right_bold), Paragraph(_esc(right[1]), right_style)],
            ]
        ],
        colWidths=[width * 0.5, width * 0.5],
    )
    top.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("FONTNAME", (0, 0), (-1, -1), regular),
            ]
        )
    )
    story: list[Any] = [
        top,
        Spacer(1, 4 * mm),
        Paragraph(_esc(title[0]), title_style),
        Paragraph(_esc(title[1]), period_style),
        Paragraph(_esc(title[2]), unit_style),
        Spacer(1, 2 * mm),
    ]
    rows = table_rows(doc, lang)
    data: list[list[Any]] = []
    for number, row in enumerate(rows):
        if number < HEADER_ROWS:
            data.append([Paragraph(_esc(text), head) for text in row])
        elif number == HEADER_ROWS:
            data.append([Paragraph(_esc(row[0]), total_cell), Paragraph(_esc(row[1]), total_left)])
            data[-1] += [Paragraph(text, total_cell) for text in row[2:]]
        else:
            data.append(
                [Paragraph(_esc(row[0]), cell), Paragraph(_esc(row[1]), cell_left)]
                + [Paragraph(text, cell) for text in row[2:]]
            )
    figure_width = (width - 12 * mm - 62 * mm) / 11
    table = Table(data, colWidths=[12 * mm, 62 * mm] + [figure_width] * 11, repeatRows=HEADER_ROWS)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("SPAN", (_OF_WHICH[0], 1), (_OF_WHICH[1], 1)),
        ("BACKGROUND", (0, HEADER_ROWS), (-1, HEADER_ROWS), colors.Color(0.93, 0.93, 0.93)),
    ]
    commands += [("SPAN", (column, top), (column, bottom)) for column, top, bottom in _TALL]
    for _key, first, span in GROUPS:
        commands.append(("SPAN", (2 + first, 0), (2 + first + span - 1, 0)))
    table.setStyle(TableStyle(commands))
    story.append(table)
    if not doc.rows:
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph(_esc(_text(lang, "no_rows")), _style("empty", italic, 9, TA_CENTER)))
    story.append(Spacer(1, 3 * mm))
    story += [Paragraph(_esc(text), note) for text in note_lines(doc, lang)]
    story.append(Spacer(1, 3 * mm))
    signatures = Table(
        [
            [Paragraph("", sign_title), Paragraph(_esc(date_line(doc, lang)), date_style)],
            [Paragraph(_esc(_text(lang, "preparer")), sign_title), Paragraph(_esc(_text(lang, "head")), sign_title)],
            [
                Paragraph(_esc(_text(lang, "sign_hint")), sign_hint),
                Paragraph(_esc(_text(lang, "seal_hint")), sign_hint),
            ],
        ],
        colWidths=[width * 0.5, width * 0.5],
    )
    signatures.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), regular)]))
    story.append(signatures)

    buffer = io.BytesIO()
    meta_title = _text(
        lang, "meta_title", unit=nfc(doc.office.unit_name), start=_day(doc.period_from), end=_day(doc.period_to)
    )
    template = SimpleDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=meta_title,
        author=nfc(doc.office.unit_name),
        subject=_text(lang, "title"),
        creator="counter_app",
        invariant=1,
        lang=lang,
        initialFontName=regular,  # the canvas starts in the bundled font: no Helvetica resource in the file
        initialFontSize=9,
    )
    template.build(story)
    return buffer.getvalue()


# ---------------------------------------------------------------- XLSX

_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


class _StableZip(zipfile.ZipFile):
    """Members with one fixed time stamp, so the same report gives the same bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)


def bieu06_xlsx(doc: Bieu06Doc, lang: str = "vi") -> bytes:
    """Biểu 06 as an .xlsx workbook in the same layout: header blocks, title, the table with merged group
    headers and numeric cells, the notes and the signatures."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    left, right, title = header_lines(doc, lang)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _text(lang, "sheet")
    last = get_column_letter(13)
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)

    def put(row: int, column: int, value: object, *, font: Any = None, align: Any = None) -> None:
        cell = sheet.cell(row=row, column=column, value=value)
        if font is not None:
            cell.font = font
        if align is not None:
            cell.alignment = align

    for offset, text in enumerate(left):
        put(1 + offset, 1, text, font=bold if offset == 0 else None)
        sheet.merge_cells(start_row=1 + offset, start_column=1, end_row=1 + offset, end_column=6)
    for offset, text in enumerate(right):
        put(1 + offset, 8, text, font=bold if offset == 0 else Font(italic=True), align=centred)
        sheet.merge_cells(start_row=1 + offset, start_column=8, end_row=1 + offset, end_column=13)
    put(4, 1, title[0], font=Font(bold=True, size=13), align=centred)
    put(5, 1, title[1], font=Font(italic=True), align=centred)
    put(6, 1, title[2], font=Font(italic=True), align=Alignment(horizontal="right"))
    for row in (4, 5, 6):
        sheet.merge_cells(f"A{row}:{last}{row}")
    first = 8
    rows = table_rows(doc, lang)
    for offset, values in enumerate(rows):
        number = first + offset
        for column, value in enumerate(values, start=1):
            numeric = offset >= HEADER_ROWS and column >= 3
            put(number, column, int(value) if numeric else (value or None))
            cell = sheet.cell(row=number, column=column)
            cell.border = box
            head = offset < HEADER_ROWS
            cell.alignment = centred if (column != 2 or head) else Alignment(vertical="center", wrap_text=True)
            if offset <= HEADER_ROWS:
                cell.font = bold
    for column, top, bottom in _TALL:
        sheet.merge_cells(start_row=first + top, start_column=column + 1, end_row=first + bottom, end_column=column + 1)
    sheet.merge_cells(
        start_row=first + 1, start_column=_OF_WHICH[0] + 1, end_row=first + 1, end_column=_OF_WHICH[1] + 1
    )
    for _key, start, span in GROUPS:
        sheet.merge_cells(start_row=first, start_column=3 + start, end_row=first, end_column=3 + start + span - 1)
    row = first + len(rows) + 1
    for text in note_lines(doc, lang):
        put(row, 1, text)
        row += 1
    row += 1
    put(row, 8, date_line(doc, lang), font=Font(italic=True), align=centred)
    sheet.merge_cells(start_row=row, start_column=8, end_row=row, end_column=13)
    for column, key, hint in ((1, "preparer", "sign_hint"), (8, "head", "seal_hint")):
        put(row + 1, column, _text(lang, key), font=bold, align=centred)
        put(row + 2, column, _text(lang, hint), font=Font(italic=True), align=centred)
        for line in (row + 1, row + 2):
            sheet.merge_cells(start_row=line, start_column=column, end_row=line, end_column=column + 5)
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 34
    for column in range(3, 14):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.row_dimensions[first].height = 30
    sheet.row_dimensions[first + 1].height = 30
    sheet.row_dimensions[first + 2].height = 45
    sheet.freeze_panes = sheet.cell(row=first + HEADER_ROWS, column=3)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    stamp = office_time(doc.printed_at).replace(tzinfo=None)
    workbook.properties.creator = "counter_app"
    workbook.properties.title = _text(lang, "form_no")
    workbook.properties.subject = title[1]
    workbook.properties.language = lang
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    keep_text(workbook)  # procedure fields, unit names and signatures from user data stay text
    buffer = io.BytesIO()
    with _StableZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()
