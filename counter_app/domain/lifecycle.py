"""The dossier lifecycle: statuses, events and the legal transitions between them (DOMAIN.md §3.3).

A dossier's status is never written directly: it is the result of replaying its append-only events
through :func:`next_status`. An event the machine does not allow raises :class:`IllegalTransition`.

::

    (none) ─submitted─► SUBMITTED (online, waiting for the counter's check)
    (none)/SUBMITTED ─intake_incomplete─► INTAKE_SUPPLEMENT (Mẫu 02 given, not accepted)
    (none)/SUBMITTED/INTAKE_SUPPLEMENT ─received─► RECEIVED (receipt Mẫu 01)
                                       ─refused─► REFUSED (Mẫu 03)
    SUBMITTED/INTAKE_SUPPLEMENT ─withdrawn─► WITHDRAWN (outright, before acceptance)
    RECEIVED/PROCESSING/INTERLINKED ─transferred─► PROCESSING (officer) | INTERLINKED (agency)
                                    ─supplement_requested─► AWAITING_SUPPLEMENT (clock paused)
                                    ─result_ready─► RESULT_READY
    AWAITING_SUPPLEMENT ─supplement_supplied─► PROCESSING | INTERLINKED (clock resumed)
    accepted and unresolved ─withdrawn (on the citizen's request)─► WITHDRAWN
                            ─stopped─► STOPPED (2025: Thông báo dừng giải quyết hồ sơ)
    RESULT_READY ─returned─► RETURNED;  ─handed_to_post─► HANDED_TO_POST
    HANDED_TO_POST ─returned (delivered)─► RETURNED;  ─undeliverable─► RESULT_READY

``apology_issued`` is allowed while an accepted dossier is unresolved; ``printed`` and ``notified``
are allowed in any status; ``paper_digitised`` and ``paper_reused`` (a paper's certified electronic
copy stored or reused) in any status but refused and withdrawn. None of these changes the status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.errors import IllegalTransition


class Status(StrEnum):
    SUBMITTED = "submitted"
    INTAKE_SUPPLEMENT = "intake_supplement"
    RECEIVED = "received"
    PROCESSING = "processing"
    INTERLINKED = "interlinked"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    RESULT_READY = "result_ready"
    HANDED_TO_POST = "handed_to_post"
    RETURNED = "returned"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"


class EventKind(StrEnum):
    SUBMITTED = "submitted"
    INTAKE_INCOMPLETE = "intake_incomplete"
    RECEIVED = "received"
    REFUSED = "refused"
    TRANSFERRED = "transferred"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENT_SUPPLIED = "supplement_supplied"
    RESULT_READY = "result_ready"
    HANDED_TO_POST = "handed_to_post"
    UNDELIVERABLE = "undeliverable"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    APOLOGY_ISSUED = "apology_issued"
    PRINTED = "printed"
    NOTIFIED = "notified"
    PAPER_DIGITISED = "paper_digitised"  # a paper's certified electronic copy stored (issue 13)
    PAPER_REUSED = "paper_reused"  # a copy the office already held reused for this dossier


PRE_ACCEPTANCE = frozenset({Status.SUBMITTED, Status.INTAKE_SUPPLEMENT})
IN_PROGRESS = frozenset({Status.RECEIVED, Status.PROCESSING, Status.INTERLINKED, Status.AWAITING_SUPPLEMENT})
RESOLVED = frozenset({Status.RESULT_READY, Status.HANDED_TO_POST, Status.RETURNED})
FINAL = frozenset({Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED})
ACCEPTED = IN_PROGRESS | RESOLVED | {Status.STOPPED}
_ANY = frozenset(Status)
# A paper can be digitised while the office holds the dossier (or later, for the archive), not once it
# was refused or withdrawn: those papers went back to the citizen.
_DIGITISABLE = _ANY - {Status.REFUSED, Status.WITHDRAWN}


@dataclass(frozen=True)
class LifecycleEvent:
    """What the machine needs to know of an event.

    ``interlinked``: a transfer (or a supplement handed back) goes to an interlinked agency rather
    than to the commune's own officer. ``on_request``: a withdrawal after acceptance is backed by
    the citizen's written request, which the law requires.
    """

    kind: EventKind
    interlinked: bool = False
    on_request: bool = False


def _processing(event: LifecycleEvent) -> Status:
    return Status.INTERLINKED if event.interlinked else Status.PROCESSING


_WORKING = frozenset({Status.RECEIVED, Status.PROCESSING, Status.INTERLINKED})

# What an event leads to: a fixed status, one chosen from the event, or None to keep the status.
_Outcome = Status | Callable[[LifecycleEvent], Status] | None

# kind -> (statuses it is legal in, None meaning "no status yet"; outcome)
_RULES: dict[EventKind, tuple[frozenset[Status | None], _Outcome]] = {
    EventKind.SUBMITTED: (frozenset({None}), Status.SUBMITTED),
    EventKind.INTAKE_INCOMPLETE: (frozenset({None, *PRE_ACCEPTANCE}), Status.INTAKE_SUPPLEMENT),
    EventKind.RECEIVED: (frozenset({None, *PRE_ACCEPTANCE}), Status.RECEIVED),
    EventKind.REFUSED: (frozenset({None, *PRE_ACCEPTANCE}), Status.REFUSED),
    EventKind.TRANSFERRED: (_WORKING, _processing),
    EventKind.SUPPLEMENT_REQUESTED: (_WORKING, Status.AWAITING_SUPPLEMENT),
    EventKind.SUPPLEMENT_SUPPLIED: (frozenset({Status.AWAITING_SUPPLEMENT}), _processing),
    EventKind.RESULT_READY: (_WORKING, Status.RESULT_READY),
    EventKind.HANDED_TO_POST: (frozenset({Status.RESULT_READY}), Status.HANDED_TO_POST),
    EventKind.UNDELIVERABLE: (frozenset({Status.HANDED_TO_POST}), Status.RESULT_READY),
    EventKind.RETURNED: (frozenset({Status.RESULT_READY, Status.HANDED_TO_POST}), Status.RETURNED),
    EventKind.WITHDRAWN: (PRE_ACCEPTANCE | IN_PROGRESS, Status.WITHDRAWN),
    EventKind.STOPPED: (IN_PROGRESS, Status.STOPPED),
    EventKind.APOLOGY_ISSUED: (IN_PROGRESS, None),
    EventKind.PRINTED: (_ANY, None),
    EventKind.NOTIFIED: (_ANY, None),
    EventKind.PAPER_DIGITISED: (_DIGITISABLE, None),
    EventKind.PAPER_REUSED: (_DIGITISABLE, None),
}


def next_status(current: Status | None, event: LifecycleEvent) -> Status:
    """The status after ``event``; raises :class:`IllegalTransition` when the event is not allowed."""
    legal, outcome = _RULES[event.kind]
    if current not in legal:
        raise IllegalTransition("lifecycle.illegal", event=event.kind.value, status=_name(current))
    if event.kind is EventKind.WITHDRAWN and current in IN_PROGRESS and not event.on_request:
        raise IllegalTransition("lifecycle.withdraw_needs_request", status=_name(current))
    if outcome is None:
        assert current is not None  # status-neutral events are never legal before the first event
        return current
    if isinstance(outcome, Status):
        return outcome
    return outcome(event)


def allowed_events(current: Status | None) -> frozenset[EventKind]:
    """Every event kind the machine accepts in ``current``."""
    return frozenset(kind for kind, (legal, _) in _RULES.items() if current in legal)


def replay(events: Iterable[LifecycleEvent]) -> Status | None:
    """The status reached by applying ``events`` in order from nothing (None for no events)."""
    status: Status | None = None
    for event in events:
        status = next_status(status, event)
    return status


def _name(status: Status | None) -> str:
    return "none" if status is None else status.value
