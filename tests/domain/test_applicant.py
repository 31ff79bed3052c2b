"""Applicant details typed or scanned at the counter: validation and NFC normalisation."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.applicant import (
    MAX_NAME,
    Applicant,
    make_applicant,
    validate_email,
    validate_name,
    validate_phone,
)
from counter_app.domain.errors import InvalidInput
from counter_app.domain.values import Sex


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def refused(code: str, call: object, text: str) -> None:
    assert callable(call)
    with pytest.raises(InvalidInput) as info:
        call(text)
    assert info.value.code == code
    assert info.value.params == {"value": text}


# ---------------------------------------------------------------- name


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("  Trần   Thị\tBích  Ngọc ", "Trần Thị Bích Ngọc"),
        (nfd("Đặng Quốc Dũng"), "Đặng Quốc Dũng"),
        ("H'Hen Niê", "H'Hen Niê"),
        ("A" * MAX_NAME, "A" * MAX_NAME),
    ],
)
def test_name_is_trimmed_and_normalised(typed: str, stored: str) -> None:
    name = validate_name(typed)
    assert name == stored
    assert unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize("typed", ["", "   ", "Nguyễn Văn 2", "0912345678", "Lê Thị ٣"])
def test_empty_or_numeric_name_is_refused(typed: str) -> None:
    refused("applicant.name", validate_name, typed)


def test_overlong_name_is_refused_with_its_length() -> None:
    with pytest.raises(InvalidInput) as info:
        validate_name("A" * (MAX_NAME + 1))
    assert info.value.code == "text.too_long.name"
    assert info.value.params == {"length": MAX_NAME + 1, "limit": MAX_NAME}


# ---------------------------------------------------------------- phone and e-mail


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("(024) 3825 1234", "02438251234"),  # Hà Nội landline, 11 digits
        ("+84 912 345 678", "+84912345678"),
        ("(+84) 24 3825 1234", "+842438251234"),
    ],
)
def test_vietnamese_phone_number_is_stored_without_separators(typed: str, stored: str) -> None:
    assert validate_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "091234567",  # 9 digits
        "091234567890",  # 12 digits
        "84912345678",  # country code without +
        "+8491234567",  # too short after +84
        "0912abc678",
        "912345678",
        "0912/345/678",
        "+1 415 555 0100",
    ],
)
def test_malformed_phone_number_is_refused(typed: str) -> None:
    refused("applicant.phone", validate_phone, typed)


@pytest.mark.parametrize("typed", ["0٩١٢٣٤٥٦٧٨", "0９１２３４５６７８"], ids=["arabic-indic", "full-width"])
def test_phone_number_is_never_stored_with_non_ascii_digits(typed: str) -> None:
    try:
        stored = validate_phone(typed)
    except InvalidInput:
        return  # refusing is fine; so is normalising to ASCII digits
    assert stored.isascii()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("an.nguyen@example.vn", "an.nguyen@example.vn"), ("  dung@xa-tanlap.gov.vn \n", "dung@xa-tanlap.gov.vn")],
)
def test_email_is_trimmed(typed: str, stored: str) -> None:
    assert validate_email(typed) == stored


@pytest.mark.parametrize("typed", ["", "an", "an@example", "an @example.vn", "an@@example.vn", "@example.vn"])
def test_malformed_email_is_refused(typed: str) -> None:
    refused("applicant.email", validate_email, typed)


# ---------------------------------------------------------------- the applicant


def test_applicant_with_every_field() -> None:
    applicant = make_applicant(
        nfd(" Nguyễn  Văn An "),
        id_number="001 090 123 456",
        old_id_number=" 012345678 ",
        birth_date=date(1990, 1, 1),
        sex=Sex.MALE,
        phone="0912 345 678",
        email=" an@example.vn ",
        address=nfd("Số 12,  thôn Đông, xã Tân Lập"),
    )
    assert applicant == Applicant(
        full_name="Nguyễn Văn An",
        id_number="001090123456",
        old_id_number="012345678",
        birth_date=date(1990, 1, 1),
        sex=Sex.MALE,
        phone="0912345678",
        email="an@example.vn",
        address="Số 12, thôn Đông, xã Tân Lập",
    )


def test_applicant_with_only_a_name() -> None:
    assert make_applicant("Lê Thị Hoa") == Applicant(full_name="Lê Thị Hoa")


def test_blank_optional_fields_become_empty() -> None:
    applicant = make_applicant("Lê Thị Hoa", id_number=" ", old_id_number="", phone="  ", email="", address=" \t ")
    assert applicant == Applicant(full_name="Lê Thị Hoa")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("id_number", "00109012345", "id_number.invalid"),
        ("phone", "12345", "applicant.phone"),
        ("email", "không có", "applicant.email"),
    ],
)
def test_applicant_with_an_invalid_field_is_refused(field: str, value: str, code: str) -> None:
    fields: dict[str, Any] = {field: value}
    with pytest.raises(InvalidInput) as info:
        make_applicant("Lê Thị Hoa", **fields)
    assert info.value.code == code


def test_applicant_without_a_name_is_refused() -> None:
    with pytest.raises(InvalidInput) as info:
        make_applicant("  ", phone="0912345678")
    assert info.value.code == "applicant.name"


vietnamese_names = st.lists(
    st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạềểễếệĐĂÂÊÔƠƯỳýỵỷỹ", min_size=1, max_size=10),
    min_size=1,
    max_size=5,
).map(" ".join)


@given(vietnamese_names, st.sampled_from(["", " ", "  ", "\t"]), st.booleans())
def test_any_vietnamese_name_is_kept_in_nfc_however_it_was_typed(name: str, padding: str, decomposed: bool) -> None:
    typed = padding + (nfd(name) if decomposed else name) + padding
    assert validate_name(typed) == unicodedata.normalize("NFC", name)
