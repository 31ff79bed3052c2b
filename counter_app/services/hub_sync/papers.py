"""Certified copies to the hub (issue 14; docs/sync-protocol.md "Papers from the counter").

After a round's events (push and pull), :func:`upload_papers` sends the copies that wait, one at a time,
over tus (:mod:`counter_app.sync.tus`), for at most ``budget_seconds`` (plus one chunk). Before each
chunk it asks whether an event was written meanwhile; if so it stops there, so a long upload never holds
up new events by more than one chunk (about two seconds at the cap): the next round sends them, then
goes on with the copy from the offset the hub holds.

Which copies wait: every *current* copy (:class:`PaperCopy`, its current sha256: after OCR the searchable
version) not yet sent with that sha256 nor set aside. One is *sendable now* when its dossier has no
pending outbox entry (the hub must know the dossier and its history first), the hub did not say "not
yet" (``next_attempt_at``), and it is not waiting for its text layer: a copy still ``ocr='pending'`` on a
PC that can OCR waits until :data:`OCR_WAIT` after it was stored, so the searchable file goes instead of
sending twice. A copy replaced before it was sent is not sent. Rows of ``paper_upload`` are made lazily,
when a copy is first tried, so :func:`papers_waiting` (polled by the status bar) is two counts.

The hub's answers:

- ``201`` with ``Upload-Offset`` = length: the hub holds the copy already, marked sent, nothing sent.
- ``409 dossier_unknown``: the hub lacks the dossier yet: tried again later (never set aside).
- ``400 paper_hash``: the file is read again (checked against its sha256) and sent once more from 0; a
  second refusal, or a local file that no longer matches, sets it aside.
- ``422 paper_signature``, ``413 paper_too_large``, ``403 commune_mismatch``, any other 4xx: set aside with
  the reason (shown to the clerk); the next copy goes on.
- ``507 paper_quota``: no more papers this round (the copy keeps waiting; the reason is shown).
- Offline, 5xx, a broken answer: the upload's URL and offset are kept; the next round asks the hub's
  offset (HEAD) and resumes there.

Schedule (:func:`set_paper_schedule`, in :mod:`.paper_schedule`): a cap in kbit/s on the bytes written
and working hours (office time, Asia/Ho_Chi_Minh) outside which no paper is sent (events always are).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from counter_app import messages
from counter_app.domain.errors import DomainError
from counter_app.services import paper_rows
from counter_app.services.context import Context
from counter_app.services.hub_sync.paper_schedule import (
    MAX_KBPS,
    MIN_KBPS,
    PaperSchedule,
    paper_schedule,
    parse_hours,
    set_paper_schedule,
    within_hours,
)
from counter_app.services.papers import export_name
from counter_app.storage.blobs import BlobStore
from counter_app.storage.models import Dossier, DossierEvent, OutboxEntry, PaperCopy, PaperUpload, SyncState
from counter_app.sync.client import HubClient, Offline, ServerError
from counter_app.sync.client import Refused as HubRefused
from counter_app.sync.protocol import ProtocolError
from counter_app.sync.tus import OffsetMismatch, QuotaFull, TusClient, UploadGone

log = logging.getLogger(__name__)

OCR_WAIT = timedelta(minutes=30)  # a copy waits at most this long for its text layer before it goes
BUDGET_SECONDS = 60.0  # papers' share of a round at most (plus one chunk), see run_round
RETRY_FIRST = timedelta(minutes=1)  # "dossier unknown" / quota full: first wait, doubled up to RETRY_MAX
RETRY_MAX = timedelta(minutes=30)
TROUBLE_FIRST = timedelta(seconds=10)  # a cut link / 5xx while sending a copy: first wait, doubled
_SCAN = 50  # candidates read per query (copies waiting for OCR are skipped in Python)
# The hub's refusals that set a copy aside, with the clerk's sentence (others: paper.refused).
_SET_ASIDE_CODES = {
    "paper_signature": "paper.signature",
    "paper_hash": "paper.hash",
    "paper_too_large": "paper.too_large",
    "commune_mismatch": "paper.commune_mismatch",
}


@dataclass(frozen=True)
class SetAsidePaper:
    """A copy the hub refused for good, with its reason in the current language (for the sync dialog)."""

    id: int
    dossier_code: str
    paper: int
    name: str
    sha256: str
    bytes: int
    reason: str
    at: datetime | None


@dataclass(frozen=True)
class _Candidate:
    copy_id: int
    dossier_code: str
    position: int
    name: str
    sha256: str
    bytes: int


# ----------------------------------------------------------------------------- what waits


def size_text(count: int) -> str:
    """1234567 → "1,2 MB" (decimal units, Vietnamese decimal comma)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}".replace(".", ",")
    return f"{count} B"


def papers_line(count: int, size: int) -> str:
    """ "3 giấy tờ đang chờ gửi (1,2 MB)" (the CLI's and the sync dialog's words)."""
    return f"{count} giấy tờ đang chờ gửi ({size_text(size)})"


def _unsent() -> ColumnElement[bool]:
    """Current copies with no sent or set-aside upload of their current sha256 (a where clause)."""
    done = exists().where(
        PaperUpload.copy_id == PaperCopy.id,
        PaperUpload.sha256 == PaperCopy.sha256,
        PaperUpload.state.in_(("sent", "set_aside")),
    )
    return and_(PaperCopy.current.is_(True), ~done)


def papers_waiting(ctx: Context) -> tuple[int, int]:
    """(copies, bytes) not yet on the hub: current copies not sent with their sha256 nor set aside."""
    with ctx.db.read() as session:
        return waiting_counts(session)


def waiting_counts(session: Session) -> tuple[int, int]:
    row = session.execute(
        select(func.count(PaperCopy.id), func.coalesce(func.sum(PaperCopy.bytes), 0)).where(_unsent())
    ).one()
    return int(row[0]), int(row[1])


def set_aside_count(session: Session) -> int:
    count: int | None = session.scalar(select(func.count()).select_from(_set_aside_query().subquery()))
    return count or 0


def _set_aside_query() -> Select[PaperUpload, str, str]:
    return (
        select(PaperUpload, PaperCopy.name, Dossier.code)
        .join(PaperCopy, PaperCopy.id == PaperUpload.copy_id)
        .join(Dossier, Dossier.id == PaperUpload.dossier_id)
        .where(
            PaperUpload.state == "set_aside",
            PaperCopy.current.is_(True),
            PaperCopy.sha256 == PaperUpload.sha256,
        )
        .order_by(PaperUpload.id)
    )


def set_aside_papers(ctx: Context) -> list[SetAsidePaper]:
    """The current copies the hub refused for good, oldest first, each with the reason."""
    with ctx.db.read() as session:
        rows = session.execute(_set_aside_query()).all()
    return [
        SetAsidePaper(
            row.id, code, row.position, name, row.sha256, row.bytes, _reason_text(row.last_error), row.sent_at
        )
        for row, name, code in rows
    ]


def paper_error(session: Session) -> str | None:
    """The sentence of the latest trouble of a waiting copy (a full quota, the hub not knowing a dossier
    yet), or None."""
    stored = session.scalar(
        select(PaperUpload.last_error)
        .join(PaperCopy, PaperCopy.id == PaperUpload.copy_id)
        .where(
            PaperUpload.state == "waiting",
            PaperUpload.last_error.is_not(None),
            PaperCopy.current.is_(True),
            PaperCopy.sha256 == PaperUpload.sha256,
        )
        .order_by(PaperUpload.id.desc())
        .limit(1)
    )
    return None if stored is None else _reason_text(stored)


def retry_set_aside(ctx: Context, upload_id: int | None = None) -> int:
    """Put set-aside copies (one, or all) back to waiting, sent again from the start; how many."""
    with ctx.db.write() as session:
        query = select(PaperUpload).where(PaperUpload.state == "set_aside")
        if upload_id is not None:
            query = query.where(PaperUpload.id == upload_id)
        rows = list(session.scalars(query))
        for row in rows:
            row.state, row.url, row.offset, row.last_error, row.next_attempt_at = "waiting", None, 0, None, None
            row.attempts = 0
        return len(rows)


def _events_pending(dossier_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    return exists().where(
        OutboxEntry.state == "pending",
        OutboxEntry.uid == DossierEvent.uid,
        DossierEvent.dossier_id == dossier_id,
    )


def _candidates(session: Session, now: datetime, after: int, limit: int = _SCAN) -> list[tuple[_Candidate, bool]]:
    """Up to ``limit`` copies sendable now but for OCR, from copy id ``after`` on: (copy, OCR pending and
    young, i.e. it may wait for its text layer)."""
    held = exists().where(
        PaperUpload.copy_id == PaperCopy.id,
        PaperUpload.sha256 == PaperCopy.sha256,
        PaperUpload.next_attempt_at.is_not(None),
        PaperUpload.next_attempt_at > now,
    )
    rows = session.execute(
        select(
            PaperCopy.id,
            Dossier.code,
            PaperCopy.position,
            PaperCopy.name,
            PaperCopy.sha256,
            PaperCopy.bytes,
            PaperCopy.ocr,
            PaperCopy.certified_at,
        )
        .join(Dossier, Dossier.id == PaperCopy.dossier_id)
        .where(_unsent(), PaperCopy.id > after, ~held, ~_events_pending(PaperCopy.dossier_id))
        .order_by(PaperCopy.id)
        .limit(limit)
    ).all()
    return [
        (
            _Candidate(r.id, r.code, r.position, r.name, r.sha256, r.bytes),
            r.ocr == "pending" and now - r.certified_at < OCR_WAIT,
        )
        for r in rows
    ]


@functools.cache
def _can_ocr() -> bool:
    from counter_app.copies.ocr import ocr_available

    return ocr_available()


def _next_candidate(session: Session, now: datetime, after: int) -> _Candidate | None:
    while True:
        found = _candidates(session, now, after)
        for candidate, ocr_young in found:
            if not (ocr_young and _can_ocr()):
                return candidate
            after = candidate.copy_id
        if len(found) < _SCAN:
            return None


def papers_due(ctx: Context) -> bool:
    """Whether a copy could be sent now (hours, events, OCR and the hub's "not yet" considered): the
    background runner starts a round for it without waiting for the poll interval."""
    now = ctx.now()
    with ctx.db.read() as session:
        state = session.get(SyncState, 1)
        return state is not None and papers_due_in(session, state, now)


def papers_due_in(session: Session, state: SyncState, now: datetime) -> bool:
    if state.revoked or not within_hours(state.paper_hours, now):
        return False
    return _next_candidate(session, now, 0) is not None


# ----------------------------------------------------------------------------- upload


def _encode(message_code: str, **params: object) -> str:
    import json

    return json.dumps({"code": message_code, "params": params}, ensure_ascii=False)[:1000]


def _reason_text(stored: str | None) -> str:
    import json

    if not stored:
        return ""
    try:
        data = json.loads(stored)
        return messages.message(str(data["code"]), data.get("params") or {})
    except (ValueError, KeyError, TypeError):
        return stored


def _row(session: Session, candidate: _Candidate, now: datetime) -> PaperUpload:
    row = session.scalars(
        select(PaperUpload).where(PaperUpload.copy_id == candidate.copy_id, PaperUpload.sha256 == candidate.sha256)
    ).one_or_none()
    if row is None:
        copy = session.get(PaperCopy, candidate.copy_id)
        assert copy is not None
        row = PaperUpload(
            copy_id=candidate.copy_id,
            dossier_id=copy.dossier_id,
            position=candidate.position,
            sha256=candidate.sha256,
            bytes=candidate.bytes,
            state="waiting",
            offset=0,
            attempts=0,
            created_at=now,
        )
        session.add(row)
        session.flush()
    return row


def _later(attempts: int) -> timedelta:
    wait: timedelta = RETRY_FIRST * 2 ** min(max(attempts - 1, 0), 10)
    return min(wait, RETRY_MAX)


class _Stop(Exception):
    """No more papers this round (quota full, the link went)."""


def upload_papers(
    ctx: Context,
    hub: HubClient,
    *,
    budget_seconds: float = BUDGET_SECONDS,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Send the copies that wait, oldest first, for about ``budget_seconds``; how many reached the hub.

    Only within the sending hours, at the cap (:func:`set_paper_schedule`). Never raises for network or
    hub trouble (logged, kept on the copy's row: the next round resumes); a 401 propagates
    (:class:`~counter_app.sync.client.Unauthorized`), as for events."""
    schedule = paper_schedule(ctx)
    if not within_hours(schedule.hours, ctx.now()):
        return 0
    deadline = clock() + budget_seconds
    tus = TusClient(hub, kbps=schedule.kbps, clock=clock, sleep=sleep)
    store = paper_rows.store_of(ctx)
    _drop_replaced(ctx, tus)
    sent = 0
    after = 0

    def events_waiting() -> bool:  # new events stop the papers within one chunk: the next round sends them
        with ctx.db.read() as session:
            return session.scalar(select(OutboxEntry.id).where(OutboxEntry.state == "pending").limit(1)) is not None

    while clock() < deadline and not events_waiting():
        now = ctx.now()
        with ctx.db.write() as session:
            candidate = _next_candidate(session, now, after)
            if candidate is None:
                break
            upload = _row(session, candidate, now)
            upload_id, url = upload.id, upload.url
        after = candidate.copy_id
        try:
            if _send_one(ctx, tus, store, candidate, upload_id, url, deadline, events_waiting):
                sent += 1
        except _Stop:
            break
    return sent


def _drop_replaced(ctx: Context, tus: TusClient) -> None:
    """Uploads begun for a copy replaced since (a re-scan, the searchable version): ended at the hub
    (``DELETE``, its parts go) and forgotten here. Trouble is ignored: the hub's sweep ends them too."""
    stale = exists().where(
        PaperCopy.id == PaperUpload.copy_id,
        PaperCopy.current.is_(True),
        PaperCopy.sha256 == PaperUpload.sha256,
    )
    with ctx.db.read() as session:
        rows = session.execute(
            select(PaperUpload.id, PaperUpload.url)
            .where(PaperUpload.state == "waiting", PaperUpload.url.is_not(None), ~stale)
            .limit(_SCAN)
        ).all()
    for upload_id, url in rows:
        try:
            tus.terminate(str(url))
        except (HubRefused, Offline, ServerError, ProtocolError):
            log.info("could not end the replaced upload %s at the hub", url)
            return
        with ctx.db.write() as session:
            row = session.get(PaperUpload, upload_id)
            if row is not None:
                row.url = None


def _send_one(
    ctx: Context,
    tus: TusClient,
    store: BlobStore,
    candidate: _Candidate,
    upload_id: int,
    url: str | None,
    deadline: float,
    stop: Callable[[], bool],
) -> bool:
    """One copy: True when the hub holds it now. Raises _Stop when papers must stop for this round."""
    try:
        data = store.get(candidate.sha256, verify=True)
    except (OSError, ValueError):
        _set_aside(ctx, upload_id, "paper.local_hash", {})
        return False
    metadata = {
        "sha256": candidate.sha256,
        "dossier": candidate.dossier_code,
        "paper": str(candidate.position),
        "filename": export_name(candidate.dossier_code, candidate.position, candidate.name),
    }

    def keep_url(new_url: str) -> None:
        with ctx.db.write() as session:
            row = session.get(PaperUpload, upload_id)
            assert row is not None
            row.url, row.offset = new_url, 0

    def keep_offset(offset: int) -> None:
        with ctx.db.write() as session:
            row = session.get(PaperUpload, upload_id)
            assert row is not None
            row.offset, row.last_error, row.attempts, row.next_attempt_at = offset, None, 0, None

    for resend in (False, True):
        try:
            result = tus.send(
                data, metadata, url=url, deadline=deadline, stop=stop, on_url=keep_url, on_progress=keep_offset
            )
        except HubRefused as exc:
            if exc.error == "dossier_unknown":
                _not_yet(ctx, upload_id, "paper.dossier_unknown", {"code": candidate.dossier_code})
                return False
            if exc.error == "paper_hash" and not resend:
                try:  # read the file again: a copy damaged here is not the hub's fault
                    data = store.get(candidate.sha256, verify=True)
                except (OSError, ValueError):
                    _set_aside(ctx, upload_id, "paper.local_hash", {})
                    return False
                log.warning("hub refused copy %s as paper_hash; sending it again", candidate.sha256)
                url = None  # the hub discarded its part: the same upload starts from 0 (create answers it)
                continue
            code = _SET_ASIDE_CODES.get(exc.error, "paper.refused")
            _set_aside(ctx, upload_id, code, {"error": exc.error, "message": exc.message or ""})
            return False
        except QuotaFull as exc:
            _not_yet(ctx, upload_id, exc.code, exc.params)
            raise _Stop from exc
        except (Offline, ServerError, ProtocolError, OffsetMismatch, UploadGone) as exc:
            log.info("paper upload of %s stopped: %s", candidate.sha256, exc.code)
            _trouble(ctx, upload_id, exc)
            raise _Stop from exc
        if result.done:
            _mark_sent(ctx, upload_id, result.length)
            return True
        return False  # the budget ran out: the next round resumes at result.offset
    return False


def _mark_sent(ctx: Context, upload_id: int, length: int) -> None:
    with ctx.db.write() as session:
        row = session.get(PaperUpload, upload_id)
        assert row is not None
        row.state, row.offset, row.sent_at = "sent", length, ctx.now()
        row.last_error, row.next_attempt_at = None, None


def _set_aside(ctx: Context, upload_id: int, code: str, params: dict[str, object]) -> None:
    log.warning("paper upload %s set aside: %s %s", upload_id, code, params)
    with ctx.db.write() as session:
        row = session.get(PaperUpload, upload_id)
        assert row is not None
        row.state, row.last_error, row.sent_at = "set_aside", _encode(code, **params), ctx.now()
        row.attempts += 1


def _not_yet(ctx: Context, upload_id: int, code: str, params: dict[str, object]) -> None:
    with ctx.db.write() as session:
        row = session.get(PaperUpload, upload_id)
        assert row is not None
        row.attempts += 1
        row.last_error = _encode(code, **params)
        row.next_attempt_at = ctx.now() + _later(row.attempts)


def _trouble(ctx: Context, upload_id: int, exc: DomainError) -> None:
    """The link went or the hub failed: kept with a short wait (the events' back-off governs the link;
    this one only keeps a copy the hub keeps failing on from starting a round every few seconds)."""
    with ctx.db.write() as session:
        row = session.get(PaperUpload, upload_id)
        assert row is not None
        row.attempts += 1
        row.last_error = _encode(exc.code, **exc.params)
        wait = TROUBLE_FIRST * 2 ** min(row.attempts - 1, 10)
        row.next_attempt_at = ctx.now() + min(wait, RETRY_MAX)


__all__ = [
    "MAX_KBPS",
    "MIN_KBPS",
    "OCR_WAIT",
    "PaperSchedule",
    "SetAsidePaper",
    "paper_error",
    "paper_schedule",
    "papers_due",
    "papers_due_in",
    "papers_waiting",
    "parse_hours",
    "retry_set_aside",
    "set_aside_papers",
    "set_paper_schedule",
    "upload_papers",
    "within_hours",
]
