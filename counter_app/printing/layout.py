"""The common layout of the one-stop forms (DOMAIN.md §1.1) in the presentation of Decree
30/2020/NĐ-CP, Annex I (resources/forms/README.md, "Decree 30 presentation"): text helpers, styles
and shared blocks.

Every form page is: the "Mẫu số 0x" line (top right, with the legal basis) and, when the document
is a reprint, a boxed "BẢN IN LẠI" stamp top left; the header (left: governing body, the issuing
unit in bold capitals, written out in full, a rule of 40 % of the unit's line under it, then the
room for "Số: …"; right: the national name in bold capitals, the motto in bold with a drawn rule
as long as the motto, the italic place/date line); then the form's own body; signature blocks
(bold title, italic hint, room to sign, the name).

Margins (Annex I, I.3): top and bottom 20 mm, left 30 mm, right 15 mm, on portrait and landscape
pages alike (the left edge is bound). Sizes (Annex I, II): body 13 pt, national name and unit
12 pt, motto 13 pt, title 14 pt, date line 13 pt.

Styles come in type scales (:data:`SCALES`) so that :mod:`~counter_app.printing.pages` can fit a
form onto one page; a scaled size never drops below 12 pt (:func:`scaled`), and a form that does
not fit then flows over continuation pages at full size. Every string reaches the PDF through
:class:`~.flowables.Text` (NFC) or :func:`esc` (NFC, escaped for Paragraph markup).
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
from counter_app.printing.flowables import Columns, Rule, Segment, Text
from counter_app.printing.fonts import FONTS, nfc, register_fonts
from counter_app.printing.labels import Labels
from counter_app.printing.model import Applicant, OfficeHeader, Paper, Signer
from counter_app.printing.names import header_name
from counter_app.printing.qr import CORNER_RESERVE

PAGE_WIDTH, PAGE_HEIGHT = A4
# Decree 30/2020, Annex I, Part I, I.3: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
BODY_SIZE = 13.0  # Annex I, II.6.e: 13-14 pt
MIN_BODY_SIZE = 12.0  # the least a scaled form may use (issue 12: "12 pt for a form that must fit one page")
# A copy of the receipt (Mẫu 01) is one sheet the citizen keeps: shrinking its body to 12 pt keeps
# it on one page; below that (a dossier of many papers) the copy continues on a second page instead.
SCALES = (1.0, 0.96, MIN_BODY_SIZE / BODY_SIZE)
MIN_SCALE = SCALES[-1]
CONTINUATION_SCALE = 1.0
PAGE_NUMBER_SIZE = 13.0  # Annex I, I.7: 13-14 pt, upright, centred in the top margin, not on page 1
PAGE_NUMBER_DROP = 12 * mm  # its baseline below the top edge: inside the 20 mm top margin
STAMP_RED = colors.Color(0.75, 0.05, 0.05)
HEADER_SPLIT = 0.46  # left header block: 76 mm; the right one holds the 12 pt national name (88 mm)

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
    motto: ParagraphStyle
    number_line: ParagraphStyle
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
        return Spacer(1, points * spacing(self.scale))


def sign_room(scale: float) -> float:
    """The room to sign under "(Ký và ghi rõ họ tên)": 18 mm, 15 mm on a form shrunk to stay on one
    page, 12 mm at the smallest type (a signature is about 10 mm high; the official's title under the
    name took the last millimetres of a khai sinh receipt)."""
    if scale >= 1:
        return float(18 * mm)
    return float((15 if scale > MIN_SCALE else 12) * mm)


def spacing(scale: float) -> float:
    """The share of the white space between blocks kept at ``scale``: it goes faster than the type
    (0.6 at the smallest scale), so that a form keeps its 12-13 pt text on one page."""
    return float(scale**6)


def scaled(size: float, scale: float) -> float:
    """``size`` at ``scale``, never below 12 pt (nor below ``size`` itself when that is smaller)."""
    return max(size * scale, min(size, MIN_BODY_SIZE))


@functools.lru_cache(maxsize=16)
def styles(scale: float = 1.0) -> Styles:
    """Paragraph styles for type scaled by ``scale`` (cached: never modified after creation).

    Full-size values follow Decree 30/2020, Annex I: body 13, national name and unit names 12 bold
    capitals, motto 13 bold, title 14 bold, date line 13 italic, signer 13 bold. Texts the decree
    does not size (the "Mẫu số" line, the footnote, hints) are 11-12 pt.
    """
    register_fonts()

    def style(
        name: str,
        size: float,
        *,
        face: str = FONTS.regular,
        leading: float = 1.15,  # "single" line spacing of Times New Roman (its ascent + descent + gap)
        color: colors.Color = colors.black,
        before: float = 0.0,
        fixed: bool = False,
        floor: float = 0.0,
        least: float = MIN_BODY_SIZE,
        **kw: object,
    ) -> ParagraphStyle:
        actual = size if fixed else max(size * scale, min(size, least), floor)
        return ParagraphStyle(
            name,
            fontName=face,
            fontSize=actual,
            leading=actual * leading,
            textColor=color,
            spaceBefore=before * spacing(scale),
            **kw,
        )

    return Styles(
        scale=scale,
        body=style("body", BODY_SIZE, before=1.5),
        body_justify=style("body_justify", BODY_SIZE, alignment=TA_JUSTIFY, before=1.5),
        small=style("small", 11),
        small_right=style("small_right", 11, alignment=TA_RIGHT, leading=1.15),
        small_italic=style("small_italic", 11, face=FONTS.italic),
        # the header and the title keep the decree's sizes at every scale
        header=style("header", 12, alignment=TA_CENTER, leading=1.15, fixed=True),
        header_bold=style("header_bold", 12, face=FONTS.bold, alignment=TA_CENTER, leading=1.15, fixed=True),
        motto=style("motto", 13, face=FONTS.bold, alignment=TA_CENTER, leading=1.15, fixed=True),
        number_line=style("number_line", 13, alignment=TA_CENTER, before=5, fixed=True),
        date=style("date", 13, face=FONTS.italic, alignment=TA_CENTER, leading=1.2, before=7, fixed=True),
        title=style("title", 14, face=FONTS.bold, alignment=TA_CENTER, before=12, floor=13),  # 13-14 pt
        code=style("code", 13, face=FONTS.bold, alignment=TA_CENTER, before=3),
        copy=style("copy", 13, face=FONTS.italic, alignment=TA_CENTER, before=1),
        note=style("note", 12, face=FONTS.italic, alignment=TA_CENTER),
        # table cells (Annex I sizes none) shrink with the body, to 11 pt at the least
        cell=style("cell", 12, floor=11, least=11),
        cell_center=style("cell_center", 12, alignment=TA_CENTER, floor=11, least=11),
        cell_head=style("cell_head", 12, face=FONTS.bold, alignment=TA_CENTER, floor=11, least=11),
        sign_title=style("sign_title", 13, face=FONTS.bold, alignment=TA_CENTER, leading=1.2, fixed=True),
        sign_hint=style("sign_hint", 12, face=FONTS.italic, alignment=TA_CENTER),
        stamp=style("stamp", 12, face=FONTS.bold, alignment=TA_CENTER, color=STAMP_RED, leading=1.2),
        stamp_small=style("stamp_small", 11, face=FONTS.italic, alignment=TA_CENTER, color=STAMP_RED),
        lookup_secret=style("lookup_secret", 13, face=FONTS.bold, alignment=TA_CENTER, before=2),
        reason=style("reason", BODY_SIZE, face=FONTS.italic, alignment=TA_JUSTIFY, leftIndent=8 * mm, before=1.5),
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
    return float((64 if printed_at is not None else 36) * mm)


def reprint_stamp(st: Styles, labels: Labels, printed_at: datetime | None) -> Table:
    """A red boxed "BẢN IN LẠI", with the time of the reprint when known."""
    content: list[Flowable] = [line(labels.reprint_mark, st.stamp)]
    if printed_at is not None:
        content.append(line(labels.get("reprint_printed_at", **moment_params(printed_at)), st.stamp_small))
    return boxed(content, _stamp_width(printed_at), STAMP_RED, 1.4, "LEFT")


def form_number_line(
    st: Styles,
    labels: Labels,
    form_key: str,
    *,
    reprint: bool,
    printed_at: datetime | None = None,
    corner: Sequence[Flowable] = (),
    corner_width: float = 0.0,
) -> Columns:
    """Top row: the top-left corner of page 1 (``corner``, e.g. the QR code of Circular 01/2023, in a
    column ``corner_width`` wide) and the reprint stamp (if any) on the left; "Mẫu số 0x" and its
    legal basis on the right. Everything stays inside the Decree 30 margins."""
    right = [line(labels.get(form_key), st.small_right, FONTS.bold), line(labels.basis, st.small_right)]
    left: list[Flowable] = list(corner)
    width = corner_width if corner else 0.0
    if reprint:
        left.append(reprint_stamp(st, labels, printed_at))
        width = max(width, _stamp_width(printed_at))
    if not left:
        return Columns([(FRAME_WIDTH, right)])
    reserve = max(0.0, CORNER_RESERVE - MARGIN_LEFT)  # Circular 01/2023's QR is top left (qr.draw_corner_qr)
    left_width = width + 4 * mm
    return Columns([(reserve, []), (left_width, left), (FRAME_WIDTH - reserve - left_width, right)])


UNIT_RULE_SHARE = 0.4  # Annex I, II.2.b: the rule under the unit is 1/3 to 1/2 of its line


def header_block(
    st: Styles,
    labels: Labels,
    office: OfficeHeader,
    dated: datetime,
    number: str | None = None,
    number_style: ParagraphStyle | None = None,
) -> Columns:
    """Decree 30/2020 header. Left (box 2 and 3 of Annex I, IV): the governing body (12 pt capitals),
    the issuing unit (12 pt bold capitals), both written out in full; a rule of 40 % of the unit's
    line, centred; then "Số: …" when ``number`` is given. Right (box 1 and 4): the national name
    (12 pt bold capitals), the motto (13 pt bold) with a rule as long as the motto, the place and
    date (13 pt italic)."""
    left: list[Flowable] = []
    if office.parent_name:
        left.append(line(header_name(office.parent_name), st.header))
    unit = line(header_name(office.unit_name), st.header_bold)
    left.append(unit)
    unit_width = min(unit.text_width, HEADER_SPLIT * FRAME_WIDTH)
    left.append(Rule(unit_width * UNIT_RULE_SHARE, gap=3.0))
    if number is not None:
        left.append(line(number, number_style or st.number_line))
    motto = line(labels.national_motto, st.motto)
    right = [
        line(labels.national_name, st.header_bold),
        motto,
        Rule(motto.text_width, gap=3.0),
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
            _paper_name(st, labels, p),
            line(form_name(labels, p.form), st.cell_center),
            line(str(p.count), st.cell_center),
        ]
        for i, p in enumerate(papers, start=1)
    )
    fixed = (11 * mm, 47 * mm, 20 * mm)  # "Bản chính hoặc bản sao" on one line at 12 pt
    widths = [fixed[0], FRAME_WIDTH - sum(fixed), fixed[1], fixed[2]]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5 * st.scale),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * st.scale),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _paper_name(st: Styles, labels: Labels, paper: Paper) -> Text:
    """The paper's name and, for a digitised one, in italics after it: "(đã số hóa)" or "(dùng lại bản số
    hóa ngày 18/11/2025)" (issue 13: the receipt lists which papers were digitised)."""
    if paper.reused_on is not None:
        local = office_time(paper.reused_on)
        mark = labels.get("paper_reused", date=f"{vn_day(local.day)}/{vn_month(local.month)}/{local.year}")
    elif paper.digitised:
        mark = labels.get("paper_digitised")
    else:
        return line(paper.name, st.cell)
    return Text([(paper.name, st.cell.fontName), (f" {mark}", FONTS.italic)], st.cell)


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
            Spacer(1, sign_room(st.scale)),
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
    return [HRFlowable(width="30%", thickness=0.5, color=colors.black, hAlign="LEFT", spaceAfter=1), *lines]
