"""The common layout of the one-stop forms (DOMAIN.md §1.1): text helpers, styles and shared blocks.

Every form page is: the "Mẫu số 0x" line (small, top right, with the legal basis) and, when the
document is a reprint, a boxed "BẢN IN LẠI" stamp top left; the header (left: governing body, unit
in bold, a short rule; right: the national name in bold, the motto bold and underlined, the italic
place/date line); then the form's own body; signature blocks (bold title, italic
"(Ký và ghi rõ họ tên)", room to sign, the name).

Styles come in type scales (:data:`SCALES`) so that :mod:`~counter_app.printing.pages` can shrink a
long form onto one page. Every string reaches the PDF through :class:`~.flowables.Text` (NFC) or
:func:`esc` (NFC, escaped for Paragraph markup).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Spacer, Table, TableStyle  # type: ignore[import-untyped]
from reportlab.platypus.flowables import HRFlowable  # type: ignore[import-untyped]

from counter_app.domain.calendar import office_time
from counter_app.domain.values import ComponentForm
from counter_app.printing.flowables import Columns, Segment, Text
from counter_app.printing.fonts import FONTS, nfc, register_fonts
from counter_app.printing.labels import Labels
from counter_app.printing.model import Applicant, OfficeHeader, Paper, Signer

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
FRAME_HEIGHT = PAGE_HEIGHT - 2 * MARGIN
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.76, 0.72)
MIN_SCALE = SCALES[-1]
CONTINUATION_SCALE = 0.9
STAMP_RED = colors.Color(0.75, 0.05, 0.05)
HEADER_SPLIT = 0.42  # share of the width for the left header block

_FORM_KEYS = {
    ComponentForm.ORIGINAL: "form_original",
    ComponentForm.COPY: "form_copy",
    ComponentForm.CERTIFIED_COPY: "form_certified_copy",
    ComponentForm.ORIGINAL_OR_COPY: "form_original_or_copy",
}


# ---------------------------------------------------------------- text


def esc(text: str) -> str:
    """NFC text escaped for Paragraph markup."""
    return escape(nfc(text))


def line(text: str, style: ParagraphStyle, face: str | None = None) -> Text:
    """``text`` in one face (the style's by default); it wraps only if it must."""
    return Text([(text, face or style.fontName)], style)


def segments(
    labels: Labels, key: str, style: ParagraphStyle, /, plain: bool = False, **params: object
) -> list[Segment]:
    """The ``(text, face)`` pieces of a filled label: the words in the style's face, the values in
    bold (or in the style's face when ``plain``). Parameters are checked like :meth:`Labels.get`."""
    labels.get(key, **params)  # validates the parameter names
    values = style.fontName if plain else FONTS.bold
    return [(text, values if is_param else style.fontName) for text, is_param in labels.parts(key, params)]


def fill(labels: Labels, key: str, style: ParagraphStyle, /, plain: bool = False, **params: object) -> Text:
    """A label with its parameters as one :class:`Text` (values in bold unless ``plain``)."""
    return Text(segments(labels, key, style, plain, **params), style)


def vn_day(day: int) -> str:
    """Days below 10 take a leading zero on administrative documents (Decree 30/2020)."""
    return f"{day:02d}"


def vn_month(month: int) -> str:
    """Months below 3 take a leading zero ("tháng 02"), the others do not ("tháng 11", "tháng 5")."""
    return f"{month:02d}" if month < 3 else str(month)


def date_params(moment: datetime) -> dict[str, str]:
    local = office_time(moment)
    return {"day": vn_day(local.day), "month": vn_month(local.month), "year": str(local.year)}


def moment_params(moment: datetime) -> dict[str, str]:
    local = office_time(moment)
    return {"hour": f"{local.hour:02d}", "minute": f"{local.minute:02d}", **date_params(local)}


def moment_text(labels: Labels, moment: datetime) -> str:
    """ "09 giờ 15 phút, ngày 18 tháng 11 năm 2025" in the office's time zone."""
    return labels.get("moment", **moment_params(moment))


def form_name(labels: Labels, form: ComponentForm) -> str:
    return labels.get(_FORM_KEYS[form])


def or_blank(labels: Labels, value: object | None) -> str:
    return labels.get("blank") if value is None or value == "" else str(value)


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    scale: float
    body: ParagraphStyle
    body_justify: ParagraphStyle
    small: ParagraphStyle
    small_right: ParagraphStyle
    small_italic: ParagraphStyle
    header: ParagraphStyle
    header_bold: ParagraphStyle
    date: ParagraphStyle
    title: ParagraphStyle
    code: ParagraphStyle
    copy: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    sign_title: ParagraphStyle
    sign_hint: ParagraphStyle
    stamp: ParagraphStyle
    stamp_small: ParagraphStyle
    lookup_secret: ParagraphStyle
    reason: ParagraphStyle

    def gap(self, points: float) -> Spacer:
        return Spacer(1, points * self.scale)


@functools.lru_cache(maxsize=16)
def styles(scale: float = 1.0) -> Styles:
    """Paragraph styles for type scaled by ``scale`` (cached: never modified after creation)."""
    register_fonts()

    def style(
        name: str,
        size: float,
        *,
        face: str = FONTS.regular,
        leading: float = 1.32,
        color: colors.Color = colors.black,
        before: float = 0.0,
        **kw: object,
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=face,
            fontSize=size * scale,
            leading=size * scale * leading,
            textColor=color,
            spaceBefore=before * scale,
            **kw,
        )

    return Styles(
        scale=scale,
        body=style("body", 10, before=1.5),
        body_justify=style("body_justify", 10, alignment=TA_JUSTIFY, before=1.5),
        small=style("small", 8.5),
        small_right=style("small_right", 7.5, alignment=TA_RIGHT, leading=1.3),
        small_italic=style("small_italic", 8.5, face=FONTS.italic),
        header=style("header", 10.5, alignment=TA_CENTER, leading=1.3),
        header_bold=style("header_bold", 10.5, face=FONTS.bold, alignment=TA_CENTER, leading=1.3),
        date=style("date", 10.5, face=FONTS.italic, alignment=TA_CENTER, leading=1.3, before=7),
        title=style("title", 13.5, face=FONTS.bold, alignment=TA_CENTER, before=10, leading=1.25),
        code=style("code", 12.5, face=FONTS.bold, alignment=TA_CENTER, before=3),
        copy=style("copy", 10, face=FONTS.italic, alignment=TA_CENTER, before=1),
        note=style("note", 9.5, face=FONTS.italic, alignment=TA_CENTER),
        cell=style("cell", 9.5, leading=1.25),
        cell_center=style("cell_center", 9.5, alignment=TA_CENTER, leading=1.25),
        cell_head=style("cell_head", 9.5, face=FONTS.bold, alignment=TA_CENTER, leading=1.25),
        sign_title=style("sign_title", 10.5, face=FONTS.bold, alignment=TA_CENTER, leading=1.3),
        sign_hint=style("sign_hint", 9.5, face=FONTS.italic, alignment=TA_CENTER),
        stamp=style("stamp", 11, face=FONTS.bold, alignment=TA_CENTER, color=STAMP_RED, leading=1.25),
        stamp_small=style("stamp_small", 8, face=FONTS.italic, alignment=TA_CENTER, color=STAMP_RED),
        lookup_secret=style("lookup_secret", 12, face=FONTS.bold, alignment=TA_CENTER, before=2),
        reason=style("reason", 10, face=FONTS.italic, alignment=TA_JUSTIFY, leftIndent=8 * mm, before=1.5),
    )


# ---------------------------------------------------------------- blocks shared by the forms


def table_style(commands: Sequence[tuple[object, ...]]) -> TableStyle:
    """A TableStyle whose cells default to the bundled font (reportlab's default is Helvetica, which
    would otherwise be referenced, unembedded, even by empty cells)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONTS.regular), *commands])


def boxed(flowables: list[Flowable], width: float, color: colors.Color, thickness: float, h_align: str) -> Table:
    """Flowables in a thin box (the reprint stamp, the pending-sync note)."""
    table = Table([[flowables]], colWidths=[width], hAlign=h_align)
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), thickness, color),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _stamp_width(printed_at: datetime | None) -> float:
    return float((48 if printed_at is not None else 32) * mm)


def reprint_stamp(st: Styles, labels: Labels, printed_at: datetime | None) -> Table:
    """A red boxed "BẢN IN LẠI", with the time of the reprint when known."""
    content: list[Flowable] = [line(labels.reprint_mark, st.stamp)]
    if printed_at is not None:
        content.append(line(labels.get("reprint_printed_at", **moment_params(printed_at)), st.stamp_small))
    return boxed(content, _stamp_width(printed_at) * st.scale, STAMP_RED, 1.4, "LEFT")


def form_number_line(
    st: Styles, labels: Labels, form_key: str, *, reprint: bool, printed_at: datetime | None = None
) -> Columns:
    """Top row: the reprint stamp (if any) on the left; "Mẫu số 0x" and its legal basis on the right."""
    right = [line(labels.get(form_key), st.small_right, FONTS.bold), line(labels.basis, st.small_right)]
    if not reprint:
        return Columns([(FRAME_WIDTH, right)])
    left_width = _stamp_width(printed_at) * st.scale + 4 * mm
    return Columns([(left_width, [reprint_stamp(st, labels, printed_at)]), (FRAME_WIDTH - left_width, right)])


def header_block(st: Styles, labels: Labels, office: OfficeHeader, dated: datetime) -> Columns:
    """Left: governing body, unit (bold), short rule. Right: national name, motto, place and date."""
    left: list[Flowable] = []
    if office.parent_name:
        left.append(line(nfc(office.parent_name).upper(), st.header))
    left.append(line(nfc(office.unit_name).upper(), st.header_bold))
    left.append(HRFlowable(width="38%", thickness=0.7, color=colors.black, spaceBefore=2.5, hAlign="CENTER"))
    right = [
        line(labels.national_name, st.header_bold),
        Text([(labels.national_motto, FONTS.bold)], st.header_bold, underline=True),
        line(labels.get("date_line", place=office.place, **date_params(dated)), st.date),
    ]
    return Columns([(HEADER_SPLIT * FRAME_WIDTH, left), ((1 - HEADER_SPLIT) * FRAME_WIDTH, right)])


def title_block(st: Styles, labels: Labels, title_key: str, code: str, copy: Flowable | None) -> list[Flowable]:
    """Title (bold, centred), "Mã hồ sơ: …" (prominent) and the copy line (a ``pages.CopySlot``)."""
    story: list[Flowable] = [line(labels.get(title_key), st.title), fill(labels, "code_line", st.code, code=code)]
    if copy is not None:
        story.append(copy)
    return story


def applicant_lines(st: Styles, labels: Labels, applicant: Applicant, name_key: str) -> list[Flowable]:
    """Name, address, phone and e-mail (on one line), ID number; dotted blanks for what is unknown."""
    blank = labels.blank
    contact = [
        *segments(labels, "phone", st.body, True, phone=applicant.phone or blank),
        ("\u00a0" * 8, st.body.fontName),
        *segments(labels, "email", st.body, True, email=applicant.email or blank),
    ]
    return [
        fill(labels, name_key, st.body, name=applicant.full_name),
        fill(labels, "address", st.body, True, address=applicant.address or blank),
        Text(contact, st.body),
        fill(labels, "id_number", st.body, True, number=applicant.id_number or blank),
    ]


def procedure_line(st: Styles, labels: Labels, name: str, code: str | None = None) -> Text:
    pieces = segments(labels, "procedure", st.body_justify, procedure=name)
    if code:
        pieces += [(" ", st.body.fontName), *segments(labels, "procedure_code", st.body_justify, True, code=code)]
    return Text(pieces, st.body_justify)


def papers_table(st: Styles, labels: Labels, papers: Sequence[Paper], name_key: str) -> Table:
    """TT / name / form / count, one row per paper; names wrap; the header repeats on a new page."""
    rows: list[list[object]] = [
        [
            line(labels.col_no, st.cell_head),
            line(labels.get(name_key), st.cell_head),
            line(labels.col_form, st.cell_head),
            line(labels.col_count, st.cell_head),
        ]
    ]
    rows.extend(
        [
            line(str(i), st.cell_center),
            line(p.name, st.cell),
            line(form_name(labels, p.form), st.cell_center),
            line(str(p.count), st.cell_center),
        ]
        for i, p in enumerate(papers, start=1)
    )
    fixed = (11 * mm, 42 * mm, 19 * mm)
    widths = [fixed[0], FRAME_WIDTH - sum(fixed), fixed[1], fixed[2]]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.2 * st.scale),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * st.scale),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def signature_blocks(
    st: Styles, labels: Labels, blocks: Sequence[tuple[str, str | None] | tuple[str, str | None, str | None] | None]
) -> Columns:
    """Side-by-side signature blocks: title (bold), "(Ký và ghi rõ họ tên)", room to sign, the name
    and, when given, the person's own title (chức danh) under it. ``None`` leaves a column empty (e.g.
    the guide's block alone on the right)."""
    width = FRAME_WIDTH / len(blocks)
    columns: list[tuple[float, list[Flowable]]] = []
    for block in blocks:
        if block is None:
            columns.append((width, []))
            continue
        title_key, name = block[0], block[1]
        cell: list[Flowable] = [
            line(labels.get(title_key), st.sign_title),
            line(labels.sign_hint, st.sign_hint),
            Spacer(1, 22 * mm * max(st.scale, 0.85)),
        ]
        if name:
            cell.append(line(name, st.sign_title))
        if len(block) > 2 and block[2]:
            cell.append(line(str(block[2]), st.sign_hint))
        columns.append((width, cell))
    return Columns(columns)


# ---------------------------------------------------------------- number and signer (Decree 30/2020 Annex I)


def number_symbol(labels: Labels, number: int | None, symbol: str | None) -> str:
    """ "Số: 12/TB-TTPVHCC", "Số: 01/TB-TTPVHCC" (the number of its book and year, two digits at least,
    then the type and agency abbreviations); dots only for a document never issued (a preview)."""
    if number is None or not symbol:
        return labels.get("number_symbol", number=labels.blank, symbol=symbol or labels.blank)
    # "Với những số nhỏ hơn 10 phải ghi thêm số 0 phía trước" (Annex I, Part I, II.3.c): "Số: 01/TB-…"
    return labels.get("number_symbol", number=f"{number:02d}", symbol=symbol)


def signer_heading(labels: Labels, signer: Signer) -> list[str]:
    """The lines above the signature, in capitals: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH", "KT. GIÁM ĐỐC"
    / "PHÓ GIÁM ĐỐC", "Q. GIÁM ĐỐC", or the title alone. The capacity words are the labels'."""
    title = nfc(signer.title).strip().upper()
    if signer.capacity == "Q":
        return [labels.get("signer_q", title=title)]
    if signer.capacity in ("TM", "KT") and signer.authority:
        key = "signer_tm" if signer.capacity == "TM" else "signer_kt"
        return [labels.get(key, authority=nfc(signer.authority).strip().upper()), title]
    return [title]


def footnote(st: Styles, lines: Sequence[Flowable]) -> list[Flowable]:
    """A short rule, then the (small) lines."""
    return [HRFlowable(width="30%", thickness=0.5, color=colors.black, hAlign="LEFT", spaceAfter=2), *lines]
