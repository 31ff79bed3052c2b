"""The retention rule (7 daily, 4 weekly, 12 monthly): properties over any set of backup moments."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.retention import period_labels, retain

START = datetime(2024, 1, 1, 8, 0)
moments = st.lists(
    st.integers(min_value=0, max_value=3 * 365 * 24 * 4).map(lambda q: START + timedelta(minutes=15 * q)),
    min_size=0,
    max_size=120,
)


def _backups(found: list[datetime]) -> list[tuple[int, datetime]]:
    return list(enumerate(found))


@settings(max_examples=300, deadline=None)
@given(moments)
def test_never_deletes_the_newest_and_keeps_at_most_23(found: list[datetime]) -> None:
    backups = _backups(found)
    kept = retain(backups)
    assert len(kept) <= 23
    if backups:
        newest = max(backups, key=lambda b: (b[1], str(b[0])))
        assert newest[0] in kept
        assert set(kept) <= {key for key, _ in backups}


@settings(max_examples=300, deadline=None)
@given(moments)
def test_keeps_exactly_the_newest_of_each_kept_period(found: list[datetime]) -> None:
    backups = _backups(found)
    kept = retain(backups)
    for index, rule in enumerate(("daily", "weekly", "monthly")):
        periods: dict[str, list[tuple[int, datetime]]] = {}
        for key, moment in backups:
            periods.setdefault(period_labels(moment)[index], []).append((key, moment))
        newest_periods = sorted(periods, key=lambda p: max(m for _, m in periods[p]), reverse=True)
        wanted = newest_periods[: {"daily": 7, "weekly": 4, "monthly": 12}[rule]]
        for label in wanted:
            newest = max(periods[label], key=lambda b: (b[1], str(b[0])))[0]
            assert f"{rule} {label}" in kept[newest]
        holding = [key for key, reasons in kept.items() if any(r.startswith(f"{rule} ") for r in reasons)]
        assert len(holding) == len(wanted)  # one per kept period, no more


@settings(max_examples=300, deadline=None)
@given(moments)
def test_idempotent(found: list[datetime]) -> None:
    backups = _backups(found)
    kept = retain(backups)
    again = retain([b for b in backups if b[0] in kept])
    assert again == kept


@given(moments)
def test_order_of_the_input_does_not_matter(found: list[datetime]) -> None:
    backups = _backups(found)
    assert retain(backups) == retain(list(reversed(backups)))


def test_a_year_of_daily_backups_keeps_23() -> None:
    backups = [(f"b{n:03d}", START + timedelta(days=n)) for n in range(400)]
    kept = retain(backups)
    assert kept["b399"] == ("daily 2025-02-03", "weekly 2025-W06", "monthly 2025-02")
    # the last 7 days (Mon 27/01 – Mon 03/02: two weeks, two months), 2 more Sundays, 10 more month ends
    assert {f"b{n}" for n in range(393, 400)} <= set(kept)
    assert kept["b384"] == ("weekly 2025-W03",)
    assert kept["b365"] == ("monthly 2024-12",)  # 31/12/2024
    assert len(kept) == 7 + 2 + 10


def test_a_pc_left_off_for_months_keeps_its_last_backups() -> None:
    backups = [(n, START + timedelta(days=n)) for n in range(10)] + [(99, START + timedelta(days=200))]
    kept = retain(backups)
    assert 99 in kept
    # with day 200: the 7 most recent days that have a backup, not the calendar's
    assert {4, 5, 6, 7, 8, 9} <= set(kept)
