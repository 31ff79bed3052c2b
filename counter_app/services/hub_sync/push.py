"""Push: the outbox to the hub in batches, bisecting a poison batch, and the history re-sent after a reset."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from counter_app import messages
from counter_app.domain.text import forbidden_character, replace_forbidden
from counter_app.services import events
from counter_app.services.context import Context
from counter_app.services.hub_sync.state import Tally, batch_id, clock_offset, sync_state
from counter_app.services.office import current_office
from counter_app.storage.models import (
    Dossier,
    DossierEvent,
    OutboxEntry,
)
from counter_app.sync.client import HubClient, ServerError, TooLarge
from counter_app.sync.protocol import (
    MAX_BATCH,
    ItemResult,
    PushItem,
)

log = logging.getLogger(__name__)
REPEATS_BEFORE_BISECTING = 3  # the same batch answered 5xx this often in a row: bisect it (docs/sync-protocol.md)


def requeue_sent(session: Session) -> int:
    """Put every ``sent`` entry back to ``pending``: the hub's history was reset (a new epoch, a restored
    backup) and it drops by UID what it already has. Returns how many entries were put back.

    The hub may also lack the events that came down from it (a rebuilt hub, or a backup older than them),
    and it applies a dossier's events in order of arrival. So the upstream events kept here (appended
    without an outbox entry) get one, and the pending entries of their dossiers are written again in the
    dossier's event order (ratings after), keeping their UIDs: the hub receives the whole history in order.
    """
    result = session.execute(
        update(OutboxEntry).where(OutboxEntry.state == "sent").values(state="pending", sent_at=None)
    )
    requeued = int(getattr(result, "rowcount", 0) or 0)
    missing = session.scalars(
        select(DossierEvent.dossier_id)
        .outerjoin(OutboxEntry, OutboxEntry.uid == DossierEvent.uid)
        .where(OutboxEntry.id.is_(None))
        .distinct()
    ).all()
    if not missing:
        return requeued
    affected = session.scalars(select(Dossier).where(Dossier.id.in_(missing)).order_by(Dossier.id)).all()
    dossier_uid = func.json_extract(OutboxEntry.payload, "$.dossier_uid")
    entries: dict[str, list[OutboxEntry]] = {d.uid: [] for d in affected}
    for uid, entry in session.execute(
        select(dossier_uid, OutboxEntry).where(dossier_uid.in_(list(entries))).order_by(OutboxEntry.id)
    ):
        entries[str(uid)].append(entry)
    for dossier in affected:
        requeued += _rewrite_history(session, dossier, entries[dossier.uid])
    return requeued


def _rewrite_history(session: Session, dossier: Dossier, entries: list[OutboxEntry]) -> int:
    """Write the dossier's pending entries again, in its event order with entries for the events that have
    none (upstream ones), then its other entries (ratings); quarantined entries stay as they are.
    Returns how many entries were created."""
    pending = {e.uid: e for e in entries if e.state == "pending"}
    set_aside = {e.uid for e in entries if e.state != "pending"}
    rows = session.scalars(
        select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.seq)
    ).all()
    ordered: list[OutboxEntry] = []
    created = 0
    for row in rows:
        if row.uid in set_aside:
            continue
        kept = pending.pop(row.uid, None)
        if kept is not None:
            ordered.append(_copy_entry(kept))
            continue
        created += 1
        body = events.event_message(dossier, row)
        ordered.append(OutboxEntry(uid=row.uid, topic="dossier.event", payload=body, created_at=row.recorded_at))
    ordered.extend(_copy_entry(e) for e in pending.values())  # ratings, in their outbox order
    for entry in entries:
        if entry.state == "pending":
            session.delete(entry)
    session.flush()
    session.add_all(ordered)
    session.flush()
    return created


def _copy_entry(entry: OutboxEntry) -> OutboxEntry:
    """The same pending entry (UID, body, answered deliveries) under a new, later outbox id."""
    return OutboxEntry(
        uid=entry.uid,
        topic=entry.topic,
        payload=entry.payload,
        state="pending",
        attempts=entry.attempts,
        last_error=None,
        created_at=entry.created_at,
        sent_at=None,
    )


# ----------------------------------------------------------------------------- push


def push_all(ctx: Context, hub: HubClient, tally: Tally) -> None:
    trouble = tally.trouble
    size = trouble.size  # MAX_BATCH, or the size of the batch the hub last failed on
    while True:
        with ctx.db.read() as session:
            state = sync_state(session)
            device_id, epoch = state.device_id, state.epoch
            rows = session.execute(
                select(OutboxEntry.uid, OutboxEntry.topic, OutboxEntry.payload, OutboxEntry.attempts)
                .where(OutboxEntry.state == "pending")
                .order_by(OutboxEntry.id)
                .limit(size)
            ).all()
        if not rows:
            trouble.clear()
            return
        items = [PushItem(uid, topic, sendable(payload)) for uid, topic, payload, _ in rows]
        key = batch_id(device_id, epoch, [(uid, attempts) for uid, _, _, attempts in rows])
        try:
            answer = hub.push(items, key, device_time=ctx.now())
        except TooLarge:
            if len(rows) > 1:
                size = max(1, len(rows) // 2)
                continue
            # One item alone is too large: set it aside so it does not block the queue.
            result = ItemResult(rows[0][0], "rejected", messages.message("sync.too_large", {}, "en"))
            with ctx.db.write() as session:
                apply_results(session, [result], ctx.now())
            continue
        except ServerError as exc:
            repeats = trouble.repeats + 1 if trouble.batch == key else 1
            if len(rows) > 1 and (trouble.bisecting or repeats >= REPEATS_BEFORE_BISECTING):
                # The same batch failed again and again (or it is half of one that did): halve it now.
                log.warning("hub error %s on a batch of %d, %d times: bisecting", exc.status, len(rows), repeats)
                size = len(rows) // 2
                trouble.batch, trouble.size, trouble.repeats, trouble.bisecting = None, size, 0, True
                continue
            trouble.batch, trouble.size, trouble.repeats = key, len(rows), repeats
            if len(rows) == 1 and repeats >= REPEATS_BEFORE_BISECTING:
                _set_aside_failing_item(ctx, hub, rows[0][0], exc.status, repeats)
                trouble.clear()
                size = MAX_BATCH
                continue
            raise
        now = ctx.now()
        with ctx.db.write() as session:
            tally.pushed += apply_results(session, answer.results, now)[0]
            state = sync_state(session)
            state.clock_offset_seconds = clock_offset(answer.server_time, now)
        if not trouble.bisecting:
            size = MAX_BATCH  # the batch that failed before went through: full batches again
        trouble.batch, trouble.repeats = None, 0


def sendable(value: Any) -> Any:
    """An outbox body as it travels: any character the text rule refuses (a NUL no PostgreSQL text can hold,
    a lone surrogate no UTF-8 can carry…), which an older version let in, becomes U+FFFD; every other
    string is sent exactly as stored (same body, same hash at the hub). Deterministic: a resent body is
    the same body."""
    if isinstance(value, str):
        return value if forbidden_character(value) is None else replace_forbidden(value)
    if isinstance(value, dict):
        return {sendable(k): sendable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [sendable(v) for v in value]
    return value


def _set_aside_failing_item(ctx: Context, hub: HubClient, uid: str, status: int, repeats: int) -> None:
    """Quarantine the one item the hub answers 5xx to, alone, again and again — if the hub is up: it must
    answer a read first (a hub or database that is down fails that too, and nothing is set aside)."""
    with ctx.db.read() as session:
        state = sync_state(session)
        cursor, epoch = state.cursor, state.epoch
    hub.changes(cursor, epoch, limit=1)  # raises Offline / ServerError when the hub itself is in trouble
    reason = messages.message("sync.item_server_error", {"status": status, "repeats": repeats})
    log.warning("hub error %s on outbox item %s alone, %d times: set aside", status, uid, repeats)
    with ctx.db.write() as session:
        apply_results(session, [ItemResult(uid, "server_error", reason)], ctx.now())


def apply_results(session: Session, results: Sequence[ItemResult], now: datetime) -> tuple[int, int]:
    """Mark entries by the hub's per-item answer; returns (ok, quarantined). Sets first_synced_at.

    The "ok" entries (nearly all) are marked with one UPDATE per 500; the others one by one, with their reason.
    """
    ok_uids = [r.uid for r in results if r.status == "ok"]
    ok = quarantined = 0
    for start in range(0, len(ok_uids), 500):
        marked = session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.uid.in_(ok_uids[start : start + 500]), OutboxEntry.state == "pending")
            .values(state="sent", attempts=OutboxEntry.attempts + 1, sent_at=now, last_error=None)
        )
        ok += int(getattr(marked, "rowcount", 0) or 0)
    refused = {r.uid: r for r in results if r.status != "ok"}
    for entry in session.scalars(select(OutboxEntry).where(OutboxEntry.uid.in_(list(refused)))) if refused else ():
        if entry.state != "pending":
            continue
        result = refused[entry.uid]
        entry.attempts += 1
        entry.sent_at = now
        entry.state = "quarantined"
        entry.last_error = f"{result.status}: {result.reason or ''}"[:1000]
        quarantined += 1
    if ok:
        office = current_office(session)
        if office.first_synced_at is None:
            office.first_synced_at = now  # receipts stop saying "pending sync"
    return ok, quarantined
