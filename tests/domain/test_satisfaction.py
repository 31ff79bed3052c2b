"""The satisfaction scale, the twelve criteria and what may be recorded."""

from __future__ import annotations

import pytest

from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import Status
from counter_app.domain.satisfaction import (
    COMMENT_MAX,
    CRITERIA,
    CRITERION_KEYS,
    Rating,
    check_comment,
    criterion_label,
    parse_criteria,
    parse_rating,
    rateable,
    rating_label,
)


def test_three_levels_with_vietnamese_and_english_labels() -> None:
    assert [rating_label(r) for r in Rating] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    assert rating_label(Rating.DISSATISFIED, "en") == "Dissatisfied"


def test_twelve_criteria_of_the_portal() -> None:
    assert len(CRITERIA) == 12
    assert len(set(CRITERION_KEYS)) == 12
    assert criterion_label("attitude") == "Thái độ của cán bộ, công chức"
    assert criterion_label("online", "en") == "Quality of online services"
    assert all(c.label_vi and c.label_en and c.label_vi != c.label_en for c in CRITERIA)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("very_satisfied", Rating.VERY_SATISFIED),
        (" Very-Satisfied ", Rating.VERY_SATISFIED),
        ("satisfied", Rating.SATISFIED),
        ("3", Rating.DISSATISFIED),
        ("1", Rating.VERY_SATISFIED),
    ],
)
def test_ratings_are_read_by_name_or_kiosk_key(text: str, expected: Rating) -> None:
    assert parse_rating(text) is expected


def test_an_unknown_rating_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_rating("excellent")
    assert caught.value.code == "satisfaction.rating"


def test_criteria_are_checked_and_kept_in_table_order() -> None:
    assert parse_criteria(None) == {}
    assert parse_criteria({}) == {}
    answers = parse_criteria({"online": "3", "overall": "very_satisfied"})
    assert list(answers.items()) == [("overall", "very_satisfied"), ("online", "dissatisfied")]
    with pytest.raises(InvalidInput) as caught:
        parse_criteria({"parking": "satisfied"})
    assert caught.value.params == {"value": "parking"}
    with pytest.raises(InvalidInput):
        parse_criteria({"overall": "so-so"})


def test_comment_is_cleaned_and_bounded() -> None:
    assert check_comment(None) is None
    assert check_comment("   ") is None
    assert check_comment("  Cán bộ   nhiệt tình ") == "Cán bộ nhiệt tình"
    assert check_comment("x" * COMMENT_MAX) == "x" * COMMENT_MAX
    with pytest.raises(InvalidInput):
        check_comment("x" * (COMMENT_MAX + 1))


def test_only_a_result_in_the_citizens_hands_can_be_rated() -> None:
    assert rateable(Status.RETURNED)
    assert rateable(Status.HANDED_TO_POST)
    assert not rateable(Status.RESULT_READY)
    assert not rateable(Status.RECEIVED)
