"""The QR code of every paper the counter prints (Circular 01/2023/TT-VPCP, Art. 26).

See :mod:`counter_app.domain.receipt_qr` for the two forms: the hub's https lookup URL once the office
is enrolled (a phone opens the dossier's page), one line of plain text before (a phone shows the
circular's fields and the office's phone). Never an ``hsmc://`` URL.
"""

from __future__ import annotations

import functools
from datetime import datetime

from counter_app.domain.calendar import office_time
from counter_app.domain.receipt_qr import lookup_url, paper_info, plain_text, secret_query
from counter_app.printing.labels import FORM_SETS, Labels, load_labels
from counter_app.storage.models import Dossier, Office

# Each paper's title key in the label sets, by its number in Circular 03/2025's Annex I.
TITLE_KEYS = {
    "01": "receipt_title",
    "02": "supplement_title",
    "03": "refusal_title",
    "04": "apology_title",
    "05": "stop_title",
    "06": "routing_title",
    "GN": "handover_title",
}


def paper_qr(
    office: Office,
    dossier: Dossier,
    paper: str,
    labels: Labels,
    printed_at: datetime,
    *,
    proof: str | None = None,
    due_at: datetime | None = None,
) -> str:
    """The QR text of ``paper`` (a key of :data:`TITLE_KEYS`) of ``dossier``, printed at ``printed_at``.

    ``proof`` is the receipt's signed query; the other papers prove with the code and its secret.
    ``due_at`` (the receipt) adds the appointment date, as the circular asks of the receipt.
    """
    procedure = dossier.procedure.code if dossier.procedure is not None else None
    info = paper_info(paper, procedure, printed_at, dossier.applicant.id_number)
    proof = proof or secret_query(dossier.code, dossier.lookup_secret)
    if office.lookup_url_base:
        return lookup_url(office.lookup_url_base, proof, info)
    unit = office.name
    lines = [
        labels.get(TITLE_KEYS[paper]),
        labels.get("code_line", code=dossier.code),
        labels.get("qr_procedure", code=procedure or labels.blank),
        labels.get("qr_applicant", id=info.applicant or labels.blank),
    ]
    if due_at is not None:
        lines.append(labels.get("qr_due", date=office_time(due_at).strftime("%d/%m/%Y")))
    lines.append(labels.get("qr_issued", moment=office_time(printed_at).strftime("%H:%M %d/%m/%Y")))
    if office.phone:
        lines.append(labels.get("qr_contact", phone=office.phone, secret=dossier.lookup_secret))
    else:
        lines.append(labels.get("qr_contact_no_phone", unit=unit, secret=dossier.lookup_secret))
    return plain_text(lines, proof)


@functools.cache
def titles() -> tuple[str, ...]:
    """Every paper's title in every label set: where a scanned plain-text QR begins (the scanner)."""
    found = {
        load_labels(form_set, lang).get(key)
        for form_set in FORM_SETS
        for lang in ("vi", "en")
        for key in TITLE_KEYS.values()
    }
    return tuple(sorted(found, key=len, reverse=True))
