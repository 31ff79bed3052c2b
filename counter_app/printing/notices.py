"""Letters to the applicant signed by the head of the agency: the apology for a late result and the
notice that processing has stopped.

**Apology** (2018 Mẫu 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả"; 2025 Mẫu 04 "Văn bản xin lỗi
và đề nghị gia hạn thời gian giải quyết", DOMAIN.md §1.1, §1.2, §1.3): "Số: …/PXL", "Kính gửi:", the
dossier (received date, code, request and field, the appointment); once that appointment has passed,
"đến nay chưa trả kết quả đúng hạn" and the apology for it; before it, that the result cannot be
returned by then and the request to agree to an extension; the reason, the new appointment in bold
and, when the date is moved a second time, a boxed line saying a leader confirmed it.

**Stop notice** (2025 Mẫu 05 "Thông báo dừng giải quyết hồ sơ"; the 2018 set has no such form and
prints it without a form number): the dossier and the reason processing stopped.
"""

from __future__ import annotations

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from counter_app.printing.flowables import Text
from counter_app.printing.labels import Labels
from counter_app.printing.layout import FRAME_WIDTH, boxed, line, moment_text, number_symbol, segments
from counter_app.printing.lifecycle import (
    INDENT,
    LetterStyles,
    addressee_lines,
    form_metadata,
    letter_header,
    letter_styles,
    para,
    reason_lines,
    received_line,
    signer_block,
    top_line,
)
from counter_app.printing.model import ApologyDoc, StopNoticeDoc
from counter_app.printing.names import sentence_name
from counter_app.printing.pages import CopySlot, Story, render_pdf


def _request_line(st: LetterStyles, labels: Labels, procedure: str, field: str | None) -> Text:
    """ "Nội dung yêu cầu giải quyết: <procedure>. Lĩnh vực: <field>" """
    pieces = [(INDENT, st.para.fontName), *segments(labels, "procedure", st.para, procedure=procedure)]
    if field:
        pieces += [(". ", st.para.fontName), *segments(labels, "field_line", st.para, field=field)]
    return Text(pieces, st.para)


def render_apology(doc: ApologyDoc, labels: Labels) -> bytes:
    """The apology with the new appointment, as PDF bytes (one A4 page)."""
    meta = form_metadata(
        labels,
        name_key="meta_apology",
        number_key="form_no_apology",
        code=doc.code,
        author=doc.office.unit_name,
        reprint=doc.reprint,
        name=doc.applicant.full_name,
        procedure=doc.procedure_name,
    )
    unit = sentence_name(doc.office.unit_name)

    def build(scale: float, _copy: CopySlot | None) -> Story:
        st = letter_styles(scale)
        body: list[Flowable] = [
            *top_line(st, labels, "form_no_apology", reprint=doc.reprint),
            st.gap(6),
            letter_header(st, labels, doc.office, doc.issued_at, number_symbol(labels, doc.number, doc.symbol)),
            line(labels.apology_title, st.title),
            st.gap(4),
            *addressee_lines(st, labels, doc.applicant),
            st.gap(6),
            received_line(st, labels, doc.office, doc.received_at, doc.applicant.full_name),
            para(st, labels, "code_line", code=doc.code),
            _request_line(st, labels, doc.procedure_name, doc.field),
            para(st, labels, "apology_due", moment=moment_text(labels, doc.original_appointment)),
            # before the due time: "cannot return it by then … asks you to agree to an extension";
            # after it: "has not returned it on time … apologises"
            para(st, labels, "apology_late" if doc.due_passed else "apology_late_before", True, unit=unit),
            *reason_lines(st, labels, doc.reason),
            para(st, labels, "apology_sorry" if doc.due_passed else "apology_sorry_before", True, unit=unit),
            para(st, labels, "apology_new_time", moment=moment_text(labels, doc.new_appointment)),
        ]
        if doc.second_reschedule:
            note = boxed([line(labels.apology_second, st.emphasis)], FRAME_WIDTH, colors.black, 0.8, "CENTER")
            note.spaceBefore = 5 * scale
            body.append(note)
        body += [
            para(st, labels, "apology_closing"),
            st.gap(10),
            signer_block(st, labels, doc.signer),
        ]
        return Story(body, [])

    return render_pdf(meta, build, [], lambda _copy: labels.get("code_line", code=doc.code), doc.qr_payload)


def render_stop_notice(doc: StopNoticeDoc, labels: Labels) -> bytes:
    """The notice that processing of the dossier has stopped, with the reason, as PDF bytes."""
    meta = form_metadata(
        labels,
        name_key="meta_stop_notice",
        number_key="form_no_stop_notice",
        code=doc.code,
        author=doc.office.unit_name,
        reprint=doc.reprint,
        name=doc.applicant.full_name,
        procedure=doc.procedure_name,
    )

    def build(scale: float, _copy: CopySlot | None) -> Story:
        st = letter_styles(scale)
        body: list[Flowable] = [
            *top_line(st, labels, "form_no_stop_notice", reprint=doc.reprint),
            st.gap(6),
            letter_header(st, labels, doc.office, doc.issued_at, number_symbol(labels, doc.number, doc.symbol)),
            line(labels.stop_title, st.title),
            st.gap(4),
            *addressee_lines(st, labels, doc.applicant),
            st.gap(6),
            received_line(st, labels, doc.office, doc.received_at, doc.applicant.full_name),
            para(st, labels, "code_line", code=doc.code),
            _request_line(st, labels, doc.procedure_name, None),
            para(st, labels, "stop_body", True, unit=sentence_name(doc.office.unit_name)),
            *reason_lines(st, labels, doc.reason),
            para(st, labels, "stop_closing"),
            st.gap(10),
            signer_block(st, labels, doc.signer),
        ]
        return Story(body, [])

    return render_pdf(meta, build, [], lambda _copy: labels.get("code_line", code=doc.code), doc.qr_payload)
