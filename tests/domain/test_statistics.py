"""Biểu 06 arithmetic: buckets by office day, the identities of DOMAIN.md §5, periods, JSON shape."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.errors import InvalidInput
from counter_app.domain.statistics import (
    Bieu06Report,
    DossierFacts,
    Ending,
    FieldFigures,
    Figures,
    InProgress,
    Period,
    Received,
    ReportInconsistent,
    Resolved,
    check_identities,
    compute,
)
from counter_app.domain.values import Channel

Q3 = Period(date(2025, 7, 1), date(2025, 9, 30))
D = date


def fact(
    received: date,
    due: date | None,
    resolved: date | None = None,
    ending: Ending | None = None,
    ended: date | None = None,
    *,
    field: str = "Hộ tịch",
    channel: Channel = Channel.DIRECT,
    by_post: bool = False,
    apologies: int = 0,
    count: int = 1,
) -> DossierFacts:
    return DossierFacts(field, channel, received, due, resolved, ending, ended, by_post, apologies, count)


# A hand-computed quarter: every bucket of the form appears at least once.
LEDGER = [
    fact(D(2025, 6, 20), D(2025, 6, 25), D(2025, 7, 3)),  # carried over, resolved late
    fact(D(2025, 6, 25), D(2025, 6, 30)),  # carried over, still open: overdue
    fact(D(2025, 7, 7), D(2025, 7, 10), D(2025, 7, 9), channel=Channel.ONLINE),  # early
    fact(D(2025, 7, 14), D(2025, 7, 17), D(2025, 7, 17), apologies=1),  # on time (the apology moves nothing)
    fact(D(2025, 9, 25), D(2025, 9, 30), channel=Channel.POSTAL, by_post=True),  # open, within time
    fact(D(2025, 6, 10), D(2025, 6, 13), D(2025, 6, 20)),  # resolved before the period: not in it
    fact(D(2025, 8, 11), D(2025, 8, 14), None, Ending.WITHDRAWN, D(2025, 8, 20)),  # ended apart
    fact(D(2025, 8, 5), D(2025, 8, 7), D(2025, 8, 8), field="Chứng thực"),  # late
    fact(D(2025, 9, 29), D(2025, 10, 1), field="Chứng thực", by_post=True),  # open, within time
    fact(D(2025, 6, 27), D(2025, 7, 1), None, Ending.STOPPED, D(2025, 7, 15), field="Chứng thực"),  # carried, ended
    fact(D(2025, 10, 2), D(2025, 10, 6), field="Chứng thực"),  # received after the period
    fact(D(2025, 9, 12), D(2025, 9, 16), D(2025, 9, 16), field="Chứng thực", count=2),  # two on time
    fact(D(2025, 7, 2), None, None, Ending.REFUSED, D(2025, 7, 2), field="Chứng thực"),  # refused at intake
    fact(D(2025, 7, 3), None, None, Ending.WITHDRAWN, D(2025, 7, 20)),  # withdrawn before acceptance
    fact(D(2025, 6, 3), None, None, Ending.REFUSED, D(2025, 6, 3)),  # refused before the period
    fact(D(2025, 9, 30), None),  # submitted online, not yet accepted: nowhere
]


def test_a_hand_computed_quarter() -> None:
    report = compute(Q3, LEDGER, ratings={"very_satisfied": 3, "dissatisfied": 1})
    data = report.to_json()
    assert data["period"] == {"from": "2025-07-01", "to": "2025-09-30", "data_until": None}
    # (1) = (5) + (9): the withdrawn and the stopped dossier are apart, in the reconciliation line
    assert data["received"] == {"total": 9, "online": 1, "direct_postal": 6, "carried_over": 2}
    assert data["resolved"] == {"total": 6, "early": 1, "on_time": 3, "late": 2}
    assert data["in_progress"] == {"total": 3, "within_time": 2, "overdue": 1}
    assert report.total.columns() == (9, 1, 6, 2, 6, 1, 3, 2, 3, 2, 1)  # the printed row, in the form's order
    assert report.total.handled == 11 and report.total.received_in_period == 8
    assert data["ended"] == {"total": 2, "withdrawn": 1, "stopped": 1}
    assert data["not_accepted"] == {"refused": 1, "withdrawn": 1}
    assert data["channels"] == {"direct": 6, "postal": 1, "online": 1, "result_by_post": 2, "by_post": 2}
    assert data["apologies"] == 1
    assert data["online_share"] == 0.125 and data["postal_share"] == 0.25
    assert data["satisfaction"] == {"very_satisfied": 3, "satisfied": 0, "dissatisfied": 1, "total": 4}
    fields = {row["field"]: row for row in data["by_field"]}
    assert [row["field"] for row in data["by_field"]] == ["Chứng thực", "Hộ tịch"]  # by name, tones ignored
    assert fields["Hộ tịch"]["received"] == {"total": 5, "online": 1, "direct_postal": 2, "carried_over": 2}
    assert fields["Hộ tịch"]["resolved"] == {"total": 3, "early": 1, "on_time": 1, "late": 1}
    assert fields["Hộ tịch"]["in_progress"] == {"total": 2, "within_time": 1, "overdue": 1}
    assert fields["Chứng thực"]["received"] == {"total": 4, "online": 0, "direct_postal": 4, "carried_over": 0}
    assert fields["Chứng thực"]["resolved"] == {"total": 3, "early": 0, "on_time": 2, "late": 1}
    assert fields["Chứng thực"]["ended"] == {"total": 1, "withdrawn": 0, "stopped": 1}
    assert fields["Chứng thực"]["not_accepted"] == {"refused": 1, "withdrawn": 0}


def test_the_next_quarter_carries_over_what_was_open() -> None:
    q4 = compute(Period.quarter(2025, 4), LEDGER).total
    # open at 1/10: the overdue one from June, the two within time at the end of Q3; plus one received in Q4
    assert q4.received == Received(total=4, online=0, direct_postal=1, carried_over=3)
    assert q4.in_progress.total == 4 and q4.in_progress.overdue == 4  # 31/12 is past every due date


def test_an_empty_period_is_all_zeros_with_no_shares() -> None:
    report = compute(Q3, [fact(D(2026, 1, 5), D(2026, 1, 8))])
    assert report.by_field == ()
    assert report.total == Figures()
    assert report.to_json()["online_share"] is None and report.to_json()["postal_share"] is None
    assert compute(Q3, []).to_json()["by_field"] == []


def test_overdue_is_judged_at_the_end_of_the_period() -> None:
    due_on_last_day = compute(Q3, [fact(D(2025, 9, 26), D(2025, 9, 30))]).total.in_progress
    assert (due_on_last_day.within_time, due_on_last_day.overdue) == (1, 0)
    due_the_day_before = compute(Q3, [fact(D(2025, 9, 25), D(2025, 9, 29))]).total.in_progress
    assert (due_the_day_before.within_time, due_the_day_before.overdue) == (0, 1)


def test_a_result_after_the_period_is_still_in_progress_at_its_end() -> None:
    report = compute(Q3, [fact(D(2025, 9, 1), D(2025, 9, 4), D(2025, 10, 3))]).total
    assert report.resolved.total == 0 and report.in_progress.overdue == 1


def test_facts_from_stored_moments_use_the_office_day() -> None:
    # 17:30 UTC on 30/9 is 00:30 on 1/10 in Vietnam: after the quarter.
    late_evening = datetime(2025, 9, 30, 17, 30, tzinfo=UTC)
    facts = DossierFacts.from_moments(
        "Hộ tịch",
        Channel.DIRECT,
        datetime(2025, 9, 29, 2, 0, tzinfo=UTC),
        datetime(2025, 9, 30, 10, 0, tzinfo=UTC),
        late_evening,
        return_by_post=True,
        apologies=2,
    )
    assert (facts.received_on, facts.due_on, facts.resolved_on) == (D(2025, 9, 29), D(2025, 9, 30), D(2025, 10, 1))
    assert facts.ended_on is None and facts.return_by_post and facts.apologies == 2
    ended = DossierFacts.from_moments(
        "Hộ tịch", Channel.ONLINE, datetime(2025, 9, 29, 9, 0), None, None, Ending.REFUSED, datetime(2025, 9, 29, 9, 5)
    )
    assert ended.due_on is None and ended.ended_on == D(2025, 9, 29)


@pytest.mark.parametrize(
    "changes",
    [
        {"ending": Ending.WITHDRAWN},  # an ending without its day
        {"ended_on": D(2025, 8, 1)},  # a day without an ending
        {"resolved_on": D(2025, 8, 2), "ending": Ending.STOPPED, "ended_on": D(2025, 8, 1)},
        {"ending": Ending.REFUSED, "ended_on": D(2025, 8, 1)},  # an accepted dossier refused
        {"due_on": None, "ending": Ending.STOPPED, "ended_on": D(2025, 8, 1)},
        {"due_on": None, "resolved_on": D(2025, 8, 3)},
        {"count": 0},
        {"apologies": -1},
    ],
)
def test_impossible_facts_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(InvalidInput) as caught:
        replace(fact(D(2025, 7, 1), D(2025, 7, 4)), **changes)
    assert caught.value.code == "report.facts"


def test_figures_that_do_not_reconcile_break_an_identity_with_a_clear_error() -> None:
    # (1) = 3 received but only (5) 1 resolved + (9) 1 in progress: the printed table would not reconcile.
    broken = Figures(Received(3, 0, 3, 0), Resolved(1, 1, 0, 0), InProgress(1, 1, 0))
    with pytest.raises(ReportInconsistent) as caught:
        check_identities(Bieu06Report(Q3, broken, (FieldFigures("Cư trú", broken),)))
    assert caught.value.code == "report.identity"
    assert caught.value.params["field"] == "Cư trú"
    assert caught.value.params["identity"] == "(1) received = (5) resolved + (9) in_progress"


def test_fields_that_do_not_add_up_to_the_total_are_refused() -> None:
    good = compute(Q3, LEDGER)
    wrong_total = Bieu06Report(good.period, good.by_field[0].figures, good.by_field)
    with pytest.raises(ReportInconsistent) as caught:
        check_identities(wrong_total)
    assert caught.value.params["identity"].startswith("Σ fields received.")
    check_identities(Bieu06Report(good.period, good.total, (FieldFigures("Tổng", good.total),)))


def test_unknown_rating_levels_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        compute(Q3, [], ratings={"great": 1})
    assert caught.value.code == "report.rating"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31)),
        ("2026q3", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31)),
        ("2024-H1", D(2024, 1, 1), D(2024, 6, 30)),
        ("2026-H2", D(2026, 7, 1), D(2026, 12, 31)),
        (" 2026 ", D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_period_names(text: str, start: date, end: date) -> None:
    assert Period.parse(text) == Period(start, end)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-H3", "Q3", "26", "2026-07"])
def test_bad_period_names(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Period.parse(text)
    assert caught.value.code == "period.name"


def test_bad_periods() -> None:
    with pytest.raises(InvalidInput) as caught:
        Period(D(2026, 2, 1), D(2026, 1, 31))
    assert caught.value.code == "period.invalid"
    for make in (lambda: Period.quarter(2026, 0), lambda: Period.half(2026, 3)):
        with pytest.raises(InvalidInput):
            make()


# ---------------------------------------------------------------- properties

START = D(2025, 1, 1)
days = st.integers(min_value=0, max_value=365)


@st.composite
def consistent_facts(draw: st.DrawFn) -> DossierFacts:
    received = START + timedelta(days=draw(days))
    field = draw(st.sampled_from(["Hộ tịch", "Chứng thực", "Cư trú"]))
    channel = draw(st.sampled_from(list(Channel)))
    count = draw(st.integers(min_value=1, max_value=3))
    apologies = draw(st.integers(min_value=0, max_value=2))
    later = received + timedelta(days=draw(st.integers(min_value=0, max_value=60)))
    if not draw(st.booleans()):  # never accepted
        fate = draw(st.sampled_from([None, Ending.REFUSED, Ending.WITHDRAWN]))
        return fact(received, None, None, fate, None if fate is None else later, field=field, channel=channel)
    due = received + timedelta(days=draw(st.integers(min_value=0, max_value=20)))
    fate = draw(st.sampled_from(["open", "resolved", Ending.WITHDRAWN, Ending.STOPPED]))
    resolved = later if fate == "resolved" else None
    ending = fate if isinstance(fate, Ending) else None
    return fact(
        received,
        due,
        resolved,
        ending,
        later if ending else None,
        field=field,
        channel=channel,
        by_post=draw(st.booleans()),
        apologies=apologies,
        count=count,
    )


periods = st.tuples(days, st.integers(min_value=0, max_value=200)).map(
    lambda p: Period(START + timedelta(days=p[0]), START + timedelta(days=p[0] + p[1]))
)


@settings(max_examples=300, deadline=None)
@given(st.lists(consistent_facts(), max_size=40), periods)
def test_identities_hold_for_any_consistent_history(facts: list[DossierFacts], period: Period) -> None:
    report = compute(period, facts)  # raises if an identity breaks
    for figures in [report.total, *(row.figures for row in report.by_field)]:
        r = figures.received
        assert r.carried_over + r.online + r.direct_postal == r.total
        assert r.total == figures.resolved.total + figures.in_progress.total  # (1) = (5) + (9)
        assert figures.handled == r.total + figures.ended.total
    accepted = [f for f in facts if f.due_on is not None]
    in_scope = sum(
        f.count
        for f in accepted
        if f.received_on <= period.end
        and not (f.resolved_on is not None and f.resolved_on < period.start)
        and not (f.ended_on is not None and f.ended_on < period.start)
    )
    assert report.total.handled == in_scope


@settings(max_examples=100, deadline=None)
@given(st.lists(consistent_facts(), max_size=30), periods)
def test_grouped_facts_count_like_single_ones(facts: list[DossierFacts], period: Period) -> None:
    singles = [replace(f, count=1, apologies=f.apologies) for f in facts for _ in range(f.count)]
    assert compute(period, singles).to_json() == compute(period, facts).to_json()


def test_a_period_still_running_is_reported_up_to_today() -> None:
    """Open dossiers are judged as of today, not as of a day still to come (a quarter asked for early)."""
    quarter = Period.quarter(2026, 1)
    assert quarter.as_of(date(2026, 3, 10)) == Period(date(2026, 1, 1), date(2026, 3, 10))
    assert quarter.as_of(date(2026, 3, 31)) == quarter
    assert quarter.as_of(date(2026, 5, 2)) == quarter
    assert quarter.as_of(date(2025, 12, 31)) == quarter  # not begun: nothing to cut
    assert quarter.data_until(date(2026, 3, 10)) == date(2026, 3, 10)  # printed "số liệu đến ngày 10/03/2026"
    assert quarter.data_until(date(2026, 3, 31)) is None and quarter.data_until(date(2026, 5, 2)) is None
    with pytest.raises(InvalidInput) as caught:
        quarter.data_until(date(2025, 12, 31))
    assert caught.value.code == "period.not_started"
    due_20_march = fact(date(2026, 1, 5), date(2026, 3, 20), None)
    early = compute(quarter.as_of(date(2026, 3, 10)), [due_20_march]).total.in_progress
    assert (early.within_time, early.overdue) == (1, 0)
    late = compute(quarter, [due_20_march]).total.in_progress
    assert (late.within_time, late.overdue) == (0, 1)
