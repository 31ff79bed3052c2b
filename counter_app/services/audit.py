"""The audit trail: who did what, when, hash-chained so later tampering shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.audit import GENESIS, chain_hash, first_break
from counter_app.services.context import Actor, Context
from counter_app.storage.models import AuditEntry


def _content(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "user_id": entry.user_id,
        "username": entry.username,
        "source": entry.source,
        "os_user": entry.os_user,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "details": entry.details,
    }


def record(
    session: Session,
    actor: Actor,
    at: datetime,
    action: str,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one entry in the caller's unit of work (so it commits or rolls back with the change)."""
    prev = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS
    entry = AuditEntry(
        at=at.astimezone(UTC),  # the hash covers the stored (UTC) form
        user_id=actor.user_id,
        username=actor.username,
        source=actor.source,
        os_user=actor.os_user,
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=details or {},
        prev_hash=prev,
        hash="",
    )
    entry.hash = chain_hash(prev, _content(entry))
    session.add(entry)  # flushed with the unit of work; the next entry's query autoflushes it first


@dataclass(frozen=True)
class AuditCheck:
    entries: int
    intact: bool
    first_broken_id: int | None


def verify(ctx: Context) -> AuditCheck:
    """Walk the whole chain and report the first entry that does not chain."""
    with ctx.db.read() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        broken = first_break((_content(e), e.prev_hash, e.hash) for e in entries)
        return AuditCheck(len(entries), broken is None, None if broken is None else entries[broken].id)


def count(ctx: Context, action: str | None = None) -> int:
    with ctx.db.read() as session:
        query = select(func.count()).select_from(AuditEntry)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        return session.scalar(query) or 0
