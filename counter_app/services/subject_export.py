"""A citizen's own data on request (Law on Personal Data Protection): everything this office holds on
one personal ID, as applicant or as the proxy who collected a result, in one audited read.

Found by the ID as stored: the applicant snapshots with that ``id_number`` (their dossiers whole:
events, notices sent with their phone or e-mail, the satisfaction rating, the postal items and the
certified paper copies by name and sha256) and the ``returned`` events whose ``receiver_id`` is that ID
(those dossiers by code, procedure and the citizen's own events only: the applicant there is someone
else, whose data is not theirs to receive). An ID with no data gives an empty export, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from counter_app.domain.cccd import validate_id_number
from counter_app.domain.privacy import PERSONAL_FIELDS, DossierView, mask_id_number, shown_fields
from counter_app.domain.values import Sex
from counter_app.services import audit
from counter_app.services.context import Context
from counter_app.services.dto import ApplicantInfo
from counter_app.services.office import current_office
from counter_app.storage.models import (
    Applicant,
    Dossier,
    DossierEvent,
    Notice,
    PaperCopy,
    PostalItem,
    SatisfactionRating,
)

APPLICANT, PROXY = "applicant", "proxy"
MAX_DOSSIERS = 10_000  # bounded memory: far beyond one citizen's dossiers at one commune office
AUDITED_CODES = 200  # the audit entry names at most this many dossier codes (and says how many in all)


@dataclass(frozen=True)
class EventRecord:
    seq: int
    kind: str
    at: datetime
    status_after: str
    actor: str  # the clerk's login recorded with the event
    payload: dict[str, Any]


@dataclass(frozen=True)
class NoticeRecord:
    kind: str
    channel: str
    recipient: str  # the phone number or e-mail address it was sent to
    text: str
    state: str
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True)
class RatingRecord:
    rating: str
    criteria: dict[str, Any]
    comment: str | None
    rated_at: datetime


@dataclass(frozen=True)
class PaperRecord:
    position: int
    name: str
    sha256: str
    pages: int
    bytes: int
    certified_at: datetime
    signed_by: str
    current: bool


@dataclass(frozen=True)
class PostalRecord:
    tracking: str
    purpose: str
    recipient_name: str
    recipient_address: str
    outcome: str
    outcome_at: datetime | None


@dataclass(frozen=True)
class SubjectDossier:
    code: str
    roles: tuple[str, ...]  # "applicant", "proxy" (collected the result on the applicant's behalf)
    procedure_code: str
    procedure_name: str
    status: str
    channel: str
    received_at: datetime
    due_at: datetime | None
    resolved_at: datetime | None
    applicant: ApplicantInfo | None  # only where the citizen is the applicant
    postal_address: str | None
    events: tuple[EventRecord, ...]
    notices: tuple[NoticeRecord, ...] = ()
    rating: RatingRecord | None = None
    papers: tuple[PaperRecord, ...] = ()
    postal_items: tuple[PostalRecord, ...] = ()


@dataclass(frozen=True)
class SubjectExport:
    id_number: str
    office_code: str
    office_name: str
    exported_at: datetime
    dossiers: tuple[SubjectDossier, ...]


def subject_export(ctx: Context, id_number: str) -> SubjectExport:
    """Everything held on ``id_number`` (12 digits, else ``InvalidInput("id_number.invalid")``), recorded
    in the audit trail as ``subject.exported`` in the same unit of work (names and codes, no values)."""
    wanted = validate_id_number(id_number)
    now = ctx.now()
    with ctx.db.write() as session:
        office = current_office(session)
        as_applicant = set(session.scalars(select(Dossier.id).join(Applicant).where(Applicant.id_number == wanted)))
        receiver = func.json_extract(DossierEvent.payload, "$.receiver_id")
        as_proxy = set(
            session.scalars(select(DossierEvent.dossier_id).where(DossierEvent.kind == "returned", receiver == wanted))
        )
        ids = sorted(as_applicant | as_proxy)[:MAX_DOSSIERS]
        found = tuple(_dossier(session, i, wanted, i in as_applicant, i in as_proxy) for i in ids)
        fields = sorted({f for d in found if d.applicant is not None for f in shown_fields(vars(d.applicant))})
        audit.record(
            session,
            ctx.actor,
            now,
            "subject.exported",
            entity="subject",
            entity_id=mask_id_number(wanted),
            details={
                "view": DossierView.SUBJECT_EXPORT.value,
                "dossiers": len(found),
                "codes": [d.code for d in found[:AUDITED_CODES]],
                "fields": [f for f in PERSONAL_FIELDS if f in fields],
            },
        )
        return SubjectExport(wanted, office.agency_code, office.name, now, found)


def _dossier(session: Session, dossier_id: int, wanted: str, applicant: bool, proxy: bool) -> SubjectDossier:
    query = select(Dossier).where(Dossier.id == dossier_id)
    dossier = session.scalars(query.options(joinedload(Dossier.applicant), joinedload(Dossier.procedure))).one()
    history = session.scalars(
        select(DossierEvent).where(DossierEvent.dossier_id == dossier_id).order_by(DossierEvent.seq)
    )
    events = tuple(
        EventRecord(e.seq, e.kind, e.at, e.status_after, e.actor_name, _own(dict(e.payload), wanted))
        for e in history
        if applicant or (e.kind == "returned" and e.payload.get("receiver_id") == wanted)
    )
    roles = tuple(role for role, held in ((APPLICANT, applicant), (PROXY, proxy)) if held)
    base = SubjectDossier(
        code=dossier.code,
        roles=roles,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.procedure.name,
        status=dossier.status,
        channel=dossier.channel,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        resolved_at=dossier.resolved_at,
        applicant=None,
        postal_address=None,
        events=events,
    )
    if not applicant:
        return base
    a = dossier.applicant
    info = ApplicantInfo(
        a.full_name,
        a.id_number,
        a.old_id_number,
        a.birth_date,
        None if a.sex is None else Sex(a.sex),
        a.phone,
        a.email,
        a.address,
    )
    notices = session.scalars(select(Notice).where(Notice.dossier_id == dossier_id).order_by(Notice.id))
    rating = session.scalar(select(SatisfactionRating).where(SatisfactionRating.dossier_id == dossier_id))
    papers = session.scalars(
        select(PaperCopy).where(PaperCopy.dossier_id == dossier_id).order_by(PaperCopy.position, PaperCopy.id)
    )
    items = session.scalars(select(PostalItem).where(PostalItem.dossier_id == dossier_id).order_by(PostalItem.id))
    return replace(
        base,
        applicant=info,
        postal_address=dossier.postal_address,
        notices=tuple(
            NoticeRecord(n.kind, n.channel, n.recipient, n.text, n.state, n.created_at, n.sent_at) for n in notices
        ),
        rating=None
        if rating is None
        else RatingRecord(rating.rating, dict(rating.criteria), rating.comment, rating.rated_at),
        papers=tuple(
            PaperRecord(p.position, p.name, p.sha256, p.pages, p.bytes, p.certified_at, p.signed_by, p.current)
            for p in papers
        ),
        postal_items=tuple(
            PostalRecord(i.tracking, i.purpose, i.recipient_name, i.recipient_address, i.outcome, i.outcome_at)
            for i in items
        ),
    )


def _own(payload: dict[str, Any], wanted: str) -> dict[str, Any]:
    """An event's payload with another person's ID number (a proxy who collected the result) masked."""
    other = payload.get("receiver_id")
    if isinstance(other, str) and other and other != wanted:
        payload["receiver_id"] = mask_id_number(other)
    return payload
