"""Phiếu kiểm soát quá trình giải quyết hồ sơ (2018 Mẫu 05, 2025 Mẫu 06; DOMAIN.md §1.1).

The slip travels with the paper dossier: code, "Kèm theo hồ sơ của:" with the phone, the request,
the received and due times, then one table row per hand-over (hop): the agency that received the
dossier; "Giao: … giờ … phút, ngày …" and "Nhận: …" (dots to fill in when the receipt is not
recorded) over two boxes "Người giao" / "Người nhận" with the names and
room to sign; the timeliness of the hop (Trước hạn / Đúng hạn / Quá hạn, blank while open); a note.
Rows are padded with blank ones (dotted time, empty boxes) up to :data:`MIN_ROWS` so that the next
hand-overs can be written by hand. A long trail shrinks the type, then continues on further pages
with the table header repeated.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Spacer, Table  # type: ignore[import-untyped]

from counter_app.printing.flowables import Text
from counter_app.printing.labels import Labels
from counter_app.printing.layout import (
    FRAME_WIDTH,
    fill,
    header_block,
    line,
    moment_text,
    procedure_line,
    segments,
    table_style,
    title_block,
)
from counter_app.printing.lifecycle import LetterStyles, form_metadata, letter_styles, top_line
from counter_app.printing.model import Hop, RoutingSlipDoc
from counter_app.printing.pages import CopySlot, Story, render_pdf

OUTCOME_KEYS = {"early": "outcome_early", "on_time": "outcome_on_time", "late": "outcome_late"}
MIN_ROWS = 5  # hops plus blank rows to fill in by hand
HAND_DOTS = "……"
_WIDTHS = (32 * mm, 84 * mm, 28 * mm)  # agency, hand-over, outcome; the note takes the rest (21 mm)


def outcome_text(labels: Labels, outcome: str | None) -> str:
    """ "Trước hạn" / "Đúng hạn" / "Quá hạn", or empty while the hop is open."""
    if outcome is None:
        return ""
    try:
        return labels.get(OUTCOME_KEYS[outcome])
    except KeyError:
        raise ValueError(f"unknown hop outcome {outcome!r}; expected one of {sorted(OUTCOME_KEYS)}") from None


def render_routing_slip(doc: RoutingSlipDoc, labels: Labels) -> bytes:
    """The routing slip as PDF bytes (one A4 page unless the trail is long)."""
    outcomes = [outcome_text(labels, hop.outcome) for hop in doc.hops]  # refuse unknown outcomes up front
    meta = form_metadata(
        labels,
        name_key="meta_routing",
        number_key="form_no_routing",
        code=doc.code,
        author=doc.office.unit_name,
        reprint=False,
        name=doc.applicant.full_name,
        procedure=doc.procedure_name,
    )
    blank = labels.blank

    def build(scale: float, _copy: CopySlot | None) -> Story:
        st = letter_styles(scale)
        applicant = [
            *segments(labels, "routing_applicant", st.body, name=doc.applicant.full_name),
            ("\u00a0" * 6, st.body.fontName),
            *segments(labels, "phone", st.body, True, phone=doc.applicant.phone or blank),
        ]
        body: list[Flowable] = [
            *top_line(st, labels, "form_no_routing", reprint=False),
            st.gap(6),
            header_block(st, labels, doc.office, doc.received_at),
            *title_block(st, labels, "routing_title", doc.code, None),
            st.gap(8),
            Text(applicant, st.body),
            procedure_line(st, labels, doc.procedure_name),
            fill(labels, "routing_received", st.body, moment=moment_text(labels, doc.received_at)),
            fill(labels, "routing_due", st.body, moment=moment_text(labels, doc.due_at)),
            st.gap(5),
            _hops_table(st, labels, doc.hops, outcomes),
        ]
        printed = labels.get("printed_on", moment=moment_text(labels, doc.printed_at))
        return Story(body, [line(printed, st.small_right)])

    return render_pdf(meta, build, [], lambda _copy: labels.get("code_line", code=doc.code), doc.qr_payload)


def _hops_table(st: LetterStyles, labels: Labels, hops: Sequence[Hop], outcomes: Sequence[str]) -> Table:
    """TÊN CƠ QUAN / THỜI GIAN GIAO, NHẬN HỒ SƠ / KẾT QUẢ GIẢI QUYẾT HỒ SƠ / GHI CHÚ; header repeated."""
    widths = [*_WIDTHS, FRAME_WIDTH - sum(_WIDTHS)]
    dotted = labels.get("moment", **dict.fromkeys(("hour", "minute", "day", "month", "year"), HAND_DOTS))
    rows: list[list[object]] = [
        [
            line(labels.routing_col_agency, st.cell_head),
            line(labels.routing_col_time, st.cell_head),
            [line(labels.routing_col_outcome, st.cell_head), line(labels.routing_col_outcome_hint, st.cell_hint)],
            line(labels.routing_col_note, st.cell_head),
        ]
    ]
    for number, (hop, outcome) in enumerate(zip(hops, outcomes, strict=True), start=1):
        rows.append(
            [
                line(f"{number}. {hop.agency}", st.cell),
                _hand_over(
                    st,
                    labels,
                    moment_text(labels, hop.given_at),
                    dotted if hop.received_at is None else moment_text(labels, hop.received_at),
                    hop.giver,
                    hop.receiver,
                    widths[1],
                    blank_taken=hop.received_at is None,
                ),
                line(outcome, st.cell_center),
                line(hop.note or "", st.cell),
            ]
        )
    rows.extend(
        [
            line(f"{number}.", st.cell),
            _hand_over(st, labels, dotted, dotted, "", "", widths[1], blank=True, blank_taken=True),
            "",
            "",
        ]
        for number in range(len(hops) + 1, MIN_ROWS + 1)
    )
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
                ("VALIGN", (0, 1), (0, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * st.scale),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * st.scale),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                # the hand-over cell holds its own grid, flush with the outer lines
                ("LEFTPADDING", (1, 1), (1, -1), 0),
                ("RIGHTPADDING", (1, 1), (1, -1), 0),
                ("TOPPADDING", (1, 1), (1, -1), 0),
                ("BOTTOMPADDING", (1, 1), (1, -1), 0),
            ]
        )
    )
    return table


def _hand_over(
    st: LetterStyles,
    labels: Labels,
    moment: str,
    taken: str,
    giver: str,
    receiver: str,
    width: float,
    *,
    blank: bool = False,
    blank_taken: bool = False,
) -> Table:
    """ "Giao: <time>" and "Nhận: <time>" across, over the two boxes "Người giao" and "Người nhận" with names
    and room to sign (a ``blank`` time is dotted in the plain face, to write over)."""
    room = Spacer(1, 9 * mm * max(st.scale, 0.85))

    def box(role_key: str, name: str) -> list[Flowable]:
        return [line(labels.get(role_key), st.sign_hint), room, line(name, st.cell_name)]

    inner = Table(
        [
            [fill(labels, "routing_given", st.cell, blank, moment=moment), ""],
            [fill(labels, "routing_taken", st.cell, blank_taken, moment=taken), ""],
            [box("routing_giver", giver), box("routing_receiver", receiver)],
        ],
        colWidths=[width / 2, width / 2],
    )
    inner.setStyle(
        table_style(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("SPAN", (0, 1), (1, 1)),
                ("LINEBELOW", (0, 1), (-1, 1), 0.6, colors.black),
                ("LINEAFTER", (0, 2), (0, 2), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * st.scale),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * st.scale),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return inner
