"""The office working-day calendar and the due-date rule, on the real 2025–2026 Vietnamese calendar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain import calendar as calendar_module
from counter_app.domain.calendar import (
    DEFAULT_CUTOFF,
    DEFAULT_RETURN_TIME,
    OFFICE_TZ,
    CalendarOverride,
    OverrideKind,
    WorkingCalendar,
    office_time,
    parse_date,
    parse_datetime,
    parse_hhmm,
)
from counter_app.domain.errors import InvalidInput

VN = timezone(timedelta(hours=7))
CAL = WorkingCalendar()

# What the Government decided (and the ``holidays`` package encodes) for 2025 and 2026.
DAYS_OFF_2025 = {
    date(2025, 1, 1): "Tết Dương lịch (Wed)",
    date(2025, 1, 27): "Tết (Mon)",
    date(2025, 1, 28): "Tết (Tue)",
    date(2025, 1, 29): "Tết (Wed)",
    date(2025, 1, 30): "Tết (Thu)",
    date(2025, 1, 31): "Tết (Fri)",
    date(2025, 2, 1): "Tết (Sat, listed by the package)",
    date(2025, 4, 7): "Giỗ Tổ Hùng Vương (Mon)",
    date(2025, 4, 30): "30/4 (Wed)",
    date(2025, 5, 1): "1/5 (Thu)",
    date(2025, 5, 2): "Fri 2/5 off, swapped with Sat 26/4",
    date(2025, 9, 1): "Quốc khánh (Mon)",
    date(2025, 9, 2): "Quốc khánh (Tue)",
}
DAYS_OFF_2026 = {
    date(2026, 1, 1): "Tết Dương lịch (Thu)",
    date(2026, 2, 16): "Tết (Mon)",
    date(2026, 2, 17): "Tết (Tue)",
    date(2026, 2, 18): "Tết (Wed)",
    date(2026, 2, 19): "Tết (Thu)",
    date(2026, 2, 20): "Tết (Fri)",
    date(2026, 4, 26): "Giỗ Tổ Hùng Vương (Sun)",
    date(2026, 4, 27): "Giỗ Tổ Hùng Vương observed (Mon)",
    date(2026, 4, 30): "30/4 (Thu)",
    date(2026, 5, 1): "1/5 (Fri)",
    date(2026, 8, 31): "Mon 31/8 off, swapped with Sat 22/8",
    date(2026, 9, 1): "Quốc khánh (Tue)",
    date(2026, 9, 2): "Quốc khánh (Wed)",
    date(2026, 11, 24): "Ngày Văn hóa Việt Nam (Tue)",
}
SWAPPED_WORKING_SATURDAYS = [date(2025, 4, 26), date(2026, 8, 22)]

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
zones: st.SearchStrategy[tzinfo | None] = st.sampled_from(
    [None, UTC, OFFICE_TZ, ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")]
)
moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=zones)
cutoffs = st.one_of(st.none(), st.times(), st.just(DEFAULT_CUTOFF))
working_day_counts = st.integers(min_value=0, max_value=40)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """Office local time, naive, as a clerk types it."""
    return datetime(year, month, day, hour, minute)


@pytest.fixture
def fresh_holiday_cache() -> Iterator[None]:
    calendar_module._vn_holidays.cache_clear()
    yield
    calendar_module._vn_holidays.cache_clear()


# ---------------------------------------------------------------- the national calendar as installed


@pytest.mark.parametrize(("year", "expected"), [(2025, DAYS_OFF_2025), (2026, DAYS_OFF_2026)])
def test_installed_holidays_package_lists_the_decided_days_off(year: int, expected: dict[date, str]) -> None:
    national = holidays.country_holidays("VN", years=year)
    assert set(national) == set(expected)
    assert {d for d in national.weekend_workdays if d.year == year} == {
        d for d in SWAPPED_WORKING_SATURDAYS if d.year == year
    }


@pytest.mark.parametrize("day", sorted(DAYS_OFF_2025 | DAYS_OFF_2026))
def test_public_holidays_are_not_working_days(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", SWAPPED_WORKING_SATURDAYS)
def test_swapped_saturday_is_a_working_day(day: date) -> None:
    assert day.weekday() == 5
    assert CAL.is_working_day(day)
    assert CAL.holiday_name(day) is None


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 5, 3),  # ordinary Saturday after the 30/4–1/5 break
        date(2025, 5, 4),  # Sunday
        date(2026, 8, 23),  # Sunday after the working Saturday
        date(2026, 2, 21),  # Saturday after Tết
    ],
)
def test_ordinary_weekend_is_not_a_working_day(day: date) -> None:
    assert not CAL.is_working_day(day)
    assert CAL.holiday_name(day) is None


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 24),  # Friday before Tết 2025
        date(2025, 2, 3),  # Monday after Tết 2025
        date(2025, 4, 29),  # Tuesday before 30/4
        date(2025, 5, 5),  # Monday after the break
        date(2026, 2, 13),  # Friday before Tết 2026
        date(2026, 2, 23),  # Monday after Tết 2026
        date(2026, 4, 28),  # Tuesday after the observed Giỗ Tổ
        date(2026, 9, 3),  # Thursday after Quốc khánh
        date(2026, 11, 23),  # Monday before Ngày Văn hóa Việt Nam
    ],
)
def test_ordinary_weekday_is_a_working_day(day: date) -> None:
    assert CAL.is_working_day(day)
    assert CAL.holiday_name(day) is None


@pytest.mark.parametrize("day", sorted(DAYS_OFF_2025 | DAYS_OFF_2026))
def test_holiday_name_is_the_national_name(day: date) -> None:
    languages = holidays.country_holidays("VN").supported_languages
    national_names = {holidays.country_holidays("VN", years=day.year, language=lang)[day] for lang in languages}
    assert CAL.holiday_name(day) in national_names


@pytest.mark.usefixtures("fresh_holiday_cache")
def test_holiday_names_are_vietnamese_whatever_the_pc_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en_US")
    assert WorkingCalendar().holiday_name(date(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"


# ---------------------------------------------------------------- office overrides


def test_extra_holiday_override_closes_an_ordinary_monday() -> None:
    day = date(2026, 3, 9)
    cal = WorkingCalendar([CalendarOverride(day, OverrideKind.HOLIDAY, "Bầu cử đại biểu Quốc hội")])
    assert CAL.is_working_day(day)
    assert not cal.is_working_day(day)
    assert cal.holiday_name(day) == "Bầu cử đại biểu Quốc hội"


def test_extra_working_day_override_opens_a_sunday() -> None:
    day = date(2026, 3, 8)
    cal = WorkingCalendar([CalendarOverride(day, OverrideKind.WORKING_DAY, "Làm bù")])
    assert cal.is_working_day(day)
    assert cal.holiday_name(day) is None


def test_working_day_override_wins_over_a_national_holiday() -> None:
    day = date(2025, 9, 2)
    cal = WorkingCalendar([CalendarOverride(day, OverrideKind.WORKING_DAY)])
    assert cal.is_working_day(day)
    assert cal.holiday_name(day) is None


def test_holiday_override_wins_over_a_swapped_working_saturday() -> None:
    day = date(2025, 4, 26)
    cal = WorkingCalendar([CalendarOverride(day, OverrideKind.HOLIDAY, "Tỉnh cho nghỉ")])
    assert not cal.is_working_day(day)
    assert cal.holiday_name(day) == "Tỉnh cho nghỉ"


def test_holiday_override_note_replaces_the_national_name() -> None:
    day = date(2026, 9, 2)
    cal = WorkingCalendar([CalendarOverride(day, OverrideKind.HOLIDAY, "Quốc khánh (theo QĐ tỉnh)")])
    assert cal.holiday_name(day) == "Quốc khánh (theo QĐ tỉnh)"


def test_overrides_are_listed_in_date_order() -> None:
    later = CalendarOverride(date(2026, 12, 31), OverrideKind.HOLIDAY, "b")
    earlier = CalendarOverride(date(2026, 1, 2), OverrideKind.WORKING_DAY, "a")
    assert WorkingCalendar([later, earlier]).overrides == (earlier, later)
    assert WorkingCalendar().overrides == ()


def test_due_date_uses_the_overrides() -> None:
    # The province closes Monday 23/2/2026 too: a dossier received on Friday before Tết waits until Tuesday.
    cal = WorkingCalendar([CalendarOverride(date(2026, 2, 23), OverrideKind.HOLIDAY, "Tỉnh cho nghỉ thêm")])
    assert cal.due_date(at(2026, 2, 13, 10), 1) == date(2026, 2, 24)
    assert CAL.due_date(at(2026, 2, 13, 10), 1) == date(2026, 2, 23)


# ---------------------------------------------------------------- stepping through working days


def test_next_working_day_jumps_over_tet_2026() -> None:
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_next_working_day_lands_on_the_swapped_saturday() -> None:
    assert CAL.next_working_day(date(2025, 4, 25)) == date(2025, 4, 26)
    assert CAL.next_working_day(date(2026, 8, 21)) == date(2026, 8, 22)


def test_next_working_day_crosses_the_year() -> None:
    assert CAL.next_working_day(date(2025, 12, 31)) == date(2026, 1, 2)


def test_add_working_days_across_the_2025_april_may_break() -> None:
    assert CAL.add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)
    assert CAL.add_working_days(date(2025, 4, 24), 3) == date(2025, 4, 28)  # Fri 25, Sat 26 (swapped), Mon 28


@pytest.mark.parametrize("count", [0, -1, -10])
def test_add_working_days_refuses_a_count_below_one(count: int) -> None:
    with pytest.raises(InvalidInput) as info:
        CAL.add_working_days(date(2026, 1, 5), count)
    assert info.value.code == "working_days.invalid"
    assert info.value.params == {"value": count}


def test_working_days_between_counts_the_half_open_span() -> None:
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert CAL.working_days_between(date(2026, 2, 12), date(2026, 2, 23)) == 2
    assert CAL.working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 13)) == 0
    assert CAL.working_days_between(date(2026, 8, 21), date(2026, 8, 24)) == 2  # Sat 22/8 and Mon 24/8


# ---------------------------------------------------------------- due dates a clerk prints on the receipt


def test_same_day_procedure_received_before_the_cut_off_is_due_today() -> None:
    assert CAL.due_date(at(2026, 2, 13, 14, 59), 0) == date(2026, 2, 13)


def test_same_day_cut_off_is_strict_to_the_microsecond() -> None:
    assert CAL.due_date(datetime(2026, 2, 13, 14, 59, 59, 999999), 0) == date(2026, 2, 13)


@pytest.mark.parametrize("minute", [0, 30])
def test_same_day_procedure_received_at_or_after_15_00_before_tet_is_due_after_tet(minute: int) -> None:
    assert CAL.due_date(at(2026, 2, 13, 15, minute), 0) == date(2026, 2, 23)


def test_same_day_procedure_on_the_swapped_working_saturday_is_due_that_saturday() -> None:
    assert CAL.due_date(at(2025, 4, 26, 10), 0) == date(2025, 4, 26)


def test_same_day_procedure_received_on_a_holiday_is_due_on_the_next_working_day() -> None:
    assert CAL.due_date(at(2025, 9, 2, 8), 0) == date(2025, 9, 3)
    assert CAL.due_date(at(2025, 5, 3, 8), 0) == date(2025, 5, 5)  # ordinary Saturday


def test_without_a_cut_off_any_time_of_a_working_day_is_same_day() -> None:
    assert CAL.due_date(at(2026, 2, 13, 23, 59), 0, cutoff=None) == date(2026, 2, 13)
    assert CAL.due_date(at(2026, 2, 14, 9), 0, cutoff=None) == date(2026, 2, 23)  # Saturday still waits


def test_a_procedure_specific_cut_off_is_honoured() -> None:
    eleven = time(11, 0)
    assert CAL.due_date(at(2026, 3, 2, 10, 59), 0, cutoff=eleven) == date(2026, 3, 2)
    assert CAL.due_date(at(2026, 3, 2, 11, 0), 0, cutoff=eleven) == date(2026, 3, 3)


def test_one_working_day_from_tuesday_29_april_2025_is_monday_5_may() -> None:
    # 30/4, 1/5 and the swapped 2/5 are off, 3/5 is an ordinary Saturday.
    assert CAL.due_date(at(2025, 4, 29, 9), 1) == date(2025, 5, 5)


def test_working_day_deadline_ignores_the_cut_off() -> None:
    assert CAL.due_date(at(2026, 3, 2, 16, 45), 1) == CAL.due_date(at(2026, 3, 2, 7, 30), 1) == date(2026, 3, 3)


def test_working_day_deadline_counts_from_a_holiday_receipt() -> None:
    # Online dossier dated Sunday 26/4/2026 (Giỗ Tổ): Mon 27/4 observed, Tue 28/4 is the 1st working day.
    assert CAL.due_date(at(2026, 4, 26, 10), 1) == date(2026, 4, 28)
    assert CAL.due_date(at(2026, 4, 26, 10), 3) == date(2026, 5, 4)  # 28/4, 29/4, then 30/4–3/5 off


def test_quoc_khanh_2026_with_the_swapped_monday() -> None:
    # Fri 28/8 + 1: Sat 29, Sun 30, Mon 31 (swapped), Tue 1/9, Wed 2/9 off → Thu 3/9.
    assert CAL.due_date(at(2026, 8, 28, 9), 1) == date(2026, 9, 3)
    # The Friday before the swapped Saturday: Sat 22/8 counts.
    assert CAL.due_date(at(2026, 8, 21, 9), 1) == date(2026, 8, 22)


def test_utc_receipt_late_in_the_evening_is_judged_on_the_vietnamese_date() -> None:
    # 23:30 UTC on Thu 12/2/2026 is 06:30 on Fri 13/2 in Vietnam: before the cut-off, due the same (VN) day.
    received = datetime(2026, 2, 12, 23, 30, tzinfo=UTC)
    assert CAL.due_date(received, 0) == date(2026, 2, 13)
    assert CAL.due_date(received, 1) == date(2026, 2, 23)


def test_utc_receipt_is_judged_against_the_cut_off_in_vietnamese_time() -> None:
    # 08:30 UTC is 15:30 in Vietnam: after the cut-off.
    assert CAL.due_date(datetime(2026, 2, 13, 8, 30, tzinfo=UTC), 0) == date(2026, 2, 23)
    assert CAL.due_date(datetime(2026, 2, 13, 7, 59, tzinfo=UTC), 0) == date(2026, 2, 13)


@pytest.mark.parametrize("count", [-1, -5])
def test_negative_working_days_are_refused(count: int) -> None:
    with pytest.raises(InvalidInput) as info:
        CAL.due_date(at(2026, 3, 2), count)
    assert info.value.code == "working_days.invalid"
    assert info.value.params == {"value": count}


def test_due_at_is_the_return_time_of_the_due_date_in_vietnam() -> None:
    due = CAL.due_at(at(2026, 2, 13, 15, 30), 0)
    assert due == datetime(2026, 2, 23, 17, 0, tzinfo=VN)
    assert due.utcoffset() == timedelta(hours=7)
    assert due.tzinfo is OFFICE_TZ
    assert due.timetz().replace(tzinfo=None) == DEFAULT_RETURN_TIME


def test_due_at_uses_the_office_return_time() -> None:
    cal = WorkingCalendar(return_time=time(16, 30))
    assert cal.return_time == time(16, 30)
    assert cal.due_at(datetime(2025, 4, 29, 2, 0, tzinfo=UTC), 1) == datetime(2025, 5, 5, 16, 30, tzinfo=VN)


# ---------------------------------------------------------------- times and parsing


def test_naive_time_is_office_local_time() -> None:
    local = office_time(datetime(2026, 2, 13, 9, 30))
    assert local == datetime(2026, 2, 13, 9, 30, tzinfo=VN)
    assert local.tzinfo is OFFICE_TZ


def test_aware_time_is_converted_to_office_time() -> None:
    local = office_time(datetime(2026, 2, 12, 23, 30, tzinfo=UTC))
    assert (local.date(), local.hour, local.minute) == (date(2026, 2, 13), 6, 30)
    assert local.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("15:00", time(15, 0)), (" 07:30 ", time(7, 30)), ("00:00", time(0, 0)), ("23:59", time(23, 59))],
)
def test_parse_hhmm_reads_a_cut_off(text: str, expected: time) -> None:
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize(
    "text", ["24:00", "12:60", "1500", "15:0", "5:00", "15.00", "ab:cd", "", "15:00:00", "-1:00", "15:-1"]
)
def test_parse_hhmm_refuses_anything_but_hh_mm(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_hhmm(text)
    assert info.value.code == "time.invalid"
    assert info.value.params == {"value": text}


def test_parse_hhmm_refuses_superscript_digits_as_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        parse_hhmm("1²:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-11-20T09:30", datetime(2025, 11, 20, 9, 30, tzinfo=VN)),
        ("2025-11-20", datetime(2025, 11, 20, 0, 0, tzinfo=VN)),
        ("2025-11-20T02:30+00:00", datetime(2025, 11, 20, 9, 30, tzinfo=VN)),
        ("2025-11-19T23:30Z", datetime(2025, 11, 20, 6, 30, tzinfo=VN)),
        ("20/11/2025 09:30", datetime(2025, 11, 20, 9, 30, tzinfo=VN)),
        ("20/11/2025 09:30:15", datetime(2025, 11, 20, 9, 30, 15, tzinfo=VN)),
        ("  20/11/2025  ", datetime(2025, 11, 20, 0, 0, tzinfo=VN)),
    ],
)
def test_parse_datetime_reads_iso_and_vietnamese_forms(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("text", ["32/13/2025", "hôm nay", "", "20/11/2025 25:00", "2025-02-30"])
def test_parse_datetime_refuses_nonsense(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_datetime(text)
    assert info.value.code == "date.invalid"
    assert info.value.params == {"value": text}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-02-13", date(2026, 2, 13)), ("13/02/2026", date(2026, 2, 13)), (" 1/5/2025 ", date(2025, 5, 1))],
)
def test_parse_date_reads_iso_and_vietnamese_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["29/02/2025", "2026-13-01", "13.02.2026", "", "13/02/2026 09:00"])
def test_parse_date_refuses_nonsense(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date(text)
    assert info.value.code == "date.invalid"
    assert info.value.params == {"value": text}


# ---------------------------------------------------------------- properties


@given(moments, working_day_counts, cutoffs)
def test_due_date_is_always_a_working_day(received: datetime, count: int, cutoff: time | None) -> None:
    assert CAL.is_working_day(CAL.due_date(received, count, cutoff))


@given(moments, st.integers(min_value=1, max_value=40), cutoffs)
def test_deadline_of_n_days_spans_exactly_n_working_days(received: datetime, count: int, cutoff: time | None) -> None:
    receipt_day = office_time(received).date()
    due = CAL.due_date(received, count, cutoff)
    assert CAL.working_days_between(receipt_day, due) == count
    assert due > receipt_day


@given(moments, cutoffs)
def test_same_day_deadline_is_the_receipt_day_or_the_next_working_day(received: datetime, cutoff: time | None) -> None:
    day = office_time(received).date()
    assert CAL.due_date(received, 0, cutoff) in {day, CAL.next_working_day(day)}


@given(moments, moments, working_day_counts, cutoffs)
def test_a_later_receipt_never_gets_an_earlier_due_date(
    first: datetime, second: datetime, count: int, cutoff: time | None
) -> None:
    earlier, later = sorted((office_time(first), office_time(second)))
    assert CAL.due_date(earlier, count, cutoff) <= CAL.due_date(later, count, cutoff)


@given(moments, working_day_counts, cutoffs)
def test_one_more_working_day_never_gives_an_earlier_due_date(
    received: datetime, count: int, cutoff: time | None
) -> None:
    shorter = CAL.due_date(received, count, cutoff)
    longer = CAL.due_date(received, count + 1, cutoff)
    assert longer >= shorter
    if count >= 1:
        assert longer > shorter


@given(days, days)
def test_working_days_between_is_antisymmetric(a: date, b: date) -> None:
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


@given(days, st.integers(min_value=1, max_value=60))
def test_add_working_days_is_undone_by_working_days_between(start: date, count: int) -> None:
    end = CAL.add_working_days(start, count)
    assert CAL.is_working_day(end)
    assert CAL.working_days_between(start, end) == count


@given(days, days)
def test_working_days_between_is_undone_by_add_working_days(start: date, end: date) -> None:
    count = CAL.working_days_between(start, end)
    if end > start and CAL.is_working_day(end):
        assert CAL.add_working_days(start, count) == end


@given(
    st.dictionaries(days, st.sampled_from(list(OverrideKind)), max_size=30),
    days,
    moments,
    working_day_counts,
)
def test_overrides_decide_their_days_and_leave_the_others_alone(
    kinds: dict[date, OverrideKind], probe: date, received: datetime, count: int
) -> None:
    cal = WorkingCalendar(CalendarOverride(d, k, f"ghi chú {d}") for d, k in kinds.items())
    for day, kind in kinds.items():
        assert cal.is_working_day(day) is (kind is OverrideKind.WORKING_DAY)
        assert cal.holiday_name(day) == (f"ghi chú {day}" if kind is OverrideKind.HOLIDAY else None)
    if probe not in kinds:
        assert cal.is_working_day(probe) == CAL.is_working_day(probe)
        assert cal.holiday_name(probe) == CAL.holiday_name(probe)
    assert cal.is_working_day(cal.due_date(received, count))


def test_previous_working_day_skips_holidays_and_weekends() -> None:
    calendar = WorkingCalendar()
    assert calendar.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 13)  # back over Tết
    assert calendar.previous_working_day(date(2025, 4, 28)) == date(2025, 4, 26)  # the swapped Saturday
    assert calendar.previous_working_day(date(2025, 11, 19)) == date(2025, 11, 18)
