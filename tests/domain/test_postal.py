"""UPU S10 tracking numbers: the check digit catches typing errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import InvalidInput
from counter_app.domain.postal import check_digit, make_tracking, validate_tracking

serials = st.text(alphabet="0123456789", min_size=8, max_size=8)
letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)


def test_the_issue_examples() -> None:
    assert validate_tracking("EA123456785VN") == "EA123456785VN"
    with pytest.raises(InvalidInput) as caught:
        validate_tracking("EA123456784VN")
    assert caught.value.code == "postal.tracking"


def test_spaces_and_case_are_forgiven() -> None:
    assert validate_tracking(" ea 123 456 785 vn ") == "EA123456785VN"


@pytest.mark.parametrize(
    "bad",
    ["", "EA12345678VN", "EA1234567855VN", "1A123456785VN", "EA123456785V1", "EA12345678X5VN", "EA１２３４５６７８5VN"],
)
def test_malformed_identifiers_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        validate_tracking(bad)


def test_check_digit_special_cases() -> None:
    # remainder 1 → 10 → 0; remainder 0 → 11 → 5
    zero = next(s for s in (f"{n:08d}" for n in range(1000)) if check_digit(s) == 0)
    five = next(
        s
        for s in (f"{n:08d}" for n in range(1000))
        if sum(int(d) * w for d, w in zip(s, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11 == 0
    )
    assert check_digit(zero) == 0
    assert check_digit(five) == 5
    with pytest.raises(InvalidInput):
        check_digit("1234567")


@given(letters, serials, letters)
def test_every_built_identifier_validates(service: str, serial: str, country: str) -> None:
    assert (
        validate_tracking(make_tracking(service, serial, country)) == f"{service}{serial}{check_digit(serial)}{country}"
    )


def _remainder(serial: str) -> int:
    return sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11


@given(letters, serials, st.integers(min_value=0, max_value=7), st.integers(min_value=1, max_value=9))
def test_a_mistyped_serial_digit_is_caught_unless_the_standard_cannot(
    service: str, serial: str, position: int, shift: int
) -> None:
    """Weights are non-zero modulo 11, so one wrong digit always changes the remainder; S10 then maps
    remainders 0 and 6 both to check digit 5, the only typos the standard itself cannot see."""
    good = make_tracking(service, serial)
    typo_serial = serial[:position] + str((int(serial[position]) + shift) % 10) + serial[position + 1 :]
    typo = good[:2] + typo_serial + good[10:]
    assert _remainder(typo_serial) != _remainder(serial)
    if {_remainder(typo_serial), _remainder(serial)} == {0, 6}:
        assert validate_tracking(typo) == typo
    else:
        with pytest.raises(InvalidInput):
            validate_tracking(typo)


@given(letters, serials)
def test_any_wrong_check_digit_is_caught(service: str, serial: str) -> None:
    good = make_tracking(service, serial)
    for digit in "0123456789":
        if digit != good[10]:
            with pytest.raises(InvalidInput):
                validate_tracking(good[:10] + digit + good[11:])
