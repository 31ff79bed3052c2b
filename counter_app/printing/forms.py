"""Public entry points of the printed forms: DTO + label set in, PDF bytes out.

>>> from counter_app.printing.forms import load_labels, render_receipt
>>> pdf = render_receipt(doc, load_labels("2025", "vi"))  # doctest: +SKIP

reportlab keeps fonts and document state in process-wide structures, and the GUI renders on its
task runner's threads, so renders are serialised here (one form takes a few tens of milliseconds;
a year's register about two seconds). :func:`register_xlsx` does not touch reportlab and is not
serialised, so an Excel export never holds up a receipt at the counter.
"""

from __future__ import annotations

import threading

from counter_app.printing import handover, manifest, notices, receipt, register, routing, slips
from counter_app.printing.labels import LabelError, Labels, available_label_sets, load_labels
from counter_app.printing.model import (
    ApologyDoc,
    HandoverDoc,
    PostalManifestDoc,
    ReceiptDoc,
    RefusalDoc,
    RegisterDoc,
    RoutingSlipDoc,
    StopNoticeDoc,
    SupplementDoc,
)

__all__ = [
    "LabelError",
    "Labels",
    "available_label_sets",
    "load_labels",
    "register_xlsx",
    "render_apology",
    "render_handover",
    "render_postal_manifest",
    "render_receipt",
    "render_refusal",
    "render_register",
    "render_routing_slip",
    "render_stop_notice",
    "render_supplement",
]

_LOCK = threading.Lock()


def render_receipt(doc: ReceiptDoc, labels: Labels) -> bytes:
    """Mẫu 01 in two copies (two pages, or more when the paper list is long)."""
    with _LOCK:
        return receipt.render_receipt(doc, labels)


def render_supplement(doc: SupplementDoc, labels: Labels) -> bytes:
    """Mẫu 02 listing every missing paper."""
    with _LOCK:
        return slips.render_supplement(doc, labels)


def render_refusal(doc: RefusalDoc, labels: Labels) -> bytes:
    """Mẫu 03 with the reason."""
    with _LOCK:
        return slips.render_refusal(doc, labels)


def render_apology(doc: ApologyDoc, labels: Labels) -> bytes:
    """Mẫu 04: the apology with the new appointment (2018 "Phiếu xin lỗi và hẹn lại ngày trả kết
    quả", 2025 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")."""
    with _LOCK:
        return notices.render_apology(doc, labels)


def render_routing_slip(doc: RoutingSlipDoc, labels: Labels) -> bytes:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (2018 Mẫu 05, 2025 Mẫu 06): one row per hand-over."""
    with _LOCK:
        return routing.render_routing_slip(doc, labels)


def render_register(doc: RegisterDoc, labels: Labels) -> bytes:
    """Sổ theo dõi hồ sơ (2018 Mẫu 06, 2025 Mẫu 07), A4 landscape, "Trang x/y"."""
    with _LOCK:
        return register.render_register(doc, labels)


def register_xlsx(doc: RegisterDoc, labels: Labels) -> bytes:
    """The register as an Excel workbook (real date-time cells in office time)."""
    return register.register_xlsx(doc, labels)


def render_handover(doc: HandoverDoc, labels: Labels) -> bytes:
    """The note of a result handed over at the counter, signed by the receiver and the clerk."""
    with _LOCK:
        return handover.render_handover(doc, labels)


def render_stop_notice(doc: StopNoticeDoc, labels: Labels) -> bytes:
    """Thông báo dừng giải quyết hồ sơ (2025 Mẫu 05; no form number in the 2018 set)."""
    with _LOCK:
        return notices.render_stop_notice(doc, labels)


def render_postal_manifest(doc: PostalManifestDoc, labels: Labels) -> bytes:
    """Biên bản bàn giao with the public postal service (Decision 45/2016/QĐ-TTg): every item of a batch,
    signed BÊN GIAO / BÊN NHẬN; A4 portrait, "Trang x/y", the column header repeated on every page."""
    with _LOCK:
        return manifest.render_postal_manifest(doc, labels)
