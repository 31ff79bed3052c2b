"""The wire's bounds in the one wire schema (counter_app/sync/protocol.py), which counter and hub both read
with: depth before parsing, NaN, the text rule, the time window (issue 11, items 3 and 4)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from counter_app.sync import protocol
from counter_app.sync.protocol import ProtocolError


@pytest.mark.parametrize("depth", [33, 1_000, 200_000])
def test_deep_json_is_refused_before_it_is_parsed(depth: int) -> None:
    with pytest.raises(ProtocolError) as caught:
        protocol.decode_json(b"[" * depth + b"]" * depth)
    assert "32" in caught.value.params["reason"]


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"a": "[" * 100, "b": ["]" * 100, '\\"[[['], "c": [[[]]]})
    assert protocol.json_depth(text) == 4
    assert protocol.decode_json(text.encode())["a"] == "[" * 100


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "9" * 5000])
def test_numbers_json_cannot_carry_are_refused(number: str) -> None:
    with pytest.raises(ProtocolError):
        protocol.decode_json(f'{{"x": {number}}}'.encode())


def test_the_text_rule_removes_control_characters_and_lone_surrogates() -> None:
    decoded = protocol.decode_json(b'{"n\\u0000ame": "Nguye\\u0302\\u0303n\\u0000\\u0007\\ud800\\u009f\\tA"}')
    assert decoded == {"name": "Nguyễn\tA"}
    # canonical JSON (hashes, signatures) can always be encoded: a lone surrogate used to raise there
    assert protocol.canonical_json({"a": "x\ud800y\x00"}) == b'{"a":"xy"}'


@pytest.mark.parametrize(
    "text",
    [
        "9999-12-31T23:00:00-14:00",
        "0001-01-01T00:00:00+14:00",
        "1999-12-31T23:59:59+00:00",
        "2100-01-01T00:00:00+07:00",
    ],
)
def test_times_outside_the_window_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        protocol.wire_time(text, "at")
    assert "'at'" in caught.value.params["reason"]


def test_times_inside_the_window_convert_to_utc() -> None:
    assert protocol.wire_time_utc("2000-01-01T00:00:00+14:00", "at") == datetime(1999, 12, 31, 10, tzinfo=UTC)
    assert protocol.wire_time_utc("2099-12-31T23:59:00-14:00", "at") == datetime(2100, 1, 1, 13, 59, tzinfo=UTC)


def test_a_hub_answer_with_an_overflowing_time_is_a_protocol_error() -> None:
    answer = {"results": [], "server_time": "9999-12-31T23:00:00-14:00", "epoch": "e"}
    with pytest.raises(ProtocolError):
        protocol.parse_push_answer(answer)


def test_overlong_text_names_its_path() -> None:
    body = {"payload": {"items": ["ok", "x" * (protocol.MAX_TEXT + 1)]}}
    assert protocol.overlong_text(body) == "payload.items[1]"
    assert protocol.overlong_text({"a": "x" * protocol.MAX_TEXT}) is None
