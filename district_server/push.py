"""Push: a counter's batch of outbox items, each stored exactly once (docs/sync-protocol.md, Push).

- A batch is decided in memory and written with a few bulk statements (:class:`_Batch`): one query each
  for the known event UIDs, rating UIDs, dossiers (locked ``FOR UPDATE`` on PostgreSQL) and notice UIDs,
  then every item in order of arrival against those maps, then one insert per table. A refused item
  changes nothing and is logged in ``rejected_item``; the rest of the batch is stored. Should the bulk
  write meet a concurrent writer's row (PostgreSQL: another device of the commune, between the lookups
  and the write), the batch is decided again item by item, each in its own SAVEPOINT (:func:`_apply`).
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

import hashlib
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.errors import IllegalTransition, InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent, Status, next_status
from counter_app.sync.protocol import MAX_TEXT, clean_text, overlong_text
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
from district_server.service import AuthedDevice, hub_meta, touch_device
from district_server.wire import PROTOCOL_VERSION, iso, nfc_deep, parse_time

MAX_ITEMS = 500
MAX_KEY = 64
TOPICS = ("dossier.event", "rating")
# The times an event's payload may carry (a late acceptance's dates, an apology's appointments): checked
# like the event's own, since the lookup page and the other counters of the commune read them.
PAYLOAD_TIMES = ("received_at", "due_at", "old_appointment", "new_appointment")

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


def _quoted(value: Any, limit: int = 80) -> str:
    """A value from the item as a reason quotes it: at most ``limit`` characters."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reason_text(error: str, params: dict[str, Any], lang: str = "vi") -> str:
    """The reason of a refusal; values taken from the item (a topic, a code, a kind) are cut to 80 characters."""
    vi, en = REASONS[error]
    quoted = {k: v if k == "detail" else _quoted(v) for k, v in params.items()}
    return (vi if lang == "vi" else en).format(**quoted)


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


def _time(body: dict[str, Any], key: str, *, optional: bool = False, where: str = "") -> datetime | None:
    """The time under ``key`` in UTC, refused (naming ``where`` + ``key``) unless an ISO 8601 time with
    an offset within the wire's years (protocol.wire_time)."""
    value = body.get(key)
    if value is None and optional:
        return None
    try:
        return parse_time(value, where + key)
    except ValueError as exc:
        raise _reject("malformed", detail=f"{exc} (an ISO 8601 time with an offset is expected)") from None


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


@lru_cache(maxsize=4096)
def _parsed_code(text: str) -> tuple[str, str, int]:
    """(agency, code, workstation) of a dossier code; InvalidInput when it is not one. Items of one dossier
    share their code, so each is parsed once."""
    code = parse_dossier_code(text)
    return code.agency, str(code), code.workstation


def _own_code(device: AuthedDevice, body: dict[str, Any]) -> str:
    """The dossier code of the body, refused unless its agency part is the device's commune."""
    text = _text(body, "dossier_code", 30)
    try:
        agency, code, _ = _parsed_code(text)
    except InvalidInput:
        raise _reject("malformed", detail=f"“{text}” is not a dossier code") from None
    if agency != device.commune_code:
        raise _reject("commune", code=text, commune=device.commune_code)
    return code


def _digest(body: dict[str, Any]) -> str:
    """``wire.body_hash`` of a body that :func:`parse_envelope` already put in NFC (without doing it again)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _same_or_conflict(existing_hash: str, new_hash: str, uid: str) -> None:
    if existing_hash != new_hash:
        raise ItemRefused("conflict", "conflict", uid=uid)


def _known_event(device: AuthedDevice, item: Item, code: str, digest: str, known: _Known) -> None:
    """An event the hub already holds: ok when it is the same body (or the hub's own), else a conflict."""
    if known.commune_id != device.commune_id:
        raise _reject("commune", code=code, commune=device.commune_code)
    if known.origin == "hub":
        return  # an upstream event coming back (a counter resends its history after a reset): ours
    _same_or_conflict(known.body_hash, digest, item.uid)


@dataclass(frozen=True)
class _Known:
    """What deciding a repeated UID needs of the stored row."""

    body_hash: str
    origin: str
    commune_id: int


@dataclass(frozen=True)
class _EventFields:
    dossier_uid: str
    kind: EventKind
    payload: dict[str, Any]
    at: datetime
    recorded_at: datetime | None
    actor: str
    seq: int
    given_status: str


def _event_fields(body: dict[str, Any]) -> _EventFields:
    dossier_uid = _uuid(body, "dossier_uid")
    try:
        kind = EventKind(str(body.get("kind")))
    except ValueError:
        raise _reject("malformed", detail=f"unknown event kind “{_quoted(body.get('kind'))}”") from None
    payload = body.get("payload") if body.get("payload") is not None else {}
    if not isinstance(payload, dict):
        raise _reject("malformed", detail="“payload” must be an object")
    for key in PAYLOAD_TIMES:
        _time(payload, key, optional=True, where="payload.")
    at = _time(body, "at")
    recorded_at = _time(body, "recorded_at", optional=True)
    actor = _text(body, "actor", 100, optional=True) or ""
    seq = _int(body, "seq")
    given_status = _text(body, "status_after", 24)
    assert at is not None
    return _EventFields(dossier_uid, kind, payload, at, recorded_at, actor, seq, given_status)


def _new_dossier(
    device: AuthedDevice,
    dossier_uid: str,
    code: str,
    snapshot: Any,
    now: datetime,
    code_taken: Callable[[str], bool],
) -> dict[str, Any]:
    """The columns of a new dossier from its first event's snapshot (status empty: its first event sets it)."""
    if not isinstance(snapshot, dict):
        raise _reject("unknown_dossier", code=code)
    if snapshot.get("code") != code:
        raise _reject("malformed", detail="the dossier snapshot's code differs from “dossier_code”")
    applicant = snapshot.get("applicant")
    if not isinstance(applicant, dict):
        raise _reject("malformed", detail="“dossier.applicant” must be an object")
    if code_taken(code):
        raise _reject("code_taken", code=code)
    received_at = _time(snapshot, "received_at", where="dossier.")
    assert received_at is not None
    return_by_post = snapshot.get("return_by_post", False)
    if not isinstance(return_by_post, bool):
        raise _reject("malformed", detail="“dossier.return_by_post” must be true or false")
    assisted = snapshot.get("assisted", False)
    if not isinstance(assisted, bool):
        raise _reject("malformed", detail="“dossier.assisted” must be true or false")
    return {
        "uid": dossier_uid,
        "code": code,
        "commune_id": device.commune_id,
        "device_id": device.id,
        "workstation": _parsed_code(code)[2],
        "procedure_code": _text(snapshot, "procedure_code", 20),
        "procedure_name": _text(snapshot, "procedure_name", 400),
        "field": _text(snapshot, "field", 200, optional=True) or "",
        "channel": _text(snapshot, "channel", 10),
        "return_by_post": return_by_post,
        "received_at": received_at,
        "due_at": _time(snapshot, "due_at", optional=True, where="dossier."),
        "resolved_at": None,
        "status": "",
        "lookup_secret": _text(snapshot, "lookup_secret", 16),
        "applicant_name": _text(applicant, "full_name", 200),
        "applicant_id_number": _text(applicant, "id_number", 12, optional=True) or None,
        "applicant_phone": _text(applicant, "phone", 20, optional=True) or None,
        "assisted": assisted,
        "portal_code": _text(snapshot, "portal_code", 40, optional=True) or None,
        "paper_exception": _text(snapshot, "paper_exception", 1000, optional=True) or None,
        "created_at": now,
        "updated_at": now,
    }


def _check_owner(device: AuthedDevice, dossier: _Dossier | HubDossier, code: str) -> None:
    if dossier.commune_id != device.commune_id:
        raise _reject("commune", code=code, commune=device.commune_code)
    if dossier.code != code:
        raise _reject("dossier_mismatch", code=code)


def _transition(fields: _EventFields, current: Status | None, code: str) -> Status:
    """The status after the event, refused when the state machine or the counter's own status disagree."""
    payload = fields.payload
    event = LifecycleEvent(
        fields.kind, interlinked=bool(payload.get("interlinked")), on_request=bool(payload.get("on_request"))
    )
    try:
        status = next_status(current, event)
    except IllegalTransition:
        raise _reject("illegal", kind=fields.kind.value, code=code, current=current or "—") from None
    if status.value != fields.given_status:
        raise _reject("status_after", given=fields.given_status, expected=status.value)
    return status


def _late_dates(fields: _EventFields, current: Status | None) -> tuple[datetime, datetime | None] | None:
    """A late acceptance (an online or incomplete application completed) moves the dossier's dates."""
    if fields.kind is not EventKind.RECEIVED or current is None:
        return None
    received_at = _time(fields.payload, "received_at", optional=True)
    due_at = _time(fields.payload, "due_at", optional=True)
    return None if received_at is None else (received_at, due_at)


@dataclass(frozen=True)
class _Notice:
    notice_uid: str
    channel: str
    recipient: str
    text: str


def _notice(fields: _EventFields) -> _Notice | None:
    """A ``notified`` event's SMS or e-mail, for the relay's queue (None: nothing to relay)."""
    if fields.kind is not EventKind.NOTIFIED:
        return None
    payload = fields.payload
    notice_uid, channel = payload.get("notice_uid"), payload.get("channel")
    recipient, text = payload.get("recipient"), payload.get("text")
    if channel not in ("sms", "email") or not all(isinstance(v, str) and v for v in (notice_uid, recipient, text)):
        return None
    assert isinstance(notice_uid, str)
    assert isinstance(recipient, str)
    assert isinstance(text, str)
    if len(notice_uid) > 36 or len(recipient) > 200 or len(text) > 2000:
        raise _reject("malformed", detail="the notice is too long")
    return _Notice(notice_uid, str(channel), recipient, text)


class _DossierState(Protocol):
    """What an event changes on a dossier: a stored row, or the batch's own :class:`_Dossier`."""

    status: str
    updated_at: datetime
    resolved_at: datetime | None
    received_at: datetime
    due_at: datetime | None
    digitised_complete: bool | None
    papers_to_digitise: int | None


def _digitisation(dossier: _DossierState, payload: dict[str, Any]) -> None:
    """What the event says of the dossier's electronic copies (counter_app.services.digitisation)."""
    # "all_received_digitised": the first paper events' key, before the exemptions were applied
    complete = payload.get("digitised_complete", payload.get("all_received_digitised"))
    if isinstance(complete, bool):
        dossier.digitised_complete = complete
    count = payload.get("papers_to_digitise")
    if isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= 10_000:
        dossier.papers_to_digitise = count


def _advance(
    dossier: _DossierState,
    fields: _EventFields,
    status: Status,
    late: tuple[datetime, datetime | None] | None,
    now: datetime,
) -> None:
    # service.apply_status's rule (the hub's own upstream events), here for both kinds of dossier state.
    dossier.status = status.value
    dossier.updated_at = now
    if fields.kind is EventKind.RESULT_READY and dossier.resolved_at is None:
        dossier.resolved_at = fields.at
    if late is not None:
        dossier.received_at, dossier.due_at = late
    _digitisation(dossier, fields.payload)


def _event_row(
    device: AuthedDevice, item: Item, fields: _EventFields, status: Status, digest: str, now: datetime
) -> dict[str, Any]:
    """The ``dossier_event`` row, without ``dossier_id`` (a new dossier has none before it is written)."""
    return {
        "uid": item.uid,
        "origin": "device",
        "device_id": device.id,
        "seq": fields.seq,
        "kind": fields.kind.value,
        "status_after": status.value,
        "at": fields.at,
        "device_recorded_at": fields.recorded_at,
        "hub_received_at": now,
        "actor": fields.actor,
        "payload": fields.payload,
        "body_hash": digest,
    }


def _message_row(notice: _Notice, commune_id: int, now: datetime) -> dict[str, Any]:
    """The ``outgoing_message`` row, without ``dossier_id``."""
    return {
        "notice_uid": notice.notice_uid,
        "commune_id": commune_id,
        "channel": notice.channel,
        "recipient": notice.recipient,
        "text": notice.text,
        "state": "queued",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def _rating_row(
    device: AuthedDevice, item: Item, code: str, dossier: _Dossier | HubDossier | None, digest: str
) -> dict[str, Any]:
    """The ``rating`` row, without ``dossier_id``; refused for a dossier the hub lacks or does not match."""
    body = item.body
    if dossier is None:
        raise _reject("unknown_dossier", code=code)
    _check_owner(device, dossier, code)
    criteria = body.get("criteria") if body.get("criteria") is not None else {}
    if not isinstance(criteria, dict):
        raise _reject("malformed", detail="“criteria” must be an object")
    rated_at = _time(body, "rated_at")
    assert rated_at is not None
    return {
        "uid": item.uid,
        "rating": _text(body, "rating", 16),
        "criteria": criteria,
        "comment": _text(body, "comment", 1000, optional=True) or None,
        "rated_at": rated_at,
        "body_hash": digest,
    }


def _checked(device: AuthedDevice, item: Item, uid_key: str) -> tuple[dict[str, Any], str, str]:
    """The checks every item passes first: topic, body, version, commune, UID. Returns (body, code, digest)."""
    if item.topic not in TOPICS:
        raise _reject("topic", topic=item.topic)
    body = item.body
    if not isinstance(body, dict):
        raise _reject("malformed", detail="“body” must be an object")
    overlong = overlong_text(body)
    if overlong is not None:
        raise _reject("malformed", detail=f"“{overlong}” is longer than {MAX_TEXT} characters")
    _check_version(body)
    code = _own_code(device, body)
    if body.get(uid_key) != item.uid:
        raise _reject("malformed", detail=f"“{uid_key}” differs from the item's uid")
    return body, code, _digest(body)


_UID_KEY = {"dossier.event": "event_uid", "rating": "rating_uid"}


def _refused(
    device: AuthedDevice, item: Item, refusal: ItemRefused, now: datetime
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``rejected_item`` row and the item's result for a refusal."""
    reason = reason_text(refusal.error, refusal.params)
    row = {
        "device_id": device.id,
        "uid": item.uid,
        "status": refusal.status,
        "reason": reason[:1000],
        "body": item.body if isinstance(item.body, dict) else {"body": item.body},
        "at": now,
    }
    return row, {"uid": item.uid, "status": refusal.status, "error": refusal.error, "reason": reason}


_OK = "ok"


# ------------------------------------------------------------------------------------------ batch path


@dataclass(slots=True)
class _Dossier:
    """A dossier as a batch sees it: loaded from the database (``id`` set) or new (``values``, its columns)."""

    uid: str
    code: str
    commune_id: int
    status: str
    received_at: datetime
    due_at: datetime | None
    resolved_at: datetime | None
    updated_at: datetime
    id: int | None = None
    values: dict[str, Any] | None = None
    digitised_complete: bool | None = None
    papers_to_digitise: int | None = None

    def row(self) -> dict[str, Any]:
        assert self.values is not None
        return {
            **self.values,
            "status": self.status,
            "received_at": self.received_at,
            "due_at": self.due_at,
            "resolved_at": self.resolved_at,
            "updated_at": self.updated_at,
            "digitised_complete": self.digitised_complete,
            "papers_to_digitise": self.papers_to_digitise,
        }


_DOSSIER_STATE = (
    HubDossier.id,
    HubDossier.uid,
    HubDossier.code,
    HubDossier.commune_id,
    HubDossier.status,
    HubDossier.received_at,
    HubDossier.due_at,
    HubDossier.resolved_at,
    HubDossier.updated_at,
    HubDossier.digitised_complete,
    HubDossier.papers_to_digitise,
)


class _Batch:
    """A batch decided in memory, then written with a few bulk statements.

    One query each finds the batch's known event UIDs (with their hash, origin and commune), known rating
    UIDs, the dossiers its items name (by UID, and by code for the "code taken" rule; locked ``FOR
    UPDATE`` on PostgreSQL so another device of the commune waits) and known notice UIDs. Each item is
    then decided against these maps in order of arrival, and every decision updates them, so an item
    sees the ones before it (a dossier created by item 3 and advanced by item 4, an event sent twice).
    Nothing is written until every item is decided: a refused item has changed nothing.
    """

    def __init__(self, session: Session, device: AuthedDevice, items: Sequence[Item], now: datetime) -> None:
        self.device, self.now = device, now
        self.results: list[dict[str, Any]] = []
        self.dossiers: dict[str, _Dossier] = {}  # by uid: loaded and new
        self.codes: set[str] = set()  # dossier codes in use
        self.new_dossiers: list[_Dossier] = []
        self.changed: dict[str, _Dossier] = {}  # existing dossiers an item advanced, by uid
        self.events: list[tuple[_Dossier, dict[str, Any]]] = []
        self.messages: list[tuple[_Dossier, dict[str, Any]]] = []
        self.ratings: list[tuple[_Dossier, dict[str, Any]]] = []
        self.rejected: list[dict[str, Any]] = []

        event_uids = [i.uid for i in items if i.topic == "dossier.event"]
        rating_uids = [i.uid for i in items if i.topic == "rating"]
        self.known_events: dict[str, _Known] = {}
        if event_uids:
            query = (
                select(HubEvent.uid, HubEvent.body_hash, HubEvent.origin, HubDossier.commune_id)
                .join(HubDossier, HubDossier.id == HubEvent.dossier_id)
                .where(HubEvent.uid.in_(event_uids))
            )
            for uid, digest, origin, commune_id in session.execute(query):
                self.known_events[uid] = _Known(digest, origin, commune_id)
        self.known_ratings: dict[str, str] = {}
        if rating_uids:
            query_ratings = select(Rating.uid, Rating.body_hash).where(Rating.uid.in_(rating_uids))
            self.known_ratings = dict(session.execute(query_ratings).all())

        dossier_uids: set[str] = set()
        codes: set[str] = set()
        notice_uids: set[str] = set()
        for item in items:
            body = item.body
            if not isinstance(body, dict) or item.topic not in TOPICS:
                continue
            if item.topic == "dossier.event" and item.uid in self.known_events:
                continue
            if isinstance(body.get("dossier_uid"), str):
                dossier_uids.add(body["dossier_uid"])
            snapshot = body.get("dossier")
            if isinstance(snapshot, dict) and isinstance(snapshot.get("code"), str):
                codes.add(snapshot["code"])
            payload = body.get("payload")
            if isinstance(payload, dict) and isinstance(payload.get("notice_uid"), str):
                notice_uids.add(payload["notice_uid"])
        if dossier_uids or codes:
            query_dossiers = (
                select(*_DOSSIER_STATE)
                .where(or_(HubDossier.uid.in_(dossier_uids), HubDossier.code.in_(codes)))
                .order_by(HubDossier.id)
                .with_for_update()
            )
            for row in session.execute(query_dossiers):
                dossier = _Dossier(**row._asdict())
                self.dossiers[dossier.uid] = dossier
                self.codes.add(dossier.code)
        self.notices: set[str] = set()
        if notice_uids:
            query_notices = select(OutgoingMessage.notice_uid).where(OutgoingMessage.notice_uid.in_(notice_uids))
            self.notices = set(session.scalars(query_notices))

    def decide(self, item: Item) -> None:
        try:
            body, code, digest = _checked(self.device, item, _UID_KEY.get(item.topic, ""))
            if item.topic == "dossier.event":
                self._event(item, body, code, digest)
            else:
                self._rating(item, body, code, digest)
        except ItemRefused as refusal:
            row, result = _refused(self.device, item, refusal, self.now)
            self.rejected.append(row)
            self.results.append(result)
            return
        self.results.append({"uid": item.uid, "status": _OK})

    def _event(self, item: Item, body: dict[str, Any], code: str, digest: str) -> None:
        device, now = self.device, self.now
        known = self.known_events.get(item.uid)
        if known is not None:
            _known_event(device, item, code, digest, known)
            return
        fields = _event_fields(body)
        dossier = self.dossiers.get(fields.dossier_uid)
        new = dossier is None
        current: Status | None = None
        if dossier is None:
            values = _new_dossier(device, fields.dossier_uid, code, body.get("dossier"), now, self.codes.__contains__)
            dossier = _Dossier(
                values["uid"],
                code,
                device.commune_id,
                values["status"],
                values["received_at"],
                values["due_at"],
                values["resolved_at"],
                now,
                values=values,
            )
        else:
            _check_owner(device, dossier, code)
            current = Status(dossier.status)
        status = _transition(fields, current, code)
        late = _late_dates(fields, current)
        notice = _notice(fields)
        # Decided: record it (nothing above has changed anything).
        if new:
            self.dossiers[dossier.uid] = dossier
            self.codes.add(dossier.code)
            self.new_dossiers.append(dossier)
        elif dossier.id is not None:
            self.changed[dossier.uid] = dossier
        _advance(dossier, fields, status, late, now)
        self.events.append((dossier, _event_row(device, item, fields, status, digest, now)))
        self.known_events[item.uid] = _Known(digest, "device", device.commune_id)
        if notice is not None and notice.notice_uid not in self.notices:
            self.notices.add(notice.notice_uid)
            self.messages.append((dossier, _message_row(notice, dossier.commune_id, now)))

    def _rating(self, item: Item, body: dict[str, Any], code: str, digest: str) -> None:
        known = self.known_ratings.get(item.uid)
        if known is not None:
            _same_or_conflict(known, digest, item.uid)
            return
        dossier = self.dossiers.get(_uuid(body, "dossier_uid"))
        row = _rating_row(self.device, item, code, dossier, digest)
        assert dossier is not None
        self.ratings.append((dossier, row))
        self.known_ratings[item.uid] = digest

    def write(self, session: Session) -> None:
        """Every decided row, a statement per table (an IntegrityError here means a concurrent writer)."""
        if self.new_dossiers:
            rows = [d.row() for d in self.new_dossiers]
            ids = dict(session.execute(insert(HubDossier).returning(HubDossier.uid, HubDossier.id), rows).all())
            for dossier in self.new_dossiers:
                dossier.id = ids[dossier.uid]
        if self.changed:
            changes = [
                {
                    "id": d.id,
                    "status": d.status,
                    "updated_at": d.updated_at,
                    "resolved_at": d.resolved_at,
                    "received_at": d.received_at,
                    "due_at": d.due_at,
                    "digitised_complete": d.digitised_complete,
                    "papers_to_digitise": d.papers_to_digitise,
                }
                for d in self.changed.values()
            ]
            session.execute(update(HubDossier), changes)
        for model, rows_of in ((HubEvent, self.events), (OutgoingMessage, self.messages), (Rating, self.ratings)):
            if rows_of:
                session.execute(insert(model), [{**row, "dossier_id": d.id} for d, row in rows_of])
        if self.rejected:
            session.execute(insert(RejectedItem), self.rejected)


# ------------------------------------------------------------------------------------------ item path


def _apply_event(session: Session, device: AuthedDevice, item: Item, now: datetime) -> None:
    body, code, digest = _checked(device, item, "event_uid")
    known = session.execute(
        select(HubEvent.body_hash, HubEvent.origin, HubDossier.commune_id)
        .join(HubDossier, HubDossier.id == HubEvent.dossier_id)
        .where(HubEvent.uid == item.uid)
    ).one_or_none()
    if known is not None:
        _known_event(device, item, code, digest, _Known(*known))
        return
    fields = _event_fields(body)
    dossier = session.scalars(
        select(HubDossier).where(HubDossier.uid == fields.dossier_uid).with_for_update()
    ).one_or_none()
    current: Status | None = None
    if dossier is None:

        def code_taken(text: str) -> bool:
            return session.scalars(select(HubDossier.id).where(HubDossier.code == text)).first() is not None

        dossier = HubDossier(**_new_dossier(device, fields.dossier_uid, code, body.get("dossier"), now, code_taken))
    else:
        _check_owner(device, dossier, code)
        current = Status(dossier.status)
    status = _transition(fields, current, code)
    late = _late_dates(fields, current)
    notice = _notice(fields)
    _advance(dossier, fields, status, late, now)
    session.add(dossier)
    session.flush()
    session.add(HubEvent(**_event_row(device, item, fields, status, digest, now), dossier_id=dossier.id))
    if notice is not None:
        known_notice = select(OutgoingMessage.id).where(OutgoingMessage.notice_uid == notice.notice_uid)
        if session.scalars(known_notice).first() is None:
            session.add(OutgoingMessage(**_message_row(notice, dossier.commune_id, now), dossier_id=dossier.id))
    session.flush()


def _apply_rating(session: Session, device: AuthedDevice, item: Item, now: datetime) -> None:
    body, code, digest = _checked(device, item, "rating_uid")
    known = session.scalars(select(Rating.body_hash).where(Rating.uid == item.uid)).one_or_none()
    if known is not None:
        _same_or_conflict(known, digest, item.uid)
        return
    dossier_uid = _uuid(body, "dossier_uid")
    dossier = session.scalars(select(HubDossier).where(HubDossier.uid == dossier_uid)).one_or_none()
    row = _rating_row(device, item, code, dossier, digest)
    assert dossier is not None
    session.add(Rating(**row, dossier_id=dossier.id))
    session.flush()


_APPLY = {"dossier.event": _apply_event, "rating": _apply_rating}


def _apply(session: Session, device: AuthedDevice, item: Item, now: datetime) -> dict[str, Any]:
    """One item in its own SAVEPOINT, deciding against the database as it is now (the fallback path)."""
    try:
        try:
            with session.begin_nested():
                _APPLY.get(item.topic, _apply_event)(session, device, item, now)
        except IntegrityError:
            # Only a race can get here (every uniqueness rule is checked first): two deliveries of the same
            # item at once. The whole request fails with 503 and the counter retries it.
            raise HubError("busy", status=503) from None
    except ItemRefused as refusal:
        row, result = _refused(device, item, refusal, now)
        session.add(RejectedItem(**row))
        return result
    return {"uid": item.uid, "status": _OK}


def _apply_batch(session: Session, device: AuthedDevice, items: Sequence[Item], now: datetime) -> list[dict[str, Any]]:
    batch = _Batch(session, device, items, now)
    for item in items:
        batch.decide(item)
    try:
        with session.begin_nested():
            batch.write(session)
    except IntegrityError:
        # A concurrent writer stored one of these UIDs or codes after the lookups (PostgreSQL: another device
        # of the commune; SQLite serialises writers). Decide again item by item against what it holds now.
        return [_apply(session, device, item, now) for item in items]
    return batch.results


def parse_envelope(envelope: Any, key: str | None) -> tuple[str, datetime | None, list[Item]]:
    """The batch key, the device's clock and the items; a malformed envelope is a 400 (a bug, not data)."""
    if not isinstance(envelope, dict):
        raise HubError("bad_request", detail="the body must be a JSON object")
    key = key or envelope.get("batch")
    key = clean_text(key) if isinstance(key, str) else key
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
            device_time = parse_time(envelope["device_time"], "device_time")
        except ValueError as exc:
            raise HubError("bad_request", detail=f"{exc} (an ISO 8601 time with an offset is expected)") from None
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
    results = _apply_batch(session, device, items, now)
    answer = {"results": results, "server_time": iso(now), "epoch": epoch}
    session.add(PushBatch(device_id=device.id, key=batch_key, answer=answer, received_at=now))
    touch_device(session, device.id, now, device_time)
    session.flush()
    return answer
