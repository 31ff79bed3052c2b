"""Push decided batch-wise: items of one batch see each other, a concurrent writer is not a failure; the relay
sends a large queue in small claims."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import httpx
from sqlalchemy import func, select, text

from district_server import push as hub_push
from district_server import relay, service
from district_server.db import utc_now
from district_server.models import HubDossier, HubEvent, OutgoingMessage, Rating, RejectedItem, SentMessage
from tests.hub.conftest import HubServer
from tests.hub.support import COMMUNE_A, add_commune, enroll, first_event, item, next_event, push_envelope


def _count(server: HubServer, model: Any, *where: Any) -> int:
    assert server.hub is not None
    with server.hub.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _notice(uid: str) -> dict[str, Any]:
    return {"notice_uid": uid, "kind": "receipt", "channel": "sms", "recipient": "0912345678", "text": "Đã nhận hồ sơ"}


def test_items_of_one_batch_see_the_items_before_them(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    device = enroll(hub_server, COMMUNE_A, workstation=2)
    e1 = first_event(device)
    e2 = next_event(e1, "transferred", "processing")
    e3 = next_event(e2, "result_ready", "result_ready")
    notice_uid = str(uuid.uuid4())
    n1 = next_event(e3, "notified", "result_ready", payload=_notice(notice_uid))
    n2 = next_event(n1, "notified", "result_ready", payload=_notice(notice_uid))  # same notice, another event
    same_code = first_event(device, e1["dossier_code"])  # another dossier under e1's code
    refused_first = {**first_event(device), "kind": "returned", "status_after": "returned"}
    after_refused = next_event(refused_first, "transferred", "processing")
    rating = {
        "v": 1,
        "rating_uid": str(uuid.uuid4()),
        "dossier_uid": e1["dossier_uid"],
        "dossier_code": e1["dossier_code"],
        "rating": "satisfied",
        "criteria": {},
        "comment": None,
        "rated_at": e3["at"],
    }
    items = [item(e) for e in (e1, e2, e1, e3, n1, n2, same_code, refused_first, after_refused)]
    items += [item(rating, "rating"), item({**e2, "actor": "someone-else"})]
    answer = push_envelope(device, {"batch": str(uuid.uuid4()), "items": items})
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["uid"] for r in results] == [i["uid"] for i in items]
    assert [r["status"] for r in results] == ["ok"] * 6 + ["rejected"] * 3 + ["ok", "conflict"]
    assert [r.get("error") for r in results[6:9]] == ["code_taken", "illegal", "unknown_dossier"]
    assert _count(hub_server, HubDossier) == 1
    assert _count(hub_server, HubEvent) == 5
    assert _count(hub_server, OutgoingMessage) == 1
    assert _count(hub_server, Rating) == 1
    assert _count(hub_server, RejectedItem) == 4
    assert hub_server.hub is not None
    with hub_server.hub.read() as session:
        dossier = session.scalars(select(HubDossier)).one()
        actor = session.scalars(select(HubEvent.actor).where(HubEvent.uid == e2["event_uid"])).one()
    assert (dossier.status, dossier.resolved_at is not None, actor) == ("result_ready", True, "canbo1")


def test_another_device_writing_the_same_dossier_meanwhile_gets_no_failure(hub_server: HubServer) -> None:
    """Two PCs of one commune push the same dossier at once: the second waits, then finds the first's rows
    (on PostgreSQL its bulk write meets them and the batch is decided again item by item)."""
    hub = hub_server.hub
    assert hub is not None
    add_commune(hub, COMMUNE_A)
    a = enroll(hub_server, COMMUNE_A, workstation=2)
    b = enroll(hub_server, COMMUNE_A, workstation=3)
    e1 = first_event(a)
    e2 = next_event(e1, "transferred", "processing")
    answers: list[httpx.Response] = []
    pushing = threading.Thread(
        target=lambda: answers.append(push_envelope(a, {"batch": str(uuid.uuid4()), "items": [item(e1), item(e2)]}))
    )
    waited = False
    with hub.write() as session:  # device B stores e1 and has not committed yet
        device_b = service.authenticate(session, f"Bearer {b.token}")
        envelope = {"batch": str(uuid.uuid4()), "items": [item(e1)]}
        assert [r["status"] for r in hub_push.push(session, device_b, None, envelope, utc_now())["results"]] == ["ok"]
        pushing.start()
        deadline = time.monotonic() + 10
        while hub.dialect == "postgresql" and time.monotonic() < deadline:
            with hub.engine.connect() as probe:  # A's insert waits on B's uncommitted dossier row
                waited = bool(probe.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")))
            if waited:
                break
            time.sleep(0.05)
        if hub.dialect == "sqlite":
            time.sleep(0.5)  # A waits for the write lock
    pushing.join(30)
    assert hub.dialect == "sqlite" or waited
    assert len(answers) == 1 and answers[0].status_code == 200, answers
    assert [r["status"] for r in answers[0].json()["results"]] == ["ok", "ok"]
    assert _count(hub_server, HubDossier) == 1
    assert _count(hub_server, HubEvent) == 2
    assert _count(hub_server, RejectedItem) == 0


def test_the_relay_sends_a_large_queue_in_small_claims_each_notice_once(hub_server: HubServer) -> None:
    hub = hub_server.hub
    assert hub is not None
    add_commune(hub, COMMUNE_A)
    device = enroll(hub_server, COMMUNE_A, workstation=2)
    queued = relay.CLAIM_SIZE * 2 + 5
    bodies = []
    for _ in range(queued):
        first = first_event(device)
        bodies += [first, next_event(first, "notified", "received", payload=_notice(str(uuid.uuid4())))]
    answer = push_envelope(device, {"batch": str(uuid.uuid4()), "items": [item(b) for b in bodies]})
    assert answer.status_code == 200 and {r["status"] for r in answer.json()["results"]} == {"ok"}
    gateway = relay.RecordingGateway(hub)
    limit = relay.CLAIM_SIZE + 3
    assert relay.relay_once(hub, gateway, limit=limit) == relay.RelayReport(limit, 0, queued - limit)
    assert relay.relay_once(hub, gateway) == relay.RelayReport(queued - limit, 0, 0)
    with hub.read() as session:
        sent = session.scalars(select(SentMessage.notice_uid)).all()
        notices = session.scalars(select(OutgoingMessage.notice_uid).where(OutgoingMessage.state == "sent")).all()
    assert len(sent) == len(set(sent)) == queued
    assert set(sent) == set(notices)
