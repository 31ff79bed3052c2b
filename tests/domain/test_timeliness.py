"""Early / on time / late and within time / overdue, judged by the office's calendar day (Biểu 06)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.calendar import OFFICE_TZ, office_time
from counter_app.domain.timeliness import Progress, Resolution, progress, resolution

VN = timezone(timedelta(hours=7))
# Due Monday 23/2/2026 at the 17:00 return time, as the receipt prints it.
DUE = datetime(2026, 2, 23, 17, 0, tzinfo=VN)

zones: st.SearchStrategy[tzinfo | None] = st.sampled_from(
    [None, UTC, OFFICE_TZ, ZoneInfo("Europe/Paris"), ZoneInfo("America/Los_Angeles")]
)
moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=zones)


@pytest.mark.parametrize(
    ("resolved_at", "bucket"),
    [
        (datetime(2026, 2, 13, 10, 0, tzinfo=VN), Resolution.EARLY),
        (datetime(2026, 2, 22, 23, 59, tzinfo=VN), Resolution.EARLY),
        (datetime(2026, 2, 23, 0, 0, tzinfo=VN), Resolution.ON_TIME),
        (datetime(2026, 2, 23, 8, 0, tzinfo=VN), Resolution.ON_TIME),
        (datetime(2026, 2, 23, 17, 0, tzinfo=VN), Resolution.ON_TIME),
        (datetime(2026, 2, 23, 23, 59, 59, tzinfo=VN), Resolution.ON_TIME),  # after the return time, same day
        (datetime(2026, 2, 24, 0, 0, tzinfo=VN), Resolution.LATE),
        (datetime(2026, 3, 2, 9, 0, tzinfo=VN), Resolution.LATE),
    ],
)
def test_result_is_early_on_time_or_late_by_the_due_day(resolved_at: datetime, bucket: Resolution) -> None:
    assert resolution(DUE, resolved_at) is bucket


@pytest.mark.parametrize(
    ("resolved_at", "bucket"),
    [
        # 16:59 UTC on 23/2 is 23:59 in Vietnam: still the due day.
        (datetime(2026, 2, 23, 16, 59, tzinfo=UTC), Resolution.ON_TIME),
        # 17:00 UTC on 23/2 is midnight of 24/2 in Vietnam: a day late, though the UTC date is the due date.
        (datetime(2026, 2, 23, 17, 0, tzinfo=UTC), Resolution.LATE),
        # 17:30 UTC on 22/2 is 00:30 on 23/2 in Vietnam: on time, though the UTC date is the day before.
        (datetime(2026, 2, 22, 17, 30, tzinfo=UTC), Resolution.ON_TIME),
        (datetime(2026, 2, 22, 16, 59, tzinfo=UTC), Resolution.EARLY),
    ],
)
def test_utc_times_around_midnight_are_judged_on_the_vietnamese_day(resolved_at: datetime, bucket: Resolution) -> None:
    assert resolution(DUE, resolved_at) is bucket


def test_naive_times_are_office_local_time() -> None:
    assert resolution(datetime(2026, 2, 23, 17, 0), datetime(2026, 2, 23, 23, 30)) is Resolution.ON_TIME
    assert resolution(datetime(2026, 2, 23, 17, 0), datetime(2026, 2, 24, 0, 30)) is Resolution.LATE
    assert progress(datetime(2026, 2, 23, 17, 0), datetime(2026, 2, 24, 0, 0)) is Progress.OVERDUE


def test_due_date_given_in_utc_is_read_in_vietnam() -> None:
    # 17:00 UTC on 22/2 is 00:00 on 23/2 in Vietnam: the due day is 23/2.
    due = datetime(2026, 2, 22, 17, 0, tzinfo=UTC)
    assert resolution(due, datetime(2026, 2, 23, 16, 0, tzinfo=VN)) is Resolution.ON_TIME
    assert progress(due, datetime(2026, 2, 23, 23, 0, tzinfo=VN)) is Progress.WITHIN_TIME


@pytest.mark.parametrize(
    ("at", "bucket"),
    [
        (datetime(2026, 2, 13, 15, 0, tzinfo=VN), Progress.WITHIN_TIME),
        (datetime(2026, 2, 23, 17, 30, tzinfo=VN), Progress.WITHIN_TIME),  # past the return time, same day
        (datetime(2026, 2, 23, 23, 59, 59, tzinfo=VN), Progress.WITHIN_TIME),
        (datetime(2026, 2, 23, 16, 59, tzinfo=UTC), Progress.WITHIN_TIME),
        (datetime(2026, 2, 23, 17, 0, tzinfo=UTC), Progress.OVERDUE),
        (datetime(2026, 2, 24, 0, 0, tzinfo=VN), Progress.OVERDUE),
        (datetime(2026, 4, 1, 9, 0, tzinfo=VN), Progress.OVERDUE),
    ],
)
def test_open_dossier_is_within_time_until_the_end_of_its_due_day(at: datetime, bucket: Progress) -> None:
    assert progress(DUE, at) is bucket


@given(moments, moments, moments)
def test_a_later_result_is_never_in_a_better_bucket(due: datetime, first: datetime, second: datetime) -> None:
    order = [Resolution.EARLY, Resolution.ON_TIME, Resolution.LATE]
    earlier, later = sorted((office_time(first), office_time(second)))
    assert order.index(resolution(due, earlier)) <= order.index(resolution(due, later))


@given(moments, moments)
def test_open_dossier_is_overdue_exactly_when_a_result_then_would_be_late(due: datetime, at: datetime) -> None:
    assert (progress(due, at) is Progress.OVERDUE) == (resolution(due, at) is Resolution.LATE)


@given(moments, moments)
def test_the_same_moment_in_another_zone_gets_the_same_bucket(due: datetime, at: datetime) -> None:
    aware = office_time(at)
    for zone in (UTC, ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago")):
        assert resolution(due, aware.astimezone(zone)) is resolution(due, at)
        assert progress(due, aware.astimezone(zone)) is progress(due, at)
