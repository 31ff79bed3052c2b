"""Push: exactly once per UID, conflicts kept aside, bad items quarantined alone, communes sealed off."""

from __future__ import annotations

import gzip
import json
import uuid
from typing import Any

import httpx
from sqlalchemy import func, select

from district_server.models import HubDossier, HubEvent, OutgoingMessage, Rating, RejectedItem
from tests.hub.conftest import HubServer
from tests.hub.support import (
    COMMUNE_A,
    COMMUNE_B,
    Device,
    add_commune,
    enroll,
    first_event,
    next_event,
    push,
    push_envelope,
    statuses,
)


def _setup(server: HubServer) -> Device:
    add_commune(server.hub, COMMUNE_A)
    return enroll(server, COMMUNE_A, workstation=2)


def _count(server: HubServer, model: Any, *where: Any) -> int:
    assert server.hub is not None
    with server.hub.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _dossier(server: HubServer, code: str) -> HubDossier:
    assert server.hub is not None
    with server.hub.read() as session:
        return session.scalars(select(HubDossier).where(HubDossier.code == code)).one()


def test_a_dossier_and_its_history_arrive(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    e1 = first_event(device)
    e2 = next_event(e1, "transferred", "interlinked", payload={"interlinked": True, "agency": "Công an xã"})
    e3 = next_event(e2, "result_ready", "result_ready", payload={"outcome": "granted"})
    assert statuses(push(device, [e1, e2, e3])) == ["ok", "ok", "ok"]
    dossier = _dossier(hub_server, e1["dossier_code"])
    assert dossier.status == "result_ready"
    assert dossier.resolved_at is not None and dossier.resolved_at.isoformat() == e3["at"]
    assert dossier.applicant_name == "Nguyễn Thị Hoa"
    assert dossier.workstation == 2
    assert _count(hub_server, HubEvent, HubEvent.dossier_id == dossier.id) == 3


def test_same_batch_twice_and_same_event_twice_are_stored_once(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    e1 = first_event(device)
    e2 = next_event(e1, "transferred", "processing")
    batch = str(uuid.uuid4())
    first = push(device, [e1, e2], batch=batch)
    replay = push(device, [e1, e2], batch=batch)
    assert statuses(first) == statuses(replay) == ["ok", "ok"]
    assert replay.json()["results"] == first.json()["results"]
    # The same events in a new batch (the counter lost the first answer): ok, nothing new stored.
    assert statuses(push(device, [e2, e1])) == ["ok", "ok"]
    assert _count(hub_server, HubEvent) == 2
    assert _count(hub_server, HubDossier) == 1
    assert _count(hub_server, RejectedItem) == 0


def test_changed_body_under_a_known_uid_is_a_conflict_and_the_first_body_stays(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    e1 = first_event(device)
    assert statuses(push(device, [e1])) == ["ok"]
    changed = {**e1, "actor": "someone-else"}
    answer = push(device, [changed])
    assert statuses(answer) == ["conflict"]
    assert answer.json()["results"][0]["reason"]
    assert _count(hub_server, RejectedItem, RejectedItem.status == "conflict", RejectedItem.uid == e1["event_uid"]) == 1
    assert hub_server.hub is not None
    with hub_server.hub.read() as session:
        assert session.scalars(select(HubEvent.actor).where(HubEvent.uid == e1["event_uid"])).one() == "canbo1"


def test_a_bad_item_is_quarantined_and_the_rest_of_the_batch_is_stored(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    good1 = first_event(device)
    illegal = next_event(good1, "returned", "returned")  # not before the result is ready
    good2 = first_event(device)
    no_snapshot = {k: v for k, v in first_event(device).items() if k != "dossier"}
    answer = push(device, [good1, illegal, good2, no_snapshot])
    assert statuses(answer) == ["ok", "rejected", "ok", "rejected"]
    results = answer.json()["results"]
    assert results[1]["error"] == "illegal"
    assert results[3]["error"] == "unknown_dossier"
    assert _count(hub_server, HubDossier) == 2
    assert _count(hub_server, HubEvent) == 2
    assert _count(hub_server, RejectedItem, RejectedItem.status == "rejected") == 2
    assert _dossier(hub_server, good1["dossier_code"]).status == "received"


def test_order_of_arrival_decides(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    e1 = first_event(device)
    e2 = next_event(e1, "result_ready", "result_ready")
    e3 = next_event(e2, "returned", "returned")
    assert statuses(push(device, [e1, e3])) == ["ok", "rejected"]  # handed back before the result is ready
    assert statuses(push(device, [e2, e3])) == ["ok", "ok"]  # the quarantined item, resent in order


def test_device_of_commune_a_can_never_write_commune_b(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    add_commune(hub_server.hub, COMMUNE_B, "UBND xã Hòa Bình")
    a = enroll(hub_server, COMMUNE_A)
    b = enroll(hub_server, COMMUNE_B)
    b_event = first_event(b)
    assert statuses(push(b, [b_event])) == ["ok"]
    # A forges B-coded dossiers: new ones, B's existing dossier, and B's event replayed verbatim.
    forged_new = first_event(a, b.next_code())
    forged_next = next_event(b_event, "transferred", "processing")
    answer = push(a, [forged_new, forged_next, b_event])
    assert statuses(answer) == ["rejected", "rejected", "rejected"]
    assert {r["error"] for r in answer.json()["results"]} == {"commune"}
    # A's code on B's dossier UID: still refused (the dossier is B's).
    sneaky = {**forged_next, "dossier_code": a.next_code()}
    assert statuses(push(a, [sneaky])) == ["rejected"]
    assert _dossier(hub_server, b_event["dossier_code"]).status == "received"
    assert _count(hub_server, HubEvent) == 1


def test_gzip_body_and_size_limit(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    events = [first_event(device) for _ in range(50)]
    assert statuses(push(device, events, gzipped=True)) == ["ok"] * 50
    # A gzip bomb: small on the wire, more than 8 MiB inflated.
    bomb = gzip.compress(b'{"batch": "x", "items": [' + b" " * (9 * 1024 * 1024) + b"]}")
    headers = {**device.headers, "Content-Encoding": "gzip", "Idempotency-Key": "bomb"}
    answer = httpx.post(f"{device.url}/v1/push", content=bomb, headers=headers, timeout=30)
    assert (answer.status_code, answer.json()["error"]) == (413, "too_large")
    corrupt = httpx.post(f"{device.url}/v1/push", content=b"\x1f\x8bnot gzip", headers=headers, timeout=30)
    assert (corrupt.status_code, corrupt.json()["error"]) == (400, "bad_request")


def test_malformed_envelope_is_400_and_stores_nothing(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    headers = {**device.headers, "Idempotency-Key": str(uuid.uuid4())}
    for body in (b"not json", json.dumps({"items": "x"}).encode(), json.dumps([1]).encode()):
        answer = httpx.post(f"{device.url}/v1/push", content=body, headers=headers, timeout=30)
        assert (answer.status_code, answer.json()["error"]) == (400, "bad_request")
    too_many = {"batch": str(uuid.uuid4()), "items": [{"uid": str(uuid.uuid4()), "topic": "x", "body": {}}] * 501}
    assert push_envelope(device, too_many).status_code == 413
    assert _count(hub_server, HubEvent) == 0


def test_unknown_topic_and_version_are_rejected_per_item(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    good = first_event(device)
    envelope = {
        "batch": str(uuid.uuid4()),
        "items": [
            {"uid": str(uuid.uuid4()), "topic": "weather", "body": {}},
            {"uid": "v2", "topic": "dossier.event", "body": {**first_event(device), "v": 2, "event_uid": "v2"}},
            {"uid": good["event_uid"], "topic": "dossier.event", "body": good},
        ],
    }
    answer = push_envelope(device, envelope)
    assert statuses(answer) == ["rejected", "rejected", "ok"]
    assert [r.get("error") for r in answer.json()["results"]] == ["topic", "version", None]


def test_notified_event_queues_the_message_once_and_records_times(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    e1 = first_event(device)
    notice = {
        "notice_uid": str(uuid.uuid4()),
        "kind": "receipt",
        "channel": "sms",
        "recipient": "0912345678",
        "text": "UBND xã Tân Lập đã nhận hồ sơ",
    }
    e2 = next_event(e1, "notified", "received", payload=notice)
    assert statuses(push(device, [e1, e2])) == ["ok", "ok"]
    assert statuses(push(device, [e2])) == ["ok"]
    assert hub_server.hub is not None
    with hub_server.hub.read() as session:
        message = session.scalars(select(OutgoingMessage)).one()
        event = session.scalars(select(HubEvent).where(HubEvent.uid == e2["event_uid"])).one()
    assert (message.state, message.channel, message.recipient) == ("queued", "sms", "0912345678")
    assert message.text == notice["text"]
    assert event.device_recorded_at is not None and event.device_recorded_at.isoformat() == e2["recorded_at"]
    assert event.hub_received_at > event.device_recorded_at


def test_ratings_are_stored_once(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    e1 = first_event(device)
    assert statuses(push(device, [e1])) == ["ok"]
    rating = {
        "v": 1,
        "rating_uid": str(uuid.uuid4()),
        "dossier_uid": e1["dossier_uid"],
        "dossier_code": e1["dossier_code"],
        "rating": "satisfied",
        "criteria": {"attitude": "satisfied"},
        "comment": "Cán bộ nhiệt tình",
        "rated_at": e1["at"],
    }
    envelope = {"batch": str(uuid.uuid4()), "items": [{"uid": rating["rating_uid"], "topic": "rating", "body": rating}]}
    assert statuses(push_envelope(device, envelope)) == ["ok"]
    envelope["batch"] = str(uuid.uuid4())
    assert statuses(push_envelope(device, envelope)) == ["ok"]
    envelope = {**envelope, "batch": str(uuid.uuid4())}
    envelope["items"] = [{"uid": rating["rating_uid"], "topic": "rating", "body": {**rating, "rating": "unsatisfied"}}]
    assert statuses(push_envelope(device, envelope)) == ["conflict"]
    assert _count(hub_server, Rating) == 1


def test_clock_offset_is_recorded(hub_server: HubServer) -> None:
    from datetime import timedelta

    from district_server.db import utc_now
    from district_server.models import Device as DeviceRow

    device = _setup(hub_server)
    envelope = {
        "batch": str(uuid.uuid4()),
        "device_time": (utc_now() - timedelta(minutes=30)).isoformat(),
        "items": [],
    }
    assert push_envelope(device, envelope).status_code == 200
    assert hub_server.hub is not None
    with hub_server.hub.read() as session:
        offset = session.get(DeviceRow, device.device_id).clock_offset_seconds  # type: ignore[union-attr]
    assert offset is not None and 1790 < offset < 1830


def test_a_hub_restart_loses_nothing(hub_server: HubServer) -> None:
    device = _setup(hub_server)
    e1 = first_event(device)
    batch = str(uuid.uuid4())
    first = push(device, [e1], batch=batch)
    hub_server.restart()
    again = push(device, [e1], batch=batch)  # the counter never saw the first answer
    assert statuses(again) == ["ok"]
    assert again.json()["results"] == first.json()["results"]
    assert again.json()["epoch"] == first.json()["epoch"]
    assert _count(hub_server, HubEvent) == 1
