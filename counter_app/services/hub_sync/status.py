"""What the status bar shows, and the quarantined entries with the hub's reasons."""

from __future__ import annotations

from sqlalchemy import func, select

from counter_app import messages
from counter_app.services import audit
from counter_app.services.context import Context
from counter_app.services.errors import NotFound
from counter_app.services.hub_sync.papers import paper_error, set_aside_count
from counter_app.services.hub_sync.papers import waiting_counts as papers_waiting_in
from counter_app.services.hub_sync.state import QuarantinedItem, SyncStatus, count_entries, decode_error
from counter_app.storage.models import (
    OutboxEntry,
    SyncConflict,
    SyncState,
)

CLOCK_TOLERANCE_SECONDS = 300.0  # a PC clock more than 5 minutes off is shown to the clerk
OFFLINE_CODES = frozenset({"sync.offline", "sync.server_error"})

# ----------------------------------------------------------------------------- status


def status(ctx: Context) -> SyncStatus:
    """The sync state for the status bar: one row and a few indexed counts (cheap enough to poll)."""
    with ctx.db.read() as session:
        waiting, quarantined = count_entries(session, "pending"), count_entries(session, "quarantined")
        conflicts = session.scalar(select(func.count()).select_from(SyncConflict)) or 0
        state = session.get(SyncState, 1)
        papers, paper_bytes = papers_waiting_in(session)
        set_aside = set_aside_count(session)
        if state is None:
            return SyncStatus(
                False, None, None, waiting, quarantined, None, None, None, False, None, False, False,
                papers_waiting=papers, paper_bytes_waiting=paper_bytes, papers_set_aside=set_aside,
            )  # fmt: skip
        code, params = decode_error(state.last_error)
        offset = state.clock_offset_seconds
        return SyncStatus(
            enrolled=True,
            server=state.server_url,
            commune=f"{state.commune_name} ({state.commune_code})",
            waiting=waiting,
            quarantined=quarantined,
            last_success_at=state.last_success_at,
            last_error=None if code is None else messages.message(code, params),
            next_attempt_at=state.next_attempt_at,
            revoked=state.revoked,
            clock_offset_seconds=offset,
            clock_wrong=offset is not None and abs(offset) > CLOCK_TOLERANCE_SECONDS,
            online=state.last_attempt_at is not None and code not in OFFLINE_CODES,
            error_code=code,
            conflicts=conflicts,
            failures=state.failures,
            papers_waiting=papers,
            paper_bytes_waiting=paper_bytes,
            papers_set_aside=set_aside,
            paper_error=paper_error(session),
        )


# ----------------------------------------------------------------------------- quarantine


def quarantine(ctx: Context) -> list[QuarantinedItem]:
    """Entries the hub refused (conflict or rejected), oldest first, with the hub's reason."""
    with ctx.db.read() as session:
        rows = session.scalars(
            select(OutboxEntry).where(OutboxEntry.state == "quarantined").order_by(OutboxEntry.id)
        ).all()
        found = []
        for entry in rows:
            status_text, _, reason = (entry.last_error or "").partition(": ")
            payload = entry.payload
            code = payload.get("dossier_code")
            found.append(
                QuarantinedItem(
                    uid=entry.uid,
                    topic=entry.topic,
                    dossier_code=code if isinstance(code, str) else None,
                    kind=str(payload.get("kind") or entry.topic),
                    status=status_text or "rejected",
                    reason=reason,
                    at=entry.sent_at,
                    created_at=entry.created_at,
                )
            )
        return found


def retry_quarantined(ctx: Context, uid: str | None = None) -> int:
    """Put one quarantined entry (or all of them) back to pending, e.g. after the hub's operator fixed
    the cause; returns how many. NotFound("sync.not_quarantined") for an unknown ``uid``."""
    now = ctx.now()
    with ctx.db.write() as session:
        query = select(OutboxEntry).where(OutboxEntry.state == "quarantined")
        if uid is not None:
            query = query.where(OutboxEntry.uid == uid.strip())
        entries = session.scalars(query).all()
        if uid is not None and not entries:
            raise NotFound("sync.not_quarantined", uid=uid)
        for entry in entries:
            entry.state = "pending"
            entry.last_error = None
            entry.sent_at = None
        if entries:
            audit.record(
                session,
                ctx.actor,
                now,
                "sync.retry",
                entity="outbox",
                entity_id=uid,
                details={"entries": len(entries)},
            )
        state = session.get(SyncState, 1)
        if state is not None and entries:
            state.next_attempt_at = now  # send them at the next chance
        return len(entries)
