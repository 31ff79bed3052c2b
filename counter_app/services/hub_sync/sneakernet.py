"""Sneakernet: the outbox and the waiting copies to signed files for a USB stick, and the hub's answer
file applied (docs/sync-protocol.md "Sneakernet files" and "Papers by USB")."""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import InvalidInput
from counter_app.services import audit, paper_rows, signing
from counter_app.services.context import Context
from counter_app.services.hub_sync.papers import _SET_ASIDE_CODES as SET_ASIDE_CODES
from counter_app.services.hub_sync.papers import _unsent as unsent_copies
from counter_app.services.hub_sync.pull import apply_changes
from counter_app.services.hub_sync.push import apply_results, requeue_sent, sendable
from counter_app.services.hub_sync.state import ExportResult, ImportResult, Tally, batch_id, count_entries, sync_state
from counter_app.services.office import current_office
from counter_app.storage.blobs import BlobStore
from counter_app.storage.models import Dossier, OutboxEntry, PaperCopy, PaperUpload
from counter_app.sync.inflate import read_file as read_capped
from counter_app.sync.parts import (
    MIN_PART_BYTES,
    PartTooSmall,
    WaitingCopy,
    part_path,
    piece_of,
    plan_parts,
    range_digest,
    write_part,
)
from counter_app.sync.protocol import ProtocolError, PushItem
from counter_app.sync.sneakernet import (
    MAX_PAPER_BYTES,
    MAX_PARTS,
    PartHeader,
    SyncAnswer,
    SyncFile,
    build_part_header,
    build_sync_file,
    read_sync_answer,
)

log = logging.getLogger(__name__)
NOT_YET = frozenset({"dossier_unknown", "paper_quota"})  # refusals after which a copy still waits

# ----------------------------------------------------------------------------- sneakernet


def export_sync(ctx: Context, path: Path, *, max_bytes: int | None = None) -> ExportResult:
    """Write every pending entry, and the copies waiting for the hub, to signed files for a USB stick.

    Without papers and within ``max_bytes`` (None: no limit) it is one ``hsmc-sync/1`` file, as before
    papers travelled. Otherwise ``hsmc-sync-part/1`` parts, ``path``, ``path.part2``…, each at most
    ``max_bytes`` and each importable alone (:mod:`counter_app.sync.parts`); older parts of the same name
    beyond the new count are removed. The entries and copies stay waiting until the hub's answer file is
    imported (or a round sends them online: the hub stores each once either way).

    Which copies: every current copy not yet sent with its sha256 nor set aside, from the offset the hub
    last said it holds (all pending events travel in the export, so the online rule "its dossier's events
    first" holds). A copy whose file no longer matches its sha256 stays behind (the online path sets it
    aside); so does one beyond :data:`MAX_PAPER_BYTES`.
    """
    if max_bytes is not None and max_bytes < MIN_PART_BYTES:
        raise InvalidInput("sync.max_bytes", minimum=MIN_PART_BYTES, value=max_bytes)
    now = ctx.now()
    with ctx.db.write() as session:  # keys made if need be; what to export read in one snapshot
        state = sync_state(session)
        office = current_office(session)
        signing.ensure_keys(session, ctx.actor, now, office)
        assert office.signing_key is not None
        signing_key = office.signing_key
        device_id, epoch, cursor = state.device_id, state.epoch, state.cursor
        rows = session.execute(
            select(OutboxEntry.uid, OutboxEntry.topic, OutboxEntry.payload, OutboxEntry.attempts)
            .where(OutboxEntry.state == "pending")
            .order_by(OutboxEntry.id)
        ).all()
        found = _waiting_copies(session)
    attempts = {uid: n for uid, _, _, n in rows}
    items = [(_dossier_of(payload), PushItem(uid, topic, sendable(payload))) for uid, topic, payload, _ in rows]
    batch = batch_id(device_id, epoch, [(uid, n) for uid, _, _, n in rows])
    store = paper_rows.store_of(ctx)
    copies = [copy for copy in (_readable(store, *row) for row in found) if copy is not None]
    files: list[Path] = []
    size = 0
    legacy = None
    if not copies:
        content = SyncFile(device_id, batch, now, cursor, epoch, tuple(item for _, item in items))
        legacy = build_sync_file(content, signing_key)
    if legacy is not None and (max_bytes is None or len(legacy) <= max_bytes):
        _write_atomically(path, legacy)
        files, size, export, carried = [path], len(legacy), batch, 0
    else:
        export = str(uuid.uuid4())
        template = PartHeader(device_id, export, MAX_PARTS, MAX_PARTS, batch, now, cursor, epoch, (), ())
        try:
            plan = plan_parts(template, items, copies, max_bytes)
        except PartTooSmall as exc:
            raise InvalidInput(exc.code, limit=max_bytes, **exc.params) from None
        carried = len({piece.copy.sha256 for part in plan for piece in part.pieces})
        for number, part in enumerate(plan, start=1):
            header = replace(
                template,
                part=number,
                parts=len(plan),
                batch=batch_id(device_id, epoch, [(i.uid, attempts[i.uid]) for i in part.items]),
                items=tuple(part.items),
                pieces=tuple(piece_of(p) for p in part.pieces),
            )
            target = part_path(path, number)
            try:
                size += write_part(target, build_part_header(header, signing_key), part.pieces)
            except OSError as exc:
                raise InvalidInput("output.unwritable", path=str(target), reason=exc.strerror or str(exc)) from exc
            files.append(target)
    _remove_stale_parts(path, len(files))
    with ctx.db.write() as session:
        audit.record(
            session,
            ctx.actor,
            now,
            "sync.export",
            entity="outbox",
            entity_id=export,
            details={"items": len(rows), "cursor": cursor, "file": path.name, "files": len(files), "papers": carried},
        )
    return ExportResult(path, export, len(rows), cursor, tuple(files), carried, size)


def _dossier_of(payload: object) -> str:
    """The dossier code an outbox body names (events and ratings both carry it)."""
    code = payload.get("dossier_code") if isinstance(payload, dict) else None
    return code if isinstance(code, str) else ""


def _waiting_copies(session: Session) -> list[tuple[str, int, str, int, int]]:
    """(dossier code, paper, sha256, bytes, offset the hub holds) of every copy waiting for the hub."""
    held = (
        select(PaperUpload.offset)
        .where(
            PaperUpload.copy_id == PaperCopy.id,
            PaperUpload.sha256 == PaperCopy.sha256,
            PaperUpload.state == "waiting",
        )
        .scalar_subquery()
    )
    found = session.execute(
        select(Dossier.code, PaperCopy.position, PaperCopy.sha256, PaperCopy.bytes, func.coalesce(held, 0))
        .join(Dossier, Dossier.id == PaperCopy.dossier_id)
        .where(unsent_copies())
        .order_by(PaperCopy.id)
    ).all()
    return [(code, position, sha, size, offset) for code, position, sha, size, offset in found]


def _readable(store: BlobStore, code: str, paper: int, sha256: str, size: int, offset: int) -> WaitingCopy | None:
    """The copy to carry, if its file is whole (hashed in chunks) and within the wire's bounds."""
    if not 0 < size <= MAX_PAPER_BYTES:
        return None
    try:
        if not store.exists(sha256):
            return None
        file = store.path(sha256)
        if file.stat().st_size != size or range_digest(file, 0, size) != sha256:
            log.warning("copy %s of %s paper %s no longer matches its sha256: not exported", sha256, code, paper)
            return None
    except (OSError, ValueError, ProtocolError):
        return None
    return WaitingCopy(code, paper, sha256, size, file, offset if 0 <= offset < size else 0)


def _remove_stale_parts(path: Path, count: int) -> None:
    """``path.partN`` files beyond the export just written (an earlier, longer export), so the stick holds
    this export only."""
    prefix = f"{path.name}.part"
    with contextlib.suppress(OSError):
        for stale in path.parent.iterdir():
            number = stale.name.removeprefix(prefix)
            if stale.name.startswith(prefix) and number.isdigit() and int(number) > count and stale.is_file():
                with contextlib.suppress(OSError):
                    stale.unlink()


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InvalidInput("output.unwritable", path=str(path), reason=exc.strerror or str(exc)) from exc


def import_sync_answer(ctx: Context, path: Path) -> ImportResult:
    """Apply the hub's signed answer file: its results as a push answer, its changes as a pull page,
    in one transaction. A file not signed by the enrolled hub, or meant for another PC, changes nothing.
    """
    try:
        data = read_capped(path)  # inflated in chunks, refused past the cap: a gzip bomb never fills memory
    except OSError as exc:
        raise InvalidInput("sync.file_unreadable", reason=f"{path}: {exc.strerror or exc}") from exc
    now = ctx.now()
    tally = Tally()
    with ctx.db.write() as session:
        state = sync_state(session)
        answer = read_sync_answer(data, state.hub_public_key)
        if answer.device_id != state.device_id:
            raise InvalidInput("sync.file_other_device", device_id=answer.device_id)
        after: int | None = None if answer.reset else state.cursor
        if answer.epoch != state.epoch:
            state.epoch = answer.epoch
            state.cursor = 0
            after = None
        if after is None:
            requeue_sent(session)  # any reset: the hub may lack what it answered "ok" for before
        pushed, quarantined = apply_results(session, answer.results, now)
        papers_sent, papers_set_aside = _apply_papers(session, answer, now)
        apply_changes(ctx, session, answer.changes, tally, after=after)
        # After a reset the hub's numbering is the truth, even below the old cursor (a restored hub).
        state.cursor = answer.next if answer.reset else max(state.cursor, answer.next)
        state.last_success_at = now
        audit.record(
            session,
            ctx.actor,
            now,
            "sync.import_answer",
            entity="outbox",
            entity_id=answer.batch,
            details={
                "pushed": pushed,
                "quarantined": quarantined,
                "pulled": tally.pulled,
                "papers_sent": papers_sent,
                "papers_set_aside": papers_set_aside,
            },
        )
        waiting = count_entries(session, "pending")
    return ImportResult(
        answer.batch, pushed, quarantined, tally.pulled, waiting, tally.conflicts, papers_sent, papers_set_aside
    )


def _uploads_of(session: Session, code: str, paper: int, sha256: str, now: datetime) -> list[PaperUpload]:
    """The upload rows of every copy of paper ``paper`` of dossier ``code`` with this sha256 (made if need be)."""
    copies = session.execute(
        select(PaperCopy.id, PaperCopy.dossier_id, PaperCopy.bytes)
        .join(Dossier, Dossier.id == PaperCopy.dossier_id)
        .where(Dossier.code == code, PaperCopy.position == paper, PaperCopy.sha256 == sha256)
    ).all()
    rows = []
    for copy_id, dossier_id, size in copies:
        row = session.scalars(
            select(PaperUpload).where(PaperUpload.copy_id == copy_id, PaperUpload.sha256 == sha256)
        ).one_or_none()
        if row is None:
            row = PaperUpload(
                copy_id=copy_id,
                dossier_id=dossier_id,
                position=paper,
                sha256=sha256,
                bytes=size,
                state="waiting",
                offset=0,
                attempts=0,
                created_at=now,
            )
            session.add(row)
        rows.append(row)
    session.flush()
    return rows


def _reason(code: str, params: dict[str, object]) -> str:
    """A stored reason, as hub_sync.papers stores the online path's (a message code and its parameters)."""
    return json.dumps({"code": code, "params": params}, ensure_ascii=False)[:1000]


def _apply_papers(session: Session, answer: SyncAnswer, now: datetime) -> tuple[int, int]:
    """The answer's papers: held ones marked sent, partly held ones given the hub's offset (where the next
    export and the next online round resume), refused ones set aside as the online path would. Returns
    (marked sent, set aside)."""
    sent = set_aside = 0
    for held in answer.papers:
        for row in _uploads_of(session, held.dossier_code, held.paper, held.sha256, now):
            if row.state != "sent":
                row.state, row.offset, row.sent_at = "sent", row.bytes, now
                row.last_error, row.next_attempt_at = None, None
                sent += 1
    for part in answer.uploads:
        for row in _uploads_of(session, part.dossier_code, part.paper, part.sha256, now):
            if row.state == "waiting":
                row.offset = part.offset  # the hub's offset is the truth, lower too (it discarded a copy)
                row.url = None  # the next online round asks the hub (creation answers the same upload)
    for refused in answer.refused:
        for row in _uploads_of(session, refused.dossier_code, refused.paper, refused.sha256, now):
            if row.state != "waiting":
                continue
            row.attempts += 1
            if refused.error in NOT_YET:  # the hub lacks the dossier yet, or the quota is full: it waits
                code = "paper.dossier_unknown" if refused.error == "dossier_unknown" else "paper.quota"
                row.last_error = _reason(code, {"code": refused.dossier_code, "message": refused.reason})
                continue
            code = SET_ASIDE_CODES.get(refused.error, "paper.refused")
            row.state, row.sent_at = "set_aside", now
            row.last_error = _reason(code, {"error": refused.error, "message": refused.reason})
            set_aside += 1
    return sent, set_aside
