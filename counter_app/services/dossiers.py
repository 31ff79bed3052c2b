"""Reading dossiers: one by code, search, and the id-then-rows access of the lazy dossier list."""

from __future__ import annotations

import json
import logging
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from counter_app.domain.calendar import OFFICE_TZ, office_time
from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.lifecycle import IN_PROGRESS, Status
from counter_app.domain.privacy import DossierView, shown_fields
from counter_app.domain.timeliness import progress, resolution
from counter_app.domain.values import Channel, ComponentForm, Sex
from counter_app.services import audit, people
from counter_app.services.context import Context
from counter_app.services.dto import (
    ApplicantInfo,
    DossierComponentInfo,
    DossierDetail,
    DossierRow,
    EventInfo,
)
from counter_app.services.errors import NotFound
from counter_app.storage import fts
from counter_app.storage.errors import DatabaseDamaged, DatabaseReadOnly, DiskFull
from counter_app.storage.models import Applicant, Dossier, DossierEvent, Procedure

MAX_LIMIT = 1000
log = logging.getLogger(__name__)


def summary(dossier: Dossier) -> DossierRow:
    return DossierRow(
        id=dossier.id,
        code=dossier.code,
        applicant_name=dossier.applicant.full_name,
        procedure_name=dossier.procedure.name,
        status=Status(dossier.status),
        channel=Channel(dossier.channel),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        appointment_at=dossier.appointment_at,
        assisted=dossier.assisted,
        portal_code=dossier.portal_code,
    )


def _rows(session: Session, ids: Sequence[int]) -> list[DossierRow]:
    """Rows for ``ids`` in the order given (one query)."""
    if not ids:
        return []
    query = (
        select(
            Dossier.id,
            Dossier.code,
            Applicant.full_name,
            Procedure.name,
            Dossier.status,
            Dossier.channel,
            Dossier.received_at,
            Dossier.due_at,
            Dossier.appointment_at,
            Dossier.assisted,
            Dossier.portal_code,
        )
        .join(Applicant, Dossier.applicant_id == Applicant.id)
        .join(Procedure, Dossier.procedure_id == Procedure.id)
        .where(Dossier.id.in_(ids))
    )
    found = {
        r[0]: DossierRow(r[0], r[1], r[2], r[3], Status(r[4]), Channel(r[5]), r[6], r[7], r[8], bool(r[9]), r[10])
        for r in session.execute(query)
    }
    return [found[i] for i in ids if i in found]


def rows(ctx: Context, ids: Sequence[int]) -> list[DossierRow]:
    with ctx.db.read() as session:
        return _rows(session, ids)


def search(ctx: Context, text: str, limit: int = 50) -> list[DossierRow]:
    """Dossiers whose applicant name, code, ID number or phone match ``text``, the most recently
    received first (storage.fts.search_ids)."""
    limit = max(1, min(limit, MAX_LIMIT))
    with ctx.db.read() as session:
        return _rows(session, fts.search_ids(session, text, limit))


@dataclass(frozen=True)
class ListFilter:
    """The dossier list's filters; all optional and combined with AND."""

    statuses: frozenset[Status] = frozenset()
    channel: Channel | None = None
    due_today: bool = False
    overdue: bool = False
    received_from: date | None = None  # office-local dates, inclusive
    received_to: date | None = None
    assisted: bool = False  # only filings the counter helped file on the national portal (Directive 24/CT-TTg)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=OFFICE_TZ)


def _list_query(ctx: Context, where: ListFilter | None) -> Select[int]:
    """Dossier ids, newest first, matching ``where``."""
    query = select(Dossier.id).order_by(Dossier.id.desc())
    f = where or ListFilter()
    if f.statuses:
        query = query.where(Dossier.status.in_(sorted(s.value for s in f.statuses)))
    if f.channel is not None:
        query = query.where(Dossier.channel == f.channel.value)
    if f.assisted:
        query = query.where(Dossier.assisted.is_(True))
    if f.received_from is not None:
        query = query.where(Dossier.received_at >= _day_start(f.received_from))
    if f.received_to is not None:
        query = query.where(Dossier.received_at < _day_start(f.received_to + timedelta(days=1)))
    if f.due_today or f.overdue:
        today = office_time(ctx.now()).date()
        open_statuses = sorted(s.value for s in IN_PROGRESS)
        query = query.where(Dossier.status.in_(open_statuses), Dossier.due_at.is_not(None))
        if f.due_today:
            query = query.where(Dossier.due_at >= _day_start(today), Dossier.due_at < _day_start(today + timedelta(1)))
        if f.overdue:
            query = query.where(Dossier.due_at < _day_start(today))
    return query


def all_ids(ctx: Context, where: ListFilter | None = None) -> array[int]:
    """Every matching id, newest first: what the lazy list model holds (rows are fetched on view).

    Streamed into a packed integer array (8 bytes an id, not a Python object each). With a million
    dossiers this takes about half a second: the list shows :func:`first_page` at once and loads
    this in the background.
    """
    query = _list_query(ctx, where).execution_options(yield_per=50_000)
    with ctx.db.read() as session:
        return array("q", session.scalars(query))


def first_page(ctx: Context, where: ListFilter | None = None, limit: int = 200) -> tuple[list[int], int]:
    """The newest ``limit`` matching ids and how many match in all (a few milliseconds)."""
    query = _list_query(ctx, where)
    with ctx.db.read() as session:
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        return list(session.scalars(query.limit(limit))), total


USAGE_WINDOW = timedelta(days=90)


def procedure_usage(ctx: Context) -> dict[str, int]:
    """How many dossiers of each procedure this office took in over the last 90 days (picker order)."""
    since = ctx.now() - USAGE_WINDOW
    query = (
        select(Procedure.code, func.count())
        .join(Dossier, Dossier.procedure_id == Procedure.id)
        .where(Dossier.received_at >= since)
        .group_by(Procedure.code)
    )
    with ctx.db.read() as session:
        return {str(code): int(count) for code, count in session.execute(query).all()}


def find_by_code(ctx: Context, code: str) -> DossierRow:
    normalized = str(parse_dossier_code(code))
    with ctx.db.read() as session:
        found = session.scalar(select(Dossier.id).where(Dossier.code == normalized))
        rows = _rows(session, [] if found is None else [found])
    if not rows:
        raise NotFound("dossier.not_found", code=normalized)
    return rows[0]


def count(ctx: Context) -> int:
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(Dossier)) or 0


def load(session: Session, code: str, *, with_components: bool = False) -> Dossier:
    """The dossier with this (printed or scanned) code, its applicant and procedure loaded; NotFound."""
    normalized = str(parse_dossier_code(code))
    query = select(Dossier).where(Dossier.code == normalized)
    query = query.options(joinedload(Dossier.applicant), joinedload(Dossier.procedure))
    if with_components:
        query = query.options(selectinload(Dossier.components))
    dossier = session.scalar(query)
    if dossier is None:
        raise NotFound("dossier.not_found", code=normalized)
    return dossier


def show(ctx: Context, code: str, *, view: DossierView | None = None) -> DossierDetail:
    """Everything about one dossier, by its code.

    ``view`` names where the citizen's data is about to be shown (the dossier window, ``counter-app
    show``): the opening is recorded in the audit trail as ``dossier.viewed`` (who, when, the view and
    the names of the personal fields shown, never their values) before the detail is handed back;
    if it cannot be recorded, nothing is shown. ``None`` only re-reads a dossier already open in a
    view (the refresh after an action) or reads it for a service's own use.
    """
    detail = _detail(ctx, code)
    if view is not None:
        record_viewed(ctx, detail.code, view, viewed_fields(detail, view))
    return detail


def record_viewed(ctx: Context, code: str, view: DossierView, fields: list[str], **more: object) -> None:
    """One ``dossier.viewed`` audit entry (its own unit of work): who (the context's actor), when, the
    view, the names of the fields shown and ``more`` (e.g. the papers' positions), never a value.

    Written past the GUI's screen lock (a dossier a late task opens stays hidden until the clerk who
    started it unlocks). When the file takes no write at all (damaged, read-only, disk full) the clerk
    still sees the dossier, a citizen may be waiting, and the opening goes to the log instead, with the
    same names and codes only."""
    details: dict[str, object] = {"view": view.value, "fields": fields, **more}
    try:
        with ctx.db.unguarded().write() as session:
            audit.record(
                session, ctx.actor, ctx.now(), "dossier.viewed", entity="dossier", entity_id=code, details=details
            )
    except (DatabaseDamaged, DatabaseReadOnly, DiskFull) as exc:
        log.warning(
            "audit trail unavailable (%s): dossier.viewed %s by user id %s (%s) %s",
            exc.code,
            code,
            ctx.actor.user_id,
            ctx.actor.source,
            json.dumps(details, ensure_ascii=False),
        )


def viewed_fields(detail: DossierDetail, view: DossierView) -> list[str]:
    """The names of the personal fields ``view`` shows of this dossier (those holding something)."""
    shown = dict(vars(detail.applicant), postal_address=detail.postal_address)
    return shown_fields(shown, view)


def _detail(ctx: Context, code: str) -> DossierDetail:
    with ctx.db.read() as session:
        dossier = load(session, code, with_components=True)
        history = list(
            session.scalars(
                select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.seq)
            )
        )
        status = Status(dossier.status)
        timeliness: str | None = None
        if dossier.due_at is not None and dossier.resolved_at is not None:
            timeliness = resolution(dossier.due_at, dossier.resolved_at).value
        elif dossier.due_at is not None and status in IN_PROGRESS:
            timeliness = progress(dossier.due_at, ctx.now()).value
        a = dossier.applicant
        return DossierDetail(
            id=dossier.id,
            uid=dossier.uid,
            code=dossier.code,
            status=status,
            channel=Channel(dossier.channel),
            return_by_post=dossier.return_by_post,
            postal_address=dossier.postal_address,
            received_at=dossier.received_at,
            due_at=dossier.due_at,
            appointment_at=dossier.appointment_at,
            resolved_at=dossier.resolved_at,
            late_entry=dossier.late_entry,
            timeliness=timeliness,
            lookup_secret=dossier.lookup_secret,
            register_book=dossier.register_book,
            register_number=dossier.register_number,
            procedure_code=dossier.procedure.code,
            procedure_version=dossier.procedure.version,
            procedure_name=dossier.procedure.name,
            field=dossier.procedure.field,
            working_days=dossier.procedure.working_days,
            applicant=ApplicantInfo(
                a.full_name,
                a.id_number,
                a.old_id_number,
                a.birth_date,
                None if a.sex is None else Sex(a.sex),
                a.phone,
                a.email,
                a.address,
            ),
            components=tuple(
                DossierComponentInfo(c.position, c.name, ComponentForm(c.form), c.count, c.received)
                for c in dossier.components
            ),
            events=tuple(_event_info(session, e) for e in history),
            assisted=dossier.assisted,
            portal_code=dossier.portal_code,
            paper_exception=dossier.paper_exception,
        )


def _event_info(session: Session, e: DossierEvent) -> EventInfo:
    who = people.person(session, e.actor_id, e.actor_name)
    return EventInfo(
        e.seq, e.uid, e.kind, Status(e.status_after), e.at, e.actor_name, dict(e.payload), who.name, who.title
    )
