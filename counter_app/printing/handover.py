"""The note of a result handed over at the counter ("Phiếu giao nhận kết quả giải quyết hồ sơ").

Neither form set has an official form for this: the register's "Ký nhận" column is the official
trace of a hand-over. The note is the counter's own paper, signed by both sides, so it prints no
"Mẫu số" and no legal basis (its form-number label is empty; see resources/forms/README.md).

It carries the code, the applicant and the request, the outcome (granted, or the written reply
declining it), the papers handed over with their copies and the total, who received them (with an ID
number, and "on behalf of" when the receiver is not the applicant, then the authorisation paper they
showed: kind, number, date), the time, and the two signatures NGƯỜI NHẬN KẾT QUẢ /
NGƯỜI TRẢ KẾT QUẢ.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Table  # type: ignore[import-untyped]

from counter_app.domain.handover import ResultPaper, same_person
from counter_app.printing.flowables import Segment, Text
from counter_app.printing.fonts import FONTS
from counter_app.printing.labels import Labels
from counter_app.printing.layout import (
    FRAME_WIDTH,
    fill,
    header_block,
    line,
    moment_text,
    or_blank,
    procedure_line,
    segments,
    signature_blocks,
    table_style,
    title_block,
)
from counter_app.printing.lifecycle import LetterStyles, form_metadata, letter_styles, top_line
from counter_app.printing.model import HandoverDoc
from counter_app.printing.names import sentence_name
from counter_app.printing.pages import CopySlot, Story, render_pdf

OUTCOME_KEYS = {"granted": "handover_granted", "denied": "handover_denied"}


def render_handover(doc: HandoverDoc, labels: Labels) -> bytes:
    """The hand-over note as PDF bytes (one A4 page unless the list of papers is very long)."""
    try:
        outcome = labels.get(OUTCOME_KEYS[doc.outcome])
    except KeyError:
        raise ValueError(f"unknown hand-over outcome {doc.outcome!r}; expected one of {sorted(OUTCOME_KEYS)}") from None
    meta = form_metadata(
        labels,
        name_key="meta_handover",
        number_key="form_no_handover",
        code=doc.code,
        author=doc.office.unit_name,
        reprint=doc.reprint,
        name=doc.applicant.full_name,
        procedure=doc.procedure_name,
    )
    blank = labels.blank
    receiver = or_blank(labels, doc.receiver_name.strip())
    papers = [p if isinstance(p, ResultPaper) else ResultPaper(p) for p in doc.papers]

    def build(scale: float, _copy: CopySlot | None) -> Story:
        st = letter_styles(scale)
        applicant: list[Segment] = [
            *segments(labels, "handover_applicant", st.body, name=doc.applicant.full_name),
            ("\u00a0" * 6, st.body.fontName),
            *segments(labels, "phone", st.body, True, phone=doc.applicant.phone or blank),
        ]
        taker: list[Segment] = segments(labels, "handover_receiver", st.body, name=receiver)
        if doc.receiver_name.strip() and not same_person(doc.receiver_name, doc.applicant.full_name):
            taker += [
                (" ", st.body.fontName),
                *segments(labels, "handover_on_behalf", st.body, name=doc.applicant.full_name),
            ]
        body: list[Flowable] = [
            *top_line(st, labels, "form_no_handover", reprint=doc.reprint),
            st.gap(6),
            header_block(st, labels, doc.office, doc.returned_at),
            *title_block(st, labels, "handover_title", doc.code, None),
            st.gap(8),
            fill(labels, "handover_unit", st.body, unit=sentence_name(doc.office.unit_name)),
            Text(applicant, st.body),
            procedure_line(st, labels, doc.procedure_name),
            line(outcome, st.para, FONTS.bold),
        ]
        if papers:
            copies = sum(p.copies for p in papers)
            body += [
                line(labels.handover_papers, st.para),
                st.gap(2),
                _papers_table(st, labels, papers),
                st.gap(2),
                fill(labels, "handover_papers_total", st.body, count=len(papers), copies=copies),
            ]
        else:
            body.append(line(labels.handover_no_papers, st.para))
        body += [st.gap(3), Text(taker, st.body)]
        if doc.authorisation is not None:  # a proxy: the paper that lets them collect
            paper = doc.authorisation
            body.append(
                fill(
                    labels,
                    "handover_authorisation",
                    st.body,
                    kind=paper.kind,
                    number=paper.number,
                    date=f"{paper.issued_on:%d/%m/%Y}",
                )
            )
        body += [
            fill(labels, "id_number", st.body, True, number=doc.receiver_id_number or blank),
            fill(labels, "handover_time", st.body, moment=moment_text(labels, doc.returned_at)),
            st.gap(10),
            signature_blocks(
                st,
                labels,
                [("sign_result_receiver", doc.receiver_name.strip() or None), ("sign_result_giver", doc.clerk_name)],
            ),
        ]
        return Story(body, [])

    return render_pdf(meta, build, [], lambda _copy: labels.get("code_line", code=doc.code), doc.qr_payload)


def _papers_table(st: LetterStyles, labels: Labels, papers: Sequence[ResultPaper]) -> Table:
    """TT / Tên giấy tờ / Số lượng (bản), one row per paper handed over; the header repeats on a new page."""
    rows: list[list[object]] = [
        [
            line(labels.col_no, st.cell_head),
            line(labels.col_paper, st.cell_head),
            line(labels.handover_col_copies, st.cell_head),
        ]
    ]
    rows.extend(
        [line(str(i), st.cell_center), line(paper.name, st.cell), line(str(paper.copies), st.cell_center)]
        for i, paper in enumerate(papers, start=1)
    )
    number, copies = 11 * mm, 30 * mm
    table = Table(rows, colWidths=[number, FRAME_WIDTH - number - copies, copies], repeatRows=1, hAlign="LEFT")
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
