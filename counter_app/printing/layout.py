"""The common layout of the one-stop forms (DOMAIN.md §1.1) and the page engine that draws them.

Every form page is: the "Mẫu số 0x" line (small, top right, with the legal basis) and, when the
document is a reprint, a boxed "BẢN IN LẠI" stamp top left; the header table (left: governing body,
unit in bold, a short rule; right: the national name in bold, the motto bold and underlined, the
italic place/date line); then the form's own body; signature blocks (bold title, italic
"(Ký và ghi rõ họ tên)", room to sign, the name).

:func:`render_pdf` lays a story (a list of flowables built for a given scale) out on A4. It tries
full size first and shrinks the type in steps until one copy fits one page; a story that would need
type smaller than :data:`MIN_SCALE` flows onto continuation pages instead, each headed with the
dossier code and the copy. Every string reaches the PDF through :func:`esc` or :func:`rich`, which
normalise to NFC (``fonts.nfc``).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer, Table, TableStyle  # type: ignore[import-untyped]
from reportlab.platypus.doctemplate import LayoutError  # type: ignore[import-untyped]
from reportlab.platypus.flowables import HRFlowable  # type: ignore[import-untyped]

from counter_app.domain.calendar import office_time
from counter_app.domain.values import ComponentForm
from counter_app.printing.fonts import FONTS, nfc, register_fonts
from counter_app.printing.labels import Labels
from counter_app.printing.model import Applicant, OfficeHeader, Paper

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
FRAME_HEIGHT = PAGE_HEIGHT - 2 * MARGIN
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.76, 0.72)
MIN_SCALE = SCALES[-1]
CONTINUATION_SCALE = 0.9
STAMP_RED = colors.Color(0.75, 0.05, 0.05)

StoryBuilder = Callable[[float, str | None], list[Flowable]]

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


def bold(value: str) -> str:
    return f"<b>{esc(value)}</b>"


def rich(labels: Labels, key: str, /, value: Callable[[str], str] = bold, **params: object) -> str:
    """Paragraph markup of a label: the template's words escaped, each parameter through ``value``
    (bold by default). Parameters are checked like :meth:`Labels.get`."""
    labels.get(key, **params)  # validates the parameter names
    return labels.render(key, params, literal=escape, value=value)


def plain(value: str) -> str:
    return esc(value)


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
    lookup_secret: ParagraphStyle

    def gap(self, points: float) -> Spacer:
        return Spacer(1, points * self.scale)


@functools.lru_cache(maxsize=16)
def styles(scale: float = 1.0) -> Styles:
    """Paragraph styles for type scaled by ``scale`` (cached: styles are immutable in practice)."""
    register_fonts()

    def style(
        name: str,
        size: float,
        *,
        face: str = FONTS.regular,
        leading: float = 1.32,
        color: colors.Color = colors.black,
        **kw: object,
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=face, fontSize=size * scale, leading=size * scale * leading, textColor=color, **kw
        )

    return Styles(
        scale=scale,
        body=style("body", 10, spaceBefore=1.5 * scale),
        body_justify=style("body_justify", 10, alignment=TA_JUSTIFY, spaceBefore=1.5 * scale),
        small=style("small", 8.5),
        small_right=style("small_right", 7.5, alignment=TA_RIGHT, leading=1.3),
        small_italic=style("small_italic", 8.5, face=FONTS.italic),
        header=style("header", 10.5, alignment=TA_CENTER, leading=1.3),
        title=style("title", 13.5, face=FONTS.bold, alignment=TA_CENTER, spaceBefore=10 * scale, leading=1.25),
        code=style("code", 12.5, face=FONTS.bold, alignment=TA_CENTER, spaceBefore=3 * scale),
        copy=style("copy", 10, face=FONTS.italic, alignment=TA_CENTER, spaceBefore=1 * scale),
        note=style("note", 9.5, face=FONTS.italic, alignment=TA_CENTER),
        cell=style("cell", 9.5, leading=1.25),
        cell_center=style("cell_center", 9.5, alignment=TA_CENTER, leading=1.25),
        cell_head=style("cell_head", 9.5, face=FONTS.bold, alignment=TA_CENTER, leading=1.25),
        sign_title=style("sign_title", 10.5, face=FONTS.bold, alignment=TA_CENTER, leading=1.3),
        sign_hint=style("sign_hint", 9.5, face=FONTS.italic, alignment=TA_CENTER),
        stamp=style("stamp", 11, face=FONTS.bold, alignment=TA_CENTER, color=STAMP_RED, leading=1.2),
        lookup_secret=style("lookup_secret", 12, face=FONTS.bold, alignment=TA_LEFT),
    )


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of ready markup (use :func:`esc`/:func:`rich` to build it)."""
    return Paragraph(markup, style)


def text_para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(esc(text), style)


# ---------------------------------------------------------------- blocks shared by the forms


def table_style(commands: Sequence[tuple[object, ...]]) -> TableStyle:
    """A TableStyle whose cells default to the bundled font (reportlab's default is Helvetica, which
    would otherwise be referenced, unembedded, even by empty cells)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONTS.regular), *commands])


def _cell_table(rows: list[list[object]], widths: Sequence[float], extra: Sequence[tuple[object, ...]] = ()) -> Table:
    """A borderless layout table with no padding (for side-by-side blocks)."""
    table = Table(rows, colWidths=list(widths))
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                *extra,
            ]
        )
    )
    return table


def reprint_stamp(st: Styles, labels: Labels, printed_at: datetime | None) -> Table:
    """A red boxed "BẢN IN LẠI", with the time of the reprint when known."""
    small = ParagraphStyle("stamp_small", parent=st.small_italic, alignment=TA_CENTER, textColor=STAMP_RED)
    rows = [[para(esc(labels.reprint_mark), st.stamp)]]
    if printed_at is not None:
        rows.append([para(esc(labels.get("reprint_printed_at", **moment_params(printed_at))), small)])
    table = Table(rows, colWidths=[46 * mm * st.scale], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.4, STAMP_RED),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def form_number_line(
    st: Styles, labels: Labels, form_key: str, *, reprint: bool, printed_at: datetime | None = None
) -> Table:
    """Top row: the reprint stamp (if any) on the left; "Mẫu số 0x" and its legal basis on the right."""
    right = [para(bold(labels.get(form_key)), st.small_right), para(esc(labels.basis), st.small_right)]
    left: object = reprint_stamp(st, labels, printed_at) if reprint else ""
    return _cell_table([[left, right]], [0.3 * FRAME_WIDTH, 0.7 * FRAME_WIDTH])


def header_block(st: Styles, labels: Labels, office: OfficeHeader, dated: datetime) -> Table:
    """Left: governing body, unit (bold), short rule. Right: national name, motto, place and date."""
    left: list[Flowable] = []
    if office.parent_name:
        left.append(para(esc(nfc(office.parent_name).upper()), st.header))
    left.append(para(bold(nfc(office.unit_name).upper()), st.header))
    left.append(HRFlowable(width="38%", thickness=0.7, color=colors.black, spaceBefore=2.5, hAlign="CENTER"))
    date_style = ParagraphStyle("date_line", parent=st.header, fontName=FONTS.italic, spaceBefore=7 * st.scale)
    right = [
        para(bold(labels.national_name), st.header),
        para(f"<u>{bold(labels.national_motto)}</u>", st.header),
        para(esc(labels.get("date_line", place=office.place, **date_params(dated))), date_style),
    ]
    return _cell_table(
        [[left, right]], [0.42 * FRAME_WIDTH, 0.58 * FRAME_WIDTH], [("ALIGN", (0, 0), (-1, -1), "CENTER")]
    )


def title_block(st: Styles, labels: Labels, title_key: str, code: str, copy: str | None) -> list[Flowable]:
    """Title (bold, centred), "Mã hồ sơ: …" (prominent) and the copy label in italics."""
    story: list[Flowable] = [
        para(esc(labels.get(title_key)), st.title),
        para(rich(labels, "code_line", code=code), st.code),
    ]
    if copy is not None:
        story.append(para(esc(copy), st.copy))
    return story


def applicant_lines(
    st: Styles, labels: Labels, applicant: Applicant, name_key: str, *, with_id: bool = True
) -> list[Flowable]:
    """Name, address, phone and e-mail (on one line), ID number; dotted blanks for what is unknown."""
    blank = labels.get("blank")
    lines = [
        para(rich(labels, name_key, name=applicant.full_name), st.body),
        para(rich(labels, "address", value=plain, address=applicant.address or blank), st.body),
        para(
            rich(labels, "phone", value=plain, phone=applicant.phone or blank)
            + "&nbsp;" * 8
            + rich(labels, "email", value=plain, email=applicant.email or blank),
            st.body,
        ),
    ]
    if with_id:
        lines.append(para(rich(labels, "id_number", value=plain, number=applicant.id_number or blank), st.body))
    return lines


def procedure_line(st: Styles, labels: Labels, name: str, code: str | None = None) -> Paragraph:
    markup = rich(labels, "procedure", procedure=name)
    if code:
        markup += " " + rich(labels, "procedure_code", value=plain, code=code)
    return para(markup, st.body_justify)


def papers_table(st: Styles, labels: Labels, papers: Sequence[Paper], name_key: str) -> Table:
    """TT / name / form / count, one row per paper; names wrap; the header repeats on a new page."""
    rows: list[list[object]] = [
        [
            para(esc(labels.col_no), st.cell_head),
            para(esc(labels.get(name_key)), st.cell_head),
            para(esc(labels.col_form), st.cell_head),
            para(esc(labels.col_count), st.cell_head),
        ]
    ]
    rows.extend(
        [
            para(str(i), st.cell_center),
            para(esc(p.name), st.cell),
            para(esc(form_name(labels, p.form)), st.cell_center),
            para(str(p.count), st.cell_center),
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


def signature_blocks(st: Styles, labels: Labels, blocks: Sequence[tuple[str, str | None] | None]) -> Table:
    """Side-by-side signature blocks: title (bold), "(Ký và ghi rõ họ tên)", room to sign, the name.
    ``None`` leaves a column empty (e.g. the guide's block alone on the right)."""
    cells: list[object] = []
    for block in blocks:
        if block is None:
            cells.append("")
            continue
        title_key, name = block
        cell: list[Flowable] = [
            para(esc(labels.get(title_key)), st.sign_title),
            para(esc(labels.sign_hint), st.sign_hint),
            Spacer(1, 22 * mm * max(st.scale, 0.85)),
        ]
        if name:
            cell.append(para(bold(name), st.sign_title))
        cells.append(cell)
    width = FRAME_WIDTH / len(blocks)
    return _cell_table([cells], [width] * len(blocks))


def footnote(st: Styles, lines: Sequence[str]) -> list[Flowable]:
    """A short rule, then small lines (already markup)."""
    story: list[Flowable] = [HRFlowable(width="30%", thickness=0.5, color=colors.black, hAlign="LEFT", spaceAfter=2)]
    story.extend(para(line, st.small) for line in lines)
    return story


# ---------------------------------------------------------------- the page engine


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
        flowable.drawOn(canvas, MARGIN, y, _sW=FRAME_WIDTH - w)
        y -= flowable.getSpaceAfter()


def _stack_height(flowables: Sequence[Flowable], sizes: Sequence[tuple[float, float]]) -> float:
    return sum(
        h + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
        for i, (f, (_w, h)) in enumerate(zip(flowables, sizes, strict=True))
    )


def _draw_copy(canvas: Canvas, build: Callable[[float], Story], continued: str) -> None:
    """One copy on one page at the largest scale that fits, else flowing over continuation pages."""
    for scale in SCALES:
        story = build(scale)
        foot_sizes = _measure(canvas, story.foot, FRAME_HEIGHT)
        if foot_sizes is None:
            continue
        foot_height = _stack_height(story.foot, foot_sizes)
        body_sizes = _measure(canvas, story.body, FRAME_HEIGHT - foot_height - 4 * mm)
        if body_sizes is None:
            continue
        _stack(canvas, story.body, body_sizes, MARGIN + FRAME_HEIGHT)
        _stack(canvas, story.foot, foot_sizes, MARGIN + foot_height)
        canvas.showPage()
        return
    story = build(CONTINUATION_SCALE)
    _flow(canvas, [*story.body, *story.foot], continued)


def _flow(canvas: Canvas, pending: list[Flowable], continued: str) -> None:
    """Flow over as many pages as needed, splitting flowables (tables split by rows, repeating
    their header) at page ends; pages after the first are headed with ``continued``."""
    first = True
    while pending:
        if not first:
            canvas.setFont(FONTS.italic, 8.5)
            canvas.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN + 5 * mm, nfc(continued))
        frame = Frame(MARGIN, MARGIN, FRAME_WIDTH, FRAME_HEIGHT, 0, 0, 0, 0)
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
        first = False


def render_pdf(meta: PdfMeta, copies: Sequence[tuple[Callable[[float], Story], str]]) -> bytes:
    """Draw each copy (a story builder and its continuation-page heading) and return the PDF bytes.

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
        initialFontSize=10,
        lang=meta.lang,
    )
    canvas.setTitle(nfc(meta.title))
    canvas.setAuthor(nfc(meta.author))
    canvas.setSubject(nfc(meta.subject))
    canvas.setKeywords(nfc(meta.keywords))
    canvas.setCreator("counter_app")
    for build, continued in copies:
        _draw_copy(canvas, build, continued)
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
