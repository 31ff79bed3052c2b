"""The digitisation rule (counter_app.domain.digitisation) applied to the stored dossiers.

- :func:`dossier_complete` / :func:`event_detail`: whether a dossier has every paper that must be
  digitised digitised, from its rows; the dossier's events carry it to the hub as
  ``"digitised_complete"`` (and the intake event ``"papers_to_digitise"``).
- :func:`share_of`: the digitisation share of the dossiers received in a period (what the statistics
  tab, ``counter-app report --json`` and, through sync, the hub's report show).
- :func:`mark_exempt`: the clerk marks a paper that needs no copy (an opinion of another agency, a
  secret paper, a paper only shown), or takes the mark back; audited.

Reads ``paper_copy`` by SQL text only (its columns ``dossier_id``, ``position``, ``current``), so it does
not depend on :mod:`counter_app.services.papers`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.domain.digitisation import (
    MARKS,
    DigitisedShare,
    DossierDigitisation,
    Paper,
    is_fully_digitised,
    judge,
    shown_only,
    tally,
    to_digitise,
)
from counter_app.domain.errors import InvalidInput
from counter_app.domain.values import Channel
from counter_app.services import audit
from counter_app.services.context import Context
from counter_app.services.errors import NotFound
from counter_app.storage.models import Dossier, DossierComponent

_COPIES = text("SELECT position FROM paper_copy WHERE dossier_id = :id AND current = 1")
# The dossiers received in [low, high): accepted ones (a due date), as Biểu 06's "received in the period".
_RECEIVED = "d.received_at >= :low AND d.received_at < :high AND d.due_at IS NOT NULL"
_DOSSIERS = text(f"SELECT d.id, d.channel FROM dossier d WHERE {_RECEIVED}")
_PAPERS = text(
    "SELECT c.dossier_id, c.position, c.name, c.received, c.exempt_reason FROM dossier_component c"
    f" JOIN dossier d ON d.id = c.dossier_id WHERE {_RECEIVED} AND d.channel <> 'online'"
)
_DIGITISED = text(
    "SELECT p.dossier_id, p.position FROM paper_copy p JOIN dossier d ON d.id = p.dossier_id"
    f" WHERE {_RECEIVED} AND d.channel <> 'online' AND p.current = 1"
)


def papers_of(session: Session, dossier_id: int) -> list[Paper]:
    rows = session.scalars(
        select(DossierComponent).where(DossierComponent.dossier_id == dossier_id).order_by(DossierComponent.position)
    )
    return [Paper(c.position, c.name, bool(c.received), c.exempt_reason) for c in rows]


def digitised_positions(session: Session, dossier_id: int) -> set[int]:
    """Positions of the dossier's papers with a current electronic copy (scanned or reused)."""
    session.flush()
    return {int(p) for p in session.scalars(_COPIES, {"id": dossier_id})}


def dossier_complete(session: Session, dossier_id: int) -> bool:
    """Every paper of the dossier that must be digitised has a current copy (see the domain rule)."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFound("dossier.not_found", code=str(dossier_id))
    return is_fully_digitised(papers_of(session, dossier_id), digitised_positions(session, dossier_id), dossier.channel)


def event_detail(papers: Sequence[Paper], digitised: Iterable[int], channel: Channel | str) -> dict[str, object]:
    """What a dossier event says of digitisation: the number of papers that must be digitised and
    whether all of them are (``digitised_complete``, the key the hub reads)."""
    return {
        "papers_to_digitise": len(to_digitise(papers, channel)),
        "digitised_complete": is_fully_digitised(papers, set(digitised), channel),
    }


_MARKS_SQL = ", ".join(f"'{mark}'" for mark in sorted(MARKS))  # our own constants, not input
_UNMARKED = f"(c.exempt_reason IS NULL OR c.exempt_reason NOT IN ({_MARKS_SQL}))"
_ON_PAPER = f"{_RECEIVED} AND d.channel <> 'online' AND c.received AND {_UNMARKED}"
_COUNT = text(f"SELECT count(*) FROM dossier d WHERE {_RECEIVED}")
_NAMES = text(
    f"SELECT DISTINCT c.name FROM dossier_component c JOIN dossier d ON d.id = c.dossier_id WHERE {_ON_PAPER}"
)
_NO_COPY = (
    "NOT EXISTS (SELECT 1 FROM paper_copy p WHERE p.dossier_id = c.dossier_id AND p.position = c.position"
    " AND p.current = 1)"
)
_MAX_NAMES = 500  # checklist names listed in one query; more (never seen): dossier by dossier


def share_of(session: Session, low: datetime, high: datetime) -> DigitisedShare:
    """The share over the dossiers received in [low, high) (aware datetimes), counted in SQL.

    The rule per paper depends only on its checklist name, its mark and whether it was received, so the
    distinct names of the period's received, unmarked papers are read first (a few dozen) and judged once
    each (:func:`~counter_app.domain.digitisation.shown_only`); then two counts of distinct dossiers: those
    with a paper to copy, and those with a paper to copy that has no current copy. The same figures as
    :func:`share_by_dossier` (the rule applied dossier by dossier), which the tests compare."""
    params: dict[str, object] = {"low": _stored(low), "high": _stored(high)}
    received = int(session.scalar(_COUNT, params) or 0)
    names = [n for n in session.scalars(_NAMES, params) if not shown_only(n)]
    if len(names) > _MAX_NAMES:
        return share_by_dossier(session, low, high)
    if not names:
        return DigitisedShare(received, received, received)
    listed = ", ".join(f":n{i}" for i in range(len(names)))
    params.update({f"n{i}": name for i, name in enumerate(names)})
    base = "SELECT count(DISTINCT c.dossier_id) FROM dossier_component c JOIN dossier d ON d.id = c.dossier_id"
    where = f" WHERE {_ON_PAPER} AND c.name IN ({listed})"
    to_copy = int(session.scalar(text(base + where), params) or 0)
    unfinished = int(session.scalar(text(base + where + " AND " + _NO_COPY), params) or 0)
    return DigitisedShare(received, received - unfinished, received - to_copy)


def share_by_dossier(session: Session, low: datetime, high: datetime) -> DigitisedShare:
    """:func:`share_of` with the rule applied dossier by dossier (every paper row read)."""
    params = {"low": _stored(low), "high": _stored(high)}
    channels: dict[int, str] = {int(i): str(c) for i, c in session.execute(_DOSSIERS, params)}
    papers: dict[int, list[Paper]] = defaultdict(list)
    for did, position, name, received, mark in session.execute(_PAPERS, params):
        papers[did].append(Paper(position, name, bool(received), mark))
    copies: dict[int, set[int]] = defaultdict(set)
    for did, position in session.execute(_DIGITISED, params):
        copies[did].add(int(position))
    return tally(_judged(channels, papers, copies))


def _judged(
    channels: dict[int, str], papers: dict[int, list[Paper]], copies: dict[int, set[int]]
) -> Iterable[DossierDigitisation]:
    for did, channel in channels.items():
        yield judge(papers.get(did, []), copies.get(did, set()), channel)


def _stored(moment: datetime) -> str:
    """A moment as the UTC text the database holds (as counter_app.services.statistics compares them)."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"


@dataclass(frozen=True)
class ExemptionMark:
    code: str
    paper: int
    name: str
    reason: str | None
    digitised_complete: bool


def mark_exempt(ctx: Context, code: str, paper: int, reason: str | None) -> ExemptionMark:
    """Mark paper ``paper`` (1-based) of dossier ``code`` as needing no electronic copy for ``reason``
    (one of :data:`~counter_app.domain.digitisation.MARKS`), or clear the mark with None."""
    if reason is not None and reason not in MARKS:
        raise InvalidInput("digitisation.reason", reason=reason, allowed=", ".join(sorted(MARKS)))
    with ctx.db.write() as session:
        dossier = session.scalar(select(Dossier).where(Dossier.code == code))
        if dossier is None:
            raise NotFound("dossier.not_found", code=code)
        component = session.scalar(
            select(DossierComponent).where(
                DossierComponent.dossier_id == dossier.id, DossierComponent.position == paper
            )
        )
        if component is None:
            count = len(dossier.components)
            raise InvalidInput("papers.no_such_paper", paper=paper, count=count, code=code)
        before = component.exempt_reason
        component.exempt_reason = reason
        session.flush()
        complete = dossier_complete(session, dossier.id)
        audit.record(
            session,
            ctx.actor,
            ctx.now(),
            "dossier.paper_exemption",
            entity="dossier",
            entity_id=code,
            details={"paper": paper, "reason": reason, "before": before},
        )
        return ExemptionMark(code, paper, component.name, reason, complete)
