"""The certified electronic copies of a dossier's papers (issue 13: digitisation at reception).

For one paper: pages → :func:`counter_app.copies.build.build_copy` (PDF/A-2b) → signed (the clerk's
token, else the office's own key) → stored as a content-addressed file (:mod:`counter_app.storage.blobs`,
written and fsynced *before* the database commits) → one unit of work writes the ``paper_copy`` row, a
``paper_digitised`` event in the dossier's history, an audit entry and the request token. A crash
between the file and the commit leaves an unreferenced file (swept later), never a row without its file.

Paper ``N`` is the dossier's checklist paper at position N (1-based, ``DossierComponent.position``).
A new copy of a paper replaces its current copy; the old row stays as history.

Papers the office already holds for the same citizen (same CCCD number, Decree 118/2025) are offered by
:func:`reusable_for` and recorded for a new dossier by :func:`reuse_copy`: a new row on the same file,
no rescan. OCR runs later (:func:`ocr_pending`, :func:`ocr_one`, on the task runner or ``counter-app
ocr``): the text layer is added to the stored copy, which is signed again and becomes the row's file.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from counter_app.domain.cccd import validate_id_number
from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent
from counter_app.domain.privacy import DossierView
from counter_app.domain.text import fold
from counter_app.services import audit, events
from counter_app.services import paper_rows as shared
from counter_app.services.context import Context
from counter_app.services.dossiers import load, record_viewed
from counter_app.services.errors import NotFound, Refused
from counter_app.services.paper_ocr import ocr_one, ocr_pending, ocr_waiting, run_ocr
from counter_app.services.paper_rows import (
    PaperCopyInfo,
    ReusableCopy,
    data_dir,
    office_copy_signer,
    receipt_papers,
    store_of,
)
from counter_app.services.requests import Claim
from counter_app.storage.blobs import BlobStore
from counter_app.storage.models import Applicant, Dossier, PaperCopy

if TYPE_CHECKING:
    from counter_app.certify.signers import CopySigner
    from counter_app.scanning.pages import Page

log = logging.getLogger(__name__)

__all__ = [  # the interface of issue 13 (COMMON.md), some of it from the modules it is split into
    "PaperCopyInfo",
    "PreparedCopy",
    "ReusableCopy",
    "check_paper",
    "copy_bytes",
    "data_dir",
    "export_copies",
    "list_copies",
    "ocr_one",
    "ocr_pending",
    "ocr_waiting",
    "office_copy_signer",
    "receipt_papers",
    "reusable_for",
    "reuse_copy",
    "run_ocr",
    "store_copy",
    "store_of",
    "sweep",
]

SOURCES = frozenset({"scanner", "file", "folder"})
MAX_PAGES = 200  # one paper; a longer file is not one paper of a dossier


# ---------------------------------------------------------------- storing a copy


@dataclass(frozen=True)
class PreparedCopy:
    """A signed copy written to the store, waiting for its row."""

    sha256: str
    pages: int
    bytes: int
    signer_kind: str
    signed_by: str
    source: str


def _source_of(pages: Sequence[Page]) -> str:
    kinds = {p.source for p in pages}
    if len(kinds) == 1 and next(iter(kinds)) in SOURCES:
        return next(iter(kinds))
    return "file" if "file" in kinds else "scanner"


def _prepare(
    ctx: Context,
    dossier_code: str,
    name: str,
    pages: Sequence[Page],
    signer: CopySigner | None,
    words: shared.SignWords,
) -> PreparedCopy:
    """Build, sign and store the file of one paper (outside any transaction: it is the slow part)."""
    from counter_app.copies.build import build_copy

    if not pages:
        raise InvalidInput("papers.no_pages", paper=name)
    if len(pages) > MAX_PAGES:
        raise InvalidInput("papers.too_many_pages", count=len(pages), limit=MAX_PAGES)
    built = build_copy(pages, title=f"{dossier_code} – {name}"[:300])
    signed, used = shared.sign(ctx, built.pdf, signer, words)
    sha256, _path = store_of(ctx).put(signed)
    return PreparedCopy(sha256, built.pages, len(signed), used.kind, used.name[:200], _source_of(pages))


def _new_row(
    session: Session, ctx: Context, dossier: Dossier, paper: int, prepared: PreparedCopy, at: datetime
) -> PaperCopy:
    component = shared.component(session, dossier, paper)
    return PaperCopy(
        uid=str(uuid.uuid4()),
        dossier_id=dossier.id,
        position=paper,
        name=component.name,
        sha256=prepared.sha256,
        image_sha256=prepared.sha256,
        pages=prepared.pages,
        bytes=prepared.bytes,
        source=prepared.source,
        signer_kind=prepared.signer_kind,
        signed_by=prepared.signed_by,
        certified_by=ctx.actor.user_id,
        certified_by_name=shared.clerk_name(session, ctx),
        certified_at=at,
        ocr="pending",
        current=True,
    )


def record_prepared(
    session: Session, ctx: Context, dossier: Dossier, paper: int, prepared: PreparedCopy, at: datetime
) -> PaperCopy:
    """The row, event and audit entry of a copy whose file is stored, in the caller's unit of work."""
    row = _new_row(session, ctx, dossier, paper, prepared, at)
    old = shared.replace_current(session, dossier, paper, row)
    events.append_event(
        session,
        dossier,
        LifecycleEvent(EventKind.PAPER_DIGITISED),
        at=at,
        recorded_at=at,
        actor=ctx.actor,
        payload=shared.facts(session, dossier, row, old),
    )
    audit.record(
        session,
        ctx.actor,
        at,
        "paper.digitised",
        entity="dossier",
        entity_id=dossier.code,
        details={"position": paper, "sha256": row.sha256, "pages": row.pages, "signer_kind": row.signer_kind},
    )
    return row


def _replayed(ctx: Context, claim: Claim, store: BlobStore) -> PaperCopyInfo | None:
    with ctx.db.read() as session:
        done = claim.replay(session)
        if done is None:
            return None
        row = session.get(PaperCopy, int(done["copy_id"]))
        assert row is not None
        return shared.info(session, store, row)


def pages_fingerprint(pages: Sequence[Page]) -> tuple[Any, ...]:
    """What stands for a request's pages in its idempotency fingerprint (sizes, modes, resolution,
    source: hashing the pixels would cost more than the check is worth)."""
    return tuple((p.image.size, p.image.mode, p.dpi, p.source) for p in pages)


def check_paper(ctx: Context, code: str, paper: int) -> str:
    """The name of paper ``paper`` of dossier ``code``, refused as :func:`store_copy` would refuse it (no
    such dossier or paper, a refused or withdrawn dossier): asked before a scanner is started."""
    with ctx.db.read() as session:
        dossier = load(session, code)
        name = shared.component(session, dossier, paper).name
        shared.check_digitisable(dossier)
        return name


def store_copy(
    ctx: Context,
    code: str,
    paper: int,
    pages: Sequence[Page],
    *,
    signer: CopySigner | None = None,
    request_id: str | None = None,
) -> PaperCopyInfo:
    """Build, certify and store the copy of paper ``paper`` of dossier ``code``; it becomes the paper's copy.

    ``signer`` None: the office's own key. ``request_id`` (one per scan the clerk means to store once):
    the same token again returns the first copy and stores nothing."""
    claim = Claim(request_id, "paper.store", (code, paper, pages_fingerprint(pages)))
    store = store_of(ctx)
    first = _replayed(ctx, claim, store)
    if first is not None:
        return first
    with ctx.db.read() as session:  # refuse before the slow part
        dossier = load(session, code)
        name = shared.component(session, dossier, paper).name
        shared.check_digitisable(dossier)
        words = shared.words(session, ctx)
        dossier_code = dossier.code
    prepared = _prepare(ctx, dossier_code, name, pages, signer, words)
    now = ctx.now()
    try:
        with ctx.db.write() as session:
            done = claim.replay(session)
            if done is not None:  # stored meanwhile by the same request: the new file goes (finally)
                replayed = session.get(PaperCopy, int(done["copy_id"]))
                assert replayed is not None
                return shared.info(session, store, replayed)
            dossier = load(session, code)
            row = record_prepared(session, ctx, dossier, paper, prepared, now)
            claim.remember(session, ctx.actor, now, dossier.code, {"copy_id": row.id})
            return shared.info(session, store, row)
    finally:
        discard_unreferenced(ctx, [prepared])


def prepare_for_intake(
    ctx: Context, procedure_papers: Mapping[int, str], papers: Mapping[int, Sequence[Page]], signer: CopySigner | None
) -> dict[int, PreparedCopy]:
    """Build, sign and store the files of an intake's papers before its transaction (services.intake).

    ``procedure_papers``: position → name of the procedure's checklist."""
    prepared: dict[int, PreparedCopy] = {}
    if not papers:
        return prepared
    unknown = sorted(set(papers) - set(procedure_papers))
    if unknown:
        raise InvalidInput("intake.unknown_component", positions=", ".join(map(str, unknown)))
    with ctx.db.read() as session:
        words = shared.words(session, ctx)
    for position in sorted(papers):
        prepared[position] = _prepare(ctx, "", procedure_papers[position], papers[position], signer, words)
    return prepared


def discard_unreferenced(ctx: Context, prepared: Iterable[PreparedCopy]) -> None:
    """Delete the files of ``prepared`` copies no row names: written for a transaction that did not commit.

    A refused intake or a copy refused inside its transaction must not leave a citizen's certified
    paper on the disk (personal data); a committed one is referenced and stays. A set-aside copy of an
    older database is never touched here: these files were just written."""
    names = {p.sha256 for p in prepared}
    if not names:
        return
    with ctx.db.read() as session:
        used = set(session.scalars(select(PaperCopy.sha256).where(PaperCopy.sha256.in_(names))))
        used |= set(session.scalars(select(PaperCopy.image_sha256).where(PaperCopy.image_sha256.in_(names))))
    store = store_of(ctx)
    for sha256 in sorted(names - used):
        store.discard(sha256)


def check_intake_papers(
    positions: set[int], missing: Sequence[int], scanned: Iterable[int], reused: Iterable[int]
) -> None:
    """An intake's papers and reused copies name checklist papers the citizen handed in, each once."""
    scanned, reused = set(scanned), set(reused)
    unknown = sorted((scanned | reused) - positions)
    if unknown:
        raise InvalidInput("intake.unknown_component", positions=", ".join(map(str, unknown)))
    both = sorted(scanned & reused)
    if both:
        raise InvalidInput("papers.scanned_and_reused", positions=", ".join(map(str, both)))
    absent = sorted(scanned & set(missing))
    if absent:
        raise InvalidInput("papers.missing_paper_scanned", positions=", ".join(map(str, absent)))


def record_intake_papers(
    session: Session,
    ctx: Context,
    dossier: Dossier,
    prepared: Mapping[int, PreparedCopy],
    reuse: Mapping[int, str],
    at: datetime,
) -> None:
    """The rows and events of an intake's scanned and reused papers, in the intake's transaction."""
    for position in sorted(set(prepared) | set(reuse)):
        if position in prepared:
            record_prepared(session, ctx, dossier, position, prepared[position], at)
        else:
            record_reuse(session, ctx, dossier, position, reuse[position], at)


# ---------------------------------------------------------------- reading and exporting


def list_copies(ctx: Context, code: str, *, history: bool = False) -> list[PaperCopyInfo]:
    """The dossier's current copies in checklist order (``history``: replaced ones too, oldest first)."""
    store = store_of(ctx)
    with ctx.db.read() as session:
        dossier = load(session, code)
        query = select(PaperCopy).where(PaperCopy.dossier_id == dossier.id)
        if not history:
            query = query.where(PaperCopy.current.is_(True))
        rows = session.scalars(query.order_by(PaperCopy.position, PaperCopy.id))
        return [shared.info(session, store, row) for row in rows]


def copy_bytes(ctx: Context, code: str, paper: int) -> bytes:
    """The current copy of paper ``paper``, checked against its sha256."""
    store = store_of(ctx)
    with ctx.db.read() as session:
        dossier = load(session, code)
        row = shared.current(session, dossier.id, paper)
        if row is None:
            raise NotFound("papers.not_digitised", code=dossier.code, paper=paper)
        sha256 = row.sha256
    return shared.read(store, sha256)


def copy_opened(ctx: Context, code: str, paper: int) -> None:
    """Record that the clerk opened the current copy of paper ``paper`` (audited as ``dossier.viewed``)."""
    record_viewed(ctx, load_code(ctx, code), DossierView.PAPER_COPY, [], papers=[paper])


def slug(text: str, limit: int = 40) -> str:
    """ASCII words joined by hyphens (tones and đ folded), whole words up to ``limit``, for a file name."""
    joined = ""
    for word in re.findall(r"[a-z0-9]+", fold(text).lower().encode("ascii", "ignore").decode()):
        longer = f"{joined}-{word}" if joined else word[:limit]
        if len(longer) > limit:
            break
        joined = longer
    return joined or "giay-to"


def export_name(code: str, paper: int, name: str) -> str:
    return f"{code}-{paper}-{slug(name)}.pdf"


def export_copies(ctx: Context, code: str, directory: Path) -> list[Path]:
    """Write the dossier's current copies into ``directory`` as ``<code>-<N>-<slug>.pdf``; every file is
    checked first, and each is written whole or not at all (temporary file renamed into place)."""
    if not directory.is_dir():
        raise InvalidInput("output.no_folder", path=str(directory / "x.pdf"))
    copies = list_copies(ctx, code)
    dossier_code = str(load_code(ctx, code))
    store = store_of(ctx)
    contents = [(export_name(dossier_code, c.paper, c.name), shared.read(store, c.sha256)) for c in copies]
    if copies:  # audited before any file leaves the store (docs/data-protection.md)
        record_viewed(ctx, dossier_code, DossierView.PAPERS_EXPORT, [], papers=[c.paper for c in copies])
    written = []
    for name, data in contents:
        target = directory / name
        temporary = directory / f".{name}.part"
        try:
            with temporary.open("wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise InvalidInput("output.unwritable", path=str(target), reason=exc.strerror or str(exc)) from exc
        written.append(target)
    return written


def load_code(ctx: Context, code: str) -> str:
    with ctx.db.read() as session:
        return load(session, code).code


# ---------------------------------------------------------------- reuse (Decree 118/2025)


def reusable_for(ctx: Context, cccd: str) -> list[ReusableCopy]:
    """Current copies of earlier dossiers of the citizen with this CCCD number, newest first; one per file."""
    id_number = validate_id_number(cccd)
    with ctx.db.read() as session:
        rows = session.execute(
            select(PaperCopy, Dossier.code)
            .join(Dossier, Dossier.id == PaperCopy.dossier_id)
            .join(Applicant, Applicant.id == Dossier.applicant_id)
            .where(Applicant.id_number == id_number, PaperCopy.current.is_(True))
            .order_by(PaperCopy.certified_at.desc(), PaperCopy.id.desc())
        ).all()
        found: list[ReusableCopy] = []
        seen: set[str] = set()
        for row, dossier_code in rows:
            if row.image_sha256 in seen:
                continue
            seen.add(row.image_sha256)
            origin = shared.origin(session, row)
            first_code = dossier_code
            if origin is not row:
                first = session.get(Dossier, origin.dossier_id)
                first_code = dossier_code if first is None else first.code
            found.append(
                ReusableCopy(
                    uid=row.uid,
                    paper_name=row.name,
                    dossier_code=first_code,
                    certified_at=row.certified_at,
                    certified_by=row.certified_by_name,
                    signed_by=row.signed_by,
                    pages=row.pages,
                    sha256=row.sha256,
                )
            )
        return found


def _reuse_row(session: Session, ctx: Context, dossier: Dossier, paper: int, uid: str, store: BlobStore) -> PaperCopy:
    source = session.scalar(select(PaperCopy).where(PaperCopy.uid == uid))
    if source is None:
        raise NotFound("papers.reuse_unknown", uid=uid)
    owner = aliased(Applicant)
    holder = session.scalar(
        select(owner.id_number).join(Dossier, Dossier.applicant_id == owner.id).where(Dossier.id == source.dossier_id)
    )
    if holder is None or holder != dossier.applicant.id_number:
        raise Refused("papers.reuse_other_person", code=dossier.code)
    if not store.exists(source.sha256):
        raise Refused("papers.file_missing", sha256=source.sha256, path=str(store.path(source.sha256)))
    component = shared.component(session, dossier, paper)
    origin = shared.origin(session, source)
    return PaperCopy(
        uid=str(uuid.uuid4()),
        dossier_id=dossier.id,
        position=paper,
        name=component.name,
        sha256=source.sha256,
        image_sha256=source.image_sha256,
        pages=source.pages,
        bytes=source.bytes,
        source="reuse",
        reused_from_id=origin.id,
        signer_kind=source.signer_kind,
        signed_by=source.signed_by,
        certified_by=source.certified_by,
        certified_by_name=source.certified_by_name,
        certified_at=source.certified_at,  # the certification reused: its date and clerk are the copy's
        ocr=source.ocr,
        ocr_text=source.ocr_text,
        current=True,
    )


def record_reuse(session: Session, ctx: Context, dossier: Dossier, paper: int, uid: str, at: datetime) -> PaperCopy:
    """The reused copy's row, event and audit entry in the caller's unit of work (no new file)."""
    store = store_of(ctx)
    row = _reuse_row(session, ctx, dossier, paper, uid, store)
    old = shared.replace_current(session, dossier, paper, row)
    payload = shared.facts(session, dossier, row, old)
    origin = session.get(PaperCopy, row.reused_from_id) if row.reused_from_id is not None else None
    first = None if origin is None else session.get(Dossier, origin.dossier_id)
    payload.update(reused_from=None if first is None else first.code, certified_at=row.certified_at.isoformat())
    events.append_event(
        session,
        dossier,
        LifecycleEvent(EventKind.PAPER_REUSED),
        at=at,
        recorded_at=at,
        actor=ctx.actor,
        payload=payload,
    )
    audit.record(
        session,
        ctx.actor,
        at,
        "paper.reused",
        entity="dossier",
        entity_id=dossier.code,
        details={"position": paper, "sha256": row.sha256, "from": payload["reused_from"]},
    )
    return row


def reuse_copy(ctx: Context, code: str, paper: int, uid: str, *, request_id: str | None = None) -> PaperCopyInfo:
    """Record for paper ``paper`` of dossier ``code`` a copy the office already holds for the same citizen."""
    claim = Claim(request_id, "paper.reuse", (code, paper, uid))
    store = store_of(ctx)
    now = ctx.now()
    with ctx.db.write() as session:
        done = claim.replay(session)
        if done is not None:
            replayed = session.get(PaperCopy, int(done["copy_id"]))
            assert replayed is not None
            return shared.info(session, store, replayed)
        dossier = load(session, code)
        shared.check_digitisable(dossier)
        row = record_reuse(session, ctx, dossier, paper, uid, now)
        claim.remember(session, ctx.actor, now, dossier.code, {"copy_id": row.id})
        return shared.info(session, store, row)


# ---------------------------------------------------------------- the files' upkeep


def sweep(ctx: Context) -> list[Path]:
    """Delete stored files no copy references (older than the grace period); run at start-up and by check."""
    from counter_app.storage.check import sweep_papers

    return sweep_papers(ctx.db.path)
