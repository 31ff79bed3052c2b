"""Appending to a dossier's history: state machine check, event row, status, outbox — one unit of work."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.lifecycle import EventKind, LifecycleEvent, Status, next_status
from counter_app.services.context import Actor
from counter_app.storage.models import Dossier, DossierEvent, OutboxEntry

PROTOCOL_VERSION = 1


def append_event(
    session: Session,
    dossier: Dossier,
    event: LifecycleEvent,
    *,
    at: datetime,
    recorded_at: datetime,
    actor: Actor,
    payload: dict[str, Any] | None = None,
    snapshot: dict[str, Any] | None = None,
    queue: bool = True,
    uid: str | None = None,
) -> DossierEvent:
    """Apply ``event`` to ``dossier`` (raises IllegalTransition) and queue it for the hub.

    ``snapshot`` carries the dossier's own data on its first event, so the hub can create it.
    An event that came down from the hub is appended with ``queue=False`` (no outbox entry: the hub
    has it) under the hub's event ``uid``.
    """
    # The last number per dossier is kept for the rest of the unit of work (its write lock is held).
    numbers: dict[int, int] = session.info.setdefault("event_seq", {})
    last_seq = numbers.get(dossier.id)
    if last_seq is None:
        last_seq = session.scalar(select(func.max(DossierEvent.seq)).where(DossierEvent.dossier_id == dossier.id))
    current = None if last_seq is None else Status(dossier.status)
    status = next_status(current, event)
    row = DossierEvent(
        uid=uid or str(uuid.uuid4()),
        dossier_id=dossier.id,
        seq=(last_seq or 0) + 1,
        kind=event.kind.value,
        status_after=status.value,
        at=at,
        recorded_at=recorded_at,
        actor_id=actor.user_id,
        actor_name=actor.username,
        payload=payload or {},
    )
    session.add(row)
    numbers[dossier.id] = row.seq
    dossier.status = status.value
    dossier.updated_at = recorded_at
    if event.kind is EventKind.RESULT_READY and dossier.resolved_at is None:
        dossier.resolved_at = at  # the first result: Biểu 06 judges timeliness by it (also for hub events)
    if not queue:
        return row
    message = event_message(dossier, row, snapshot)
    session.add(OutboxEntry(uid=row.uid, topic="dossier.event", payload=message, created_at=recorded_at))
    return row


def event_message(dossier: Dossier, row: DossierEvent, snapshot: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``dossier.event`` body of a history row (docs/sync-protocol.md, Bodies).

    Written to the outbox by :func:`append_event`; sync builds the same body for an upstream event when
    a new hub must receive the whole history.
    """
    message: dict[str, Any] = {
        "v": PROTOCOL_VERSION,
        "event_uid": row.uid,
        "dossier_uid": dossier.uid,
        "dossier_code": dossier.code,
        "seq": row.seq,
        "kind": row.kind,
        "status_after": row.status_after,
        "at": row.at.astimezone(UTC).isoformat(),
        "recorded_at": row.recorded_at.astimezone(UTC).isoformat(),
        "actor": row.actor_name,
        "payload": row.payload,
    }
    if snapshot is not None:
        message["dossier"] = snapshot
    return message
