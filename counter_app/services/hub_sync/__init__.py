"""Sync with the hub: what enrolment, a round and a sneakernet file do to the local database.

Modules: :mod:`.state` (results, the stored error, counts), :mod:`.enroll`, :mod:`.push`, :mod:`.pull`,
:mod:`.rounds` (a round and the link probes), :mod:`.status` (status bar, quarantine),
:mod:`.sneakernet` and :mod:`.papers` (the certified copies to the hub, after the events). Callers use
the names this package exports.

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

from counter_app.services.hub_sync.enroll import enroll
from counter_app.services.hub_sync.papers import (
    PaperSchedule,
    SetAsidePaper,
    paper_schedule,
    papers_due,
    papers_waiting,
    retry_set_aside,
    set_aside_papers,
    set_paper_schedule,
    upload_papers,
)
from counter_app.services.hub_sync.push import REPEATS_BEFORE_BISECTING, sendable
from counter_app.services.hub_sync.rounds import (
    LINK_CHECK_INTERVAL,
    PROBE_INTERVAL,
    _last_link_check,
    _last_probe,
    check_link,
    due,
    link_back,
    run_round,
)
from counter_app.services.hub_sync.sneakernet import export_sync, import_sync_answer
from counter_app.services.hub_sync.state import (
    POLL_INTERVAL,
    EnrollResult,
    ExportResult,
    ImportResult,
    QuarantinedItem,
    SyncReport,
    SyncStatus,
    batch_id,
)
from counter_app.services.hub_sync.status import CLOCK_TOLERANCE_SECONDS, quarantine, retry_quarantined, status

__all__ = [
    "CLOCK_TOLERANCE_SECONDS",
    "LINK_CHECK_INTERVAL",
    "POLL_INTERVAL",
    "PROBE_INTERVAL",
    "REPEATS_BEFORE_BISECTING",
    "EnrollResult",
    "ExportResult",
    "ImportResult",
    "PaperSchedule",
    "QuarantinedItem",
    "SetAsidePaper",
    "SyncReport",
    "SyncStatus",
    "_last_link_check",
    "_last_probe",
    "batch_id",
    "check_link",
    "due",
    "enroll",
    "export_sync",
    "import_sync_answer",
    "link_back",
    "paper_schedule",
    "papers_due",
    "papers_waiting",
    "quarantine",
    "retry_quarantined",
    "retry_set_aside",
    "run_round",
    "sendable",
    "set_aside_papers",
    "set_paper_schedule",
    "status",
    "upload_papers",
]
