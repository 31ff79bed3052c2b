"""Biểu 06 for any period: the facts of the dossiers that can matter, in a few set-based queries.

The arithmetic is :mod:`counter_app.domain.statistics` (the hub uses the same). This module reads,
for a period [start, end] of office days:

- dossiers resolved since the period's start and received before its end (index
  ``ix_dossier_resolved_received``: its second column drops the dossiers received after the period
  without reading their rows);
- dossiers never resolved (the NULL end of the same index) received before the period's end and
  not ended before its start: open ones, and those withdrawn, stopped or refused;
- apology letters issued within the period (``ix_dossier_event_kind_at``) and ratings made in it.

Rows are read as stored text (naive UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``) and turned into office days
through a cache keyed by the hour: a quarter of a busy database is ~100,000 dossiers, and
identical facts are grouped before the domain counts them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_app.domain.calendar import OFFICE_TZ, office_time
from counter_app.domain.digitisation import DigitisedShare
from counter_app.domain.statistics import RATINGS, Bieu06Report, DossierFacts, Ending, Figures, Period, compute
from counter_app.domain.values import Channel
from counter_app.printing import model
from counter_app.services import audit, digitisation
from counter_app.services.context import Context
from counter_app.services.office import current_office

_RESOLVED = text(
    "SELECT d.id, d.procedure_id, d.channel, d.return_by_post, d.received_at, d.due_at, d.resolved_at"
    " FROM dossier d INDEXED BY ix_dossier_resolved_received"
    " WHERE d.resolved_at >= :low AND d.received_at < :high AND d.due_at IS NOT NULL"
)
_UNRESOLVED = text(
    "SELECT d.id, d.procedure_id, d.channel, d.return_by_post, d.received_at, d.due_at, d.status, d.finished_at"
    " FROM dossier d INDEXED BY ix_dossier_resolved_received"
    " WHERE d.resolved_at IS NULL AND d.received_at < :high"
    " AND (d.due_at IS NOT NULL OR d.status IN ('refused', 'withdrawn'))"
    " AND (d.finished_at IS NULL OR d.finished_at >= :low OR d.status NOT IN ('refused', 'withdrawn', 'stopped'))"
)
_APOLOGIES = text(
    "SELECT e.dossier_id, count(*) FROM dossier_event e INDEXED BY ix_dossier_event_kind_at"
    " WHERE e.kind = 'apology_issued' AND e.at >= :low AND e.at < :high GROUP BY e.dossier_id"
)
_RATINGS = text(
    "SELECT rating, count(*) FROM satisfaction_rating WHERE rated_at >= :low AND rated_at < :high GROUP BY rating"
)
_FIELDS = text("SELECT id, field FROM procedure")
_ENDINGS = {"withdrawn": Ending.WITHDRAWN, "stopped": Ending.STOPPED, "refused": Ending.REFUSED}


def bounds(period: Period) -> tuple[datetime, datetime]:
    """[start 00:00, end + 1 00:00) in office time."""
    return (
        datetime.combine(period.start, time(0), tzinfo=OFFICE_TZ),
        datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=OFFICE_TZ),
    )


def _stored(moment: datetime) -> str:
    """A moment as the UTC text the database holds (comparable as text)."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"


class _Days:
    """Stored UTC text → office day, cached per hour (the office's zone has a whole-hour offset)."""

    def __init__(self) -> None:
        self._cache: dict[str, date] = {}

    def __call__(self, stored: str) -> date:
        key = stored[:13]
        day = self._cache.get(key)
        if day is None:
            day = office_time(datetime.fromisoformat(key + ":00").replace(tzinfo=UTC)).date()
            self._cache[key] = day
        return day

    def maybe(self, stored: str | None) -> date | None:
        return None if stored is None else self(stored)


# procedure id, channel, result by post, received, due, resolved, ending, ended, apologies in the period
_Key = tuple[int, str, bool, date, date | None, date | None, Ending | None, date | None, int]


def gather(session: Session, period: Period) -> tuple[list[DossierFacts], dict[str, int]]:
    """The facts of every dossier that can matter to ``period`` (identical ones grouped), and the
    satisfaction ratings made within it by level."""
    low, high = bounds(period)
    params = {"low": _stored(low), "high": _stored(high)}
    fields: dict[int, str] = dict(session.execute(_FIELDS).all())
    apologies: dict[int, int] = dict(session.execute(_APOLOGIES, params).all())
    day = _Days()
    groups: Counter[_Key] = Counter()
    resolved_rows = session.execute(_RESOLVED, params)
    for did, procedure, channel, by_post, received, due, resolved in resolved_rows:
        done = (procedure, channel, bool(by_post), day(received), day(due), day(resolved), None, None)
        groups[(*done, apologies.get(did, 0))] += 1
    unresolved_rows = session.execute(_UNRESOLVED, params)
    for did, procedure, channel, by_post, received, due, status, finished in unresolved_rows:
        ending = _ENDINGS.get(status)
        ended = None if ending is None else day.maybe(finished)
        still = (procedure, channel, bool(by_post), day(received), day.maybe(due), None, ending, ended)
        groups[(*still, apologies.get(did, 0))] += 1
    channels = {c.value: c for c in Channel}
    facts = [
        DossierFacts(
            field=fields[procedure],
            channel=channels[channel],
            received_on=received,
            due_on=due,
            resolved_on=resolved,
            ending=ending,
            ended_on=ended,
            return_by_post=by_post,
            apologies=n_apologies,
            count=count,
        )
        for (procedure, channel, by_post, received, due, resolved, ending, ended, n_apologies), count in groups.items()
    ]
    ratings = {rating: n for rating, n in session.execute(_RATINGS, params) if rating in RATINGS}
    return facts, ratings


def report(ctx: Context, period: Period) -> Bieu06Report:
    """Biểu 06 of ``period``; raises :class:`~counter_app.domain.statistics.ReportInconsistent` when the
    stored dossiers break an identity. A period still running is counted up to today (office date): the
    report keeps the period asked for and says up to which day its figures go (``data_until``)."""
    today = office_time(ctx.now()).date()
    until = period.data_until(today)  # refuses a period not begun
    counted = period.as_of(today)
    with ctx.db.read() as session:
        facts, ratings = gather(session, counted)
    result = compute(counted, facts, ratings=ratings)
    return dataclasses.replace(result, period=period, data_until=until)


def digitised(ctx: Context, period: Period) -> DigitisedShare:
    """The digitisation share of the dossiers received in ``period`` (counted up to today, as
    :func:`report`): ``counter-app report --json`` key ``digitised`` and the statistics tab."""
    today = office_time(ctx.now()).date()
    period.data_until(today)  # refuses a period not begun
    low, high = bounds(period.as_of(today))
    with ctx.db.read() as session:
        return digitisation.share_of(session, low, high)


@dataclass(frozen=True)
class ReportFile:
    report: Bieu06Report
    data: bytes


def document(ctx: Context, period: Period, *, excel: bool, lang: str = "vi") -> ReportFile:
    """Biểu 06 as a landscape A4 PDF or an XLSX workbook in the official layout (audited)."""
    from counter_app.printing.bieu06 import bieu06_xlsx, render_bieu06  # reportlab only when printing

    result = report(ctx, period)
    with ctx.db.read() as session:
        office = current_office(session)
        doc = to_document(result, office.name, office.parent_name, office.place or office.name, ctx.now())
    data = bieu06_xlsx(doc, lang) if excel else render_bieu06(doc, lang)
    with ctx.db.write() as session:
        audit.record(
            session,
            ctx.actor,
            ctx.now(),
            "print.bieu06",
            entity="report",
            entity_id=f"{period.start.isoformat()}..{period.end.isoformat()}",
            details={"format": "xlsx" if excel else "pdf", "received": result.total.received.total},
        )
    return ReportFile(result, data)


def to_document(
    result: Bieu06Report, office_name: str, parent_name: str | None, place: str, printed_at: datetime
) -> model.Bieu06Doc:
    """The printing DTO of a report (numbers in the columns of the official table)."""

    def row(label: str, figures: Figures) -> model.Bieu06Row:
        return model.Bieu06Row(label=label, numbers=figures.columns())

    total = result.total
    return model.Bieu06Doc(
        office=model.OfficeHeader(
            parent_name=None if parent_name is None else parent_name.upper(),
            unit_name=office_name.upper(),
            place=place,
        ),
        period_from=result.period.start,
        period_to=result.period.end,
        data_until=result.data_until,
        rows=tuple(row(f.field, f.figures) for f in result.by_field),
        total=row("", total),
        ended_withdrawn=total.ended.withdrawn,
        ended_stopped=total.ended.stopped,
        refused=total.not_accepted.refused,
        withdrawn_before_acceptance=total.not_accepted.withdrawn,
        apologies=total.apologies,
        online_share=total.online_share,
        postal_share=total.postal_share,
        satisfaction=(
            result.satisfaction.very_satisfied,
            result.satisfaction.satisfied,
            result.satisfaction.dissatisfied,
        ),
        printed_at=printed_at,
    )
