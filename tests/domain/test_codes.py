"""Dossier codes AGENCY13-YYMMDD-XXXX, partitioned per workstation so offline PCs never collide."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from counter_app.domain.codes import (
    BLOCK,
    MAX_WORKSTATION,
    MIN_WORKSTATION,
    DossierCode,
    first_sequence,
    make_code,
    next_sequence,
    parse_dossier_code,
    validate_agency_code,
    validate_workstation,
)
from counter_app.domain.errors import InvalidInput

AGENCY = "000.12.34.H26"
DAY = date(2025, 11, 18)

agency_codes = st.from_regex(r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}", fullmatch=True)
code_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
workstations = st.integers(min_value=MIN_WORKSTATION, max_value=MAX_WORKSTATION)
numbers_in_block = st.integers(min_value=1, max_value=BLOCK - 1)


def issue(workstation: int, count: int, day: date = DAY) -> list[DossierCode]:
    """The first ``count`` codes a workstation issues on ``day``."""
    codes: list[DossierCode] = []
    last: int | None = None
    for _ in range(count):
        code = make_code(AGENCY, day, workstation, last)
        codes.append(code)
        last = code.sequence
    return codes


def refused(code: str, call: object, *args: object) -> InvalidInput:
    assert callable(call)
    with pytest.raises(InvalidInput) as info:
        call(*args)
    assert info.value.code == code
    return info.value


# ---------------------------------------------------------------- agency code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("000.12.34.H26", "000.12.34.H26"),
        ("000.00.00.h26", "000.00.00.H26"),
        ("  A1B.C2.00.G01 \n", "A1B.C2.00.G01"),
    ],
)
def test_agency_code_is_trimmed_and_upper_cased(text: str, expected: str) -> None:
    assert validate_agency_code(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "000.12.34.126",  # level-1 code must start with a letter
        "00.12.34.H26",
        "000.12.34.H2",
        "000.12.34.H26X",
        "000-12-34-H26",
        "000.12.34.HH6",
        "000 12 34 H26",
        "000.12.34.Đ26",
    ],
)
def test_malformed_agency_code_is_refused(text: str) -> None:
    error = refused("office.agency_code", validate_agency_code, text)
    assert error.params == {"value": text}


# ---------------------------------------------------------------- workstations and their blocks


@pytest.mark.parametrize("number", range(MIN_WORKSTATION, MAX_WORKSTATION + 1))
def test_workstations_one_to_nine_are_accepted(number: int) -> None:
    assert validate_workstation(number) == number


@pytest.mark.parametrize("number", [0, 10, -1, 100])
def test_workstation_outside_one_to_nine_is_refused(number: int) -> None:
    error = refused("office.workstation", validate_workstation, number)
    assert error.params == {"value": number, "low": 1, "high": 9}


def test_first_number_of_the_day_is_w001() -> None:
    assert first_sequence(1) == 1001
    assert first_sequence(2) == 2001
    assert first_sequence(9) == 9001
    assert next_sequence(2, None) == 2001


def test_first_number_of_an_invalid_workstation_is_refused() -> None:
    refused("office.workstation", first_sequence, 0)
    refused("office.workstation", next_sequence, 10, None)


def test_numbers_run_on_within_the_block() -> None:
    assert next_sequence(2, 2001) == 2002
    assert next_sequence(2, 2998) == 2999


def test_workstation_2_issues_2001_to_2999_then_is_exhausted() -> None:
    codes = issue(2, 999)
    assert [c.sequence for c in codes] == list(range(2001, 3000))
    assert str(codes[0]) == "000.12.34.H26-251118-2001"
    assert str(codes[-1]) == "000.12.34.H26-251118-2999"
    error = refused("code.sequence_exhausted", make_code, AGENCY, DAY, 2, codes[-1].sequence)
    assert error.params == {"workstation": 2, "limit": 999}


@pytest.mark.parametrize("last", [3001, 1999, 2000, 3000, 0, -1, 12001])
def test_a_number_from_another_block_is_refused(last: int) -> None:
    error = refused("code.sequence_foreign", next_sequence, 2, last)
    assert error.params == {"value": last, "workstation": 2}


def test_an_invalid_workstation_is_refused_even_after_a_first_number() -> None:
    refused("office.workstation", next_sequence, 10, 10001)


def test_workstation_zero_is_refused_even_after_a_first_number() -> None:
    refused("office.workstation", next_sequence, 0, 5)


# ---------------------------------------------------------------- the code itself


def test_code_prints_in_the_legal_shape() -> None:
    code = make_code("000.12.34.h26", date(2026, 2, 13), 3, None)
    assert code == DossierCode("000.12.34.H26", date(2026, 2, 13), 3001)
    assert str(code) == "000.12.34.H26-260213-3001"
    assert code.workstation == 3


def test_make_code_refuses_a_malformed_agency() -> None:
    refused("office.agency_code", make_code, "000.12.34.1", DAY, 1, None)


def test_codes_of_one_day_sort_by_number() -> None:
    a = DossierCode(AGENCY, DAY, 1002)
    b = DossierCode(AGENCY, DAY, 2001)
    c = DossierCode(AGENCY, date(2025, 11, 19), 1001)
    assert sorted([c, b, a]) == [a, b, c]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("000.12.34.H26-251118-2001", DossierCode(AGENCY, DAY, 2001)),
        ("  000.12.34.h26-251118-1999\r\n", DossierCode(AGENCY, DAY, 1999)),
        ("000.12.34.H26-240229-9001", DossierCode(AGENCY, date(2024, 2, 29), 9001)),
    ],
)
def test_printed_or_scanned_code_is_parsed(text: str, expected: DossierCode) -> None:
    assert parse_dossier_code(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "000.12.34.H26-251118-200",  # three-digit number
        "000.12.34.H26-251118-20011",
        "000.12.34.H26/251118/2001",
        "000.12.34.H26-2511182-001",
        "000.12.34.H26-251132-2001",  # 32nd of November
        "000.12.34.H26-250229-2001",  # 2025 is not a leap year
        "000.12.34.H26-251300-2001",
        "000.12.34.H26-251118-0000",  # number 0000 is never issued
        "000.12.34.H26-251118-2000",  # w000 is never issued
        "000.12.34.H26-251118-20a1",
        "000.12.34.H2-251118-2001",
    ],
)
def test_malformed_dossier_code_is_refused(text: str) -> None:
    error = refused("code.invalid", parse_dossier_code, text)
    assert error.params == {"value": text}


def test_dossier_code_with_a_malformed_agency_part_is_refused() -> None:
    error = refused("code.invalid", parse_dossier_code, "000.12.34.126-251118-2001")
    assert error.params == {"value": "000.12.34.126-251118-2001"}  # the clerk sees the whole scanned code


# ---------------------------------------------------------------- properties


@given(agency_codes, code_days, workstations, numbers_in_block)
def test_parse_round_trips_the_printed_code(agency: str, day: date, workstation: int, number: int) -> None:
    code = DossierCode(agency, day, workstation * BLOCK + number)
    assert parse_dossier_code(str(code)) == code
    assert parse_dossier_code(str(code).lower()) == code
    assert code.workstation == workstation


@given(agency_codes, code_days, workstations, numbers_in_block)
def test_every_issued_code_has_the_legal_shape(agency: str, day: date, workstation: int, number: int) -> None:
    last = None if number == 1 else workstation * BLOCK + number - 1
    code = make_code(agency, day, workstation, last)
    text = str(code)
    assert len(text) == 13 + 1 + 6 + 1 + 4
    assert text.startswith(f"{agency}-{day:%y%m%d}-{workstation}")
    assert code.workstation == workstation


def test_all_nine_workstations_use_up_their_blocks_without_a_collision() -> None:
    issued = {str(code) for station in range(MIN_WORKSTATION, MAX_WORKSTATION + 1) for code in issue(station, 999)}
    assert len(issued) == 9 * 999


@given(st.lists(workstations, min_size=2, max_size=9, unique=True), st.integers(min_value=1, max_value=40))
def test_workstations_issuing_offline_never_collide(stations: list[int], count: int) -> None:
    issued = [str(code) for station in stations for code in issue(station, count)]
    assert len(issued) == len(set(issued)) == len(stations) * count


@given(workstations, workstations, numbers_in_block)
def test_a_workstation_never_continues_another_workstations_numbers(own: int, other: int, number: int) -> None:
    assume(own != other)
    refused("code.sequence_foreign", next_sequence, own, other * BLOCK + number)
