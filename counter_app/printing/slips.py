"""Mẫu 02 (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ) and Mẫu 03 (Phiếu từ chối tiếp nhận giải quyết hồ sơ).

The supplement slip lists every missing paper at once ("hướng dẫn một lần, đầy đủ") in a table,
with the reason, the guidance sentence naming the guide and their phone, and the guide's signature.
The refusal slip states the reason in the form's own sentence and carries both signatures.
"""

from __future__ import annotations

from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from counter_app.printing.labels import Labels
from counter_app.printing.layout import (
    applicant_lines,
    fill,
    form_number_line,
    header_block,
    line,
    papers_table,
    procedure_line,
    signature_blocks,
    styles,
    title_block,
)
from counter_app.printing.model import RefusalDoc, SupplementDoc
from counter_app.printing.names import sentence_name
from counter_app.printing.pages import CopySlot, Story, metadata, render_pdf


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

    def build(scale: float, _copy: CopySlot | None) -> Story:
        st = styles(scale)
        body: list[Flowable] = [
            form_number_line(st, labels, "form_no_supplement", reprint=doc.reprint),
            st.gap(6),
            header_block(st, labels, doc.office, doc.issued_at),
            *title_block(st, labels, "supplement_title", doc.code, None),
            st.gap(8),
            fill(labels, "unit_line", st.body, unit=sentence_name(doc.office.unit_name)),
            *applicant_lines(st, labels, doc.applicant, "slip_applicant_name"),
            procedure_line(st, labels, doc.procedure_name),
            line(labels.supplement_request, st.body),
            st.gap(2),
            papers_table(st, labels, doc.missing, "col_component"),
            st.gap(3),
        ]
        if doc.reason:
            body.append(fill(labels, "reason", st.body_justify, True, reason=doc.reason))
        if doc.guide_phone:
            body.append(
                fill(labels, "supplement_guidance", st.body_justify, guide=doc.guide_name, phone=doc.guide_phone)
            )
        else:
            body.append(
                fill(
                    labels,
                    "supplement_guidance_no_phone",
                    st.body_justify,
                    guide=doc.guide_name,
                    unit=sentence_name(doc.office.unit_name),
                )
            )
        body += [st.gap(10), signature_blocks(st, labels, [None, ("sign_guide", doc.guide_name, doc.guide_title)])]
        return Story(body, [])

    return render_pdf(meta, build, [], lambda _copy: labels.get("code_line", code=doc.code), doc.qr_payload)


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

    def build(scale: float, _copy: CopySlot | None) -> Story:
        st = styles(scale)
        body: list[Flowable] = [
            form_number_line(st, labels, "form_no_refusal", reprint=doc.reprint),
            st.gap(6),
            header_block(st, labels, doc.office, doc.issued_at),
            *title_block(st, labels, "refusal_title", doc.code, None),
            st.gap(8),
            fill(labels, "unit_line", st.body, unit=sentence_name(doc.office.unit_name)),
            *applicant_lines(st, labels, doc.applicant, "applicant_name"),
            procedure_line(st, labels, doc.procedure_name),
            st.gap(4),
            fill(labels, "refusal_body", st.body_justify, True, unit=sentence_name(doc.office.unit_name)),
            *(line(text, st.reason) for text in doc.reason.splitlines() if text.strip()),
            st.gap(2),
            line(labels.refusal_closing, st.body),
            st.gap(10),
            signature_blocks(
                st, labels, [("sign_applicant", None), ("sign_receiver", doc.receiver_name, doc.receiver_title)]
            ),
        ]
        return Story(body, [])

    return render_pdf(meta, build, [], lambda _copy: labels.get("code_line", code=doc.code), doc.qr_payload)
