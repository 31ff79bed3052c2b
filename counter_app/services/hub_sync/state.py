"""The local sync state: the result dataclasses, the stored error and the push batch in trouble, counts."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app import messages
from counter_app.domain.errors import DomainError
from counter_app.services.context import Context
from counter_app.services.errors import Refused
from counter_app.storage.models import (
    OutboxEntry,
    SyncState,
)
from counter_app.sync import backoff
from counter_app.sync.protocol import MAX_BATCH

POLL_INTERVAL = timedelta(seconds=60)  # after a good round, ask the hub again this much later
_BATCH_NAMESPACE = uuid.UUID("6f1c2b0e-3d4a-4f7e-9a51-5c8e2d7b9f30")


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
    papers_sent: int = 0  # certified copies the hub holds now that it did not before this round (issue 14)


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
    # Certified copies (issue 14, hub_sync.papers), apart from the events above: not yet on the hub
    # (count and bytes), refused by the hub for good, and the latest trouble of a waiting copy.
    papers_waiting: int = 0
    paper_bytes_waiting: int = 0
    papers_set_aside: int = 0
    paper_error: str | None = None


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
    """``path`` the first file; ``files`` every file written (``FILE``, ``FILE.part2``…), ``papers`` the
    copies they carry (whole or in part), ``bytes`` their total size."""

    path: Path
    batch: str
    items: int
    cursor: int
    files: tuple[Path, ...] = ()
    papers: int = 0
    bytes: int = 0


@dataclass(frozen=True)
class ImportResult:
    """``papers_sent``: copies the answer says the hub holds, marked sent; ``papers_set_aside``: refused."""

    batch: str
    pushed: int
    quarantined: int
    pulled: int
    waiting: int
    conflicts: int
    papers_sent: int = 0
    papers_set_aside: int = 0


@dataclass
class Trouble:
    """The push batch the hub last answered 5xx (its key, size and how many times in a row), and whether
    a bisection is under way (a batch failed too often: its halves are halved at their first 5xx).

    Kept in ``SyncState.last_error``'s parameters between failed rounds (a hub may drop the connection
    after a 500, so a bisection can span rounds); forgotten at the first good round."""

    batch: str | None = None
    size: int = MAX_BATCH
    repeats: int = 0
    bisecting: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Trouble:
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
class Tally:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    papers_sent: int = 0
    errors: list[DomainError] = field(default_factory=list)
    trouble: Trouble = field(default_factory=Trouble)


# ----------------------------------------------------------------------------- helpers


def encode_error(code: str, params: Mapping[str, Any]) -> str:
    """``SyncState.last_error``: the message code and its parameters, rendered when shown."""
    short = {k: (v[:300] if isinstance(v, str) else v) for k, v in params.items()}
    return f"{code} {json.dumps(short, ensure_ascii=False, default=str)}"[:1000]


def decode_error(stored: str | None) -> tuple[str | None, dict[str, Any]]:
    if not stored:
        return None, {}
    code, _, rest = stored.partition(" ")
    try:
        params = json.loads(rest) if rest else {}
    except ValueError:
        params = {"reason": rest}
    return code, params if isinstance(params, dict) else {}


def sync_state(session: Session) -> SyncState:
    state = session.get(SyncState, 1)
    if state is None:
        raise Refused("sync.not_enrolled")
    return state


def count_entries(session: Session, state: str) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == state)) or 0


def clock_offset(server_time: datetime, now: datetime) -> float:
    return round((server_time - now).total_seconds(), 3)


def batch_id(device_id: str, epoch: str, entries: Iterable[tuple[str, int]]) -> str:
    """The idempotency key of a batch of ``(uid, attempts)``: the same batch always gets the same key.

    ``attempts`` counts the hub's answers for an entry, so an entry put back after an answer (retry of a
    quarantined item, a new epoch) travels under a new key, while a batch resent after a timeout does not.
    """
    text = "|".join([device_id, epoch, *(f"{uid}:{attempts}" for uid, attempts in entries)])
    return str(uuid.uuid5(_BATCH_NAMESPACE, text))


def make_report(
    ctx: Context, tally: Tally, *, online: bool, error: str | None, params: Mapping[str, Any]
) -> SyncReport:
    with ctx.db.read() as session:
        waiting, quarantined = count_entries(session, "pending"), count_entries(session, "quarantined")
    text = None if error is None else messages.message(error, params)
    return SyncReport(
        tally.pushed, tally.pulled, waiting, quarantined, online, error, text, tally.conflicts, tally.papers_sent
    )


def record_failure(ctx: Context, exc: DomainError, trouble: Trouble | None = None, *, revoked: bool = False) -> None:
    """The error (and the push batch in trouble, if any, see :class:`Trouble`) and the next attempt."""
    now = ctx.now()
    with ctx.db.write() as session:
        state = sync_state(session)
        state.last_attempt_at = now
        state.failures += 1
        state.last_error = encode_error(exc.code, {**(trouble.params() if trouble else {}), **exc.params})
        if revoked:
            state.revoked = True
            state.next_attempt_at = None
        else:
            state.next_attempt_at = now + timedelta(seconds=backoff.delay(state.failures, random.random))


def record_success(ctx: Context) -> None:
    now = ctx.now()
    with ctx.db.write() as session:
        state = sync_state(session)
        state.last_attempt_at = now
        state.last_success_at = now
        state.failures = 0
        state.last_error = None
        state.next_attempt_at = now + POLL_INTERVAL
