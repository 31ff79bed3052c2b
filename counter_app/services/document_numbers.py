"""Numbers of the documents the counter issues, and the office's settings for them.

A document the law numbers ("Số: 12/TB-TTPVHCC", Decree 30/2020 Annex I) gets its number once, from
its book and the office-time year of its issue: the next after the largest of that (book, year), so
the numbers run 1, 2, 3 … with no gap and restart at 1 each year. It is allocated

- in the transaction of the action that issues the document (the apology, the stop), whose write
  transaction starts with ``BEGIN IMMEDIATE``: two processes on the same file never read the same
  largest number, and a rolled-back action leaves no hole;
- once per document: the key is the issuing event, so a reprint shows the same number, and a
  replayed request (services.requests) appends no event and allocates nothing;
- for a document issued before numbering existed (or received from the hub), at its first print.

The symbol (type abbreviation + agency abbreviation) is stored with the number as issued, so that a
later change of the office's abbreviation does not rewrite a letter already sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.calendar import office_time
from counter_app.domain.signers import (
    Capacity,
    SignerSetting,
    default_agency,
    default_signer,
    validate_agency,
    validate_signer,
)
from counter_app.services import audit
from counter_app.services.context import Context
from counter_app.storage.models import DocumentNumber, Dossier, DossierEvent, Office


@dataclass(frozen=True)
class IssuedNumber:
    number: int
    symbol: str  # "TB-TTPVHCC"
    year: int


def agency_of(office: Office) -> str:
    return office.number_agency or default_agency(office.name)


def signer_of(office: Office) -> SignerSetting:
    """The office's signer, or the default for its kind when none was set."""
    if office.signer_title is None:
        return default_signer(office.name)
    return SignerSetting(
        Capacity(office.signer_capacity or ""), office.signer_authority, office.signer_title, office.signer_name
    )


def allocate(session: Session, office: Office, book: str, type_symbol: str, event: DossierEvent) -> IssuedNumber:
    """The number of the document issued by ``event`` in ``book``: the one it has, or the next free
    one of the event's year. Call inside a write unit of work (its lock makes this gap-free)."""
    found = session.scalar(
        select(DocumentNumber).where(DocumentNumber.book == book, DocumentNumber.event_uid == event.uid)
    )
    if found is not None:
        return IssuedNumber(found.number, found.symbol, found.year)
    year = office_time(event.at).year
    last = session.scalar(
        select(func.max(DocumentNumber.number)).where(DocumentNumber.book == book, DocumentNumber.year == year)
    )
    row = DocumentNumber(
        book=book,
        year=year,
        number=(last or 0) + 1,
        event_uid=event.uid,
        dossier_id=event.dossier_id,
        symbol=f"{type_symbol}-{agency_of(office)}",
        issued_at=event.at,
    )
    session.add(row)
    session.flush()
    return IssuedNumber(row.number, row.symbol, row.year)


def last_event(session: Session, dossier: Dossier, kind: str) -> DossierEvent:
    """The dossier's latest event of ``kind`` (just appended by the caller's unit of work)."""
    session.flush()
    event = session.scalar(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier.id, DossierEvent.kind == kind)
        .order_by(DossierEvent.seq.desc())
        .limit(1)
    )
    assert event is not None
    return event


# ---------------------------------------------------------------------- settings


@dataclass(frozen=True)
class DocumentSettings:
    agency: str  # "TTPVHCC"
    signer: SignerSetting
    agency_is_default: bool
    signer_is_default: bool


def settings(ctx: Context) -> DocumentSettings:
    from counter_app.services.office import current_office

    with ctx.db.read() as session:
        office = current_office(session)
        return DocumentSettings(
            agency_of(office), signer_of(office), office.number_agency is None, office.signer_title is None
        )


def update_settings(
    ctx: Context,
    *,
    agency: str | None = None,
    capacity: str | None = None,
    authority: str | None = None,
    title: str | None = None,
    name: str | None = None,
) -> DocumentSettings:
    """Set the agency abbreviation and/or the signer (an administrator only; audited). A signer is
    given whole (capacity and title at least); None leaves a setting as it is."""
    from counter_app.services.office import current_office
    from counter_app.services.users import require_admin

    abbreviation = None if agency is None else validate_agency(agency)
    signer = None
    if capacity is not None or title is not None or authority is not None or name is not None:
        signer = validate_signer(capacity or "", authority, title or "", name)
    now = ctx.now()
    with ctx.db.write() as session:
        require_admin(session, ctx.actor)
        office = current_office(session)
        details: dict[str, object] = {}
        if abbreviation is not None:
            office.number_agency = abbreviation
            details["agency"] = abbreviation
        if signer is not None:
            office.signer_capacity = signer.capacity.value
            office.signer_authority = signer.authority
            office.signer_title = signer.title
            office.signer_name = signer.name
            details.update(capacity=signer.capacity.value, authority=signer.authority, title=signer.title)
            details["name"] = signer.name
        if details:
            audit.record(session, ctx.actor, now, "office.documents", entity="office", entity_id="1", details=details)
        return DocumentSettings(
            agency_of(office), signer_of(office), office.number_agency is None, office.signer_title is None
        )
