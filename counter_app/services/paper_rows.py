"""The shared pieces of the papers' services: the dataclasses they return, the store, the signer, rows.

Used by :mod:`counter_app.services.papers` (store, list, export, reuse) and
:mod:`counter_app.services.paper_ocr` (the text layer added later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.digitisation import exemption
from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent, Status, next_status
from counter_app.domain.values import ComponentForm
from counter_app.printing import model
from counter_app.services import digitisation, people
from counter_app.services.context import Context
from counter_app.services.errors import Refused
from counter_app.services.office import current_office
from counter_app.storage import fts
from counter_app.storage.blobs import BlobStore
from counter_app.storage.models import Dossier, DossierComponent, PaperCopy

if TYPE_CHECKING:
    from counter_app.certify.signers import CopySigner


@dataclass(frozen=True)
class PaperCopyInfo:
    paper: int
    name: str
    sha256: str
    pages: int
    bytes: int
    path: Path
    ocr: str  # "done" | "pending"
    signed_by: str
    signer_kind: str  # "token" | "office"
    certified_by: str
    certified_at: datetime
    source: str  # "scanner" | "file" | "folder" | "reuse"
    reused_from: str | None  # dossier code the copy was first certified for
    uid: str = ""
    current: bool = True


@dataclass(frozen=True)
class ReusableCopy:
    uid: str
    paper_name: str
    dossier_code: str
    certified_at: datetime
    certified_by: str
    signed_by: str
    pages: int
    sha256: str


# ---------------------------------------------------------------- paths and shared pieces


def data_dir(ctx: Context) -> Path:
    """The data directory holding the database file (and ``papers/``, the office key)."""
    return ctx.db.path.parent


def store_of(ctx: Context) -> BlobStore:
    return BlobStore.of(data_dir(ctx))


_OFFICE_SIGNERS: dict[tuple[Path, str], CopySigner] = {}


def office_copy_signer(ctx: Context, office_name: str) -> CopySigner:
    """The office's own key (made on first use under ``<data dir>/keys``, then kept in memory), for
    copies certified without the clerk's token."""
    from counter_app.certify.signers import office_signer

    key = (data_dir(ctx), office_name)
    signer = _OFFICE_SIGNERS.get(key)
    if signer is None:
        signer = _OFFICE_SIGNERS[key] = office_signer(data_dir(ctx), office_name)
    return signer


@dataclass(frozen=True)
class SignWords:
    """What a signature of a copy says besides the signer: the office, its place, the clerk."""

    office: str
    place: str
    clerk: str


def words(session: Session, ctx: Context) -> SignWords:
    office = current_office(session)
    return SignWords(office.name, office.place or office.name, clerk_name(session, ctx))


def sign(ctx: Context, pdf: bytes, signer: CopySigner | None, said: SignWords) -> tuple[bytes, CopySigner]:
    from counter_app.certify.signers import certification_reason

    chosen = signer if signer is not None else office_copy_signer(ctx, said.office)
    reason = certification_reason(chosen.kind, certified_by=said.clerk)
    return chosen.sign(pdf, reason=reason, location=said.place), chosen


def components(session: Session, dossier: Dossier) -> list[DossierComponent]:
    return list(
        session.scalars(
            select(DossierComponent)
            .where(DossierComponent.dossier_id == dossier.id)
            .order_by(DossierComponent.position)
        )
    )


def component(session: Session, dossier: Dossier, paper: int) -> DossierComponent:
    found = components(session, dossier)
    for c in found:
        if c.position == paper:
            return c
    raise InvalidInput("papers.no_such_paper", paper=paper, count=len(found), code=dossier.code)


def check_digitisable(dossier: Dossier) -> None:
    """A refused or withdrawn dossier's papers went back to the citizen: no copy (lifecycle rule)."""
    next_status(Status(dossier.status), LifecycleEvent(EventKind.PAPER_DIGITISED))


def clerk_name(session: Session, ctx: Context) -> str:
    who = people.person(session, ctx.actor.user_id, ctx.actor.username)
    return (who.name or ctx.actor.username)[:200]


def origin(session: Session, row: PaperCopy) -> PaperCopy:
    return row if row.reused_from_id is None else session.get(PaperCopy, row.reused_from_id) or row


def info(session: Session, store: BlobStore, row: PaperCopy) -> PaperCopyInfo:
    reused_from = None
    if row.reused_from_id is not None:
        source = session.get(PaperCopy, row.reused_from_id)
        first = None if source is None else session.get(Dossier, source.dossier_id)
        reused_from = None if first is None else first.code
    return PaperCopyInfo(
        paper=row.position,
        name=row.name,
        sha256=row.sha256,
        pages=row.pages,
        bytes=row.bytes,
        path=store.path(row.sha256),
        ocr=row.ocr,
        signed_by=row.signed_by,
        signer_kind=row.signer_kind,
        certified_by=row.certified_by_name,
        certified_at=row.certified_at,
        source=row.source,
        reused_from=reused_from,
        uid=row.uid,
        current=row.current,
    )


def current(session: Session, dossier_id: int, paper: int) -> PaperCopy | None:
    return session.scalar(
        select(PaperCopy).where(
            PaperCopy.dossier_id == dossier_id, PaperCopy.position == paper, PaperCopy.current.is_(True)
        )
    )


def receipt_papers(session: Session, dossier: Dossier) -> tuple[model.Paper, ...]:
    """The received papers as the receipt (Mẫu 01) lists them, each digitised one marked: made at this
    intake, or reused with the date of the copy's certification."""
    rows = session.execute(
        select(PaperCopy.position, PaperCopy.source, PaperCopy.certified_at).where(
            PaperCopy.dossier_id == dossier.id, PaperCopy.current.is_(True)
        )
    )
    marks = {position: (source, at) for position, source, at in rows}
    listed = []
    for c in components(session, dossier):
        if not c.received:
            continue
        source, at = marks.get(c.position, (None, None))
        reused = at if source == "reuse" else None
        listed.append(model.Paper(c.name, ComponentForm(c.form), c.count, source is not None, reused))
    return tuple(listed)


def digitised_positions(session: Session, dossier_id: int) -> list[int]:
    rows = session.scalars(
        select(PaperCopy.position).where(PaperCopy.dossier_id == dossier_id, PaperCopy.current.is_(True))
    )
    return sorted(set(rows))


def replace_current(session: Session, dossier: Dossier, paper: int, row: PaperCopy) -> PaperCopy | None:
    """Make ``row`` the paper's current copy; the copy it replaces stays as history."""
    old = current(session, dossier.id, paper)
    if old is not None:
        old.current = False
        session.flush()  # the partial unique index allows one current copy per paper
    session.add(row)
    session.flush()
    if old is not None:
        old.replaced_by_id = row.id
    if row.ocr_text or (old is not None and old.ocr_text):  # the search index holds the current copies' text
        index_texts(session, dossier.id)
    return old


def index_texts(session: Session, dossier_id: int) -> None:
    """Index the dossier again with the OCR text of its current copies (counter_app.storage.fts)."""
    session.flush()
    texts = list(
        session.scalars(
            select(PaperCopy.ocr_text)
            .where(PaperCopy.dossier_id == dossier_id, PaperCopy.current.is_(True))
            .order_by(PaperCopy.position)
        )
    )
    fts.index_papers(session, dossier_id, texts)


def facts(session: Session, dossier: Dossier, row: PaperCopy, old: PaperCopy | None) -> dict[str, Any]:
    """The event's payload: what was stored, the dossier's digitised papers after it and whether every
    paper that must be digitised now is (``digitised_complete``, services.digitisation's rule, which
    the hub reads); a paper the rule exempts is stored all the same, and the payload says why."""
    digitised = digitised_positions(session, dossier.id)
    checklist = digitisation.papers_of(session, dossier.id)
    payload: dict[str, Any] = {
        "position": row.position,
        "paper": row.name,
        "sha256": row.sha256,
        "pages": row.pages,
        "bytes": row.bytes,
        "source": row.source,
        "signer": row.signed_by,
        "signer_kind": row.signer_kind,
        "digitised": digitised,
        **digitisation.event_detail(checklist, digitised, dossier.channel),
    }
    paper = next((p for p in checklist if p.position == row.position), None)
    exempt = None if paper is None else exemption(paper, dossier.channel)
    if exempt is not None:
        payload["exempt"] = exempt.value
    if old is not None:
        payload["replaces"] = old.sha256
    return payload


def read(store: BlobStore, sha256: str) -> bytes:
    try:
        return store.get(sha256)
    except FileNotFoundError:
        raise Refused("papers.file_missing", sha256=sha256, path=str(store.path(sha256))) from None
    except ValueError:
        raise Refused("papers.file_damaged", sha256=sha256, path=str(store.path(sha256))) from None
