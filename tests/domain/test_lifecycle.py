"""The dossier lifecycle: every legal transition, every illegal one, and replays of event histories."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import IllegalTransition
from counter_app.domain.lifecycle import (
    ACCEPTED,
    FINAL,
    IN_PROGRESS,
    PRE_ACCEPTANCE,
    RESOLVED,
    EventKind,
    LifecycleEvent,
    Status,
    allowed_events,
    next_status,
    replay,
)

S = Status
E = EventKind
NEUTRAL = object()  # the event keeps the status


def to_officer_or_agency(interlinked: bool) -> Status:
    return S.INTERLINKED if interlinked else S.PROCESSING


# The transition table written out from the module docstring, independently of the code's rule table.
# An outcome is a status, NEUTRAL, or a function of the event's ``interlinked`` flag.
Outcome = Status | object | Callable[[bool], Status]
_INTAKE: dict[EventKind, Outcome] = {
    E.INTAKE_INCOMPLETE: S.INTAKE_SUPPLEMENT,
    E.RECEIVED: S.RECEIVED,
    E.REFUSED: S.REFUSED,
}
_WORKING: dict[EventKind, Outcome] = {
    E.TRANSFERRED: to_officer_or_agency,
    E.SUPPLEMENT_REQUESTED: S.AWAITING_SUPPLEMENT,
    E.RESULT_READY: S.RESULT_READY,
    E.WITHDRAWN: S.WITHDRAWN,
    E.STOPPED: S.STOPPED,
    E.APOLOGY_ISSUED: NEUTRAL,
}
_ALWAYS: dict[EventKind, Outcome] = {
    E.PRINTED: NEUTRAL,
    E.NOTIFIED: NEUTRAL,
    E.PAPER_DIGITISED: NEUTRAL,  # papers: every status but refused and withdrawn (below)
    E.PAPER_REUSED: NEUTRAL,
}
_PRINT_NOTIFY: dict[EventKind, Outcome] = {E.PRINTED: NEUTRAL, E.NOTIFIED: NEUTRAL}
TABLE: dict[Status | None, dict[EventKind, Outcome]] = {
    None: {E.SUBMITTED: S.SUBMITTED, **_INTAKE},
    S.SUBMITTED: {**_INTAKE, E.WITHDRAWN: S.WITHDRAWN, **_ALWAYS},
    S.INTAKE_SUPPLEMENT: {**_INTAKE, E.WITHDRAWN: S.WITHDRAWN, **_ALWAYS},
    S.RECEIVED: {**_WORKING, **_ALWAYS},
    S.PROCESSING: {**_WORKING, **_ALWAYS},
    S.INTERLINKED: {**_WORKING, **_ALWAYS},
    S.AWAITING_SUPPLEMENT: {
        E.SUPPLEMENT_SUPPLIED: to_officer_or_agency,
        E.WITHDRAWN: S.WITHDRAWN,
        E.STOPPED: S.STOPPED,
        E.APOLOGY_ISSUED: NEUTRAL,
        **_ALWAYS,
    },
    S.RESULT_READY: {E.HANDED_TO_POST: S.HANDED_TO_POST, E.RETURNED: S.RETURNED, **_ALWAYS},
    S.HANDED_TO_POST: {E.RETURNED: S.RETURNED, E.UNDELIVERABLE: S.RESULT_READY, **_ALWAYS},
    S.RETURNED: dict(_ALWAYS),
    S.REFUSED: dict(_PRINT_NOTIFY),
    S.WITHDRAWN: dict(_PRINT_NOTIFY),
    S.STOPPED: dict(_ALWAYS),
}
STARTS: list[Status | None] = [None, *Status]
LEGAL = [(status, kind) for status in STARTS for kind in TABLE[status]]
ILLEGAL = [(status, kind) for status in STARTS for kind in EventKind if kind not in TABLE[status]]


def expected(status: Status | None, event: LifecycleEvent) -> Status:
    outcome = TABLE[status][event.kind]
    if outcome is NEUTRAL:
        assert status is not None
        return status
    if isinstance(outcome, Status):
        return outcome
    choose = cast(Callable[[bool], Status], outcome)
    return choose(event.interlinked)


def ev(kind: EventKind, *, interlinked: bool = False, on_request: bool = False) -> LifecycleEvent:
    return LifecycleEvent(kind, interlinked=interlinked, on_request=on_request)


def name(status: Status | None) -> str:
    return "none" if status is None else status.value


events = st.builds(LifecycleEvent, st.sampled_from(EventKind), st.booleans(), st.booleans())


@st.composite
def legal_histories(draw: st.DrawFn) -> list[LifecycleEvent]:
    """A history a counter could really record: each event allowed in the status it found."""
    history: list[LifecycleEvent] = []
    status: Status | None = None
    for _ in range(draw(st.integers(min_value=0, max_value=25))):
        kind = draw(st.sampled_from(sorted(allowed_events(status))))
        event = ev(kind, interlinked=draw(st.booleans()), on_request=True)
        history.append(event)
        status = next_status(status, event)
    return history


# ---------------------------------------------------------------- the table


def test_the_written_table_covers_every_status() -> None:
    assert set(TABLE) == set(STARTS)


@pytest.mark.parametrize(("status", "kind"), LEGAL)
@pytest.mark.parametrize("interlinked", [False, True])
def test_every_legal_transition_leads_where_the_table_says(
    status: Status | None, kind: EventKind, interlinked: bool
) -> None:
    event = ev(kind, interlinked=interlinked, on_request=True)
    assert next_status(status, event) is expected(status, event)


@pytest.mark.parametrize(("status", "kind"), ILLEGAL)
def test_every_other_event_is_refused_with_the_event_and_status_named(status: Status | None, kind: EventKind) -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(status, ev(kind, on_request=True))
    assert info.value.code == "lifecycle.illegal"
    assert info.value.params == {"event": kind.value, "status": name(status)}


@pytest.mark.parametrize("status", STARTS)
def test_allowed_events_match_the_table(status: Status | None) -> None:
    assert allowed_events(status) == frozenset(TABLE[status])


def test_transfer_goes_to_the_officer_or_to_an_interlinked_agency() -> None:
    assert next_status(S.RECEIVED, ev(E.TRANSFERRED)) is S.PROCESSING
    assert next_status(S.RECEIVED, ev(E.TRANSFERRED, interlinked=True)) is S.INTERLINKED
    assert next_status(S.INTERLINKED, ev(E.TRANSFERRED)) is S.PROCESSING


def test_supplement_hands_the_dossier_back_where_it_is_processed() -> None:
    assert next_status(S.AWAITING_SUPPLEMENT, ev(E.SUPPLEMENT_SUPPLIED)) is S.PROCESSING
    assert next_status(S.AWAITING_SUPPLEMENT, ev(E.SUPPLEMENT_SUPPLIED, interlinked=True)) is S.INTERLINKED


def test_undeliverable_post_brings_the_result_back_to_the_counter() -> None:
    assert next_status(S.HANDED_TO_POST, ev(E.UNDELIVERABLE)) is S.RESULT_READY


def test_nothing_can_happen_before_the_dossier_exists_but_submission_or_intake() -> None:
    assert allowed_events(None) == {E.SUBMITTED, E.INTAKE_INCOMPLETE, E.RECEIVED, E.REFUSED}


def test_an_online_dossier_is_submitted_only_once() -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(S.SUBMITTED, ev(E.SUBMITTED))
    assert info.value.params == {"event": "submitted", "status": "submitted"}


# ---------------------------------------------------------------- withdrawal


@pytest.mark.parametrize("status", sorted(PRE_ACCEPTANCE))
def test_citizen_withdraws_outright_before_acceptance(status: Status) -> None:
    assert next_status(status, ev(E.WITHDRAWN)) is S.WITHDRAWN


@pytest.mark.parametrize("status", sorted(IN_PROGRESS))
def test_withdrawal_after_acceptance_needs_the_citizens_request(status: Status) -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(status, ev(E.WITHDRAWN))
    assert info.value.code == "lifecycle.withdraw_needs_request"
    assert info.value.params == {"status": status.value}
    assert next_status(status, ev(E.WITHDRAWN, on_request=True)) is S.WITHDRAWN


@pytest.mark.parametrize("status", sorted(RESOLVED | FINAL))
def test_a_resolved_or_closed_dossier_cannot_be_withdrawn_even_on_request(status: Status) -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(status, ev(E.WITHDRAWN, on_request=True))
    assert info.value.code == "lifecycle.illegal"


def test_nothing_to_withdraw_before_the_dossier_exists() -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(None, ev(E.WITHDRAWN, on_request=True))
    assert info.value.params == {"event": "withdrawn", "status": "none"}


# ---------------------------------------------------------------- status-neutral events


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("kind", [E.PRINTED, E.NOTIFIED])
def test_printing_and_notifying_keep_any_status(status: Status, kind: EventKind) -> None:
    assert next_status(status, ev(kind)) is status


@pytest.mark.parametrize("status", sorted(IN_PROGRESS))
def test_an_apology_keeps_an_open_dossier_where_it_is(status: Status) -> None:
    assert next_status(status, ev(E.APOLOGY_ISSUED)) is status


@pytest.mark.parametrize("kind", [E.PRINTED, E.NOTIFIED, E.APOLOGY_ISSUED, E.PAPER_DIGITISED, E.PAPER_REUSED])
def test_status_neutral_events_need_an_existing_dossier(kind: EventKind) -> None:
    with pytest.raises(IllegalTransition):
        next_status(None, ev(kind))


@pytest.mark.parametrize("status", sorted(FINAL))
def test_final_statuses_accept_only_printing_and_notification(status: Status) -> None:
    papers = {E.PAPER_DIGITISED, E.PAPER_REUSED} if status in (S.RETURNED, S.STOPPED) else set()
    assert allowed_events(status) == {E.PRINTED, E.NOTIFIED} | papers


@pytest.mark.parametrize("status", sorted(set(Status) - {S.REFUSED, S.WITHDRAWN}))
@pytest.mark.parametrize("kind", [E.PAPER_DIGITISED, E.PAPER_REUSED])
def test_a_paper_copy_keeps_the_status_of_a_dossier_the_office_holds(status: Status, kind: EventKind) -> None:
    assert next_status(status, ev(kind)) is status


@pytest.mark.parametrize("status", [S.REFUSED, S.WITHDRAWN])
@pytest.mark.parametrize("kind", [E.PAPER_DIGITISED, E.PAPER_REUSED])
def test_no_paper_copy_for_a_dossier_whose_papers_went_back(status: Status, kind: EventKind) -> None:
    with pytest.raises(IllegalTransition):
        next_status(status, ev(kind))


def test_status_groups_partition_as_documented() -> None:
    assert IN_PROGRESS | RESOLVED | {S.STOPPED} == ACCEPTED
    assert not PRE_ACCEPTANCE & ACCEPTED
    assert PRE_ACCEPTANCE | ACCEPTED | {S.REFUSED, S.WITHDRAWN} == set(Status)


# ---------------------------------------------------------------- replay


def test_replay_of_no_events_is_no_status() -> None:
    assert replay([]) is None


def test_replay_of_a_counter_dossier_from_receipt_to_return_by_post() -> None:
    history = [
        ev(E.RECEIVED),
        ev(E.PRINTED),
        ev(E.TRANSFERRED, interlinked=True),
        ev(E.SUPPLEMENT_REQUESTED),
        ev(E.SUPPLEMENT_SUPPLIED, interlinked=True),
        ev(E.APOLOGY_ISSUED),
        ev(E.RESULT_READY),
        ev(E.HANDED_TO_POST),
        ev(E.UNDELIVERABLE),
        ev(E.HANDED_TO_POST),
        ev(E.RETURNED),
        ev(E.NOTIFIED),
    ]
    assert replay(history) is S.RETURNED
    assert replay(history[:5]) is S.INTERLINKED


def test_replay_of_an_online_dossier_refused_after_an_intake_supplement() -> None:
    assert replay([ev(E.SUBMITTED), ev(E.INTAKE_INCOMPLETE), ev(E.INTAKE_INCOMPLETE), ev(E.REFUSED)]) is S.REFUSED


def test_replay_stops_at_the_first_illegal_event() -> None:
    with pytest.raises(IllegalTransition) as info:
        replay([ev(E.RECEIVED), ev(E.RETURNED), ev(E.PRINTED)])
    assert info.value.params == {"event": "returned", "status": "received"}


@given(st.lists(events, max_size=20))
def test_any_event_sequence_either_ends_in_a_status_or_is_refused(history: list[LifecycleEvent]) -> None:
    outcome: Status | IllegalTransition | None
    try:
        outcome = replay(history)
    except IllegalTransition as error:
        outcome = error
    if isinstance(outcome, IllegalTransition):
        assert outcome.code in {"lifecycle.illegal", "lifecycle.withdraw_needs_request"}
        return
    assert outcome is None if not history else isinstance(outcome, Status)
    for cut in range(len(history) + 1):
        replay(history[:cut])  # every prefix of a legal history is legal


@given(legal_histories())
def test_a_legal_history_replays_step_by_step(history: list[LifecycleEvent]) -> None:
    status: Status | None = None
    for cut, event in enumerate(history):
        assert replay(history[:cut]) is status
        assert event.kind in allowed_events(status)
        status = next_status(status, event)
    assert replay(history) is status


@given(legal_histories(), events)
def test_allowed_events_are_exactly_the_events_next_status_accepts(
    history: list[LifecycleEvent], event: LifecycleEvent
) -> None:
    status = replay(history)
    refusal: str | None = None
    try:
        next_status(status, event)
    except IllegalTransition as error:
        refusal = error.code
    # A withdrawal without the citizen's request is an allowed event that still needs its paper.
    assert (event.kind in allowed_events(status)) == (refusal != "lifecycle.illegal")


@given(legal_histories())
def test_once_final_a_dossier_stays_final(history: list[LifecycleEvent]) -> None:
    status: Status | None = None
    for event in history:
        after = next_status(status, event)
        if status in FINAL:
            assert after is status
        status = after


def test_every_status_is_reachable_from_nothing() -> None:
    reached: set[Status | None] = {None}
    frontier: list[Status | None] = [None]
    while frontier:
        status = frontier.pop()
        for kind in allowed_events(status):
            for interlinked in (False, True):
                after = next_status(status, ev(kind, interlinked=interlinked, on_request=True))
                if after not in reached:
                    reached.add(after)
                    frontier.append(after)
    assert reached == set(STARTS)
