"""Mẫu 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả: two copies on two pages.

Page 1 is "Liên 1: Lưu" (kept with the routing slip), page 2 "Liên 2: Giao người nộp hồ sơ". Both
carry every field of DOMAIN.md §1.1 plus the fee, the register entry, the QR code of the signed
lookup URL with the lookup secret beside it, and, when they apply, the reprint stamp and the
pending-sync note. A dossier with many papers shrinks the type to stay on one page per copy, and
past :data:`~counter_app.printing.layout.MIN_SCALE` continues on a further page.
"""

from __future__ import annotations

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Table  # type: ignore[import-untyped]

from counter_app.printing.fonts import FONTS
from counter_app.printing.labels import Labels
from counter_app.printing.layout import (
    FRAME_WIDTH,
    Story,
    Styles,
    applicant_lines,
    esc,
    footnote,
    form_number_line,
    header_block,
    metadata,
    moment_text,
    or_blank,
    papers_table,
    para,
    plain,
    procedure_line,
    render_pdf,
    rich,
    signature_blocks,
    styles,
    table_style,
    title_block,
)
from counter_app.printing.model import ReceiptDoc
from counter_app.printing.qr import QrFlowable

QR_SIZE = 33 * mm
MIN_QR_SIZE = 30 * mm
QR_COLUMN = 46 * mm


def render_receipt(doc: ReceiptDoc, labels: Labels) -> bytes:
    """The receipt as PDF bytes: two A4 pages, one per copy (liên)."""
    meta = metadata(
        labels,
        name_key="meta_receipt",
        number_key="form_no_receipt",
        code=doc.code,
        author=doc.office.unit_name,
        reprint=doc.reprint,
        name=doc.applicant.full_name,
        procedure=doc.procedure_name,
    )
    copies = []
    for copy_key in ("copy_archive", "copy_applicant"):
        copy = labels.get(copy_key)
        continued = labels.get("copy_continued", code=doc.code, copy=copy)
        copies.append((_builder(doc, labels, copy), continued))
    return render_pdf(meta, copies)


def _builder(doc: ReceiptDoc, labels: Labels, copy: str) -> _ReceiptStory:
    return _ReceiptStory(doc, labels, copy)


class _ReceiptStory:
    """Builds one copy's flowables for a given type scale (a fresh set per call: flowables hold layout state)."""

    def __init__(self, doc: ReceiptDoc, labels: Labels, copy: str) -> None:
        self.doc = doc
        self.labels = labels
        self.copy = copy

    def __call__(self, scale: float) -> Story:
        st = styles(scale)
        doc, labels = self.doc, self.labels
        body: list[Flowable] = [
            form_number_line(st, labels, "form_no_receipt", reprint=doc.reprint, printed_at=doc.printed_at),
            st.gap(6),
            header_block(st, labels, doc.office, doc.received_at),
            *title_block(st, labels, "receipt_title", doc.code, self.copy),
        ]
        if doc.pending_sync:
            body.append(_boxed_note(st, labels.pending_sync))
        body.append(st.gap(6))
        body.append(para(rich(labels, "unit_line", unit=doc.office.unit_name), st.body))
        body.extend(applicant_lines(st, labels, doc.applicant, "applicant_name"))
        body.append(procedure_line(st, labels, doc.procedure_name, doc.procedure_code))
        body.append(para(esc(labels.components_heading), st.body))
        body.append(st.gap(2))
        body.append(papers_table(st, labels, doc.papers, "col_paper"))
        body.append(st.gap(3))
        body.append(self._times_and_qr(st))
        body.append(para(self._lookup_text(), st.small))
        body.append(st.gap(8))
        body.append(
            signature_blocks(st, labels, [("sign_applicant", None), ("sign_receiver", doc.receiver_name)]),
        )
        foot = footnote(
            st,
            [f"<b><i>{esc(labels.footnote_heading)}</i></b>", esc(labels.footnote_copies), esc(labels.footnote_return)],
        )
        return Story(body, foot)

    def _times_and_qr(self, st: Styles) -> Table:
        """Items (2)–(6), fee and register on the left; the QR and the lookup secret on the right."""
        doc, labels = self.doc, self.labels
        if doc.working_days > 0:
            limit = labels.get("limit_days", days=doc.working_days)
        else:
            limit = labels.limit_same_day
        if doc.return_by_post:
            if doc.postal_address:
                option = labels.get("return_post", address=doc.postal_address)
            else:
                option = labels.return_post_no_address
        else:
            option = labels.return_counter
        lines = [
            rich(labels, "dossier_sets", count=doc.dossier_sets),
            rich(labels, "time_limit", limit=limit),
            rich(labels, "received_at", value=plain, moment=moment_text(labels, doc.received_at)),
            rich(labels, "appointment_at", moment=moment_text(labels, doc.appointment_at)),
            rich(labels, "return_option", option=option),
            self._fee(),
            rich(
                labels,
                "register_line",
                value=plain,
                book=or_blank(labels, doc.register_book),
                number=or_blank(labels, doc.register_number),
            ),
        ]
        left = [para(line, st.body) for line in lines]
        secret_style = ParagraphStyle("secret", parent=st.lookup_secret, alignment=TA_CENTER, spaceBefore=2)
        right = [
            QrFlowable(doc.qr_payload, max(QR_SIZE * st.scale, MIN_QR_SIZE)),
            para(rich(labels, "lookup_secret", secret=doc.lookup_secret), secret_style),
        ]
        table = Table([[left, right]], colWidths=[FRAME_WIDTH - QR_COLUMN, QR_COLUMN])
        table.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (0, 0), "TOP"),
                    ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
                    ("ALIGN", (1, 0), (1, 0), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    def _fee(self) -> str:
        doc, labels = self.doc, self.labels
        if doc.fee:
            amount = labels.money(doc.fee)
            if doc.fee_note:
                return rich(labels, "fee_amount_note", amount=amount, note=doc.fee_note)
            return rich(labels, "fee_amount", amount=amount)
        if doc.fee_note:
            return rich(labels, "fee_note", note=doc.fee_note)
        return esc(labels.fee_none)

    def _lookup_text(self) -> str:
        doc, labels = self.doc, self.labels
        if doc.lookup_url:
            text = rich(labels, "lookup_with_url", url=doc.lookup_url)
        else:
            text = esc(labels.lookup_qr_only)
        if doc.office.phone:
            text += "&nbsp;&nbsp;" + rich(labels, "hotline", phone=doc.office.phone)
        return text


def _boxed_note(st: Styles, text: str) -> Table:
    """An italic note in a thin box, centred (the pending-sync warning)."""
    style = ParagraphStyle("boxed", parent=st.note, fontName=FONTS.italic)
    table = Table([[para(esc(text), style)]], colWidths=[FRAME_WIDTH * 0.86], hAlign="CENTER")
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    table.spaceBefore = 4 * st.scale
    return table
