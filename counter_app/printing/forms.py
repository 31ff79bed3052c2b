"""Public entry points of the printed forms: DTO + label set in, PDF bytes out.

>>> from counter_app.printing.forms import load_labels, render_receipt
>>> pdf = render_receipt(doc, load_labels("2025", "vi"))  # doctest: +SKIP
"""

from __future__ import annotations

from counter_app.printing.labels import LabelError, Labels, available_label_sets, load_labels
from counter_app.printing.receipt import render_receipt
from counter_app.printing.slips import render_refusal, render_supplement

__all__ = [
    "LabelError",
    "Labels",
    "available_label_sets",
    "load_labels",
    "render_receipt",
    "render_refusal",
    "render_supplement",
]
