"""Public entry points of the printed forms: DTO + label set in, PDF bytes out.

>>> from counter_app.printing.forms import load_labels, render_receipt
>>> pdf = render_receipt(doc, load_labels("2025", "vi"))  # doctest: +SKIP

reportlab keeps fonts and document state in process-wide structures, and the GUI renders on its
task runner's threads, so renders are serialised here (one form takes a few tens of milliseconds).
"""

from __future__ import annotations

import threading

from counter_app.printing import receipt, slips
from counter_app.printing.labels import LabelError, Labels, available_label_sets, load_labels
from counter_app.printing.model import ReceiptDoc, RefusalDoc, SupplementDoc

__all__ = [
    "LabelError",
    "Labels",
    "available_label_sets",
    "load_labels",
    "render_receipt",
    "render_refusal",
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
