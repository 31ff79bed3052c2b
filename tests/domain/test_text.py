"""Text at the boundary: NFC, cleaning, and the search key that folds Vietnamese to plain letters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.text import clean, clean_optional, fold, nfc


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
    cleaned = clean(text)
    assert clean(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == cleaned.strip()
