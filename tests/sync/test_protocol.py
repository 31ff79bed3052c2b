"""The wire format: canonical JSON, typed answers with clear errors, signed sneakernet files."""

from __future__ import annotations

import gzip
import json
import unicodedata
import uuid
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from counter_app.sync import protocol, sneakernet
from counter_app.sync.protocol import Change, ItemResult, ProtocolError, PushItem, canonical_json
from counter_app.sync.sneakernet import SyncAnswer, SyncFile
from district_server import wire

NOW = datetime(2025, 11, 18, 2, 0, tzinfo=UTC)


def _keys() -> tuple[bytes, bytes]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return private, key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def test_canonical_json_is_sorted_compact_utf8_and_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
    a = canonical_json({"b": 1, "a": {"y": [1, 2], "x": decomposed}})
    b = canonical_json({"a": {"x": "Nguyễn Thị Hoa", "y": [1, 2]}, "b": 1})
    assert a == b == '{"a":{"x":"Nguyễn Thị Hoa","y":[1,2]},"b":1}'.encode()
    assert a == wire.canonical_json({"a": {"x": "Nguyễn Thị Hoa", "y": [1, 2]}, "b": 1})  # the hub's bytes


def test_bodies_over_one_kib_are_gzipped_and_decode_back() -> None:
    small, headers = protocol.encode_body({"a": 1})
    assert "Content-Encoding" not in headers
    assert json.loads(small) == {"a": 1}
    value = {"text": "Đăng ký khai sinh " * 200}
    big, headers = protocol.encode_body(value)
    assert headers["Content-Encoding"] == "gzip"
    assert len(big) < len(canonical_json(value))
    assert protocol.decode_json(big) == value


def test_a_page_that_is_not_json_says_so() -> None:
    with pytest.raises(ProtocolError) as caught:
        protocol.decode_json(b"<html>captive portal</html>", "GET /v1/changes")
    assert caught.value.code == "sync.protocol"
    assert "GET /v1/changes: not JSON" in caught.value.params["reason"]


def test_push_answer_must_answer_every_item_in_order() -> None:
    answer = {
        "results": [{"uid": "a", "status": "ok"}, {"uid": "b", "status": "rejected", "reason": "xã khác"}],
        "server_time": "2025-11-18T02:00:00+00:00",
        "epoch": "e1",
    }
    parsed = protocol.parse_push_answer(answer, ["a", "b"])
    assert parsed.results[1] == ItemResult("b", "rejected", "xã khác")
    assert parsed.server_time == NOW
    with pytest.raises(ProtocolError, match="results do not match"):
        protocol.parse_push_answer(answer, ["b", "a"])
    with pytest.raises(ProtocolError) as caught:
        protocol.parse_push_answer({**answer, "results": [{"uid": "a", "status": "maybe"}]})
    assert "unknown item status 'maybe'" in caught.value.params["reason"]


@pytest.mark.parametrize(
    ("broken", "named"),
    [
        ({"next": -1}, "'next'"),
        ({"next": "41"}, "'next'"),
        ({"more": "no"}, "'more'"),
        ({"server_time": "2025-11-18T02:00:00"}, "no UTC offset"),
        ({"changes": [{"seq": 1, "topic": "user"}]}, "not a JSON object"),
        ({"epoch": None}, "'epoch'"),
    ],
)
def test_changes_parsing_names_the_wrong_field(broken: dict[str, object], named: str) -> None:
    page = {"epoch": "e1", "reset": False, "changes": [], "next": 41, "more": False, "server_time": NOW.isoformat()}
    assert protocol.parse_changes(page).next == 41
    with pytest.raises(ProtocolError) as caught:
        protocol.parse_changes({**page, **broken})
    assert named in caught.value.params["reason"]


def test_enrol_answer_needs_a_32_byte_hub_key() -> None:
    _, public = _keys()
    answer = {
        "device_id": "d",
        "token": "d.s",
        "commune": {"code": "000.12.34.H26", "name": "UBND xã Tân Lập"},
        "lookup_url_base": "http://hub/ho-so",
        "hub_public_key": protocol.b64encode(public),
        "epoch": "e",
        "server_time": NOW.isoformat(),
    }
    assert protocol.parse_enroll_answer(answer).hub_public_key == public
    with pytest.raises(ProtocolError, match="32 bytes"):
        protocol.parse_enroll_answer({**answer, "hub_public_key": protocol.b64encode(b"short")})


def _sync_file(items: tuple[PushItem, ...] = ()) -> SyncFile:
    return SyncFile("device-1", str(uuid.uuid4()), NOW, 7, "epoch-1", items)


def test_sync_file_is_signed_over_everything_and_the_hub_can_check_it() -> None:
    private, public = _keys()
    items = (PushItem("u1", "dossier.event", {"dossier_code": "000.12.34.H26-251118-1001", "actor": "Hoa"}),)
    data = build = sneakernet.build_sync_file(_sync_file(items), private)
    assert build[:2] == b"\x1f\x8b"
    back = sneakernet.read_sync_file(data, public)
    assert back.items == items and back.cursor == 7
    document = json.loads(gzip.decompress(data))
    signature = document.pop("signature")
    assert wire.verify(public, document, signature)  # the hub's own check accepts it
    document["items"][0]["body"]["actor"] = "Lan"
    altered = gzip.compress(json.dumps({**document, "signature": signature}).encode())
    with pytest.raises(ProtocolError) as caught:
        sneakernet.read_sync_file(altered, public)
    assert caught.value.code == "sync.file_signature"


def test_answer_file_from_the_hub_verifies_and_a_foreign_or_altered_one_does_not() -> None:
    hub_private, hub_public = _keys()
    other_private, _ = _keys()
    answer = SyncAnswer(
        "device-1",
        "batch-1",
        (ItemResult("u1", "ok", None), ItemResult("u2", "conflict", "khác nội dung")),
        (Change(12, "calendar", {"overrides": []}),),
        12,
        "epoch-1",
        NOW,
    )
    data = sneakernet.build_sync_answer(answer, hub_private)
    assert sneakernet.read_sync_answer(data, hub_public) == answer
    # Signed the way the hub signs (district_server.wire.sign over the document without "signature").
    document = json.loads(gzip.decompress(data))
    del document["signature"]
    document["reset"] = False  # the hub adds this; the counter reads it
    document["signature"] = wire.sign(hub_private, document)
    assert sneakernet.read_sync_answer(gzip.compress(json.dumps(document).encode()), hub_public).next == 12
    with pytest.raises(ProtocolError) as caught:
        sneakernet.read_sync_answer(sneakernet.build_sync_answer(answer, other_private), hub_public)
    assert caught.value.code == "sync.file_signature"
    with pytest.raises(ProtocolError) as caught:
        sneakernet.read_sync_answer(sneakernet.build_sync_file(_sync_file(), hub_private), hub_public)
    assert caught.value.code == "sync.file_unreadable"
    with pytest.raises(ProtocolError) as caught:
        sneakernet.read_sync_answer(b"not a file", hub_public)
    assert caught.value.code == "sync.file_unreadable"
