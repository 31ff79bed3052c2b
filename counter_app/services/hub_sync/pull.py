"""Pull: the hub's changes after the cursor, each applied in a savepoint (one that fails is a conflict)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.errors import DomainError, InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent
from counter_app.domain.notices import NoticeKind
from counter_app.domain.text import sanitize
from counter_app.domain.values import Role
from counter_app.services import audit, catalogue, events, notices, users
from counter_app.services.context import Actor, Context
from counter_app.services.errors import NotFound
from counter_app.services.hub_sync.push import requeue_sent
from counter_app.services.hub_sync.state import Tally, clock_offset, sync_state
from counter_app.services.office import current_office
from counter_app.storage.models import (
    CalendarOverride,
    Dossier,
    DossierEvent,
    Notice,
    Office,
    SyncConflict,
    WorkstationKey,
)
from counter_app.sync.client import HubClient
from counter_app.sync.protocol import (
    Change,
    ProtocolError,
    b64decode,
    parse_time,
)

HUB = Actor(None, "hub", "system")  # what came down from the hub is recorded under this name
_CALENDAR_KINDS = {"holiday": "holiday", "working": "working_day", "working_day": "working_day"}
_FINISHING = frozenset({EventKind.RETURNED, EventKind.REFUSED, EventKind.WITHDRAWN, EventKind.STOPPED})


# ----------------------------------------------------------------------------- pull


def pull_all(ctx: Context, hub: HubClient, tally: Tally) -> None:
    """Pull pages until ``more`` is false (entries a reset puts back go up in the round's last push)."""
    resets = 0
    while True:
        with ctx.db.read() as session:
            state = sync_state(session)
            cursor, epoch = state.cursor, state.epoch
        page = hub.changes(cursor, epoch)
        if page.reset or page.epoch != epoch:
            resets += 1
            if resets > 2:
                raise ProtocolError("sync.protocol", reason="the hub keeps answering reset after a snapshot")
            snapshot = hub.snapshot()
            with ctx.db.write() as session:
                state = sync_state(session)
                # Any reset (a new epoch, or a cursor beyond the hub's history: a restored backup) means the
                # hub may lack what it once answered "ok" for: everything goes again, deduplicated by UID.
                requeue_sent(session)
                state.epoch = snapshot.epoch
                apply_changes(ctx, session, snapshot.changes, tally, after=None)
                state.cursor = snapshot.next
                state.clock_offset_seconds = clock_offset(snapshot.server_time, ctx.now())
            continue
        with ctx.db.write() as session:
            state = sync_state(session)
            apply_changes(ctx, session, page.changes, tally, after=state.cursor)
            state.cursor = max(state.cursor, page.next)
            state.clock_offset_seconds = clock_offset(page.server_time, ctx.now())
        if not page.more or not page.changes:
            return


def apply_changes(
    ctx: Context, session: Session, changes: Iterable[Change], tally: Tally, *, after: int | None
) -> None:
    """Apply changes (those after ``after`` only, when given) in the caller's transaction.

    Each change runs in a savepoint: one that cannot be applied is rolled back alone and recorded as a
    ``sync_conflict`` with the reason.
    """
    office = current_office(session)
    now = ctx.now()
    for change in changes:
        if after is not None and change.seq <= after:
            continue
        try:
            with session.begin_nested():
                _apply_change(session, office, change, now)
        except (DomainError, KeyError, ValueError, TypeError, IntegrityError) as exc:
            reason = str(exc) if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
            session.add(
                SyncConflict(
                    change_seq=change.seq,
                    topic=change.topic[:40],
                    body=dict(change.body),
                    reason=reason[:1000],
                    created_at=now,
                )
            )
            tally.conflicts += 1
        tally.pulled += 1


_Handler = Callable[[Session, Office, Mapping[str, Any], datetime, int], None]


def _apply_change(session: Session, office: Office, change: Change, now: datetime) -> None:
    handler = _HANDLERS.get(change.topic)
    if handler is None:
        raise InvalidInput("sync.unknown_topic", topic=change.topic)
    handler(session, office, change.body, now, change.seq)


def _catalogue(session: Session, _office: Office, body: Mapping[str, Any], now: datetime, _seq: int) -> None:
    catalogue.load_data_into(session, HUB, now, body, None)


def _agencies(session: Session, _office: Office, body: Mapping[str, Any], now: datetime, _seq: int) -> None:
    catalogue.load_data_into(session, HUB, now, None, body)


def _calendar(session: Session, _office: Office, body: Mapping[str, Any], now: datetime, _seq: int) -> None:
    """The hub's full list replaces the overrides it sent before; a day typed in here stays as typed."""
    entries = body["overrides"]
    if not isinstance(entries, list):
        raise InvalidInput("sync.malformed", topic="calendar", field="overrides")
    parsed: dict[date, tuple[str, str]] = {}
    for entry in entries:
        kind = _CALENDAR_KINDS.get(str(entry["kind"]))
        if kind is None:
            raise InvalidInput("sync.malformed", topic="calendar", field="kind")
        parsed[date.fromisoformat(str(entry["day"]))] = (kind, sanitize(str(entry.get("note") or ""))[:200])
    session.execute(delete(CalendarOverride).where(CalendarOverride.source == "hub"))
    local_days = set(session.scalars(select(CalendarOverride.day)))
    for day, (kind, note) in sorted(parsed.items()):
        if day not in local_days:
            session.add(CalendarOverride(day=day, kind=kind, note=note, source="hub", created_at=now))
    audit.record(session, HUB, now, "calendar.sync", entity="calendar", details={"overrides": len(parsed)})


def _user(session: Session, _office: Office, body: Mapping[str, Any], now: datetime, _seq: int) -> None:
    users.apply_remote(
        session,
        HUB,
        now,
        username=str(body["username"]),
        full_name=str(body.get("full_name") or body["username"]),
        role=Role(str(body["role"])),
        password_hash=str(body["password_hash"]),
        active=bool(body.get("active", True)),
        title=None if body.get("title") is None else str(body["title"]),
    )


def _workstation_key(session: Session, _office: Office, body: Mapping[str, Any], now: datetime, _seq: int) -> None:
    workstation = body["workstation"]
    if not isinstance(workstation, int) or not 1 <= workstation <= 9:
        raise InvalidInput("sync.malformed", topic="workstation_key", field="workstation")
    key = b64decode(str(body["public_key"]), "public_key")
    if len(key) != 32:
        raise InvalidInput("sync.malformed", topic="workstation_key", field="public_key")
    session.merge(
        WorkstationKey(workstation=workstation, device_uid=str(body["device_uid"]), public_key=key, updated_at=now)
    )


def _dossier_event(session: Session, office: Office, body: Mapping[str, Any], now: datetime, _seq: int) -> None:
    """An upstream event: appended to the history (no outbox entry) under the hub's event UID."""
    uid = str(body["event_uid"])
    if session.scalar(select(DossierEvent.id).where(DossierEvent.uid == uid)) is not None:
        return  # ours coming back, or delivered before
    dossier = session.scalar(select(Dossier).where(Dossier.uid == str(body["dossier_uid"])))
    code = str(body.get("dossier_code") or "")
    if dossier is None and code:
        dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None:
        if code and parse_dossier_code(code).workstation != office.workstation:
            return  # another PC's dossier: that PC holds it
        raise NotFound("sync.unknown_dossier", code=code or str(body["dossier_uid"]))
    try:
        kind = EventKind(str(body["kind"]))
    except ValueError:
        raise InvalidInput("sync.malformed", topic="dossier.event", field="kind") from None
    payload = body.get("payload") or {}
    if not isinstance(payload, Mapping):
        raise InvalidInput("sync.malformed", topic="dossier.event", field="payload")
    at = parse_time(str(body["at"]), "at")
    actor = Actor(None, sanitize(str(body.get("actor") or "hub"))[:100] or "hub", "system")
    event = LifecycleEvent(
        kind, interlinked=bool(payload.get("interlinked", False)), on_request=bool(payload.get("on_request", False))
    )
    first_result = kind is EventKind.RESULT_READY and dossier.resolved_at is None
    events.append_event(
        session, dossier, event, at=at, recorded_at=now, actor=actor, payload=dict(payload), queue=False, uid=uid
    )
    if first_result:
        dossier.resolved_at = at
        # The citizen hears of an upstream result as of one made here: the notice is queued on this PC
        # (its ``notified`` event goes up and the hub relays the SMS). Its UID comes from the upstream
        # event's: a restored counter that applies the result again queues a notice the hub already relayed.
        notices.queue(session, actor, now, office, dossier, NoticeKind.RESULT_READY, cause=uid)
    if kind in _FINISHING:
        dossier.finished_at = at
    audit.record(
        session,
        HUB,
        now,
        "dossier.upstream_event",
        entity="dossier",
        entity_id=dossier.code,
        details={"event": kind.value, "event_uid": uid, "actor": actor.username},
    )


def _notice_status(session: Session, _office: Office, body: Mapping[str, Any], now: datetime, _seq: int) -> None:
    notice = session.scalar(select(Notice).where(Notice.uid == str(body["notice_uid"])))
    if notice is None:
        return  # queued on another PC of the commune
    state = str(body["state"])
    if state not in ("sent", "failed"):
        raise InvalidInput("sync.malformed", topic="notice.status", field="state")
    notice.state = state
    if state == "sent":
        notice.sent_at = parse_time(str(body["at"]), "at") if body.get("at") else now


_HANDLERS: dict[str, _Handler] = {
    "catalogue": _catalogue,
    "agencies": _agencies,
    "calendar": _calendar,
    "user": _user,
    "workstation_key": _workstation_key,
    "dossier.event": _dossier_event,
    "notice.status": _notice_status,
}
