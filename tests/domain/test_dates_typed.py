"""Dates as clerks type them (issue 11 item 16): "5/3/85" for a birth date, never year 85."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.calendar import parse_birth_date, parse_date
from counter_app.domain.errors import InvalidInput

TODAY = date(2026, 12, 2)


def test_the_short_forms_clerks_type() -> None:
    assert parse_birth_date("5/3/85", TODAY) == date(1985, 3, 5)
    assert parse_birth_date("05/03/1985", TODAY) == date(1985, 3, 5)
    assert parse_birth_date("5/3/2020", TODAY) == date(2020, 3, 5)
    assert parse_birth_date("1/12/26", TODAY) == date(2026, 12, 1)  # yesterday: this century
    assert parse_birth_date("3/12/26", TODAY) == date(1926, 12, 3)  # tomorrow cannot be a birth date
    assert parse_date("5/3/1985") == date(1985, 3, 5)


@pytest.mark.parametrize("text", ["5/3/85", "31/2/1985", "29/2/1985", "5/13/1985", "5/3", "5/3/985", "5/3-85", ""])
def test_ambiguous_or_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text)  # without a purpose, a two-digit year has no century
    assert caught.value.code == "date.invalid"


@pytest.mark.parametrize("text", ["31/2/85", "29/2/85", "5/13/85", "0/3/85", "5/3/"])
def test_impossible_birth_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_birth_date(text, TODAY)


@given(st.dates(min_value=TODAY - timedelta(days=365 * 99), max_value=TODAY))
def test_a_two_digit_year_means_the_last_hundred_years(born: date) -> None:
    typed = f"{born.day}/{born.month}/{born.year % 100:02d}"
    assert parse_birth_date(typed, TODAY) == born


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_a_four_digit_year_is_read_as_written(day: date) -> None:
    typed = f"{day.day}/{day.month}/{day.year}"
    assert parse_date(typed) == day
    assert parse_birth_date(typed, TODAY) == day


@given(st.integers(1, 31), st.integers(1, 12), st.integers(0, 99), st.dates(date(1950, 1, 1), date(2099, 12, 31)))
def test_a_birth_date_is_never_after_today(day: int, month: int, year: int, today: date) -> None:
    try:
        born = parse_birth_date(f"{day}/{month}/{year:02d}", today)
    except InvalidInput:
        return
    assert born <= today
    assert today - born < timedelta(days=366 * 100)
