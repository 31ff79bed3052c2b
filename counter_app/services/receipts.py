"""Receipt QR codes: what goes into them, and checking a scanned one offline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.receipt_qr import claim_for, parse_payload, signed_query
from counter_app.printing.labels import Labels
from counter_app.services import signing
from counter_app.services.context import Context
from counter_app.services.office import current_office
from counter_app.services.paper_qr import paper_qr
from counter_app.storage.models import Dossier, Office, WorkstationKey


class ScanVerdict(StrEnum):
    GENUINE = "genuine"  # signed by this counter and matching the dossier here
    FORGED = "forged"  # the signature does not match: made up or altered
    OTHER_WORKSTATION = "other_workstation"  # issued by another PC of the office: its key is not here yet
    UNKNOWN = "unknown"  # correctly signed (here or by another PC whose key sync brought), no such dossier here
    MISMATCH = "mismatch"  # correctly signed, but the dossier here has another secret or dates


@dataclass(frozen=True)
class ScanResult:
    verdict: ScanVerdict
    code: str
    dossier_id: int | None
    signed_by: int | None = None  # the workstation whose key verified the signature (None: not verified)


def payload_for(office: Office, dossier: Dossier, labels: Labels, printed_at: datetime) -> str:
    """The QR text of an accepted dossier's receipt: signed, with Circular 01/2023's fields."""
    assert dossier.due_at is not None, "only accepted dossiers have receipts"
    claim = claim_for(dossier.code, dossier.lookup_secret, dossier.received_at, dossier.due_at)
    proof = signed_query(claim, signing.sign(office, claim.message))
    appointment = dossier.appointment_at or dossier.due_at
    return paper_qr(office, dossier, "01", labels, printed_at, proof=proof, due_at=appointment)


def verify_scan(ctx: Context, text: str) -> ScanResult:
    """Check a scanned receipt QR; raises InvalidInput("receipt_qr.invalid") when it is not one.

    A receipt of another workstation is checked with that PC's key once sync brought it
    (``WorkstationKey``); until then the verdict is OTHER_WORKSTATION.
    """
    claim, signature = parse_payload(text)
    with ctx.db.read() as session:
        office = current_office(session)
        workstation = parse_dossier_code(claim.code).workstation
        if workstation == office.workstation:
            public_key = office.public_key
        else:
            known = session.get(WorkstationKey, workstation)
            if known is None:
                return ScanResult(ScanVerdict.OTHER_WORKSTATION, claim.code, None)
            public_key = known.public_key
        if public_key is None or not signing.verify(public_key, claim.message, signature):
            return ScanResult(ScanVerdict.FORGED, claim.code, None)
        dossier = session.scalar(select(Dossier).where(Dossier.code == claim.code))
        if dossier is None:
            return ScanResult(ScanVerdict.UNKNOWN, claim.code, None, workstation)
        if (
            dossier.due_at is None
            or claim_for(dossier.code, dossier.lookup_secret, dossier.received_at, dossier.due_at) != claim
        ):
            return ScanResult(ScanVerdict.MISMATCH, claim.code, dossier.id, workstation)
        return ScanResult(ScanVerdict.GENUINE, claim.code, dossier.id, workstation)
