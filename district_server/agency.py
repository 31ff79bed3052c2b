"""Who sees papers at the hub (issue 14): the interlinked agencies' tokens and what a token may read.

A receiving agency (land office, police, tax…) is known to the hub only by the code the counters put in
the ``to`` of a ``transferred`` event with ``interlinked: true`` (the agencies file's codes). A token
issued by ``district-server agency-token AGENCY`` is scoped to one such code; only its SHA-256 is kept,
and a revoked token is kept (``revoked_at``) so its downloads stay attributed.

A dossier is the agency's when its **latest interlinked transfer** went to that agency: a dossier handed
on to another agency leaves the first one's list, and one only transferred to the commune's own officer
(not interlinked) is nobody's. Everything else — an unknown dossier, another agency's, another commune's
— is answered the same way (not found), so a token never learns that a dossier exists.

The officers' page is :mod:`district_server.agency_page`; the CLI is :mod:`district_server.agency_cli`.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.text import nfc
from district_server.errors import HubError
from district_server.models import AgencyToken, Commune, HubDossier, HubEvent, PaperDownload, Published
from district_server.service import sha256_hex

AGENCY_CODE = re.compile(r"[A-Z0-9][A-Z0-9._-]{0,19}")  # the counters' Agency.code (String(20)), upper case
COMMUNE_KINDS = frozenset({"commune_officer", "commune"})  # not interlinked (counter_app.services.lifecycle)
MAX_TOKEN = 200


def agency_code(value: str) -> str:
    """``value`` as the counters write it in a transfer's ``to`` (trimmed, upper case), or HubError."""
    code = nfc(value or "").strip().upper()
    if not AGENCY_CODE.fullmatch(code):
        raise HubError("agency_token_code", value=value)
    return code


# ------------------------------------------------------------------------------------------ tokens


@dataclass(frozen=True)
class AgencyTokenInfo:
    id: int
    agency_code: str
    label: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class IssuedAgencyToken:
    id: int
    agency_code: str
    agency_name: str | None
    label: str
    created_at: datetime
    token: str  # shown once; the hub keeps only its SHA-256


@dataclass(frozen=True)
class AgencyAccess:
    """The agency a valid token speaks for."""

    token_id: int
    agency_code: str
    label: str


def _info(row: AgencyToken) -> AgencyTokenInfo:
    return AgencyTokenInfo(row.id, row.agency_code, row.label, row.created_at, row.revoked_at)


def published_agencies(session: Session) -> dict[str, dict[str, Any]] | None:
    """The published agencies file by code (None when the hub never published one)."""
    row = session.get(Published, "agencies")
    if row is None or not isinstance(row.body.get("agencies"), list):
        return None
    return {
        str(item["code"]).strip().upper(): item
        for item in row.body["agencies"]
        if isinstance(item, dict) and isinstance(item.get("code"), str)
    }


def agency_name(session: Session, code: str) -> str | None:
    """The agency's name in the published agencies file, else the name the latest transfer to it gave."""
    known = published_agencies(session) or {}
    name = known.get(code, {}).get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    latest = session.scalar(
        select(HubEvent.payload)
        .where(*_interlinked_transfer(), HubEvent.payload["to"].as_string() == code)
        .order_by(HubEvent.id.desc())
        .limit(1)
    )
    given = None if latest is None else latest.get("to_name")
    return given.strip() if isinstance(given, str) and given.strip() else None


def issue_token(session: Session, agency: str, label: str, now: datetime) -> IssuedAgencyToken:
    """A new token of ``agency`` (checked against the published agencies file when there is one: an
    interlinked agency, not the commune's own offices)."""
    code = agency_code(agency)
    known = published_agencies(session)
    if known is not None:
        entry = known.get(code)
        if entry is None:
            raise HubError("agency_unknown", code=code)
        if entry.get("kind") in COMMUNE_KINDS:
            raise HubError("agency_not_interlinked", code=code)
    token = secrets.token_urlsafe(24)
    row = AgencyToken(
        token_hash=sha256_hex(token), agency_code=code, label=nfc(label or "").strip()[:100], created_at=now
    )
    session.add(row)
    session.flush()
    return IssuedAgencyToken(row.id, code, agency_name(session, code), row.label, now, token)


def revoke_token(session: Session, token_id: int, now: datetime) -> AgencyTokenInfo:
    """Revoke token ``token_id`` (from now on it opens nothing); revoking twice keeps the first time."""
    row = session.get(AgencyToken, token_id)
    if row is None:
        raise HubError("agency_token_unknown", id=token_id)
    if row.revoked_at is None:
        row.revoked_at = now
        session.flush()
    return _info(row)


def list_tokens(session: Session, agency: str | None = None) -> list[AgencyTokenInfo]:
    query = select(AgencyToken).order_by(AgencyToken.id)
    if agency is not None:
        query = query.where(AgencyToken.agency_code == agency_code(agency))
    return [_info(row) for row in session.scalars(query)]


def authenticate(session: Session, token: str | None) -> AgencyAccess | None:
    """The agency of a valid, unrevoked token; None otherwise (unknown, revoked, malformed)."""
    if not token or len(token) > MAX_TOKEN:
        return None
    digest = sha256_hex(token)
    row = session.scalar(select(AgencyToken).where(AgencyToken.token_hash == digest))
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.token_hash, digest):
        return None
    return AgencyAccess(row.id, row.agency_code, row.label)


# ------------------------------------------------------------------------------------------ dossiers


def _interlinked_transfer() -> tuple[Any, ...]:
    # status_after "interlinked" is exactly "a transfer with interlinked: true" (the state machine)
    return (HubEvent.kind == "transferred", HubEvent.status_after == "interlinked")


def _latest_transfers() -> Any:
    """Per dossier, its latest interlinked transfer: (dossier_id, event id, at, to)."""
    ranked = (
        select(
            HubEvent.dossier_id,
            HubEvent.id.label("event_id"),
            HubEvent.at,
            HubEvent.payload["to"].as_string().label("to"),
            func.row_number()
            .over(partition_by=HubEvent.dossier_id, order_by=(HubEvent.at.desc(), HubEvent.id.desc()))
            .label("rank"),
        )
        .where(*_interlinked_transfer())
        .subquery()
    )
    return select(ranked.c.dossier_id, ranked.c.event_id, ranked.c.at, ranked.c.to).where(ranked.c.rank == 1)


@dataclass(frozen=True)
class AgencyDossier:
    id: int
    code: str
    commune_code: str
    commune_name: str
    procedure_name: str
    applicant_name: str
    received_at: datetime
    due_at: datetime | None
    status: str
    transferred_at: datetime  # the latest interlinked transfer, to this agency


@dataclass(frozen=True)
class DossierList:
    dossiers: tuple[AgencyDossier, ...]
    total: int
    page: int
    pages: int


def transferred_dossiers(session: Session, agency: str, page: int = 1, page_size: int = 20) -> DossierList:
    """The dossiers whose latest interlinked transfer went to ``agency``, newest transfer first."""
    latest = _latest_transfers().subquery()
    mine = latest.c.to == agency
    total = int(session.scalar(select(func.count()).select_from(latest).where(mine)) or 0)
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    rows = session.execute(
        select(HubDossier, Commune.code, Commune.name, latest.c.at)
        .join(latest, latest.c.dossier_id == HubDossier.id)
        .join(Commune, Commune.id == HubDossier.commune_id)
        .where(mine)
        .order_by(latest.c.at.desc(), latest.c.event_id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    dossiers = tuple(
        AgencyDossier(
            d.id,
            d.code,
            commune_code,
            commune_name,
            d.procedure_name,
            d.applicant_name,
            d.received_at,
            d.due_at,
            d.status,
            at,
        )
        for d, commune_code, commune_name, at in rows
    )
    return DossierList(dossiers, total, page, pages)


def visible_dossier(session: Session, agency: str, code: str) -> HubDossier | None:
    """Dossier ``code`` when its latest interlinked transfer went to ``agency``; None otherwise (also
    for a dossier the hub does not hold: the two are never told apart)."""
    if not code or len(code) > 30:
        return None
    dossier = session.scalar(select(HubDossier).where(HubDossier.code == code))
    if dossier is None:
        return None
    latest = session.scalar(
        select(HubEvent.payload)
        .where(HubEvent.dossier_id == dossier.id, *_interlinked_transfer())
        .order_by(HubEvent.at.desc(), HubEvent.id.desc())
        .limit(1)
    )
    if latest is None or latest.get("to") != agency:
        return None
    return dossier


@dataclass(frozen=True)
class PaperFacts:
    """What the counter's paper events said of a copy: the paper's name and its page count."""

    name: str | None
    pages: int | None


def paper_facts(session: Session, dossier_id: int) -> dict[tuple[int, str | None], PaperFacts]:
    """(position, sha256) → the name and pages the ``paper_digitised``/``paper_reused`` events gave;
    (position, None) → the latest event's of that paper (its name, for a copy no event names)."""
    facts: dict[tuple[int, str | None], PaperFacts] = {}
    for payload in session.scalars(
        select(HubEvent.payload)
        .where(HubEvent.dossier_id == dossier_id, HubEvent.kind.in_(("paper_digitised", "paper_reused")))
        .order_by(HubEvent.at, HubEvent.id)
    ):
        position, sha = payload.get("position"), payload.get("sha256")
        if not isinstance(position, int) or not isinstance(sha, str):
            continue
        name, pages = payload.get("paper"), payload.get("pages")
        fact = PaperFacts(
            name if isinstance(name, str) and name.strip() else None,
            pages if isinstance(pages, int) and not isinstance(pages, bool) and pages > 0 else None,
        )
        facts[(position, sha)] = fact
        facts[(position, None)] = PaperFacts(fact.name, None)  # the pages belong to that copy only
    return facts


def record_download(session: Session, paper_id: int, access: AgencyAccess, client: str, now: datetime) -> None:
    """The audit row of one download (in the request that serves it)."""
    session.add(
        PaperDownload(
            paper_id=paper_id, agency_code=access.agency_code, token_id=access.token_id, at=now, client=client[:64]
        )
    )
    session.flush()


@dataclass(frozen=True)
class DownloadInfo:
    dossier_code: str
    paper: int
    agency_code: str
    token_id: int
    at: datetime
    client: str


def downloads(session: Session, dossier_code: str | None = None) -> list[DownloadInfo]:
    """The audit of downloads, oldest first (all, or one dossier's)."""
    from district_server.models import HubPaper

    query = (
        select(HubPaper.dossier_code, HubPaper.position, PaperDownload)
        .join(HubPaper, HubPaper.id == PaperDownload.paper_id)
        .order_by(PaperDownload.at, PaperDownload.id)
    )
    if dossier_code is not None:
        query = query.where(HubPaper.dossier_code == dossier_code)
    return [
        DownloadInfo(code, position, row.agency_code, row.token_id, row.at, row.client)
        for code, position, row in session.execute(query)
    ]
