"""Blocks shared by the lifecycle forms (apology, stop notice, routing slip, hand-over note).

These forms follow the common layout of :mod:`~counter_app.printing.layout` and add what a signed
administrative letter has (Decree 30/2020 layout): the "Số: …" line under the unit in the left
header, "Kính gửi: …", a signature block with the signer's title and "(Ký, ghi rõ họ tên và đóng
dấu)", and the "Nơi nhận:" list on the left of it.

A form that is not part of the office's form set (the stop notice in the 2018 set, the hand-over
note in both) has an empty "Mẫu số" label: it then prints neither a form number nor the legal
basis, which would wrongly claim the circular's annex for it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Spacer  # type: ignore[import-untyped]

from counter_app.printing.flowables import Columns, Segment, Text
from counter_app.printing.fonts import FONTS, nfc
from counter_app.printing.labels import Labels
from counter_app.printing.layout import (
    FRAME_WIDTH,
    Styles,
    date_params,
    fill,
    form_number_line,
    header_block,
    line,
    or_blank,
    reprint_stamp,
    segments,
    signer_heading,
    styles,
)
from counter_app.printing.model import Applicant, OfficeHeader, Signer
from counter_app.printing.names import sentence_name
from counter_app.printing.pages import PdfMeta, metadata

SIGNER_SHARE = 0.5  # share of the width for the signature block (right)
INDENT = "\u00a0" * 9  # first-line indent of about 1 cm (Annex I, II.6.e); no-break spaces survive wrapping


@dataclass(frozen=True)
class LetterStyles(Styles):
    """The common styles plus those of a signed letter."""

    centre: ParagraphStyle  # body text, centred (the addressee's contact line)
    addressee: ParagraphStyle  # "Kính gửi: …"
    number: ParagraphStyle  # "Số: …/PXL" under the unit
    recipients_heading: ParagraphStyle  # "Nơi nhận:" (bold italic)
    recipients: ParagraphStyle  # its list (small)
    emphasis: ParagraphStyle  # a bold line of the body (the second reschedule)
    para: ParagraphStyle  # a paragraph of a letter's body (justified, a little apart)
    cell_name: ParagraphStyle  # a name in a table cell (bold, centred)
    cell_hint: ParagraphStyle  # a hint under a column title (small italic, centred)


@functools.lru_cache(maxsize=16)
def letter_styles(scale: float = 1.0) -> LetterStyles:
    """:func:`~counter_app.printing.layout.styles` plus the letter styles (cached, never modified)."""
    base = styles(scale)

    def derived(name: str, parent: ParagraphStyle, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **changes)

    return LetterStyles(
        **{f.name: getattr(base, f.name) for f in dataclasses.fields(Styles)},
        centre=derived("centre", base.body, alignment=TA_CENTER, spaceBefore=0),
        addressee=derived("addressee", base.body, alignment=TA_CENTER, spaceBefore=6 * scale),
        number=derived("number", base.number_line),
        # Annex I, II.9.d: "Nơi nhận:" 12 pt bold italic, the list 11 pt upright.
        recipients_heading=derived(
            "recipients_heading", base.small, fontName=FONTS.bold_italic, fontSize=12, leading=14
        ),
        recipients=derived("recipients", base.small, fontSize=11, leading=13),
        emphasis=derived("emphasis", base.body_justify, fontName=FONTS.bold, alignment=TA_CENTER, spaceBefore=0),
        para=derived("para", base.body_justify, spaceBefore=6),  # Annex I, II.6.e: paragraphs >= 6 pt apart
        cell_name=derived("cell_name", base.cell_center, fontName=FONTS.bold),
        cell_hint=derived("cell_hint", base.cell_center, fontName=FONTS.italic, fontSize=11, leading=13),
    )


def para(st: LetterStyles, labels: Labels, key: str, /, plain: bool = False, **params: object) -> Text:
    """A label as an indented paragraph of the body (values in bold unless ``plain``)."""
    return para_from(st, labels, key, params, plain=plain)


def para_from(st: LetterStyles, labels: Labels, key: str, params: Mapping[str, object], *, plain: bool = False) -> Text:
    """:func:`para` with the parameters as a mapping (checked like :meth:`Labels.get`)."""
    return Text([(INDENT, st.para.fontName), *segments(labels, key, st.para, plain, **params)], st.para)


def para_text(st: LetterStyles, text: str) -> Text:
    """Plain text as an indented paragraph of the body."""
    return Text([(INDENT, st.para.fontName), (text, st.para.fontName)], st.para)


def has_form_number(labels: Labels, form_key: str) -> bool:
    """Whether the form belongs to the label set's form set (its "Mẫu số" label is not empty)."""
    return bool(labels.get(form_key).strip())


def top_line(st: LetterStyles, labels: Labels, form_key: str, *, reprint: bool) -> list[Flowable]:
    """The "Mẫu số 0x" line with the legal basis (and the reprint stamp), or only the stamp when the
    form is not in the set, or nothing."""
    if has_form_number(labels, form_key):
        return [form_number_line(st, labels, form_key, reprint=reprint)]
    if reprint:
        return [reprint_stamp(st, labels, None)]
    return []


def letter_header(
    st: LetterStyles, labels: Labels, office: OfficeHeader, dated: datetime, number: str | None = None
) -> Columns:
    """The Decree 30 header of :func:`~counter_app.printing.layout.header_block` with, for a
    numbered letter, "Số: …" under the unit's rule."""
    return header_block(st, labels, office, dated, number, st.number)


def addressee_lines(st: LetterStyles, labels: Labels, applicant: Applicant) -> list[Flowable]:
    """ "Kính gửi: <name>" (centred, name in bold) and the address and phone under it."""
    blank = labels.blank
    contact: list[Segment] = [
        *segments(labels, "address", st.centre, True, address=applicant.address or blank),
        ("\u00a0\u00a0\u00a0", st.centre.fontName),
        # a phone number never breaks over two lines
        *segments(labels, "phone", st.centre, True, phone=(applicant.phone or blank).replace(" ", "\u00a0")),
    ]
    return [fill(labels, "addressee", st.addressee, name=applicant.full_name), Text(contact, st.centre)]


def received_line(st: LetterStyles, labels: Labels, office: OfficeHeader, received_at: datetime, name: str) -> Text:
    """ "Ngày … tháng … năm …, <unit> tiếp nhận hồ sơ của Ông/Bà <name>." """
    params = {"unit": sentence_name(office.unit_name), "name": name, **date_params(received_at)}
    return para_from(st, labels, "received_dossier", params)


def reason_lines(st: LetterStyles, labels: Labels, reason: str) -> list[Flowable]:
    """ "Lý do: <first line>" and any further lines of the reason, each as a paragraph."""
    lines = [text.strip() for text in nfc(reason).splitlines() if text.strip()] or [labels.blank]
    return [para(st, labels, "reason", True, reason=lines[0]), *(para_text(st, text) for text in lines[1:])]


def signer_block(st: LetterStyles, labels: Labels, signer: Signer, *, recipients: bool = True) -> Columns:
    """Right: the capacity and title (:func:`~counter_app.printing.layout.signer_heading`, bold
    capitals), "(Ký, ghi rõ họ tên và đóng dấu)", room to sign and seal, the full name (a dotted line
    when none is set). Left: "Nơi nhận:" and its list."""
    width = FRAME_WIDTH * SIGNER_SHARE
    right: list[Flowable] = [line(text, st.sign_title) for text in signer_heading(labels, signer)]
    right += [line(labels.sign_seal_hint, st.sign_hint), Spacer(1, 24 * mm * max(st.scale, 0.85))]
    right.append(line(signer.name or labels.blank, st.sign_title))
    left: list[Flowable] = []
    if recipients:
        left = [
            line(labels.recipients_heading, st.recipients_heading),
            line(labels.recipient_addressee, st.recipients),
            line(labels.recipient_archive, st.recipients),
        ]
    return Columns([(FRAME_WIDTH - width, left), (width, right)])


def number_text(labels: Labels, key: str, number: str | None) -> str:
    """ "Số: 12/PXL", or dots to fill in by hand."""
    return labels.get(key, number=or_blank(labels, number))


def form_metadata(
    labels: Labels,
    *,
    name_key: str,
    number_key: str,
    code: str,
    author: str,
    reprint: bool,
    name: str,
    procedure: str,
) -> PdfMeta:
    """PDF metadata like :func:`~counter_app.printing.pages.metadata`; a form outside the set names
    neither a form number nor a legal basis."""
    if has_form_number(labels, number_key):
        return metadata(
            labels,
            name_key=name_key,
            number_key=number_key,
            code=code,
            author=author,
            reprint=reprint,
            name=name,
            procedure=procedure,
        )
    form = labels.get(name_key)
    if reprint:
        title = labels.get("meta_title_reprint", form=form, code=code, mark=labels.reprint_mark)
    else:
        title = labels.get("meta_title", form=form, code=code)
    subject = labels.get("meta_subject_plain", form=form, name=name, procedure=procedure)
    return PdfMeta(title=title, author=author, subject=subject, keywords=code, lang=labels.lang)


def join_nonempty(parts: Sequence[str | None], sep: str = "; ") -> str:
    return sep.join(nfc(part).strip() for part in parts if part and part.strip())
