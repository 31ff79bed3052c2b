"""Text at the boundary: NFC, cleaning, and the search key that folds Vietnamese to plain letters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app import messages
from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import (
    LIMITS,
    QUOTE_LIMIT,
    clean,
    clean_optional,
    fold,
    forbidden_character,
    nfc,
    quotable,
    replace_forbidden,
    sanitize,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


VIETNAMESE_LOWER = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
VIETNAMESE = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()
vietnamese_text = st.text(alphabet=VIETNAMESE + " \t\n", max_size=40)


# ---------------------------------------------------------------- NFC and cleaning


def test_nfc_composes_decomposed_vietnamese() -> None:
    decomposed = nfd("Nguyễn Thị Thuỷ")
    assert decomposed != "Nguyễn Thị Thuỷ"
    assert nfc(decomposed) == "Nguyễn Thị Thuỷ"


def test_nfc_keeps_the_spelling_variant_the_clerk_typed() -> None:
    # "Thuỷ" and "Thủy" are both correct spellings: NFC keeps the tone where it was typed.
    assert nfc("Thủy") == "Thủy"
    assert nfc("Thuỷ") != nfc("Thủy")


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("  Nguyễn   Văn\tAn \n", "Nguyễn Văn An"),
        (nfd(" Đặng  Quốc Dũng"), "Đặng Quốc Dũng"),
        ("Xã\u00a0Tân Lập", "Xã Tân Lập"),  # no-break space from a web page
        ("", ""),
        (" \t\r\n ", ""),
    ],
)
def test_clean_trims_collapses_spaces_and_normalises(typed: str, cleaned: str) -> None:
    assert clean(typed) == cleaned


@pytest.mark.parametrize(("typed", "cleaned"), [(None, None), ("", None), ("   ", None), ("  Hà   Nội ", "Hà Nội")])
def test_clean_optional_turns_empty_into_none(typed: str | None, cleaned: str | None) -> None:
    assert clean_optional(typed) == cleaned


# ---------------------------------------------------------------- the search key


@pytest.mark.parametrize(
    "typed",
    [
        "Đặng Quốc Dũng",
        "dang quoc dung",
        "ĐẶNG QUỐC DŨNG",
        "Dang Quoc Dung",
        "  đặng   quốc\tdũng ",
    ],
)
def test_every_way_of_typing_a_name_folds_to_one_search_key(typed: str) -> None:
    assert fold(typed) == "dang quoc dung"
    assert fold(nfd(typed)) == "dang quoc dung"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Nguyễn Thị Ánh Tuyết", "nguyen thi anh tuyet"),
        ("Trương Ưng Ơn", "truong ung on"),
        ("Hoà Bình – Hòa Bình", "hoa binh – hoa binh"),
        ("Phường Bến Nghé, Quận 1", "phuong ben nghe, quan 1"),
        ("001090123456", "001090123456"),
        ("", ""),
    ],
)
def test_fold_removes_tones_and_vowel_marks_but_keeps_the_rest(typed: str, key: str) -> None:
    assert fold(typed) == key


@given(vietnamese_text)
def test_fold_is_the_same_for_nfc_nfd_and_upper_case(text: str) -> None:
    key = fold(text)
    assert fold(nfd(text)) == key
    assert fold(nfc(text)) == key
    assert fold(text.upper()) == key
    assert fold(key) == key


@given(vietnamese_text)
def test_folded_vietnamese_is_plain_lower_case_ascii(text: str) -> None:
    key = fold(text)
    assert key.isascii()
    assert key == key.lower()
    assert key == key.strip()
    assert "  " not in key


@given(st.text(max_size=40))
def test_clean_is_idempotent_and_nfc(text: str) -> None:
    if forbidden_character(text) is not None:
        with pytest.raises(InvalidInput):
            clean(text)
        return
    cleaned = clean(text)
    assert clean(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == cleaned.strip()


# ---------------------------------------------------------------- the one text rule (issue 11, item 3)


@pytest.mark.parametrize(
    ("typed", "char", "position"),
    [
        ("Nguyễn\x00Văn An", "U+0000", 7),  # the NUL PostgreSQL cannot store: it blocked a whole sync queue
        ("Lê Thị\x1b[31m", "U+001B", 7),  # an escape sequence
        ("Trần\x1fBình", "U+001F", 5),  # information separators are not white space here
        ("Phạm\x7f", "U+007F", 5),
        ("Hoàng\x9bAn", "U+009B", 6),  # C1
        ("Vũ \ud800", "U+D800", 4),  # a lone surrogate: not encodable as UTF-8
        ("\u202eNam", "U+202E", 1),  # right-to-left override: reorders the printed name
        ("Ngô\uffff", "U+FFFF", 4),
    ],
)
def test_control_characters_are_refused_naming_the_field(typed: str, char: str, position: int) -> None:
    with pytest.raises(InvalidInput) as info:
        clean(typed, "name")
    assert info.value.code == "text.control.name"
    assert info.value.params == {"char": char, "position": position}
    sentence = messages.message(info.value.code, info.value.params, "vi")
    assert sentence.startswith("Họ tên có ký tự điều khiển") and char in sentence


def test_white_space_controls_become_one_space() -> None:
    assert clean("12\tLê Lợi\r\nPhường 1\x0b\x0c\x85Quận 3", "address") == "12 Lê Lợi Phường 1 Quận 3"


def test_text_longer_than_its_field_takes_is_refused_in_one_sentence() -> None:
    assert clean("x" * LIMITS["address"], "address") == "x" * LIMITS["address"]
    with pytest.raises(InvalidInput) as info:
        clean("x" * 60_000, "address")
    assert (info.value.code, info.value.params) == ("text.too_long.address", {"length": 60_000, "limit": 500})
    assert (
        messages.message(info.value.code, info.value.params, "vi") == "Địa chỉ dài 60000 ký tự, quá giới hạn 500 ký tự"
    )
    assert clean_optional("   ", "note") is None


def test_every_field_has_its_sentences_in_both_languages() -> None:
    for field in LIMITS:
        for code in (f"text.control.{field}", f"text.too_long.{field}"):
            assert code in messages.known_codes()
            vi = messages.message(code, {"char": "U+0000", "position": 1, "length": 9, "limit": 1}, "vi")
            en = messages.message(code, {"char": "U+0000", "position": 1, "length": 9, "limit": 1}, "en")
            assert "{" not in vi + en and vi != en


@given(st.text(max_size=40))
def test_sanitize_drops_what_clean_refuses(text: str) -> None:
    cleaned = sanitize(text)
    assert forbidden_character(cleaned) is None
    assert clean(cleaned) == cleaned


@given(st.text(max_size=40))
def test_replace_forbidden_changes_only_what_the_rule_refuses(text: str) -> None:
    replaced = replace_forbidden(text)
    assert forbidden_character(replaced) is None and len(replaced) == len(text)
    assert (replaced == text) == (forbidden_character(text) is None)


def test_a_long_non_text_parameter_is_quoted_short_and_a_short_one_is_kept() -> None:
    long_list = ["x" * 50] * 10  # e.g. values listed from outside
    quoted = quotable(long_list)
    assert isinstance(quoted, str) and len(quoted) == QUOTE_LIMIT and "…" in quoted
    short = ("a", "b")
    assert quotable(short) is short  # printed by its template as it is
