"""Sneakernet: the outbox to a signed file for a USB stick, and the hub's answer file applied."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from counter_app.domain.errors import InvalidInput
from counter_app.services import audit, signing
from counter_app.services.context import Context
from counter_app.services.hub_sync.pull import apply_changes
from counter_app.services.hub_sync.push import apply_results, requeue_sent, sendable
from counter_app.services.hub_sync.state import ExportResult, ImportResult, Tally, batch_id, count_entries, sync_state
from counter_app.services.office import current_office
from counter_app.storage.models import OutboxEntry
from counter_app.sync.inflate import read_file as read_capped
from counter_app.sync.protocol import (
    PushItem,
    SyncFile,
    build_sync_file,
    read_sync_answer,
)

# ----------------------------------------------------------------------------- sneakernet


def export_sync(ctx: Context, path: Path) -> ExportResult:
    """Write every pending entry to a signed ``hsmc-sync/1`` file for the hub (USB stick).

    The entries stay pending until the hub's answer file is imported (or a round sends them online:
    the hub stores each once by UID either way).
    """
    now = ctx.now()
    with ctx.db.write() as session:
        state = sync_state(session)
        office = current_office(session)
        signing.ensure_keys(session, ctx.actor, now, office)
        assert office.signing_key is not None
        rows = session.execute(
            select(OutboxEntry.uid, OutboxEntry.topic, OutboxEntry.payload, OutboxEntry.attempts)
            .where(OutboxEntry.state == "pending")
            .order_by(OutboxEntry.id)
        ).all()
        batch = batch_id(state.device_id, state.epoch, [(uid, attempts) for uid, _, _, attempts in rows])
        content = SyncFile(
            device_id=state.device_id,
            batch=batch,
            created_at=now,
            cursor=state.cursor,
            epoch=state.epoch,
            items=tuple(PushItem(uid, topic, sendable(payload)) for uid, topic, payload, _ in rows),
        )
        data = build_sync_file(content, office.signing_key)
        _write_atomically(path, data)
        audit.record(
            session,
            ctx.actor,
            now,
            "sync.export",
            entity="outbox",
            entity_id=batch,
            details={"items": len(rows), "cursor": state.cursor, "file": path.name},
        )
        return ExportResult(path, batch, len(rows), state.cursor)


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
            details={"pushed": pushed, "quarantined": quarantined, "pulled": tally.pulled},
        )
        waiting = count_entries(session, "pending")
    return ImportResult(answer.batch, pushed, quarantined, tally.pulled, waiting, tally.conflicts)
