"""Printing a dossier's forms: receipt (Mẫu 01), supplement request (Mẫu 02), refusal (Mẫu 03).

Each print is recorded as a ``printed`` event (synced) and an audit entry; a form printed before is
marked as a reprint. The PDF is rendered outside the write transaction and only handed back once
the print is recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain import formsets
from counter_app.domain.errors import InvalidInput
from counter_app.domain.handover import Authorisation, paper_from_json
from counter_app.domain.lifecycle import EventKind, LifecycleEvent
from counter_app.domain.privacy import PERSONAL_FIELDS, shown_fields
from counter_app.domain.signers import BOOK_SYMBOLS
from counter_app.domain.timeliness import due_time_passed, step_outcome
from counter_app.domain.values import ComponentForm
from counter_app.messages import Words
from counter_app.printing import model
from counter_app.printing.labels import Labels, load_labels
from counter_app.services import audit, catalogue, document_numbers, events, papers, people, signing
from counter_app.services.context import Context
from counter_app.services.dossiers import load
from counter_app.services.office import current_office
from counter_app.services.paper_qr import paper_qr
from counter_app.services.receipts import payload_for
from counter_app.storage.models import Dossier, DossierEvent, Office

# The slips' names in a refusal to print one ("slip.not_applicable"), in both languages.
SLIP_NAMES = {
    "supplement": Words(("Phiếu yêu cầu bổ sung", "supplement request")),
    "refusal": Words(("Phiếu từ chối", "refusal slip")),
    "apology": Words(("Phiếu xin lỗi", "apology letter")),
    "handover": Words(("Phiếu giao nhận kết quả", "hand-over note")),
    "stop_notice": Words(("Thông báo dừng giải quyết", "stop notice")),
}


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


def _history(session: Session, dossier: Dossier) -> list[DossierEvent]:
    return list(
        session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.seq))
    )


def _printed_before(history: list[DossierEvent], document: str, after_seq: int = 0) -> bool:
    """Whether ``document`` was printed (after the event numbered ``after_seq``)."""
    return any(
        e.kind == EventKind.PRINTED.value and e.payload.get("document") == document and e.seq > after_seq
        for e in history
    )


def _header(office: Office) -> model.OfficeHeader:
    # As the office typed them: the forms put them in capitals in the header and in normal case
    # inside sentences (printing/names.py, Decree 30/2020 Annex I, II.2).
    return model.OfficeHeader(
        parent_name=office.parent_name,
        unit_name=office.name,
        place=office.place or office.name,
        phone=office.phone,
    )


def _applicant(dossier: Dossier) -> model.Applicant:
    a = dossier.applicant
    return model.Applicant(a.full_name, a.address, a.phone, a.email, a.id_number)


def _clerk(session: Session, user_id: int | None, recorded_name: str | None, labels: Labels) -> tuple[str, str | None]:
    """(full name, title) of the official who acted, as printed (services/people.py holds the rule):
    the account's full name and title; the label "nhập từ sổ cũ" for imported history; a dotted line
    (to write the name by hand) for an account without a real name yet. Never the login, never the
    first administrator's placeholder."""
    who = people.person(session, user_id, recorded_name)
    if who.imported:
        return labels.imported_actor, None
    if who.name is None:
        return labels.blank, None
    return who.name, who.title


def _clerk_name(session: Session, user_id: int | None, recorded_name: str | None, labels: Labels) -> str:
    return _clerk(session, user_id, recorded_name, labels)[0]


def _doc_signer(office: Office) -> model.Signer:
    setting = document_numbers.signer_of(office)
    return model.Signer(setting.capacity.value, setting.authority, setting.title, setting.name)


def _record(ctx: Context, dossier_id: int, document: str, reprint: bool) -> None:
    with ctx.db.write() as session:
        dossier = session.get(Dossier, dossier_id)
        assert dossier is not None
        now = ctx.now()
        payload: dict[str, Any] = {"document": document, "reprint": reprint}
        events.append_event(
            session,
            dossier,
            LifecycleEvent(EventKind.PRINTED),
            at=now,
            recorded_at=now,
            actor=ctx.actor,
            payload=payload,
        )
        # What the form put on paper, by name (never the values): a reprint shows the citizen's data too.
        a = dossier.applicant
        values = {name: getattr(a, name, None) for name in PERSONAL_FIELDS} | {"postal_address": dossier.postal_address}
        details = {**payload, "fields": shown_fields(values)}
        audit.record(
            session, ctx.actor, now, f"print.{document}", entity="dossier", entity_id=dossier.code, details=details
        )


def _labels(
    office: Office, lang: str, received: date | datetime, *, code: str = "", form_set: str | None = None
) -> Labels:
    """The labels of the set for a dossier received at ``received`` (or a period ending then).

    The office's stored ``form_set`` plays no part: a dossier received before 01/07/2025 reprints
    with the 2018 set, any later one with the 2025 set; ``form_set`` asks for a set, and the 2018
    set for a dossier received since is refused (counter_app/domain/formsets.py).
    """
    return load_labels(formsets.check_requested(form_set, received, code), lang)


def receipt(
    ctx: Context, code: str, *, reprint: bool = False, lang: str = "vi", form_set: str | None = None
) -> PrintedDocument:
    """The receipt of an accepted dossier, two copies; a reprint says so."""
    from counter_app.printing.forms import render_receipt  # reportlab only when printing

    with ctx.db.write() as session:  # may create the signing key of an office set up before receipts
        office = current_office(session)
        signing.ensure_keys(session, ctx.actor, ctx.now(), office)
        dossier = load(session, code, with_components=True)
        if dossier.due_at is None or dossier.appointment_at is None or dossier.register_number is None:
            raise InvalidInput("receipt.not_accepted", code=dossier.code)
        history = _history(session, dossier)
        again = reprint or _printed_before(history, DocumentKind.RECEIPT.value)
        procedure = dossier.procedure
        competent = catalogue.competent_agency(session, procedure) if procedure.level != "commune" else None
        labels, printed_at = _labels(office, lang, dossier.received_at, code=dossier.code, form_set=form_set), ctx.now()
        first = history[0] if history else None
        clerk, clerk_title = _clerk(session, dossier.created_by, None if first is None else first.actor_name, labels)
        doc = model.ReceiptDoc(
            office=_header(office),
            code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=procedure.name,
            procedure_code=procedure.code,
            papers=papers.receipt_papers(session, dossier),
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
            receiver_name=clerk,
            receiver_title=clerk_title,
            qr_payload=payload_for(office, dossier, labels, printed_at),
            lookup_url=office.lookup_url_base,
            lookup_secret=dossier.lookup_secret,
            pending_sync=office.first_synced_at is None,
            reprint=again,
            printed_at=printed_at,
            competent_agency=None if competent is None else competent.name,
            assisted_portal_code=dossier.portal_code if dossier.assisted else None,
        )
        dossier_id = dossier.id
    pdf = render_receipt(doc, labels)
    _record(ctx, dossier_id, DocumentKind.RECEIPT.value, again)
    return PrintedDocument(DocumentKind.RECEIPT, doc.code, pdf, again)


def _last_event(history: list[DossierEvent], kinds: set[str]) -> DossierEvent | None:
    found = [e for e in history if e.kind in kinds]
    return found[-1] if found else None


def supplement_slip(
    ctx: Context, code: str, *, reprint: bool = False, lang: str = "vi", form_set: str | None = None
) -> PrintedDocument:
    """Mẫu 02 listing every paper still missing (from the intake or a later supplement request)."""
    from counter_app.printing.forms import render_supplement  # reportlab only when printing

    with ctx.db.read() as session:
        office = current_office(session)
        dossier = load(session, code, with_components=True)
        history = _history(session, dossier)
        event = _last_event(history, {EventKind.INTAKE_INCOMPLETE.value, EventKind.SUPPLEMENT_REQUESTED.value})
        if event is None:
            raise InvalidInput(
                "slip.not_applicable", code=dossier.code, slip=Words(("Phiếu yêu cầu bổ sung", "supplement request"))
            )
        missing = set(event.payload.get("missing", []))
        again = reprint or _printed_before(history, DocumentKind.SUPPLEMENT.value)
        labels = _labels(office, lang, dossier.received_at, code=dossier.code, form_set=form_set)
        guide, guide_title = _clerk(session, event.actor_id, event.actor_name, labels)
        doc = model.SupplementDoc(
            office=_header(office),
            code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure.name,
            missing=tuple(
                model.Paper(c.name, ComponentForm(c.form), c.count) for c in dossier.components if c.position in missing
            ),
            reason=event.payload.get("note"),
            guide_name=guide,
            guide_phone=office.phone,
            issued_at=event.at,
            reprint=again,
            qr_payload=paper_qr(office, dossier, "02", labels, ctx.now()),
            guide_title=guide_title,
        )
        dossier_id = dossier.id
    pdf = render_supplement(doc, labels)
    _record(ctx, dossier_id, DocumentKind.SUPPLEMENT.value, again)
    return PrintedDocument(DocumentKind.SUPPLEMENT, doc.code, pdf, again)


def refusal_slip(
    ctx: Context, code: str, *, reprint: bool = False, lang: str = "vi", form_set: str | None = None
) -> PrintedDocument:
    """Mẫu 03 with the reason the application was refused."""
    from counter_app.printing.forms import render_refusal  # reportlab only when printing

    with ctx.db.read() as session:
        office = current_office(session)
        dossier = load(session, code, with_components=True)
        history = _history(session, dossier)
        event = _last_event(history, {EventKind.REFUSED.value})
        if event is None:
            raise InvalidInput("slip.not_applicable", code=dossier.code, slip=SLIP_NAMES["refusal"])
        again = reprint or _printed_before(history, DocumentKind.REFUSAL.value)
        labels = _labels(office, lang, dossier.received_at, code=dossier.code, form_set=form_set)
        receiver, receiver_title = _clerk(session, event.actor_id, event.actor_name, labels)
        doc = model.RefusalDoc(
            office=_header(office),
            code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure.name,
            reason=str(event.payload.get("reason", "")),
            receiver_name=receiver,
            issued_at=event.at,
            reprint=again,
            qr_payload=paper_qr(office, dossier, "03", labels, ctx.now()),
            receiver_title=receiver_title,
        )
        dossier_id = dossier.id
    pdf = render_refusal(doc, labels)
    _record(ctx, dossier_id, DocumentKind.REFUSAL.value, again)
    return PrintedDocument(DocumentKind.REFUSAL, doc.code, pdf, again)


# ---------------------------------------------------------------------- lifecycle forms


class LifecycleDocument(StrEnum):
    APOLOGY = "apology"
    ROUTING_SLIP = "routing_slip"
    HANDOVER = "handover"
    STOP_NOTICE = "stop_notice"


@dataclass(frozen=True)
class LifecyclePrint:
    kind: LifecycleDocument
    code: str
    pdf: bytes
    reprint: bool


def apology_letter(ctx: Context, code: str, *, reprint: bool = False, lang: str = "vi") -> LifecyclePrint:
    """Mẫu 04 for the dossier's latest apology."""
    from counter_app.printing.forms import render_apology  # reportlab only when printing

    with ctx.db.write() as session:  # numbers a letter issued before numbering existed, once
        office = current_office(session)
        dossier = load(session, code, with_components=True)
        history = _history(session, dossier)
        event = _last_event(history, {EventKind.APOLOGY_ISSUED.value})
        if event is None:
            raise InvalidInput(
                "slip.not_applicable", code=dossier.code, slip=Words(("Phiếu xin lỗi", "apology letter"))
            )
        again = reprint or _printed_before(history, LifecycleDocument.APOLOGY.value, after_seq=event.seq)
        missed = datetime.fromisoformat(event.payload["old_appointment"])
        labels = _labels(office, lang, dossier.received_at, code=dossier.code)
        issued = document_numbers.allocate(session, office, "apology", BOOK_SYMBOLS["apology"], event)
        doc = model.ApologyDoc(
            office=_header(office),
            number=issued.number,
            symbol=issued.symbol,
            code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure.name,
            field=dossier.procedure.field,
            received_at=dossier.received_at,
            original_appointment=missed,
            reason=str(event.payload["reason"]),
            new_appointment=datetime.fromisoformat(event.payload["new_appointment"]),
            signer=_doc_signer(office),
            issued_at=event.at,
            second_reschedule=bool(event.payload.get("second_reschedule")),
            reprint=again,
            due_passed=due_time_passed(missed, event.at),
            qr_payload=paper_qr(office, dossier, "04", labels, ctx.now()),
        )
        dossier_id = dossier.id
    pdf = render_apology(doc, labels)
    _record(ctx, dossier_id, LifecycleDocument.APOLOGY.value, again)
    return LifecyclePrint(LifecycleDocument.APOLOGY, doc.code, pdf, again)


def routing_slip(ctx: Context, code: str, *, lang: str = "vi") -> LifecyclePrint:
    """Mẫu 05 (2025: Mẫu 06): every hand-over with its timeliness against the due date."""
    from counter_app.printing.forms import render_routing_slip  # reportlab only when printing

    with ctx.db.read() as session:
        office = current_office(session)
        dossier = load(session, code, with_components=True)
        if dossier.due_at is None:
            raise InvalidInput("receipt.not_accepted", code=dossier.code)
        history = _history(session, dossier)
        labels, printed_at = _labels(office, lang, dossier.received_at, code=dossier.code), ctx.now()
        hops = _hops(
            history,
            dossier.due_at,
            dossier.applicant.full_name,
            lambda user_id, recorded: _clerk_name(session, user_id, recorded, labels),
        )
        doc = model.RoutingSlipDoc(
            office=_header(office),
            code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure.name,
            received_at=dossier.received_at,
            due_at=dossier.due_at,
            hops=tuple(hops),
            printed_at=printed_at,
            qr_payload=paper_qr(office, dossier, "06", labels, printed_at),
        )
        dossier_id = dossier.id
    pdf = render_routing_slip(doc, labels)
    _record(ctx, dossier_id, LifecycleDocument.ROUTING_SLIP.value, False)
    return LifecyclePrint(LifecycleDocument.ROUTING_SLIP, doc.code, pdf, False)


def _hops(
    history: Sequence[DossierEvent],
    due_at: datetime,
    applicant_name: str,
    name: Callable[[int | None, str | None], str],
) -> list[model.Hop]:
    """The hand-overs of a dossier for the routing slip; ``name(user_id, recorded)`` prints who gave it
    (the official's full name, never a login).

    A step is open while the agency that received the dossier still holds it: it closes when the
    dossier is handed on (the next hop), or when the result reaches the citizen (a return closes its
    own step). Only a closed step has an outcome (Trước hạn / Đúng hạn / Quá hạn, judged against the
    due date at the moment it closed); a step ended by a withdrawal or a stop has none. "Nhận" is the
    moment of the hand-over when someone received it in person (a named receiver, the counter taking a
    result, the citizen taking it), else dots to fill in by hand.
    """
    steps: list[dict[str, Any]] = []

    def close(at: datetime | None) -> None:
        if steps and "closed" not in steps[-1]:
            steps[-1]["closed"] = at

    for e in history:
        if e.kind == EventKind.TRANSFERRED.value:
            close(e.at)
            receiver = str(e.payload.get("receiver") or "")
            taken = e.payload.get("received_at")
            steps.append(
                {
                    "agency": str(e.payload.get("to_name", e.payload.get("to", ""))),
                    "given_at": e.at,
                    # the payload's giver is the login of the account that handed it over
                    "giver": name(e.actor_id, str(e.payload.get("giver") or e.actor_name)),
                    "receiver": receiver,
                    "received_at": datetime.fromisoformat(taken) if taken else (e.at if receiver else None),
                    "note": e.payload.get("note"),
                }
            )
        elif e.kind in (EventKind.RESULT_READY.value, EventKind.RETURNED.value):
            close(e.at)
            returned = e.kind == EventKind.RETURNED.value
            steps.append(
                {
                    "agency": applicant_name if returned else "Bộ phận Một cửa",
                    "given_at": e.at,
                    "giver": name(e.actor_id, e.actor_name),
                    "receiver": str(e.payload.get("receiver_name") or ""),
                    "received_at": e.at,
                    "note": e.payload.get("note"),
                }
            )
            if returned:
                close(e.at)
        elif e.kind in (EventKind.WITHDRAWN.value, EventKind.STOPPED.value):
            close(None)  # ended without a result: the step is over, with no outcome to print
    hops = []
    for step in steps:
        closed = step.get("closed")
        outcome = step_outcome(due_at, closed)
        hops.append(
            model.Hop(
                agency=step["agency"],
                given_at=step["given_at"],
                giver=step["giver"],
                receiver=step["receiver"],
                outcome=None if outcome is None else outcome.value,
                note=step["note"],
                received_at=step["received_at"],
            )
        )
    return hops


def handover_note(ctx: Context, code: str, *, reprint: bool = False, lang: str = "vi") -> LifecyclePrint:
    """The note of the result handed to the citizen, from the ``returned`` event."""
    from counter_app.printing.forms import render_handover  # reportlab only when printing

    with ctx.db.read() as session:
        office = current_office(session)
        dossier = load(session, code, with_components=True)
        history = _history(session, dossier)
        event = _last_event(history, {EventKind.RETURNED.value})
        result = _last_event(history, {EventKind.RESULT_READY.value})
        if event is None or event.payload.get("via_post"):  # the post's delivery has no counter hand-over
            raise InvalidInput(
                "slip.not_applicable", code=dossier.code, slip=Words(("Phiếu giao nhận kết quả", "hand-over note"))
            )
        again = reprint or _printed_before(history, LifecycleDocument.HANDOVER.value, after_seq=event.seq)
        authorised = event.payload.get("authorisation")
        labels = _labels(office, lang, dossier.received_at, code=dossier.code)
        doc = model.HandoverDoc(
            office=_header(office),
            code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure.name,
            outcome=str((result.payload if result else {}).get("outcome", "granted")),
            papers=tuple(paper_from_json(p) for p in event.payload.get("papers", [])),
            receiver_name=str(event.payload.get("receiver_name", "")),
            receiver_id_number=event.payload.get("receiver_id"),
            clerk_name=_clerk_name(session, event.actor_id, event.actor_name, labels),
            returned_at=event.at,
            reprint=again,
            authorisation=None if not authorised else Authorisation.from_json(authorised),
            qr_payload=paper_qr(office, dossier, "GN", labels, ctx.now()),
        )
        dossier_id = dossier.id
    pdf = render_handover(doc, labels)
    _record(ctx, dossier_id, LifecycleDocument.HANDOVER.value, again)
    return LifecyclePrint(LifecycleDocument.HANDOVER, doc.code, pdf, again)


def stop_notice(ctx: Context, code: str, *, reprint: bool = False, lang: str = "vi") -> LifecyclePrint:
    from counter_app.printing.forms import render_stop_notice  # reportlab only when printing

    with ctx.db.write() as session:  # numbers a notice issued before numbering existed, once
        office = current_office(session)
        dossier = load(session, code, with_components=True)
        history = _history(session, dossier)
        event = _last_event(history, {EventKind.STOPPED.value})
        if event is None:
            raise InvalidInput(
                "slip.not_applicable", code=dossier.code, slip=Words(("Thông báo dừng giải quyết", "stop notice"))
            )
        again = reprint or _printed_before(history, LifecycleDocument.STOP_NOTICE.value, after_seq=event.seq)
        labels = _labels(office, lang, dossier.received_at, code=dossier.code)
        issued = document_numbers.allocate(session, office, "stop_notice", BOOK_SYMBOLS["stop_notice"], event)
        doc = model.StopNoticeDoc(
            office=_header(office),
            code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure.name,
            received_at=dossier.received_at,
            reason=str(event.payload.get("reason", "")),
            signer=_doc_signer(office),
            issued_at=event.at,
            reprint=again,
            qr_payload=paper_qr(office, dossier, "05", labels, ctx.now()),
            number=issued.number,
            symbol=issued.symbol,
        )
        dossier_id = dossier.id
    pdf = render_stop_notice(doc, labels)
    _record(ctx, dossier_id, LifecycleDocument.STOP_NOTICE.value, again)
    return LifecyclePrint(LifecycleDocument.STOP_NOTICE, doc.code, pdf, again)


def register_document(ctx: Context, start: date, end: date, *, excel: bool, lang: str = "vi") -> bytes:
    """The register for a period as PDF or XLSX (audited: it lists personal data)."""
    from counter_app.printing.forms import register_xlsx, render_register  # reportlab only when printing
    from counter_app.services import register

    lines = register.rows(ctx, start, end, lang)
    low, high = register.period_bounds(start, end)
    with ctx.db.read() as session:
        office = current_office(session)
        doc = model.RegisterDoc(
            office=_header(office), period_from=low, period_to=high, rows=tuple(lines), printed_at=ctx.now()
        )
        labels = _labels(office, lang, end)  # the set in force on the period's last day
    data = register_xlsx(doc, labels) if excel else render_register(doc, labels)
    with ctx.db.write() as session:
        audit.record(
            session,
            ctx.actor,
            ctx.now(),
            "print.register",
            entity="register",
            entity_id=f"{start.isoformat()}..{end.isoformat()}",
            details={"rows": len(lines), "format": "xlsx" if excel else "pdf"},
        )
    return data


def postal_manifest(ctx: Context, batch_id: int, *, reprint: bool = False, lang: str = "vi") -> bytes:
    """The hand-over record of a closed postal batch, listing every item, for both sides to sign."""
    from counter_app.printing.forms import render_postal_manifest  # reportlab only when printing
    from counter_app.services import postal

    info = postal.batch(ctx, batch_id)
    if info.closed_at is None:
        raise InvalidInput("postal.batch_open", id=batch_id)
    with ctx.db.read() as session:
        office = current_office(session)
        doc = model.PostalManifestDoc(
            office=_header(office),
            direction=info.direction.value,
            batch_number=info.reference,
            opened_at=info.opened_at,
            closed_at=info.closed_at,
            items=tuple(
                model.ManifestItem(
                    n,
                    i.tracking,
                    i.code,
                    i.purpose.value,
                    i.recipient_name,
                    i.recipient_address,
                    i.postage,
                    i.slip_number,
                )
                for n, i in enumerate(info.items, start=1)
            ),
            clerk_name=info.clerk_name or "",
            postal_name=info.postal_name or "",
            reprint=reprint,
        )
        labels = _labels(office, lang, info.closed_at)
    pdf = render_postal_manifest(doc, labels)
    with ctx.db.write() as session:
        audit.record(
            session,
            ctx.actor,
            ctx.now(),
            "print.postal_manifest",
            entity="postal_batch",
            entity_id=info.uid,
            details={"items": len(info.items), "reprint": reprint},
        )
    return pdf
