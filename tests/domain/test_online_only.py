"""The online-only rule (Directive 24/CT-TTg) as data: its block validated, portal codes, intake checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from counter_app.domain.errors import InvalidInput
from counter_app.domain.online_only import OnlineOnlyService, check_intake, parse_online_only, portal_code
from counter_app.domain.values import Channel

BLOCK: dict[str, Any] = {
    "basis": "Chỉ thị số 24/CT-TTg ngày 13/9/2025 của Thủ tướng Chính phủ",
    "effective_from": "2025-10-01",
    "source": "plo.vn",
    "services": [{"code": " 1.001193 ", "certainty": "V", "level": "commune"}, {"code": "1.000894"}],
}
RULE = OnlineOnlyService("1.001193", BLOCK["basis"], date(2025, 10, 1), "plo.vn", "V")


def test_a_block_gives_one_rule_per_service_with_its_basis_and_date() -> None:
    birth, marriage = parse_online_only(BLOCK)
    assert (birth.code, birth.level, birth.certainty) == ("1.001193", "commune", "V")
    assert marriage.certainty == "R" and marriage.level is None  # not said: recalled
    assert birth.effective_from == date(2025, 10, 1) and not birth.applies(date(2025, 9, 30))
    assert birth.applies(date(2025, 10, 1))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"basis": " "}, "basis"),
        ({"basis": 24}, "basis"),
        ({"source": None}, "source"),
        ({"effective_from": "01/10/2025"}, "effective_from"),
        ({"services": {"code": "1.001193"}}, "services"),
        ({"services": ["1.001193"]}, "services"),
        ({"services": [{"code": ""}]}, "services"),
        ({"services": [{"code": "1.001193", "certainty": "maybe"}]}, "certainty"),
        ({"services": [{"code": "1.001193", "level": 3}]}, "level"),
    ],
)
def test_a_malformed_block_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_online_only({**BLOCK, **change})
    assert caught.value.code == "catalogue.field" and caught.value.params["field"] == field


def test_a_service_listed_twice_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_online_only({**BLOCK, "services": [{"code": "1.001193"}, {"code": "1.001193 "}]})
    assert caught.value.code == "catalogue.duplicate"


@pytest.mark.parametrize(
    ("text", "expected"),
    [(" 000.12.34.h26-251118-0001 ", "000.12.34.H26-251118-0001"), ("G22.99-251001-0001", "G22.99-251001-0001")],
)
def test_a_portal_code_is_trimmed_and_upper_cased(text: str, expected: str) -> None:
    assert portal_code(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, "intake.portal_code_required"),
        ("", "intake.portal_code_required"),
        ("A1", "intake.portal_code"),
        ("-12345678", "intake.portal_code"),
        ("ABCDEFGH", "intake.portal_code"),  # no digit
        ("HỒ SƠ 123456", "intake.portal_code"),
        ("1" * 41, "intake.portal_code"),
    ],
)
def test_a_bad_portal_code_is_refused(text: str | None, problem: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        portal_code(text)
    assert caught.value.code == problem


def _check(rule: OnlineOnlyService | None, day: date, channel: Channel, **kwargs: Any) -> None:
    options: dict[str, Any] = {"assisted": False, "paper_exception": None, **kwargs}
    check_intake(rule, procedure="1.001193", day=day, channel=channel, **options)


AFTER, BEFORE = date(2025, 11, 18), date(2025, 9, 30)


def test_paper_after_the_date_is_refused_with_the_rule() -> None:
    for channel in (Channel.DIRECT, Channel.POSTAL):
        with pytest.raises(InvalidInput) as caught:
            _check(RULE, AFTER, channel)
        assert caught.value.code == "intake.online_only"
        assert caught.value.params == {"procedure": "1.001193", "basis": RULE.basis, "since": "01/10/2025"}


def test_what_the_rule_lets_through() -> None:
    _check(RULE, AFTER, Channel.ONLINE, assisted=True)  # the assisted filing
    _check(RULE, AFTER, Channel.ONLINE)  # filed by the citizen
    _check(RULE, AFTER, Channel.DIRECT, paper_exception="Cổng gián đoạn")
    _check(RULE, BEFORE, Channel.DIRECT)  # before the date
    _check(None, AFTER, Channel.DIRECT)  # a paper procedure
    _check(None, AFTER, Channel.ONLINE, assisted=True)  # help with any online filing


@pytest.mark.parametrize(
    ("rule", "day", "channel", "kwargs", "problem"),
    [
        (RULE, AFTER, Channel.DIRECT, {"assisted": True}, "intake.assisted_channel"),
        (None, AFTER, Channel.DIRECT, {"paper_exception": "x"}, "intake.exception_not_needed"),
        (RULE, BEFORE, Channel.DIRECT, {"paper_exception": "x"}, "intake.exception_not_needed"),
        (RULE, AFTER, Channel.ONLINE, {"paper_exception": "x"}, "intake.exception_not_needed"),
    ],
)
def test_inconsistent_choices_are_refused(
    rule: OnlineOnlyService | None, day: date, channel: Channel, kwargs: dict[str, Any], problem: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        _check(rule, day, channel, **kwargs)
    assert caught.value.code == problem
