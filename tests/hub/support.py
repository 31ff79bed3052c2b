"""Helpers for hub tests: communes, enrolled devices, wire bodies shaped like the counter's outbox.

Bodies follow ``counter_app.services.events.append_event`` (and the intake snapshot); they are built
here so the hub tests do not depend on the counter's sync client.
"""

from __future__ import annotations

import gzip
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from district_server import service
from district_server.db import utc_now
from district_server.wire import b64

COMMUNE_A = "000.12.34.H26"
COMMUNE_B = "000.56.78.H26"
T0 = datetime(2025, 11, 18, 2, 0, tzinfo=UTC)


def add_commune(hub: Any, code: str, name: str = "UBND xã Tân Lập") -> None:
    with hub.write() as session:
        service.add_commune(session, code, name, utc_now())


def issue_code(hub: Any, commune: str) -> str:
    with hub.write() as session:
        return service.issue_enroll_code(session, commune, utc_now()).code


@dataclass
class Device:
    url: str
    device_id: str
    token: str
    device_uid: str
    commune: str
    workstation: int
    key: Ed25519PrivateKey
    answer: dict[str, Any]
    _numbers: dict[str, int] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=self.headers, timeout=30)

    def next_code(self, day: datetime = T0) -> str:
        """A fresh dossier code of this device's commune and workstation."""
        n = self._numbers.get(day.strftime("%y%m%d"), 0) + 1
        self._numbers[day.strftime("%y%m%d")] = n
        return f"{self.commune}-{day:%y%m%d}-{self.workstation * 1000 + n:04d}"


def public_key_of(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def enroll_request(
    code: str,
    commune: str,
    *,
    workstation: int = 1,
    device_uid: str | None = None,
    key: Ed25519PrivateKey | None = None,
) -> dict[str, Any]:
    key = key or Ed25519PrivateKey.generate()
    return {
        "code": code,
        "device_uid": device_uid or str(uuid.uuid4()),
        "workstation": workstation,
        "agency_code": commune,
        "office_name": "UBND xã Tân Lập",
        "office_phone": "0210 3851 234",
        "lookup_url_base": None,
        "public_key": b64(public_key_of(key)),
        "device_time": utc_now().isoformat(),
    }


def enroll(server: Any, commune: str, *, workstation: int = 1, device_uid: str | None = None) -> Device:
    """Issue a code at the hub and enrol a new device with it over HTTP."""
    key = Ed25519PrivateKey.generate()
    request = enroll_request(
        issue_code(server.hub, commune), commune, workstation=workstation, device_uid=device_uid, key=key
    )
    answer = httpx.post(f"{server.url}/v1/enroll", json=request, timeout=30)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return Device(server.url, body["device_id"], body["token"], request["device_uid"], commune, workstation, key, body)


def first_event(
    device: Device, code: str | None = None, *, kind: str = "received", at: datetime = T0
) -> dict[str, Any]:
    """The first event of a new dossier (with the snapshot), as ``append_event`` writes it."""
    code = code or device.next_code(at)
    status = {"received": "received", "submitted": "submitted", "refused": "refused"}[kind]
    return {
        "v": 1,
        "event_uid": str(uuid.uuid4()),
        "dossier_uid": str(uuid.uuid4()),
        "dossier_code": code,
        "seq": 1,
        "kind": kind,
        "status_after": status,
        "at": at.isoformat(),
        "recorded_at": at.isoformat(),
        "actor": "canbo1",
        "payload": {"late_entry": False},
        "dossier": {
            "code": code,
            "procedure_code": "1.001193",
            "procedure_version": 1,
            "procedure_name": "Đăng ký khai sinh",
            "field": "Hộ tịch",
            "channel": "direct",
            "return_by_post": False,
            "received_at": at.isoformat(),
            "due_at": (at + timedelta(days=1)).isoformat(),
            "lookup_secret": "k3y5ecr3t",
            "applicant": {"full_name": "Nguyễn Thị Hoa", "id_number": "001190012345", "phone": "0912345678"},
        },
    }


def next_event(
    previous: dict[str, Any], kind: str, status_after: str, *, payload: dict[str, Any] | None = None, minutes: int = 5
) -> dict[str, Any]:
    """The dossier's following event (no snapshot)."""
    at = datetime.fromisoformat(previous["at"]) + timedelta(minutes=minutes)
    return {
        "v": 1,
        "event_uid": str(uuid.uuid4()),
        "dossier_uid": previous["dossier_uid"],
        "dossier_code": previous["dossier_code"],
        "seq": previous["seq"] + 1,
        "kind": kind,
        "status_after": status_after,
        "at": at.isoformat(),
        "recorded_at": at.isoformat(),
        "actor": "canbo1",
        "payload": payload or {},
    }


def item(body: dict[str, Any], topic: str = "dossier.event") -> dict[str, Any]:
    uid = body.get("event_uid") or body.get("rating_uid")
    return {"uid": uid, "topic": topic, "body": body}


def push(
    device: Device, bodies: list[dict[str, Any]], *, batch: str | None = None, gzipped: bool = False
) -> httpx.Response:
    batch = batch or str(uuid.uuid4())
    envelope = {"batch": batch, "device_time": utc_now().isoformat(), "items": [item(b) for b in bodies]}
    return push_envelope(device, envelope, gzipped=gzipped)


def push_envelope(device: Device, envelope: dict[str, Any], *, gzipped: bool = False) -> httpx.Response:
    data = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
    headers = {**device.headers, "Content-Type": "application/json", "Idempotency-Key": str(envelope["batch"])}
    if gzipped:
        data = gzip.compress(data)
        headers["Content-Encoding"] = "gzip"
    return httpx.post(f"{device.url}/v1/push", content=data, headers=headers, timeout=30)


def statuses(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


def pull(device: Device, after: int = 0, *, epoch: str | None = None, limit: int | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"after": after, "epoch": epoch or device.answer["epoch"]}
    if limit is not None:
        params["limit"] = limit
    answer = httpx.get(f"{device.url}/v1/changes", params=params, headers=device.headers, timeout=30)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def pull_all(device: Device, after: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Every change after ``after`` (following pages), and the final cursor."""
    seen: list[dict[str, Any]] = []
    while True:
        page = pull(device, after)
        assert not page["reset"]
        seen.extend(page["changes"])
        after = page["next"]
        if not page["more"]:
            return seen, after
