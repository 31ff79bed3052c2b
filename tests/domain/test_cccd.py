"""CCCD QR payload parsing and the 12-digit personal ID (DOMAIN.md §6)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from counter_app.domain.cccd import (
    CccdData,
    CrossCheck,
    IdFacts,
    cross_check,
    id_facts,
    looks_like_cccd_qr,
    parse_cccd_qr,
    validate_id_number,
)
from counter_app.domain.errors import InvalidInput
from counter_app.domain.values import Sex

ADDRESS = "Số 12, thôn Đông, xã Tân Lập, Hà Nội"
EXAMPLE = f"001090123456|012345678|Nguyễn Văn An|01011990|Nam|{ADDRESS}|15042021"
EXPECTED = CccdData(
    id_number="001090123456",
    old_id_number="012345678",
    full_name="Nguyễn Văn An",
    birth_date=date(1990, 1, 1),
    sex=Sex.MALE,
    address=ADDRESS,
    issue_date=date(2021, 4, 15),
    mismatches=(),
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def raises_invalid(code: str, payload: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse_cccd_qr(payload)
    assert info.value.code == code
    return info.value


# ---------------------------------------------------------------- parsing: shapes a scanner produces


def test_seven_field_payload_parses_to_printed_values() -> None:
    assert parse_cccd_qr(EXAMPLE) == EXPECTED


def test_upper_case_name_is_kept_as_printed() -> None:
    payload = "079304001234||TRẦN THỊ  BÍCH   NGỌC|29022004|NỮ|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|"
    data = parse_cccd_qr(payload)
    assert data.full_name == "TRẦN THỊ BÍCH NGỌC"
    assert data.birth_date == date(2004, 2, 29)
    assert data.sex is Sex.FEMALE
    assert data.old_id_number is None
    assert data.issue_date is None
    assert data.mismatches == ()


def test_six_field_payload_without_old_id() -> None:
    payload = f"001090123456|Nguyễn Văn An|01011990|Nam|{ADDRESS}|15042021"
    assert parse_cccd_qr(payload) == replace(EXPECTED, old_id_number=None)


def test_empty_old_id_is_none() -> None:
    payload = f"001090123456||Nguyễn Văn An|01011990|Nam|{ADDRESS}|15042021"
    data = parse_cccd_qr(payload)
    assert data.old_id_number is None
    assert data.full_name == "Nguyễn Văn An"
    assert data.issue_date == date(2021, 4, 15)


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r", "  \t", "|", "|\r\n"])
def test_scanner_line_ending_and_trailing_separator(ending: str) -> None:
    assert parse_cccd_qr(EXAMPLE + ending) == EXPECTED
    assert parse_cccd_qr("\r\n  " + EXAMPLE + ending) == EXPECTED


def test_six_field_payload_with_trailing_separator() -> None:
    payload = f"001090123456|Nguyễn Văn An|01011990|Nam|{ADDRESS}|15042021|\r\n"
    data = parse_cccd_qr(payload)
    assert data.old_id_number is None
    assert data.issue_date == date(2021, 4, 15)


def test_six_field_payload_with_empty_issue_date_and_trailing_separator() -> None:
    data = parse_cccd_qr(f"001090123456|Nguyễn Văn An|01011990|Nam|{ADDRESS}||")
    assert data.old_id_number is None
    assert data.address == ADDRESS
    assert data.issue_date is None


def test_seven_field_payload_with_empty_issue_date() -> None:
    data = parse_cccd_qr(f"001090123456|012345678|Nguyễn Văn An|01011990|Nam|{ADDRESS}|")
    assert data.old_id_number == "012345678"
    assert data.issue_date is None


def test_empty_address_is_none() -> None:
    assert parse_cccd_qr("001090123456||Nguyễn Văn An|01011990|Nam|  |15042021").address is None


def test_nfd_input_comes_out_nfc() -> None:
    data = parse_cccd_qr(nfd("001190123456||Lê Thị Thuỷ Tiên|05061990|Nữ|Xã Hoà Bình, Thái Bình|01012022"))
    assert data.full_name == "Lê Thị Thuỷ Tiên"
    assert data.address == "Xã Hoà Bình, Thái Bình"
    assert is_nfc(data.full_name)
    assert data.address is not None
    assert is_nfc(data.address)
    assert data.sex is Sex.FEMALE


def test_spaces_around_fields_are_trimmed() -> None:
    payload = " 001090123456 | 012345678 | Nguyễn Văn An | 01011990 | Nam | Hà Nội | 15042021 "
    data = parse_cccd_qr(payload)
    assert data.id_number == "001090123456"
    assert data.old_id_number == "012345678"
    assert data.birth_date == date(1990, 1, 1)
    assert data.address == "Hà Nội"


@pytest.mark.parametrize(
    ("word", "sex"),
    [
        ("Nam", Sex.MALE),
        ("NAM", Sex.MALE),
        ("nam", Sex.MALE),
        ("Nữ", Sex.FEMALE),
        ("NỮ", Sex.FEMALE),
        ("nữ", Sex.FEMALE),
        ("Nu", Sex.FEMALE),
        ("NU", Sex.FEMALE),
        (nfd("Nữ"), Sex.FEMALE),
        (nfd("NỮ"), Sex.FEMALE),
    ],
)
def test_sex_words(word: str, sex: Sex) -> None:
    digit = "0" if sex is Sex.MALE else "1"
    data = parse_cccd_qr(f"001{digit}90123456||A|01011990|{word}||")
    assert data.sex is sex
    assert data.mismatches == ()


# ---------------------------------------------------------------- parsing: refusals


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "001090123456",
        "001090123456|Nguyễn Văn An|01011990|Nam|Hà Nội",  # 5 fields
        "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021|x",  # 8, last not empty
        "001090123456|012345678|A|01011990|Nam|Hà Nội|15042021|||",  # 10
        "001090123456|012345678|01011990|Nam|Hà Nội|15042021",  # 6 fields but the name is missing
        "001090123456|12345|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021",  # old ID not 9 digits
        "001090123456|0123456789|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021",
    ],
)
def test_unrecognisable_shape(payload: str) -> None:
    error = raises_invalid("cccd.format", payload)
    assert error.params == {"fields": len(payload.split("|"))}


@pytest.mark.parametrize(
    "id_field",
    ["00109012345", "0010901234567", "00109012345A", "００１０９０１２３４５６", ""],
)
def test_wrong_id_number(id_field: str) -> None:
    raises_invalid("id_number.invalid", f"{id_field}|012345678|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021")


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_empty_name(name: str) -> None:
    raises_invalid("cccd.name", f"001090123456||{name}|01011990|Nam|Hà Nội|15042021")


@pytest.mark.parametrize(
    "dob",
    ["31022000", "29022001", "00011990", "01131990", "01010000", "1011990", "010119900", "01/01/1990", ""],
)
def test_invalid_birth_date(dob: str) -> None:
    error = raises_invalid("cccd.birth_date", f"001090123456||Nguyễn Văn An|{dob}|Nam|Hà Nội|15042021")
    assert error.params == {"value": dob}


@pytest.mark.parametrize("issued", ["31042021", "1504202", "15-04-21"])
def test_invalid_issue_date(issued: str) -> None:
    error = raises_invalid("cccd.issue_date", f"001090123456||Nguyễn Văn An|01011990|Nam|Hà Nội|{issued}")
    assert error.params == {"value": issued}


@pytest.mark.parametrize("word", ["Male", "F", "", "Nàm", "Nư"])
def test_invalid_sex(word: str) -> None:
    error = raises_invalid("cccd.sex", f"001090123456||Nguyễn Văn An|01011990|{word}|Hà Nội|15042021")
    assert error.params == {"value": word}


# ---------------------------------------------------------------- cross-check


def test_sex_mismatch_is_reported_not_refused() -> None:
    data = parse_cccd_qr(EXAMPLE.replace("|Nam|", "|Nữ|"))
    assert data.sex is Sex.FEMALE
    assert data.mismatches == (CrossCheck.SEX_MISMATCH,)


def test_birth_year_mismatch_is_reported() -> None:
    data = parse_cccd_qr(EXAMPLE.replace("01011990", "01011991"))
    assert data.birth_date == date(1991, 1, 1)
    assert data.mismatches == (CrossCheck.BIRTH_YEAR_MISMATCH,)


def test_wrong_century_is_a_birth_year_mismatch() -> None:
    # digit 4 = 2: born in the 2000s, but the QR says 1990.
    assert cross_check("001290123456", date(1990, 1, 1), Sex.MALE) == (CrossCheck.BIRTH_YEAR_MISMATCH,)


def test_both_mismatches() -> None:
    assert cross_check("001090123456", date(2005, 3, 4), Sex.FEMALE) == (
        CrossCheck.SEX_MISMATCH,
        CrossCheck.BIRTH_YEAR_MISMATCH,
    )


def test_cross_check_validates_the_id() -> None:
    with pytest.raises(InvalidInput) as info:
        cross_check("12345", date(1990, 1, 1), Sex.MALE)
    assert info.value.code == "id_number.invalid"


# ---------------------------------------------------------------- the 12 digits


@pytest.mark.parametrize(
    ("digit", "century", "sex"),
    [
        (0, 1900, Sex.MALE),
        (1, 1900, Sex.FEMALE),
        (2, 2000, Sex.MALE),
        (3, 2000, Sex.FEMALE),
        (4, 2100, Sex.MALE),
        (5, 2100, Sex.FEMALE),
        (6, 2200, Sex.MALE),
        (7, 2200, Sex.FEMALE),
        (8, 2300, Sex.MALE),
        (9, 2300, Sex.FEMALE),
    ],
)
def test_id_facts_century_and_sex(digit: int, century: int, sex: Sex) -> None:
    assert id_facts(f"079{digit}05001234") == IdFacts(
        province_code="079", sex=sex, century=century, birth_year=century + 5
    )


def test_validate_id_number_strips_spaces() -> None:
    assert validate_id_number(" 001 090 123 456\r\n") == "001090123456"


@pytest.mark.parametrize("text", ["", "00109012345", "0010901234567", "001-090-123456", "٠٠١٠٩٠١٢٣٤٥٦"])
def test_validate_id_number_refuses(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_id_number(text)
    assert info.value.code == "id_number.invalid"
    assert info.value.params == {"value": text}


def test_looks_like_cccd_qr() -> None:
    assert looks_like_cccd_qr(EXAMPLE)
    assert looks_like_cccd_qr(EXAMPLE + "\r\n")
    assert looks_like_cccd_qr("001090123456|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021")
    assert not looks_like_cccd_qr("Nguyễn Văn An")
    assert not looks_like_cccd_qr("001090123456")
    assert not looks_like_cccd_qr("001090123456|A|01011990|Nam|Hà Nội")  # 4 separators
    assert not looks_like_cccd_qr("00109012345|012345678|A|01011990|Nam|Hà Nội|15042021")
    assert not looks_like_cccd_qr("H10.22-250115-0001")


# ---------------------------------------------------------------- properties

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
LETTERS += LETTERS.upper()
words = st.text(alphabet=LETTERS, min_size=1, max_size=8)
names = st.lists(words, min_size=1, max_size=5).map(" ".join)
addresses = st.lists(st.one_of(words, st.sampled_from([",", "12", "Số", "-"])), max_size=8).map(" ".join)


def ddmmyyyy(day: date) -> str:
    return f"{day.day:02d}{day.month:02d}{day.year:04d}"


@st.composite
def valid_cards(draw: st.DrawFn) -> tuple[str, CccdData]:
    """A payload whose ID digits agree with its sex and birth date, and the data it must parse to."""
    sex = draw(st.sampled_from(Sex))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31)))
    code = 2 * ((birth.year - 1900) // 100) + (1 if sex is Sex.FEMALE else 0)
    province = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    tail = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    id_number = f"{province}{code}{birth.year % 100:02d}{tail}"
    old_id = draw(st.none() | st.text(alphabet="0123456789", min_size=9, max_size=9))
    name = draw(names)
    address = draw(st.none() | addresses)
    issued = draw(st.none() | st.dates())
    sex_word = draw(st.sampled_from(["Nam", "NAM", "nam"] if sex is Sex.MALE else ["Nữ", "NỮ", "nữ", "Nu"]))
    six_fields = old_id is None and draw(st.booleans())
    fields = [id_number, name, ddmmyyyy(birth), sex_word, address or "", ddmmyyyy(issued) if issued else ""]
    if not six_fields:
        fields.insert(1, old_id or "")
    payload = "|".join(fields) + draw(st.sampled_from(["", "\r\n", "\n", "|", "|\r\n"]))
    if draw(st.booleans()):
        payload = nfd(payload)
    expected = CccdData(
        id_number=id_number,
        old_id_number=old_id,
        full_name=name,
        birth_date=birth,
        sex=sex,
        address=address or None,
        issue_date=issued,
        mismatches=(),
    )
    return payload, expected


@given(valid_cards())
def test_valid_payload_round_trips(card: tuple[str, CccdData]) -> None:
    payload, expected = card
    assert looks_like_cccd_qr(payload)
    assert parse_cccd_qr(payload) == expected


@given(valid_cards())
def test_flipped_sex_digit_is_reported(card: tuple[str, CccdData]) -> None:
    payload, expected = card
    flipped = int(payload[3]) ^ 1
    data = parse_cccd_qr(f"{payload[:3]}{flipped}{payload[4:]}")
    assert data.sex is expected.sex
    assert data.mismatches == (CrossCheck.SEX_MISMATCH,)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_validate_id_number_accepts_twelve_digits(text: str) -> None:
    assert validate_id_number(text) == text
    assert validate_id_number(f" {text[:3]} {text[3:6]} {text[6:]} ") == text


@given(st.text(alphabet="0123456789", max_size=30).filter(lambda t: len(t) != 12))
def test_validate_id_number_refuses_other_lengths(text: str) -> None:
    with pytest.raises(InvalidInput):
        validate_id_number(text)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(0, 11), st.characters())
def test_validate_id_number_refuses_any_non_digit(text: str, at: int, char: str) -> None:
    assume(not char.isspace() and char not in "0123456789")
    with pytest.raises(InvalidInput):
        validate_id_number(text[:at] + char + text[at + 1 :])
