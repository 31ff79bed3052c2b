"""Mẫu 02 (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ) and Mẫu 03 (Phiếu từ chối tiếp nhận giải quyết hồ sơ).

The supplement slip lists every missing paper at once ("hướng dẫn một lần, đầy đủ") in a table,
with the reason, the guidance sentence naming the guide and their phone, and the guide's signature.
The refusal slip states the reason in the form's own sentence and carries both signatures.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from counter_app.printing.fonts import FONTS
from counter_app.printing.labels import Labels
from counter_app.printing.layout import (
    Story,
    applicant_lines,
    esc,
    form_number_line,
    header_block,
    metadata,
    papers_table,
    para,
    plain,
    procedure_line,
    render_pdf,
    rich,
    signature_blocks,
    styles,
    title_block,
)
from counter_app.printing.model import RefusalDoc, SupplementDoc


def render_supplement(doc: SupplementDoc, labels: Labels) -> bytes:
    """Mẫu 02 as PDF bytes (one A4 page unless the list of missing papers is very long)."""
    meta = metadata(
        labels,
        name_key="meta_supplement",
        number_key="form_no_supplement",
        code=doc.code,
        author=doc.office.unit_name,
        reprint=doc.reprint,
        name=doc.applicant.full_name,
        procedure=doc.procedure_name,
    )

    def build(scale: float) -> Story:
        st = styles(scale)
        body: list[Flowable] = [
            form_number_line(st, labels, "form_no_supplement", reprint=doc.reprint),
            st.gap(6),
            header_block(st, labels, doc.office, doc.issued_at),
            *title_block(st, labels, "supplement_title", doc.code, None),
            st.gap(8),
            para(rich(labels, "unit_line", unit=doc.office.unit_name), st.body),
            *applicant_lines(st, labels, doc.applicant, "slip_applicant_name"),
            procedure_line(st, labels, doc.procedure_name),
            para(esc(labels.supplement_request), st.body),
            st.gap(2),
            papers_table(st, labels, doc.missing, "col_component"),
            st.gap(3),
        ]
        if doc.reason:
            body.append(para(rich(labels, "reason", value=plain, reason=doc.reason), st.body_justify))
        if doc.guide_phone:
            guidance = rich(labels, "supplement_guidance", guide=doc.guide_name, phone=doc.guide_phone)
        else:
            guidance = rich(labels, "supplement_guidance_no_phone", guide=doc.guide_name, unit=doc.office.unit_name)
        body.append(para(guidance, st.body_justify))
        body.append(st.gap(10))
        body.append(signature_blocks(st, labels, [None, ("sign_guide", doc.guide_name)]))
        return Story(body, [])

    continued = labels.get("code_line", code=doc.code)
    return render_pdf(meta, [(build, continued)])


def render_refusal(doc: RefusalDoc, labels: Labels) -> bytes:
    """Mẫu 03 as PDF bytes."""
    meta = metadata(
        labels,
        name_key="meta_refusal",
        number_key="form_no_refusal",
        code=doc.code,
        author=doc.office.unit_name,
        reprint=doc.reprint,
        name=doc.applicant.full_name,
        procedure=doc.procedure_name,
    )

    def build(scale: float) -> Story:
        st = styles(scale)
        reason_style = ParagraphStyle("reason", parent=st.body_justify, leftIndent=8 * mm, fontName=FONTS.italic)
        body: list[Flowable] = [
            form_number_line(st, labels, "form_no_refusal", reprint=doc.reprint),
            st.gap(6),
            header_block(st, labels, doc.office, doc.issued_at),
            *title_block(st, labels, "refusal_title", doc.code, None),
            st.gap(8),
            para(rich(labels, "unit_line", unit=doc.office.unit_name), st.body),
            *applicant_lines(st, labels, doc.applicant, "applicant_name"),
            procedure_line(st, labels, doc.procedure_name),
            st.gap(4),
            para(rich(labels, "refusal_body", value=plain, unit=doc.office.unit_name), st.body_justify),
            *(para(esc(line), reason_style) for line in doc.reason.splitlines() if line.strip()),
            st.gap(2),
            para(esc(labels.refusal_closing), st.body),
            st.gap(10),
            signature_blocks(st, labels, [("sign_applicant", None), ("sign_receiver", doc.receiver_name)]),
        ]
        return Story(body, [])

    continued = labels.get("code_line", code=doc.code)
    return render_pdf(meta, [(build, continued)])
