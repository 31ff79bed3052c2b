"""Printing a dossier's forms: receipt (Mẫu 01), supplement request (Mẫu 02), refusal (Mẫu 03).

Each print is recorded as a ``printed`` event (synced) and an audit entry; a form printed before is
marked as a reprint. The PDF is rendered outside the write transaction and only handed back once
the print is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent
from counter_app.domain.values import ComponentForm
from counter_app.printing import model
from counter_app.printing.forms import render_receipt, render_refusal, render_supplement
from counter_app.printing.labels import Labels, load_labels
from counter_app.services import audit, events, signing
from counter_app.services.context import Context
from counter_app.services.errors import NotFound
from counter_app.services.office import current_office
from counter_app.services.receipts import payload_for
from counter_app.storage.models import Dossier, DossierEvent, Office, UserAccount


class DocumentKind(StrEnum):
    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    REFUSAL = "refusal"


@dataclass(frozen=True)
class PrintedDocument:
    kind: DocumentKind
    code: str
    pdf: bytes
    reprint: bool


def _load(session: Session, code: str) -> Dossier:
    normalized = str(parse_dossier_code(code))
    dossier = session.scalar(
        select(Dossier)
        .where(Dossier.code == normalized)
        .options(joinedload(Dossier.applicant), joinedload(Dossier.procedure), selectinload(Dossier.components))
    )
    if dossier is None:
        raise NotFound("dossier.not_found", code=normalized)
    return dossier


def _history(session: Session, dossier: Dossier) -> list[DossierEvent]:
    return list(
        session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.seq))
    )


def _printed_before(history: list[DossierEvent], kind: DocumentKind) -> bool:
    return any(e.kind == EventKind.PRINTED.value and e.payload.get("document") == kind.value for e in history)


def _header(office: Office) -> model.OfficeHeader:
    return model.OfficeHeader(
        parent_name=None if office.parent_name is None else office.parent_name.upper(),
        unit_name=office.name.upper(),
        place=office.place or office.name,
        phone=office.phone,
    )


def _applicant(dossier: Dossier) -> model.Applicant:
    a = dossier.applicant
    return model.Applicant(a.full_name, a.address, a.phone, a.email, a.id_number)


def _clerk_name(session: Session, user_id: int | None, fallback: str) -> str:
    if user_id is None:
        return fallback
    user = session.get(UserAccount, user_id)
    return fallback if user is None else user.full_name


def _record(ctx: Context, dossier_id: int, kind: DocumentKind, reprint: bool) -> None:
    with ctx.db.write() as session:
        dossier = session.get(Dossier, dossier_id)
        assert dossier is not None
        now = ctx.now()
        payload: dict[str, Any] = {"document": kind.value, "reprint": reprint}
        events.append_event(
            session,
            dossier,
            LifecycleEvent(EventKind.PRINTED),
            at=now,
            recorded_at=now,
            actor=ctx.actor,
            payload=payload,
        )
        audit.record(
            session, ctx.actor, now, f"print.{kind.value}", entity="dossier", entity_id=dossier.code, details=payload
        )


def _labels(office: Office, lang: str) -> Labels:
    return load_labels(office.form_set, lang)


def receipt(ctx: Context, code: str, *, reprint: bool = False, lang: str = "vi") -> PrintedDocument:
    """The receipt of an accepted dossier, two copies; a reprint says so."""
    with ctx.db.write() as session:  # may create the signing key of an office set up before receipts
        office = current_office(session)
        signing.ensure_keys(session, ctx.actor, ctx.now(), office)
        dossier = _load(session, code)
        if dossier.due_at is None or dossier.appointment_at is None or dossier.register_number is None:
            raise InvalidInput("receipt.not_accepted", code=dossier.code)
        history = _history(session, dossier)
        again = reprint or _printed_before(history, DocumentKind.RECEIPT)
        procedure = dossier.procedure
        doc = model.ReceiptDoc(
            office=_header(office),
            code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=procedure.name,
            procedure_code=procedure.code,
            papers=tuple(model.Paper(c.name, ComponentForm(c.form), c.count) for c in dossier.components if c.received),
            dossier_sets=1,
            working_days=procedure.working_days,
            received_at=dossier.received_at,
            appointment_at=dossier.appointment_at,
            return_by_post=dossier.return_by_post,
            postal_address=dossier.postal_address,
            fee=procedure.fee,
            fee_note=procedure.fee_note,
            register_book=dossier.register_book,
            register_number=dossier.register_number,
            receiver_name=_clerk_name(session, dossier.created_by, ctx.actor.username),
            qr_payload=payload_for(office, dossier),
            lookup_url=office.lookup_url_base,
            lookup_secret=dossier.lookup_secret,
            pending_sync=office.first_synced_at is None,
            reprint=again,
            printed_at=ctx.now(),
        )
        labels, dossier_id = _labels(office, lang), dossier.id
    pdf = render_receipt(doc, labels)
    _record(ctx, dossier_id, DocumentKind.RECEIPT, again)
    return PrintedDocument(DocumentKind.RECEIPT, doc.code, pdf, again)


def _last_event(history: list[DossierEvent], kinds: set[str]) -> DossierEvent | None:
    found = [e for e in history if e.kind in kinds]
    return found[-1] if found else None


def supplement_slip(ctx: Context, code: str, *, reprint: bool = False, lang: str = "vi") -> PrintedDocument:
    """Mẫu 02 listing every paper still missing (from the intake or a later supplement request)."""
    with ctx.db.read() as session:
        office = current_office(session)
        dossier = _load(session, code)
        history = _history(session, dossier)
        event = _last_event(history, {EventKind.INTAKE_INCOMPLETE.value, EventKind.SUPPLEMENT_REQUESTED.value})
        if event is None:
            raise InvalidInput("slip.not_applicable", code=dossier.code, slip="Phiếu yêu cầu bổ sung")
        missing = set(event.payload.get("missing", []))
        again = reprint or _printed_before(history, DocumentKind.SUPPLEMENT)
        doc = model.SupplementDoc(
            office=_header(office),
            code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure.name,
            missing=tuple(
                model.Paper(c.name, ComponentForm(c.form), c.count) for c in dossier.components if c.position in missing
            ),
            reason=event.payload.get("note"),
            guide_name=_clerk_name(session, event.actor_id, event.actor_name),
            guide_phone=office.phone,
            issued_at=event.at,
            reprint=again,
        )
        labels, dossier_id = _labels(office, lang), dossier.id
    pdf = render_supplement(doc, labels)
    _record(ctx, dossier_id, DocumentKind.SUPPLEMENT, again)
    return PrintedDocument(DocumentKind.SUPPLEMENT, doc.code, pdf, again)


def refusal_slip(ctx: Context, code: str, *, reprint: bool = False, lang: str = "vi") -> PrintedDocument:
    """Mẫu 03 with the reason the application was refused."""
    with ctx.db.read() as session:
        office = current_office(session)
        dossier = _load(session, code)
        history = _history(session, dossier)
        event = _last_event(history, {EventKind.REFUSED.value})
        if event is None:
            raise InvalidInput("slip.not_applicable", code=dossier.code, slip="Phiếu từ chối")
        again = reprint or _printed_before(history, DocumentKind.REFUSAL)
        doc = model.RefusalDoc(
            office=_header(office),
            code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure.name,
            reason=str(event.payload.get("reason", "")),
            receiver_name=_clerk_name(session, event.actor_id, event.actor_name),
            issued_at=event.at,
            reprint=again,
        )
        labels, dossier_id = _labels(office, lang), dossier.id
    pdf = render_refusal(doc, labels)
    _record(ctx, dossier_id, DocumentKind.REFUSAL, again)
    return PrintedDocument(DocumentKind.REFUSAL, doc.code, pdf, again)
