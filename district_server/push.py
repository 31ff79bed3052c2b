"""Push: a counter's batch of outbox items, each stored exactly once (docs/sync-protocol.md, Push).

- Every item is applied inside its own SAVEPOINT: a refused item is rolled back alone and logged in
  ``rejected_item``; the rest of the batch is stored.
- An event is known by its UID; the same body again (canonical JSON, SHA-256) is "ok", a different body
  is a "conflict" (the first body stays). An event the hub recorded itself (origin "hub") sent back by a
  counter, which resends its whole history after a reset, is "ok" too.
- A dossier event must be of the device's own commune (the agency part of the dossier code), its first
  event carries the dossier, and the counter's state machine must accept it against the hub's status of
  the dossier, in order of arrival.
- The answer is kept under the batch's idempotency key; a replay gets it back unchanged (only
  ``server_time`` is the time of the replay).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.errors import IllegalTransition, InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent, Status, next_status
from district_server.errors import HubError
from district_server.models import (
    Device,
    HubDossier,
    HubEvent,
    OutgoingMessage,
    PushBatch,
    Rating,
    RejectedItem,
)
from district_server.service import AuthedDevice, apply_status, hub_meta, touch_device
from district_server.wire import PROTOCOL_VERSION, body_hash, iso, nfc_deep, parse_time

MAX_ITEMS = 500
MAX_KEY = 64
TOPICS = ("dossier.event", "rating")

# Item refusals: id -> (Vietnamese, English). The answer carries the id as ``error`` and the Vietnamese
# text as ``reason`` (what the counter shows the clerk beside the quarantined entry).
REASONS: dict[str, tuple[str, str]] = {
    "malformed": ("Dữ liệu không đúng dạng: {detail}", "Malformed item: {detail}"),
    "topic": ("Loại dữ liệu “{topic}” không được hỗ trợ", "Unknown topic “{topic}”"),
    "version": ("Phiên bản dữ liệu {v} không được hỗ trợ", "Unsupported body version {v}"),
    "commune": (
        "Hồ sơ {code} không thuộc xã của máy này ({commune})",
        "Dossier {code} is not of this device's commune ({commune})",
    ),
    "unknown_dossier": (
        "Máy chủ chưa có hồ sơ {code}: sự kiện đầu tiên của hồ sơ phải kèm thông tin hồ sơ",
        "The hub does not have dossier {code}: its first event must carry the dossier",
    ),
    "dossier_mismatch": (
        "Mã hồ sơ {code} không khớp với hồ sơ máy chủ đang giữ",
        "Dossier code {code} does not match the dossier the hub holds",
    ),
    "code_taken": (
        "Mã hồ sơ {code} đã được dùng cho một hồ sơ khác trên máy chủ",
        "Dossier code {code} is already used by another dossier on the hub",
    ),
    "illegal": (
        "Máy chủ không nhận “{kind}” khi hồ sơ {code} đang ở trạng thái “{current}”",
        "The hub refuses “{kind}” while dossier {code} is “{current}”",
    ),
    "status_after": (
        "Trạng thái sau sự kiện ({given}) khác với máy chủ tính ({expected})",
        "The status after the event ({given}) differs from the hub's ({expected})",
    ),
    "conflict": (
        "Mục {uid} đã được gửi trước đó với nội dung khác; máy chủ giữ bản đầu tiên",
        "Item {uid} was received before with a different body; the hub keeps the first",
    ),
}


def reason_text(error: str, params: dict[str, Any], lang: str = "vi") -> str:
    vi, en = REASONS[error]
    return (vi if lang == "vi" else en).format(**params)


class ItemRefused(Exception):
    def __init__(self, status: str, error: str, **params: Any) -> None:
        super().__init__(error, params)
        self.status = status
        self.error = error
        self.params = params


def _reject(error: str, **params: Any) -> ItemRefused:
    return ItemRefused("rejected", error, **params)


@dataclass(frozen=True)
class Item:
    uid: str
    topic: Any
    body: Any


def _text(body: dict[str, Any], key: str, limit: int, *, optional: bool = False) -> Any:
    value = body.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or (not optional and not value.strip()):
        raise _reject("malformed", detail=f"“{key}” must be text")
    if len(value) > limit:
        raise _reject("malformed", detail=f"“{key}” is longer than {limit} characters")
    return value


def _time(body: dict[str, Any], key: str, *, optional: bool = False) -> datetime | None:
    value = body.get(key)
    if value is None and optional:
        return None
    try:
        return parse_time(value)
    except ValueError:
        raise _reject("malformed", detail=f"“{key}” must be an ISO 8601 time with an offset") from None


def _uuid(body: dict[str, Any], key: str) -> str:
    value = _text(body, key, 36)
    try:
        uuid.UUID(value)
    except ValueError:
        raise _reject("malformed", detail=f"“{key}” must be a UUID") from None
    return str(value)


def _int(body: dict[str, Any], key: str) -> int:
    value = body.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > 2**31 - 1:
        raise _reject("malformed", detail=f"“{key}” must be a whole number")
    return value


def _check_version(body: dict[str, Any]) -> None:
    if body.get("v") != PROTOCOL_VERSION:
        raise _reject("version", v=body.get("v"))


def _own_code(device: AuthedDevice, body: dict[str, Any]) -> str:
    """The dossier code of the body, refused unless its agency part is the device's commune."""
    text = _text(body, "dossier_code", 30)
    try:
        code = parse_dossier_code(text)
    except InvalidInput:
        raise _reject("malformed", detail=f"“{text}” is not a dossier code") from None
    if code.agency != device.commune_code:
        raise _reject("commune", code=text, commune=device.commune_code)
    return str(code)


def _same_or_conflict(existing_hash: str, new_hash: str, uid: str) -> None:
    if existing_hash != new_hash:
        raise ItemRefused("conflict", "conflict", uid=uid)


def _new_dossier(
    session: Session, device: AuthedDevice, dossier_uid: str, code: str, snapshot: Any, now: datetime
) -> HubDossier:
    if not isinstance(snapshot, dict):
        raise _reject("unknown_dossier", code=code)
    if snapshot.get("code") != code:
        raise _reject("malformed", detail="the dossier snapshot's code differs from “dossier_code”")
    applicant = snapshot.get("applicant")
    if not isinstance(applicant, dict):
        raise _reject("malformed", detail="“dossier.applicant” must be an object")
    if session.scalars(select(HubDossier.id).where(HubDossier.code == code)).first() is not None:
        raise _reject("code_taken", code=code)
    received_at = _time(snapshot, "received_at")
    assert received_at is not None
    return_by_post = snapshot.get("return_by_post", False)
    if not isinstance(return_by_post, bool):
        raise _reject("malformed", detail="“dossier.return_by_post” must be true or false")
    dossier = HubDossier(
        uid=dossier_uid,
        code=code,
        commune_id=device.commune_id,
        device_id=device.id,
        workstation=parse_dossier_code(code).workstation,
        procedure_code=_text(snapshot, "procedure_code", 20),
        procedure_name=_text(snapshot, "procedure_name", 400),
        field=_text(snapshot, "field", 200, optional=True) or "",
        channel=_text(snapshot, "channel", 10),
        return_by_post=return_by_post,
        received_at=received_at,
        due_at=_time(snapshot, "due_at", optional=True),
        resolved_at=None,
        status="",
        lookup_secret=_text(snapshot, "lookup_secret", 16),
        applicant_name=_text(applicant, "full_name", 200),
        applicant_id_number=_text(applicant, "id_number", 12, optional=True) or None,
        applicant_phone=_text(applicant, "phone", 20, optional=True) or None,
        created_at=now,
        updated_at=now,
    )
    session.add(dossier)
    session.flush()
    return dossier


def _apply_event(session: Session, device: AuthedDevice, item: Item, now: datetime) -> None:
    body = item.body
    _check_version(body)
    code = _own_code(device, body)
    if body.get("event_uid") != item.uid:
        raise _reject("malformed", detail="“event_uid” differs from the item's uid")
    digest = body_hash(body)
    known = session.scalars(select(HubEvent).where(HubEvent.uid == item.uid)).one_or_none()
    if known is not None:
        owner = session.get(HubDossier, known.dossier_id)
        if owner is None or owner.commune_id != device.commune_id:
            raise _reject("commune", code=code, commune=device.commune_code)
        if known.origin == "hub":
            return  # an upstream event coming back (a counter resends its history after a reset): ours
        _same_or_conflict(known.body_hash, digest, item.uid)
        return
    dossier_uid = _uuid(body, "dossier_uid")
    try:
        kind = EventKind(body.get("kind"))
    except ValueError:
        raise _reject("malformed", detail=f"unknown event kind “{body.get('kind')}”") from None
    payload = body.get("payload") if body.get("payload") is not None else {}
    if not isinstance(payload, dict):
        raise _reject("malformed", detail="“payload” must be an object")
    at = _time(body, "at")
    recorded_at = _time(body, "recorded_at", optional=True)
    actor = _text(body, "actor", 100, optional=True) or ""
    seq = _int(body, "seq")
    given_status = _text(body, "status_after", 24)
    assert at is not None
    dossier = session.scalars(select(HubDossier).where(HubDossier.uid == dossier_uid).with_for_update()).one_or_none()
    if dossier is None:
        dossier = _new_dossier(session, device, dossier_uid, code, body.get("dossier"), now)
        current: Status | None = None
    else:
        if dossier.commune_id != device.commune_id:
            raise _reject("commune", code=code, commune=device.commune_code)
        if dossier.code != code:
            raise _reject("dossier_mismatch", code=code)
        current = Status(dossier.status)
    event = LifecycleEvent(
        kind, interlinked=bool(payload.get("interlinked")), on_request=bool(payload.get("on_request"))
    )
    try:
        status = next_status(current, event)
    except IllegalTransition:
        raise _reject("illegal", kind=kind.value, code=code, current=current or "—") from None
    if status.value != given_status:
        raise _reject("status_after", given=given_status, expected=status.value)
    session.add(
        HubEvent(
            uid=item.uid,
            dossier_id=dossier.id,
            origin="device",
            device_id=device.id,
            seq=seq,
            kind=kind.value,
            status_after=status.value,
            at=at,
            device_recorded_at=recorded_at,
            hub_received_at=now,
            actor=actor,
            payload=payload,
            body_hash=digest,
        )
    )
    apply_status(dossier, kind, status, at, now)
    if kind is EventKind.RECEIVED and current is not None:
        # A late acceptance (an online or incomplete application completed) moves the dossier's dates.
        received_at = _time(payload, "received_at", optional=True)
        due_at = _time(payload, "due_at", optional=True)
        if received_at is not None:
            dossier.received_at = received_at
            dossier.due_at = due_at
    if kind is EventKind.NOTIFIED:
        _queue_message(session, dossier, payload, now)
    session.flush()


def _queue_message(session: Session, dossier: HubDossier, payload: dict[str, Any], now: datetime) -> None:
    """A ``notified`` event's SMS or e-mail goes to the relay's queue (once per notice UID)."""
    notice_uid, channel = payload.get("notice_uid"), payload.get("channel")
    recipient, text = payload.get("recipient"), payload.get("text")
    if channel not in ("sms", "email") or not all(isinstance(v, str) and v for v in (notice_uid, recipient, text)):
        return
    assert isinstance(notice_uid, str)
    assert isinstance(recipient, str)
    assert isinstance(text, str)
    if len(notice_uid) > 36 or len(recipient) > 200 or len(text) > 2000:
        raise _reject("malformed", detail="the notice is too long")
    if session.scalars(select(OutgoingMessage.id).where(OutgoingMessage.notice_uid == notice_uid)).first():
        return
    session.add(
        OutgoingMessage(
            notice_uid=notice_uid,
            commune_id=dossier.commune_id,
            dossier_id=dossier.id,
            channel=channel,
            recipient=recipient,
            text=text,
            state="queued",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )


def _apply_rating(session: Session, device: AuthedDevice, item: Item, now: datetime) -> None:
    body = item.body
    _check_version(body)
    code = _own_code(device, body)
    if body.get("rating_uid") != item.uid:
        raise _reject("malformed", detail="“rating_uid” differs from the item's uid")
    digest = body_hash(body)
    known = session.scalars(select(Rating).where(Rating.uid == item.uid)).one_or_none()
    if known is not None:
        _same_or_conflict(known.body_hash, digest, item.uid)
        return
    dossier_uid = _uuid(body, "dossier_uid")
    dossier = session.scalars(select(HubDossier).where(HubDossier.uid == dossier_uid)).one_or_none()
    if dossier is None:
        raise _reject("unknown_dossier", code=code)
    if dossier.commune_id != device.commune_id:
        raise _reject("commune", code=code, commune=device.commune_code)
    if dossier.code != code:
        raise _reject("dossier_mismatch", code=code)
    criteria = body.get("criteria") if body.get("criteria") is not None else {}
    if not isinstance(criteria, dict):
        raise _reject("malformed", detail="“criteria” must be an object")
    rated_at = _time(body, "rated_at")
    assert rated_at is not None
    session.add(
        Rating(
            uid=item.uid,
            dossier_id=dossier.id,
            rating=_text(body, "rating", 16),
            criteria=criteria,
            comment=_text(body, "comment", 1000, optional=True) or None,
            rated_at=rated_at,
            body_hash=digest,
        )
    )
    session.flush()


_APPLY = {"dossier.event": _apply_event, "rating": _apply_rating}


def _apply(session: Session, device: AuthedDevice, item: Item, now: datetime) -> dict[str, Any]:
    try:
        if item.topic not in _APPLY:
            raise _reject("topic", topic=item.topic)
        if not isinstance(item.body, dict):
            raise _reject("malformed", detail="“body” must be an object")
        try:
            with session.begin_nested():
                _APPLY[item.topic](session, device, item, now)
        except IntegrityError:
            # Only a race can get here (every uniqueness rule is checked first): two deliveries of the same
            # item at once. The whole request fails with 503 and the counter retries it.
            raise HubError("busy", status=503) from None
    except ItemRefused as refusal:
        reason = reason_text(refusal.error, refusal.params)
        session.add(
            RejectedItem(
                device_id=device.id,
                uid=item.uid,
                status=refusal.status,
                reason=reason[:1000],
                body=item.body if isinstance(item.body, dict) else {"body": item.body},
                at=now,
            )
        )
        return {"uid": item.uid, "status": refusal.status, "error": refusal.error, "reason": reason}
    return {"uid": item.uid, "status": "ok"}


def parse_envelope(envelope: Any, key: str | None) -> tuple[str, datetime | None, list[Item]]:
    """The batch key, the device's clock and the items; a malformed envelope is a 400 (a bug, not data)."""
    if not isinstance(envelope, dict):
        raise HubError("bad_request", detail="the body must be a JSON object")
    key = key or envelope.get("batch")
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY:
        raise HubError("bad_request", detail="an Idempotency-Key (the batch UUID) is required")
    items = envelope.get("items")
    if not isinstance(items, list):
        raise HubError("bad_request", detail="“items” must be a list")
    if len(items) > MAX_ITEMS:
        raise HubError("too_large", status=413, limit=f"{MAX_ITEMS} items")
    parsed: list[Item] = []
    for raw in items:
        if not isinstance(raw, dict) or not isinstance(raw.get("uid"), str) or not 0 < len(raw["uid"]) <= 36:
            raise HubError("bad_request", detail="every item needs a “uid” of at most 36 characters")
        parsed.append(Item(raw["uid"], raw.get("topic"), nfc_deep(raw.get("body"))))
    device_time = None
    if envelope.get("device_time") is not None:
        try:
            device_time = parse_time(envelope["device_time"])
        except ValueError:
            raise HubError("bad_request", detail="“device_time” must be an ISO 8601 time with an offset") from None
    return key.strip(), device_time, parsed


def push(session: Session, device: AuthedDevice, key: str | None, envelope: Any, now: datetime) -> dict[str, Any]:
    """Apply one batch and return the answer (stored under its idempotency key)."""
    batch_key, device_time, items = parse_envelope(envelope, key)
    # One batch of a device at a time: a retry that overtakes a slow first delivery waits for it and
    # then finds its answer (PostgreSQL row lock; SQLite's BEGIN IMMEDIATE already serialises writers).
    session.scalars(select(Device).where(Device.id == device.id).with_for_update()).one()
    epoch = hub_meta(session).epoch
    stored = session.scalars(
        select(PushBatch).where(PushBatch.device_id == device.id, PushBatch.key == batch_key)
    ).one_or_none()
    if stored is not None:
        return {**stored.answer, "server_time": iso(now), "epoch": epoch}
    results = [_apply(session, device, item, now) for item in items]
    answer = {"results": results, "server_time": iso(now), "epoch": epoch}
    session.add(PushBatch(device_id=device.id, key=batch_key, answer=answer, received_at=now))
    touch_device(session, device.id, now, device_time)
    session.flush()
    return answer
