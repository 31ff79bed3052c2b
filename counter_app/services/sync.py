"""Sync with the hub: what enrolment, a round and a sneakernet file do to the local database.

The wire format and the HTTP client are in :mod:`counter_app.sync`; this module owns the local side of
docs/sync-protocol.md. Every function takes a :class:`Context` and returns a frozen dataclass.

The GUI polls :func:`status` (cheap: one row and three indexed counts), asks :func:`due` whether to run
a background :func:`run_round`, and lists :func:`quarantine`. Their signatures are stable.

Rules kept here:

- Push: every pending outbox entry, in id order, in gzip batches of at most 500 (halved on 413). A batch's
  idempotency key is derived from its items (uid and answered-delivery count), so the very same batch
  resent after a timeout or a crash carries the same key, with nothing to remember in between. Entries are
  marked ``sent`` / ``quarantined`` only after the hub's answer, all of a batch in one transaction.
- Pull: pages after the cursor, each page and its cursor in one transaction; ``reset`` fetches the
  snapshot, puts every ``sent`` entry back to ``pending`` (a new epoch or a restored backup: the hub may
  lack what it once took) and gives the events that came down from the hub an entry, so that a rebuilt
  hub receives every dossier's whole history in order.
- A change that cannot be applied (an upstream event the local state machine refuses, an invalid
  catalogue…) becomes a ``sync_conflict`` row and never blocks the cursor.
- Failures: offline, 5xx or a broken answer → nothing is marked, ``failures`` grows and the next attempt
  waits for the back-off; 401 → ``revoked`` (re-enrol), nothing quarantined. Any other exception (a bug)
  is logged with its traceback and recorded as ``sync.internal``, with the same back-off.
- A poison item (one the hub fails on with 5xx every time) must not block the queue behind it: when the
  very same batch (same idempotency key) has been answered 5xx :data:`REPEATS_BEFORE_BISECTING` times in a
  row, it is bisected at once, in the same round: each half goes under its own content-derived key, a
  half that passes is marked as usual, a half that fails is halved again. The one item left is sent alone
  in the next rounds (the back-off still applies); answered 5xx alone that many times too, and the hub
  answering a read meanwhile (so it is up, not down), it is quarantined as ``server_error`` with the
  reason, and the rest goes on. Which batch failed, its size, how often and whether a bisection is under
  way are kept with the error in ``SyncState.last_error`` (its parameters ``batch``, ``size``, ``repeats``,
  ``bisect``), so they survive a restart and a connection the hub dropped after its 500.
  Offline and timeouts never bisect anything: they are retried with the back-off, forever.
"""

from __future__ import annotations

import json
import logging
import random
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app import messages
from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.errors import DomainError, InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent
from counter_app.domain.notices import NoticeKind
from counter_app.domain.text import clean, forbidden_character, replace_forbidden, sanitize
from counter_app.domain.values import Role
from counter_app.services import audit, catalogue, events, notices, signing, users
from counter_app.services.context import Actor, Context
from counter_app.services.errors import NotFound, Refused
from counter_app.services.office import current_office
from counter_app.storage.models import (
    CalendarOverride,
    Dossier,
    DossierEvent,
    Notice,
    Office,
    OutboxEntry,
    SyncConflict,
    SyncState,
    WorkstationKey,
)
from counter_app.sync import backoff
from counter_app.sync.client import HubClient, Offline, ServerError, TooLarge, Unauthorized
from counter_app.sync.client import Refused as HubRefused
from counter_app.sync.inflate import read_file as read_capped
from counter_app.sync.protocol import (
    MAX_BATCH,
    Change,
    EnrollRequest,
    ItemResult,
    ProtocolError,
    PushItem,
    SyncFile,
    b64decode,
    build_sync_file,
    parse_time,
    read_sync_answer,
)

log = logging.getLogger(__name__)
POLL_INTERVAL = timedelta(seconds=60)  # after a good round, ask the hub again this much later
_LONGEST_WAIT = timedelta(seconds=backoff.MAX_DELAY) + POLL_INTERVAL  # a longer wait: the clock moved
CLOCK_TOLERANCE_SECONDS = 300.0  # a PC clock more than 5 minutes off is shown to the clerk
HUB = Actor(None, "hub", "system")  # what came down from the hub is recorded under this name
_BATCH_NAMESPACE = uuid.UUID("6f1c2b0e-3d4a-4f7e-9a51-5c8e2d7b9f30")
_CALENDAR_KINDS = {"holiday": "holiday", "working": "working_day", "working_day": "working_day"}
_FINISHING = frozenset({EventKind.RETURNED, EventKind.REFUSED, EventKind.WITHDRAWN, EventKind.STOPPED})
_OFFLINE_CODES = frozenset({"sync.offline", "sync.server_error"})
REPEATS_BEFORE_BISECTING = 3  # the same batch answered 5xx this often in a row: bisect it (docs/sync-protocol.md)


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class EnrollResult:
    server_url: str
    device_id: str
    commune_code: str
    commune_name: str
    lookup_url_base: str  # what receipts carry from now on (unless the office had its own)
    epoch: str
    clock_offset_seconds: float
    re_enrolled: bool  # this PC was enrolled before (new credential, history kept)
    requeued: int  # sent entries put back to pending because the hub's epoch changed


@dataclass(frozen=True)
class SyncReport:
    """The outcome of one round.

    ``pushed``: entries the hub took this round; ``pulled``: changes applied; ``waiting`` and
    ``quarantined``: entries pending / set aside now (totals). ``online``: the hub itself answered
    (False when it could not be reached, timed out or answered 5xx). ``error``: a message code
    (``sync.offline``, ``sync.revoked``, …) or None; ``message`` its sentence in the current language.
    """

    pushed: int
    pulled: int
    waiting: int
    quarantined: int
    online: bool
    error: str | None
    message: str | None = None
    conflicts: int = 0  # hub changes set aside this round (sync_conflict rows)


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar and ``sync-status`` show; see :func:`status`."""

    enrolled: bool
    server: str | None
    commune: str | None  # "Name (code)"
    waiting: int
    quarantined: int
    last_success_at: datetime | None
    last_error: str | None  # a sentence in the current language
    next_attempt_at: datetime | None
    revoked: bool
    clock_offset_seconds: float | None  # hub minus PC
    clock_wrong: bool  # |offset| > 5 minutes
    online: bool  # the last round reached the hub
    error_code: str | None = None
    conflicts: int = 0
    failures: int = 0


@dataclass(frozen=True)
class QuarantinedItem:
    uid: str
    topic: str
    dossier_code: str | None
    kind: str  # the event kind, or the topic for other items
    status: str  # conflict | rejected | server_error (the hub failed on it alone, again and again)
    reason: str  # the hub's words
    at: datetime | None  # when the hub answered
    created_at: datetime


@dataclass(frozen=True)
class ExportResult:
    path: Path
    batch: str
    items: int
    cursor: int


@dataclass(frozen=True)
class ImportResult:
    batch: str
    pushed: int
    quarantined: int
    pulled: int
    waiting: int
    conflicts: int


@dataclass
class _Trouble:
    """The push batch the hub last answered 5xx (its key, size and how many times in a row), and whether
    a bisection is under way (a batch failed too often: its halves are halved at their first 5xx).

    Kept in ``SyncState.last_error``'s parameters between failed rounds (a hub may drop the connection
    after a 500, so a bisection can span rounds); forgotten at the first good round."""

    batch: str | None = None
    size: int = MAX_BATCH
    repeats: int = 0
    bisecting: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> _Trouble:
        batch, size, repeats, bisect = (params.get(k) for k in ("batch", "size", "repeats", "bisect"))
        if not (isinstance(batch, str) or bisect is True) or not isinstance(size, int) or not isinstance(repeats, int):
            return cls()
        return cls(
            batch if isinstance(batch, str) else None, min(max(size, 1), MAX_BATCH), max(repeats, 0), bisect is True
        )

    def params(self) -> dict[str, Any]:
        if self.batch is None and not self.bisecting:
            return {}
        return {"batch": self.batch, "size": self.size, "repeats": self.repeats, "bisect": self.bisecting}

    def clear(self) -> None:
        self.batch, self.size, self.repeats, self.bisecting = None, MAX_BATCH, 0, False


@dataclass
class _Tally:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    errors: list[DomainError] = field(default_factory=list)
    trouble: _Trouble = field(default_factory=_Trouble)


# ----------------------------------------------------------------------------- helpers


def _encode_error(code: str, params: Mapping[str, Any]) -> str:
    """``SyncState.last_error``: the message code and its parameters, rendered when shown."""
    short = {k: (v[:300] if isinstance(v, str) else v) for k, v in params.items()}
    return f"{code} {json.dumps(short, ensure_ascii=False, default=str)}"[:1000]


def _decode_error(stored: str | None) -> tuple[str | None, dict[str, Any]]:
    if not stored:
        return None, {}
    code, _, rest = stored.partition(" ")
    try:
        params = json.loads(rest) if rest else {}
    except ValueError:
        params = {"reason": rest}
    return code, params if isinstance(params, dict) else {}


def _state(session: Session) -> SyncState:
    state = session.get(SyncState, 1)
    if state is None:
        raise Refused("sync.not_enrolled")
    return state


def _count(session: Session, state: str) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == state)) or 0


def _requeue_sent(session: Session) -> int:
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


def _clock_offset(server_time: datetime, now: datetime) -> float:
    return round((server_time - now).total_seconds(), 3)


def batch_id(device_id: str, epoch: str, entries: Iterable[tuple[str, int]]) -> str:
    """The idempotency key of a batch of ``(uid, attempts)``: the same batch always gets the same key.

    ``attempts`` counts the hub's answers for an entry, so an entry put back after an answer (retry of a
    quarantined item, a new epoch) travels under a new key, while a batch resent after a timeout does not.
    """
    text = "|".join([device_id, epoch, *(f"{uid}:{attempts}" for uid, attempts in entries)])
    return str(uuid.uuid5(_BATCH_NAMESPACE, text))


def _office_facts(ctx: Context) -> tuple[Office, bytes]:
    """The office row (detached copy of its columns) with a key pair ensured."""
    with ctx.db.write() as session:
        office = current_office(session)
        signing.ensure_keys(session, ctx.actor, ctx.now(), office)
        assert office.public_key is not None
        return office, office.public_key


# ----------------------------------------------------------------------------- enrolment


def enroll(ctx: Context, server_url: str, code: str, client: HubClient | None = None) -> EnrollResult:
    """Enrol this PC at the hub with a one-time code and store the credential.

    Sends the office's device UID, workstation, agency code, name, phone, receipt public key and lookup
    base. Re-enrolment (after a revoke or a lost credential) replaces the credential; if the hub's epoch
    changed, the cursor starts over and ``sent`` entries go back to ``pending``. Raises the client's
    typed errors (``Offline``, ``Refused`` with ``hub.enroll_code``, …) and writes nothing then.
    """
    url = server_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise InvalidInput("sync.server_url", value=server_url)
    one_time = clean(code, "reference")
    if not one_time:
        raise InvalidInput("sync.enroll_code_empty")
    office, public_key = _office_facts(ctx)
    request = EnrollRequest(
        code=one_time,
        device_uid=office.device_uid,
        workstation=office.workstation,
        agency_code=office.agency_code,
        office_name=office.name,
        office_phone=office.phone,
        lookup_url_base=office.lookup_url_base,
        public_key=public_key,
        device_time=ctx.now(),
    )
    hub = client or HubClient(url)
    try:
        answer = hub.enroll(request)
    finally:
        if client is None:
            hub.close()
    now = ctx.now()
    offset = _clock_offset(answer.server_time, now)
    with ctx.db.write() as session:
        office_row = current_office(session)
        state = session.get(SyncState, 1)
        re_enrolled = state is not None
        requeued = 0
        if state is None:
            state = SyncState(id=1, cursor=0, enrolled_at=now, failures=0, revoked=False)
            session.add(state)
        elif state.epoch != answer.epoch:
            requeued = _requeue_sent(session)
            state.cursor = 0
        state.server_url = url
        state.device_id = answer.device_id
        state.token = answer.token
        state.commune_code = answer.commune_code
        state.commune_name = answer.commune_name
        state.hub_public_key = answer.hub_public_key
        state.epoch = answer.epoch
        state.enrolled_at = now
        state.revoked = False
        state.failures = 0
        state.next_attempt_at = None
        state.last_error = None
        state.clock_offset_seconds = offset
        if office_row.lookup_url_base is None:
            office_row.lookup_url_base = answer.lookup_url_base
        audit.record(
            session,
            ctx.actor,
            now,
            "sync.enroll",
            entity="office",
            entity_id=office_row.agency_code,
            details={
                "server": url,
                "device_id": answer.device_id,
                "commune": answer.commune_code,
                "re_enrolled": re_enrolled,
                "requeued": requeued,
            },
        )
        return EnrollResult(
            url,
            answer.device_id,
            answer.commune_code,
            answer.commune_name,
            office_row.lookup_url_base or answer.lookup_url_base,
            answer.epoch,
            offset,
            re_enrolled,
            requeued,
        )


# ----------------------------------------------------------------------------- a round


def run_round(ctx: Context, client: HubClient | None = None) -> SyncReport:
    """One sync round: push the whole outbox, then pull until the hub has nothing more.

    Never raises for network or hub trouble: the report says what happened and ``SyncState`` keeps the
    error, the failure count and the next attempt time. Raises ``Refused("sync.not_enrolled")`` when
    this PC was never enrolled. A revoked PC does not call the hub (re-enrol first).
    ``client`` is for callers that keep one open (the GUI's background runner); by default one is made
    from the stored server URL and credential, and closed afterwards.
    """
    with ctx.db.read() as session:
        state = _state(session)
        server_url, token, revoked = state.server_url, state.token, state.revoked
        stored_error = state.last_error
    tally = _Tally()
    code, params = _decode_error(stored_error)
    if revoked:
        return _report(ctx, tally, online=False, error=code or "sync.revoked", params=params)
    tally.trouble = _Trouble.from_params(params)
    hub = client or HubClient(server_url, token)
    try:
        _push_all(ctx, hub, tally)
        _pull_all(ctx, hub, tally)
        # What the pull queued goes up in the same round: entries a new hub epoch put back, and the
        # notice of a result recorded upstream (costs one cheap read when there is nothing).
        _push_all(ctx, hub, tally)
    except Unauthorized as exc:
        _record_failure(ctx, exc, revoked=True)
        return _report(ctx, tally, online=True, error=exc.code, params=exc.params)
    except (Offline, ServerError) as exc:
        _record_failure(ctx, exc, tally.trouble)
        return _report(ctx, tally, online=False, error=exc.code, params=exc.params)
    except (HubRefused, ProtocolError) as exc:
        _record_failure(ctx, exc, tally.trouble)
        return _report(ctx, tally, online=True, error=exc.code, params=exc.params)
    except Exception as exc:  # a bug must not skip the back-off or pass unnoticed (logged)
        log.exception("unexpected error in a sync round")
        failure = DomainError("sync.internal", reason=f"{type(exc).__name__}: {exc}")
        _record_failure(ctx, failure)
        return _report(ctx, tally, online=False, error=failure.code, params=failure.params)
    finally:
        if client is None:
            hub.close()
    _record_success(ctx)
    return _report(ctx, tally, online=True, error=None, params={})


def _report(ctx: Context, tally: _Tally, *, online: bool, error: str | None, params: Mapping[str, Any]) -> SyncReport:
    with ctx.db.read() as session:
        waiting, quarantined = _count(session, "pending"), _count(session, "quarantined")
    text = None if error is None else messages.message(error, params)
    return SyncReport(tally.pushed, tally.pulled, waiting, quarantined, online, error, text, tally.conflicts)


def _record_failure(ctx: Context, exc: DomainError, trouble: _Trouble | None = None, *, revoked: bool = False) -> None:
    """The error (and the push batch in trouble, if any, see :class:`_Trouble`) and the next attempt."""
    now = ctx.now()
    with ctx.db.write() as session:
        state = _state(session)
        state.last_attempt_at = now
        state.failures += 1
        state.last_error = _encode_error(exc.code, {**(trouble.params() if trouble else {}), **exc.params})
        if revoked:
            state.revoked = True
            state.next_attempt_at = None
        else:
            state.next_attempt_at = now + timedelta(seconds=backoff.delay(state.failures, random.random))


def _record_success(ctx: Context) -> None:
    now = ctx.now()
    with ctx.db.write() as session:
        state = _state(session)
        state.last_attempt_at = now
        state.last_success_at = now
        state.failures = 0
        state.last_error = None
        state.next_attempt_at = now + POLL_INTERVAL


# ----------------------------------------------------------------------------- push


def _push_all(ctx: Context, hub: HubClient, tally: _Tally) -> None:
    trouble = tally.trouble
    size = trouble.size  # MAX_BATCH, or the size of the batch the hub last failed on
    while True:
        with ctx.db.read() as session:
            state = _state(session)
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
                _apply_results(session, [result], ctx.now())
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
            tally.pushed += _apply_results(session, answer.results, now)[0]
            state = _state(session)
            state.clock_offset_seconds = _clock_offset(answer.server_time, now)
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
        state = _state(session)
        cursor, epoch = state.cursor, state.epoch
    hub.changes(cursor, epoch, limit=1)  # raises Offline / ServerError when the hub itself is in trouble
    reason = messages.message("sync.item_server_error", {"status": status, "repeats": repeats})
    log.warning("hub error %s on outbox item %s alone, %d times: set aside", status, uid, repeats)
    with ctx.db.write() as session:
        _apply_results(session, [ItemResult(uid, "server_error", reason)], ctx.now())


def _apply_results(session: Session, results: Sequence[ItemResult], now: datetime) -> tuple[int, int]:
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


# ----------------------------------------------------------------------------- pull


def _pull_all(ctx: Context, hub: HubClient, tally: _Tally) -> None:
    """Pull pages until ``more`` is false (entries a reset puts back go up in the round's last push)."""
    resets = 0
    while True:
        with ctx.db.read() as session:
            state = _state(session)
            cursor, epoch = state.cursor, state.epoch
        page = hub.changes(cursor, epoch)
        if page.reset or page.epoch != epoch:
            resets += 1
            if resets > 2:
                raise ProtocolError("sync.protocol", reason="the hub keeps answering reset after a snapshot")
            snapshot = hub.snapshot()
            with ctx.db.write() as session:
                state = _state(session)
                # Any reset (a new epoch, or a cursor beyond the hub's history: a restored backup) means the
                # hub may lack what it once answered "ok" for: everything goes again, deduplicated by UID.
                _requeue_sent(session)
                state.epoch = snapshot.epoch
                _apply_changes(ctx, session, snapshot.changes, tally, after=None)
                state.cursor = snapshot.next
                state.clock_offset_seconds = _clock_offset(snapshot.server_time, ctx.now())
            continue
        with ctx.db.write() as session:
            state = _state(session)
            _apply_changes(ctx, session, page.changes, tally, after=state.cursor)
            state.cursor = max(state.cursor, page.next)
            state.clock_offset_seconds = _clock_offset(page.server_time, ctx.now())
        if not page.more or not page.changes:
            return


def _apply_changes(
    ctx: Context, session: Session, changes: Iterable[Change], tally: _Tally, *, after: int | None
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
        # (its ``notified`` event goes up and the hub relays the SMS).
        notices.queue(session, actor, now, office, dossier, NoticeKind.RESULT_READY)
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


# ----------------------------------------------------------------------------- status


def status(ctx: Context) -> SyncStatus:
    """The sync state for the status bar: one row and three indexed counts (cheap enough to poll)."""
    with ctx.db.read() as session:
        waiting, quarantined = _count(session, "pending"), _count(session, "quarantined")
        conflicts = session.scalar(select(func.count()).select_from(SyncConflict)) or 0
        state = session.get(SyncState, 1)
        if state is None:
            return SyncStatus(False, None, None, waiting, quarantined, None, None, None, False, None, False, False)
        code, params = _decode_error(state.last_error)
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
            online=state.last_attempt_at is not None and code not in _OFFLINE_CODES,
            error_code=code,
            conflicts=conflicts,
            failures=state.failures,
        )


def due(ctx: Context) -> bool:
    """Whether a background round should run now: enrolled, not revoked, and either the next attempt
    time has come or, after a good round, new local work is waiting.

    A next attempt further away than any back-off or poll interval can plan means the clock moved back
    (the clerk corrected a fast PC clock): the round runs now rather than in a day."""
    now = ctx.now()
    with ctx.db.read() as session:
        state = session.get(SyncState, 1)
        if state is None or state.revoked:
            return False
        if state.next_attempt_at is None or now >= state.next_attempt_at:
            return True
        if state.next_attempt_at - now > _LONGEST_WAIT:
            return True  # no rule waits that long: the PC's clock was set back since it was planned
        return state.failures == 0 and _count(session, "pending") > 0


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


# ----------------------------------------------------------------------------- sneakernet


def export_sync(ctx: Context, path: Path) -> ExportResult:
    """Write every pending entry to a signed ``hsmc-sync/1`` file for the hub (USB stick).

    The entries stay pending until the hub's answer file is imported (or a round sends them online:
    the hub stores each once by UID either way).
    """
    now = ctx.now()
    with ctx.db.write() as session:
        state = _state(session)
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
    tally = _Tally()
    with ctx.db.write() as session:
        state = _state(session)
        answer = read_sync_answer(data, state.hub_public_key)
        if answer.device_id != state.device_id:
            raise InvalidInput("sync.file_other_device", device_id=answer.device_id)
        after: int | None = None if answer.reset else state.cursor
        if answer.epoch != state.epoch:
            state.epoch = answer.epoch
            state.cursor = 0
            after = None
        if after is None:
            _requeue_sent(session)  # any reset: the hub may lack what it answered "ok" for before
        pushed, quarantined = _apply_results(session, answer.results, now)
        _apply_changes(ctx, session, answer.changes, tally, after=after)
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
        waiting = _count(session, "pending")
    return ImportResult(answer.batch, pushed, quarantined, tally.pulled, waiting, tally.conflicts)


# ----------------------------------------------------------------------------- link probe

PROBE_INTERVAL = timedelta(seconds=15)
_last_probe: dict[str, datetime] = {}  # per hub URL, in this process


def link_back(ctx: Context, client: HubClient | None = None) -> bool:
    """After failed rounds, whether the hub answers again (a cheap ``/health`` with short timeouts).

    The background timer asks this between back-off attempts, so queued work goes up at once when the
    link returns instead of at the end of a back-off of up to five minutes (SYNC.md, Push).
    False when enrolled nowhere, revoked, or the last round did not fail.
    """
    now = ctx.now()
    with ctx.db.read() as session:
        state = session.get(SyncState, 1)
        if state is None or state.revoked or state.failures == 0:
            return False
        server_url = state.server_url
    last = _last_probe.get(server_url)
    if client is None and last is not None and abs(now - last) < PROBE_INTERVAL:
        return False  # a dead link can cost a connect timeout: not more often than this
    _last_probe[server_url] = now
    hub = client or HubClient(server_url, connect_timeout=2.0, read_timeout=3.0)
    try:
        hub.health()
    except (Offline, ServerError, HubRefused, ProtocolError, Unauthorized):
        return False
    finally:
        if client is None:
            hub.close()
    return True


LINK_CHECK_INTERVAL = timedelta(seconds=10)
_last_link_check: dict[str, datetime] = {}  # per hub URL, in this process


def check_link(ctx: Context, client: HubClient | None = None) -> bool:
    """Between rounds, while the last one succeeded: whether the hub still answers (a cheap ``/health``
    with short timeouts, at most every :data:`LINK_CHECK_INTERVAL`).

    A round runs only every minute or so once the outbox is empty, so without this the status bar
    would say "Trực tuyến" for a minute after the hub went away. When the hub does not answer, the
    failure is recorded as a round's would be (offline, with its back-off), and :func:`link_back` then
    watches for its return. Returns False only when the link was found gone.
    """
    now = ctx.now()
    with ctx.db.read() as session:
        state = session.get(SyncState, 1)
        if state is None or state.revoked or state.failures > 0 or state.last_success_at is None:
            return True
        server_url = state.server_url
    last = _last_link_check.get(server_url)
    if client is None and last is not None and abs(now - last) < LINK_CHECK_INTERVAL:
        return True
    _last_link_check[server_url] = now
    hub = client or HubClient(server_url, connect_timeout=2.0, read_timeout=3.0)
    try:
        hub.health()
    except (Offline, ServerError) as exc:
        _record_failure(ctx, exc)
        return False
    except (HubRefused, ProtocolError, Unauthorized):
        return True  # the hub answered: the link is there (the next round says what it refused)
    finally:
        if client is None:
            hub.close()
    return True
