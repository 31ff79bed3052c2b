"""Mẫu 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả: two copies on two pages.

Page 1 is "Liên 1: Lưu" (kept with the routing slip), page 2 "Liên 2: Giao người nộp hồ sơ". Both
carry every field of DOMAIN.md §1.1 plus the fee, the register entry, the lookup secret, the QR code
top left (Circular 01/2023: the signed lookup URL, or plain text before enrolment, drawn by the
page engine) and, when they apply, the reprint stamp and the pending-sync note. A dossier with many
papers shrinks the type to stay on one page per copy, and past
:data:`~counter_app.printing.layout.MIN_SCALE` continues on a further page.
"""

from __future__ import annotations

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from counter_app.printing.flowables import Segment, Text
from counter_app.printing.fonts import FONTS
from counter_app.printing.labels import Labels
from counter_app.printing.layout import (
    FRAME_WIDTH,
    Styles,
    applicant_lines,
    boxed,
    fill,
    footnote,
    form_number_line,
    header_block,
    line,
    moment_text,
    or_blank,
    papers_table,
    procedure_line,
    segments,
    signature_blocks,
    styles,
    title_block,
)
from counter_app.printing.model import ReceiptDoc
from counter_app.printing.names import sentence_name
from counter_app.printing.pages import CopySlot, Story, metadata, render_pdf


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
    copies = [labels.copy_archive, labels.copy_applicant]

    def continued(copy: str | None) -> str:
        return labels.get("copy_continued", code=doc.code, copy=copy or "")

    return render_pdf(meta, _ReceiptStory(doc, labels), copies, continued, doc.qr_payload)


class _ReceiptStory:
    """Builds the flowables of one copy for a given type scale (a fresh set per call: flowables keep
    layout state). The copy line is the engine's slot."""

    def __init__(self, doc: ReceiptDoc, labels: Labels) -> None:
        self.doc = doc
        self.labels = labels

    def __call__(self, scale: float, copy: CopySlot | None) -> Story:
        st = styles(scale)
        doc, labels = self.doc, self.labels
        body: list[Flowable] = [
            form_number_line(st, labels, "form_no_receipt", reprint=doc.reprint, printed_at=doc.printed_at),
            st.gap(6),
            header_block(st, labels, doc.office, doc.received_at),
            *title_block(st, labels, "receipt_title", doc.code, copy),
        ]
        if doc.pending_sync:
            note = boxed([line(labels.pending_sync, st.note)], FRAME_WIDTH * 0.86, colors.black, 0.8, "CENTER")
            note.spaceBefore = 4 * scale
            body.append(note)
        body += [
            st.gap(6),
            fill(labels, "unit_line", st.body, unit=sentence_name(doc.office.unit_name)),
            *applicant_lines(st, labels, doc.applicant, "applicant_name"),
            procedure_line(st, labels, doc.procedure_name, doc.procedure_code),
            *([fill(labels, "competent_agency", st.body, agency=doc.competent_agency)] if doc.competent_agency else []),
            *self._assisted(st),
            st.gap(2),
            papers_table(st, labels, doc.papers, "col_paper"),
            st.gap(3),
            *self._times(st),
            fill(labels, "lookup_secret", st.lookup_secret, secret=doc.lookup_secret),
            Text(self._lookup_text(st), st.small),
            st.gap(8),
            signature_blocks(
                st, labels, [("sign_applicant", None), ("sign_receiver", doc.receiver_name, doc.receiver_title)]
            ),
        ]
        notes = [
            line(labels.footnote_heading, st.small, FONTS.bold),
            line(labels.footnote_copies, st.small),
            line(labels.footnote_return, st.small),
        ]
        return Story(body, footnote(st, notes))

    def _assisted(self, st: Styles) -> list[Flowable]:
        """An assisted filing took no paper dossier: the portal's code, and the papers heading says they
        were digitised, instead of "submitted" papers."""
        code = self.doc.assisted_portal_code
        if code is None:
            return [line(self.labels.components_heading, st.body)]
        return [
            fill(self.labels, "assisted_online", st.body, portal_code=code),
            line(self.labels.components_heading_digitised, st.body),
        ]

    def _times(self, st: Styles) -> list[Flowable]:
        """Items (2)–(6), fee and register, the full width of the text: the lookup secret follows on a
        line of its own (a column beside them made (4), (5) and the fee wrap, and a khai sinh receipt
        with the clerk's title no longer fit one sheet per copy; the QR code is in the page's top-left
        corner, Circular 01/2023)."""
        doc, labels = self.doc, self.labels
        limit = labels.get("limit_days", days=doc.working_days) if doc.working_days > 0 else labels.limit_same_day
        if not doc.return_by_post:
            option = labels.return_counter
        elif doc.postal_address:
            option = labels.get("return_post", address=doc.postal_address)
        else:
            option = labels.return_post_no_address
        return [
            fill(labels, "dossier_sets", st.body, count=doc.dossier_sets),
            fill(labels, "time_limit", st.body, limit=limit),
            fill(labels, "received_at", st.body, True, moment=moment_text(labels, doc.received_at)),
            fill(labels, "appointment_at", st.body, moment=moment_text(labels, doc.appointment_at)),
            fill(labels, "return_option", st.body, option=option),
            self._fee(st),
            fill(
                labels,
                "register_line",
                st.body,
                True,
                book=or_blank(labels, doc.register_book),
                number=or_blank(labels, doc.register_number),
            ),
        ]

    def _fee(self, st: Styles) -> Text:
        doc, labels = self.doc, self.labels
        if doc.fee:
            amount = labels.money(doc.fee)
            if doc.fee_note:
                return fill(labels, "fee_amount_note", st.body, amount=amount, note=doc.fee_note)
            return fill(labels, "fee_amount", st.body, amount=amount)
        if doc.fee_note:
            return fill(labels, "fee_note", st.body, note=doc.fee_note)
        return line(labels.fee_none, st.body)

    def _lookup_text(self, st: Styles) -> list[Segment]:
        doc, labels = self.doc, self.labels
        if doc.lookup_url:
            pieces = segments(labels, "lookup_with_url", st.small, url=doc.lookup_url)
        else:
            pieces = [(labels.lookup_qr_only, st.small.fontName)]
        if doc.office.phone:
            pieces += [
                ("\u00a0\u00a0", st.small.fontName),
                *segments(labels, "hotline", st.small, phone=doc.office.phone),
            ]
        return pieces
