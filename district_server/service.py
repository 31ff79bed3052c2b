"""The hub's use cases over a session: communes, enrolment, devices, publishing, users, upstream events.

Plain functions; each takes a :class:`~sqlalchemy.orm.Session` inside the caller's unit of work and
returns frozen dataclasses (never ORM rows). Refusals raise :class:`~district_server.errors.HubError`.
Push, pull and snapshot are in :mod:`district_server.push` and :mod:`district_server.feed`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.codes import validate_agency_code, validate_workstation
from counter_app.domain.errors import IllegalTransition, InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent, Status, next_status
from counter_app.domain.online_only import parse_online_only
from counter_app.domain.procedure import procedure_from_dict
from counter_app.domain.text import clean, nfc
from counter_app.domain.values import Role
from counter_app.sync.protocol import EARLIEST_YEAR, LATEST_YEAR, MAX_TEXT, clean_text
from district_server.changes import append_change
from district_server.errors import HubError
from district_server.models import (
    Commune,
    Device,
    EnrollCode,
    HubDossier,
    HubEvent,
    HubMeta,
    HubUser,
    Published,
)
from district_server.wire import PROTOCOL_VERSION, b64, body_hash, iso, nfc_deep, parse_time, unb64

ENROLL_CODE_TTL = timedelta(days=7)
# No 0/O, 1/I/L, 5/S or 8/B (docs/district-server.md): a code read aloud over the phone or copied from
# paper survives. 26 symbols, 16 of them: 75 bits. Codes issued before 5 was taken out (it had slipped
# in) still enrol until they expire: a code is looked up by the hash of what was issued, whatever its
# letters, and lives at most ENROLL_CODE_TTL.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
CODE_GROUPS, CODE_GROUP_LEN = 4, 4
MIN_PASSWORD = 8
_USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")
_HASHER = PasswordHasher()  # the counter's parameters (counter_app/services/users.py)


# ------------------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class CommuneInfo:
    id: int
    code: str
    name: str
    phone: str | None


@dataclass(frozen=True)
class EnrollCodeInfo:
    code: str  # shown once; the hub keeps only its SHA-256
    commune: str
    expires_at: datetime


@dataclass(frozen=True)
class EnrollResult:
    device_id: str
    token: str
    commune: CommuneInfo
    lookup_url_base: str
    hub_public_key: str
    epoch: str
    reenrolled: bool


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    device_uid: str
    commune: str
    workstation: int
    office_name: str
    lookup_url_base: str
    enrolled_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None
    clock_offset_seconds: float | None


@dataclass(frozen=True)
class AuthedDevice:
    """The device behind a valid credential, as the request handlers need it."""

    id: str
    device_uid: str
    commune_id: int
    commune_code: str
    workstation: int
    public_key: bytes


@dataclass(frozen=True)
class DossierInfo:
    code: str
    uid: str
    status: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    workstation: int
    received_at: datetime
    due_at: datetime | None
    resolved_at: datetime | None
    updated_at: datetime
    events: int
    assisted: bool = False  # filed on the national portal with the counter's help (Directive 24/CT-TTg)
    portal_code: str | None = None
    paper_exception: str | None = None


@dataclass(frozen=True)
class PublishResult:
    kind: str
    version: str
    seq: int


@dataclass(frozen=True)
class UserResult:
    commune: str
    username: str
    role: str
    created: bool
    seq: int


@dataclass(frozen=True)
class UpstreamEventResult:
    code: str
    event_uid: str
    kind: str
    status_after: str
    seq: int


# ------------------------------------------------------------------------------------------ helpers


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bounded(text: str, field: str, limit: int) -> str:
    """``text`` through the wire's text rule (no control characters, NFC) and :func:`clean`, refused
    (``text_too_long`` naming ``field``) beyond ``limit`` characters: what a column of that length holds."""
    value = clean(clean_text(text))
    if len(value) > limit:
        raise HubError("text_too_long", field=field, limit=limit)
    return value


def _commune_info(row: Commune) -> CommuneInfo:
    return CommuneInfo(row.id, row.code, row.name, row.phone)


def _agency(text: str) -> str:
    try:
        return validate_agency_code(nfc(text))
    except InvalidInput:
        raise HubError("agency_code", value=text) from None


def commune_by_code(session: Session, code: str, *, lock: bool = False) -> Commune:
    query = select(Commune).where(Commune.code == _agency(code))
    if lock:
        query = query.with_for_update()
    row = session.scalars(query).one_or_none()
    if row is None:
        raise HubError("commune_unknown", status=404, code=code)
    return row


def hub_meta(session: Session) -> HubMeta:
    return session.scalars(select(HubMeta).where(HubMeta.id == 1)).one()


def rotate_epoch(session: Session) -> tuple[str, str]:
    """A new epoch for this database (after restoring a backup); returns (old, new).

    A restored database keeps the epoch it had when it was backed up, so the counters could not tell it
    lost what came after. With a new one, every counter starts its pull over and resends its whole
    outbox (the hub drops by UID what it still has).
    """
    meta = session.scalars(select(HubMeta).where(HubMeta.id == 1).with_for_update()).one()
    old = meta.epoch
    meta.epoch = str(uuid.uuid4())
    return old, meta.epoch


# ------------------------------------------------------------------------------------------ communes


def add_commune(session: Session, code: str, name: str, now: datetime) -> CommuneInfo:
    agency = _agency(code)
    title = bounded(name, "--name", 200)
    if not title:
        raise HubError("name_required")
    if session.scalars(select(Commune.id).where(Commune.code == agency)).first() is not None:
        raise HubError("commune_exists", status=409, code=agency)
    row = Commune(code=agency, name=title, phone=None, created_at=now)
    session.add(row)
    session.flush()
    return _commune_info(row)


def list_communes(session: Session) -> list[CommuneInfo]:
    return [_commune_info(c) for c in session.scalars(select(Commune).order_by(Commune.code))]


# ------------------------------------------------------------------------------------------ enrolment


def normalize_enroll_code(text: str) -> str:
    """What is hashed: upper case, without the dashes and spaces people type between groups."""
    return "".join(ch for ch in nfc(text).upper() if ch.isalnum())


def issue_enroll_code(session: Session, commune_code: str, now: datetime) -> EnrollCodeInfo:
    """A one-time code for one PC of the commune, valid for 7 days (``ACDE-FGHJ-…``)."""
    commune = commune_by_code(session, commune_code)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LEN))
    shown = "-".join(raw[i : i + CODE_GROUP_LEN] for i in range(0, len(raw), CODE_GROUP_LEN))
    expires = now + ENROLL_CODE_TTL
    session.add(
        EnrollCode(code_hash=sha256_hex(raw), commune_id=commune.id, created_at=now, expires_at=expires, used_at=None)
    )
    session.flush()
    return EnrollCodeInfo(shown, commune.code, expires)


@dataclass(frozen=True)
class EnrollRequest:
    code: str
    device_uid: str
    workstation: int
    agency_code: str
    office_name: str
    office_phone: str | None
    lookup_url_base: str | None
    public_key: bytes
    device_time: datetime | None

    @classmethod
    def from_json(cls, body: Any) -> EnrollRequest:
        """The enrolment body, every field checked for type and length (a 400 naming the first bad one)."""
        if not isinstance(body, dict):
            raise HubError("bad_request", detail="body must be a JSON object")
        body = nfc_deep(body)
        missing = [k for k in ("code", "device_uid", "workstation", "agency_code", "public_key") if k not in body]
        if missing:
            raise HubError("bad_request", detail=f"missing {', '.join(missing)}")
        code, device_uid, workstation = body["code"], body["device_uid"], body["workstation"]
        agency, office_name = body["agency_code"], body.get("office_name") or ""
        phone, base = body.get("office_phone"), body.get("lookup_url_base")
        if not all(isinstance(v, str) for v in (code, device_uid, agency, office_name)):
            raise HubError("bad_request", detail="code, device_uid, agency_code and office_name are text")
        if not isinstance(workstation, int) or isinstance(workstation, bool):
            raise HubError("bad_request", detail="workstation is a number")
        if phone is not None and not isinstance(phone, str):
            raise HubError("bad_request", detail="office_phone is text")
        if base is not None and (not isinstance(base, str) or not base.startswith(("http://", "https://"))):
            raise HubError("bad_request", detail="lookup_url_base is an http(s) URL")
        for name, value in (
            ("code", code),
            ("device_uid", device_uid),
            ("agency_code", agency),
            ("office_name", office_name),
            ("office_phone", phone),
            ("lookup_url_base", base),
        ):
            if value is not None and len(value) > _ENROLL_LIMITS[name]:
                raise HubError("bad_request", detail=f"{name} is longer than {_ENROLL_LIMITS[name]} characters")
        try:
            uuid.UUID(device_uid)
        except ValueError:
            raise HubError("bad_request", detail="device_uid is not a UUID") from None
        try:
            key = unb64(body["public_key"], 32)
        except ValueError as exc:
            raise HubError("bad_request", detail=f"public_key: {exc}") from None
        try:
            device_time = None if body.get("device_time") is None else parse_time(body["device_time"], "device_time")
        except ValueError as exc:
            raise HubError("bad_request", detail=str(exc)) from None
        return cls(code, device_uid, workstation, agency, clean(office_name), phone or None, base, key, device_time)


# The longest each enrolment field may be (the columns they land in: device, commune).
_ENROLL_LIMITS = {
    "code": 64,
    "device_uid": 36,
    "agency_code": 20,
    "office_name": 200,
    "office_phone": 30,
    "lookup_url_base": 300,
}


def _workstation_key_body(device: Device) -> dict[str, Any]:
    return {"device_uid": device.device_uid, "workstation": device.workstation, "public_key": b64(device.public_key)}


def enroll(session: Session, request: EnrollRequest, now: datetime, default_lookup_base: str | None) -> EnrollResult:
    """Bind a counter PC to the commune of a one-time code (docs/sync-protocol.md, Enrolment)."""
    code = session.scalars(
        select(EnrollCode)
        .where(EnrollCode.code_hash == sha256_hex(normalize_enroll_code(request.code)))
        .with_for_update()
    ).one_or_none()
    if code is None or code.used_at is not None or code.expires_at <= now:
        raise HubError("enroll_code")
    commune = session.scalars(select(Commune).where(Commune.id == code.commune_id).with_for_update()).one()
    try:
        agency = validate_agency_code(request.agency_code)
    except InvalidInput:
        raise HubError("commune_mismatch", agency=request.agency_code, commune=commune.code) from None
    if agency != commune.code:
        raise HubError("commune_mismatch", agency=agency, commune=commune.code)
    try:
        workstation = validate_workstation(request.workstation)
    except InvalidInput:
        raise HubError("bad_request", detail="workstation must be 1 to 9") from None
    holder = session.scalars(
        select(Device).where(
            Device.commune_id == commune.id,
            Device.workstation == workstation,
            Device.revoked_at.is_(None),
            Device.device_uid != request.device_uid,
        )
    ).first()
    if holder is not None:
        raise HubError("workstation_taken", status=409, workstation=workstation)
    base = request.lookup_url_base or default_lookup_base
    if not base:
        raise HubError("bad_request", detail="lookup_url_base is required (the hub has no public URL)")
    secret = secrets.token_urlsafe(32)
    device = session.scalars(
        select(Device)
        .where(Device.device_uid == request.device_uid, Device.commune_id == commune.id)
        .order_by(Device.enrolled_at.desc())
    ).first()
    reenrolled = device is not None
    offset = None if request.device_time is None else (now - request.device_time).total_seconds()
    if device is None:
        device = Device(id=str(uuid.uuid4()), device_uid=request.device_uid, commune_id=commune.id)
        session.add(device)
    device.workstation = workstation
    device.office_name = request.office_name or commune.name
    device.lookup_url_base = base
    device.public_key = request.public_key
    device.token_hash = sha256_hex(secret)
    device.enrolled_at = now
    device.revoked_at = None
    device.last_seen_at = now
    device.clock_offset_seconds = offset
    if request.office_phone:
        commune.phone = request.office_phone
    code.used_at = now
    code.device_id = device.id
    session.flush()
    append_change(session, commune.id, "workstation_key", _workstation_key_body(device))
    meta = hub_meta(session)
    return EnrollResult(
        device.id, f"{device.id}.{secret}", _commune_info(commune), base, b64(meta.public_key), meta.epoch, reenrolled
    )


# ------------------------------------------------------------------------------------------ devices


def authenticate(session: Session, authorization: str | None) -> AuthedDevice:
    """The device behind ``Authorization: Bearer <device_id>.<secret>``; 401 unauthorized or revoked."""
    if not authorization or not authorization.startswith("Bearer "):
        raise HubError("unauthorized", status=401)
    device_id, _, secret = authorization.removeprefix("Bearer ").strip().partition(".")
    if not device_id or not secret or len(device_id) > 36:
        raise HubError("unauthorized", status=401)
    device = session.get(Device, device_id)
    presented = sha256_hex(secret)
    if device is None:
        hmac.compare_digest(presented, presented)  # same work as a known device
        raise HubError("unauthorized", status=401)
    if not hmac.compare_digest(presented, device.token_hash):
        raise HubError("unauthorized", status=401)
    if device.revoked_at is not None:
        raise HubError("revoked", status=401)
    commune = session.get(Commune, device.commune_id)
    assert commune is not None
    return AuthedDevice(
        device.id, device.device_uid, device.commune_id, commune.code, device.workstation, device.public_key
    )


def touch_device(session: Session, device_id: str, now: datetime, device_time: datetime | None = None) -> None:
    """Remember when the device was last heard from and, with its clock, the offset hub − PC."""
    device = session.get(Device, device_id)
    if device is None:
        return
    device.last_seen_at = now
    if device_time is not None:
        device.clock_offset_seconds = (now - device_time).total_seconds()


def revoke(session: Session, device_id: str, now: datetime) -> DeviceInfo:
    device = session.get(Device, device_id.strip())
    if device is None:
        raise HubError("device_unknown", status=404, device=device_id)
    if device.revoked_at is None:
        device.revoked_at = now
    return _device_info(session, device)


def _device_info(session: Session, device: Device) -> DeviceInfo:
    commune = session.get(Commune, device.commune_id)
    assert commune is not None
    return DeviceInfo(
        device.id,
        device.device_uid,
        commune.code,
        device.workstation,
        device.office_name,
        device.lookup_url_base,
        device.enrolled_at,
        device.revoked_at,
        device.last_seen_at,
        device.clock_offset_seconds,
    )


def list_devices(session: Session, commune_code: str | None = None) -> list[DeviceInfo]:
    query = select(Device).join(Commune, Commune.id == Device.commune_id).order_by(Commune.code, Device.workstation)
    if commune_code is not None:
        query = query.where(Commune.code == _agency(commune_code))
    return [_device_info(session, d) for d in session.scalars(query)]


# ------------------------------------------------------------------------------------------ dossiers


def list_dossiers(session: Session, commune_code: str) -> list[DossierInfo]:
    commune = commune_by_code(session, commune_code)
    counts = select(HubEvent.dossier_id, func.count().label("n")).group_by(HubEvent.dossier_id).subquery("counts")
    rows = session.execute(
        select(HubDossier, counts.c.n)
        .outerjoin(counts, counts.c.dossier_id == HubDossier.id)
        .where(HubDossier.commune_id == commune.id)
        .order_by(HubDossier.received_at, HubDossier.code)
    ).all()
    return [
        DossierInfo(
            d.code,
            d.uid,
            d.status,
            d.procedure_code,
            d.procedure_name,
            d.applicant_name,
            d.workstation,
            d.received_at,
            d.due_at,
            d.resolved_at,
            d.updated_at,
            int(n or 0),
            d.assisted,
            d.portal_code,
            d.paper_exception,
        )
        for d, n in rows
    ]


def event_body(dossier: HubDossier, event: HubEvent) -> dict[str, Any]:
    """A stored event in the wire shape of a pushed ``dossier.event`` (without the snapshot)."""
    return {
        "v": PROTOCOL_VERSION,
        "event_uid": event.uid,
        "dossier_uid": dossier.uid,
        "dossier_code": dossier.code,
        "seq": event.seq,
        "kind": event.kind,
        "status_after": event.status_after,
        "at": iso(event.at),
        "recorded_at": iso(event.device_recorded_at or event.hub_received_at),
        "actor": event.actor,
        "payload": event.payload,
    }


def record_upstream_event(
    session: Session,
    code: str,
    kind: str,
    now: datetime,
    *,
    note: str | None = None,
    actor: str = "hub",
    at: datetime | None = None,
    interlinked: bool = False,
    on_request: bool = False,
) -> UpstreamEventResult:
    """An event that happened upstream (e.g. the result is ready at an interlinked agency).

    Checked with the counter's state machine against the hub's status of the dossier, stored with
    origin "hub", and sent to the commune's counters as a ``dossier.event`` change.
    """
    dossier = session.scalars(select(HubDossier).where(HubDossier.code == code.strip().upper())).one_or_none()
    if dossier is None:
        raise HubError("dossier_unknown", status=404, code=code)
    session.refresh(dossier, with_for_update=True)
    try:
        event_kind = EventKind(kind.strip().lower())
    except ValueError:
        raise HubError("event_kind", kind=kind) from None
    try:
        status = next_status(
            Status(dossier.status), LifecycleEvent(event_kind, interlinked=interlinked, on_request=on_request)
        )
    except IllegalTransition:
        raise HubError("illegal_transition", status=409, kind=event_kind.value, current=dossier.status) from None
    note = None if note is None else bounded(note, "--note", MAX_TEXT) or None
    payload: dict[str, Any] = {"note": note, "source": "hub"}
    if event_kind is EventKind.RESULT_READY:
        payload["outcome"] = "granted"
    if event_kind in (EventKind.TRANSFERRED, EventKind.SUPPLEMENT_SUPPLIED):
        payload["interlinked"] = interlinked
    if event_kind is EventKind.WITHDRAWN:
        payload["on_request"] = on_request
    last = session.scalar(
        select(func.max(HubEvent.seq)).where(HubEvent.dossier_id == dossier.id, HubEvent.origin == "hub")
    )
    moment = at or now
    event = HubEvent(
        uid=str(uuid.uuid4()),
        dossier_id=dossier.id,
        origin="hub",
        device_id=None,
        seq=(last or 0) + 1,
        kind=event_kind.value,
        status_after=status.value,
        at=moment,
        device_recorded_at=None,
        hub_received_at=now,
        actor=bounded(actor, "--actor", 100) or "hub",
        payload=payload,
        body_hash="",
    )
    body = event_body(dossier, event)
    event.body_hash = body_hash(body)
    session.add(event)
    apply_status(dossier, event_kind, status, moment, now)
    session.flush()
    seq = append_change(session, dossier.commune_id, "dossier.event", body)
    return UpstreamEventResult(dossier.code, event.uid, event.kind, event.status_after, seq)


def apply_status(dossier: HubDossier, kind: EventKind, status: Status, at: datetime, now: datetime) -> None:
    dossier.status = status.value
    dossier.updated_at = now
    if kind is EventKind.RESULT_READY and dossier.resolved_at is None:
        dossier.resolved_at = at


# ------------------------------------------------------------------------------------------ publishing


def _version_of(body: dict[str, Any], key: str) -> str:
    given = body.get(key)
    digest = body_hash(body)[:12]
    return f"{given}+{digest}"[:80] if isinstance(given, str) and given else digest


def _publish(session: Session, kind: str, body: dict[str, Any], version: str, now: datetime) -> PublishResult:
    row = session.get(Published, kind, with_for_update=True)
    if row is None:
        session.add(Published(kind=kind, body=body, version=version, published_at=now))
    else:
        row.body, row.version, row.published_at = body, version, now
    session.flush()
    return PublishResult(kind, version, append_change(session, None, kind, body))


def validate_catalogue(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or not isinstance(body.get("procedures"), list):
        raise HubError("catalogue_shape", detail="a JSON object with a “procedures” list is expected")
    if not body["procedures"]:
        raise HubError("catalogue_shape", detail="the “procedures” list is empty")
    for i, item in enumerate(body["procedures"]):
        if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not item["code"].strip():
            raise HubError("catalogue_shape", detail=f"procedure #{i + 1} has no “code”")
    marks = body.get("online_only")
    if marks is not None:  # the online-only services (Directive 24/CT-TTg) counters refuse on paper
        if not isinstance(marks, dict):
            raise HubError("catalogue_shape", detail="“online_only” must be an object")
        try:
            parse_online_only(marks)
        except InvalidInput as exc:
            raise HubError("catalogue_shape", detail=f"“online_only”: {exc.params.get('field', exc.code)}") from None
    checked = dict(nfc_deep(body))
    for item in checked["procedures"]:
        # The counters' own rule (competent agency, level, sources included): refused here, at publish
        # time, rather than set aside as a sync conflict on every counter of the district.
        try:
            procedure_from_dict(item)
        except InvalidInput as exc:
            detail = f"procedure {exc.params.get('where')}: field “{exc.params.get('field')}”"
            raise HubError("catalogue_shape", detail=detail) from None
    return checked


def check_agency_references(catalogue: dict[str, Any], agencies: dict[str, Any]) -> None:
    """Every competent agency a procedure names is in the agencies file published with it."""
    known = {str(a.get("code")) for a in agencies["agencies"] if isinstance(a, dict)}
    for item in catalogue["procedures"]:
        code = item.get("agency_code")
        if code is not None and code not in known:
            raise HubError(
                "catalogue_shape", detail=f"procedure {item['code']}: agency “{code}” is not in the agencies file"
            )


def validate_agencies(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or not isinstance(body.get("agencies"), list):
        raise HubError("agencies_shape", detail="a JSON object with an “agencies” list is expected")
    for i, item in enumerate(body["agencies"]):
        if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not item["code"].strip():
            raise HubError("agencies_shape", detail=f"agency #{i + 1} has no “code”")
    return dict(nfc_deep(body))


def validate_calendar(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or not isinstance(body.get("overrides"), list):
        raise HubError("calendar_shape", detail="a JSON object with an “overrides” list is expected")
    overrides: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(body["overrides"]):
        where = f"override #{i + 1}"
        if not isinstance(item, dict):
            raise HubError("calendar_shape", detail=f"{where} is not an object")
        try:
            day = date.fromisoformat(str(item.get("day")))
        except ValueError:
            raise HubError("calendar_shape", detail=f"{where}: “day” must be YYYY-MM-DD") from None
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:  # the wire's window: counters add days to it
            raise HubError("calendar_shape", detail=f"{where}: “day” is outside {EARLIEST_YEAR}–{LATEST_YEAR}")
        if item.get("kind") not in ("holiday", "working"):
            raise HubError("calendar_shape", detail=f"{where}: “kind” must be holiday or working")
        note = item.get("note")
        if note is not None and not isinstance(note, str):
            raise HubError("calendar_shape", detail=f"{where}: “note” must be text")
        if day.isoformat() in seen:
            raise HubError("calendar_shape", detail=f"{where}: {day.isoformat()} is listed twice")
        seen.add(day.isoformat())
        overrides.append({"day": day.isoformat(), "kind": item["kind"], "note": None if note is None else clean(note)})
    overrides.sort(key=lambda o: str(o["day"]))
    return {"overrides": overrides}


def publish_catalogue(session: Session, body: Any, now: datetime) -> PublishResult:
    checked = validate_catalogue(body)
    return _publish(session, "catalogue", checked, _version_of(checked, "edition"), now)


def publish_agencies(session: Session, body: Any, now: datetime) -> PublishResult:
    checked = validate_agencies(body)
    return _publish(session, "agencies", checked, _version_of(checked, "edition"), now)


def publish_calendar(session: Session, body: Any, now: datetime) -> PublishResult:
    checked = validate_calendar(body)
    return _publish(session, "calendar", checked, _version_of(checked, "edition"), now)


# ------------------------------------------------------------------------------------------ users


def user_body(user: HubUser) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "password_hash": user.password_hash,
        "active": user.active,
    }


def add_user(
    session: Session, commune_code: str, username: str, full_name: str, role: str, password: str, now: datetime
) -> UserResult:
    """Create (or update) a commune account; its counters create or update it at their next pull."""
    commune = commune_by_code(session, commune_code)
    name = nfc(username).strip().lower()
    if not name or not set(name) <= _USERNAME_CHARS or len(name) > 50:
        raise HubError("username", value=username)
    title = bounded(full_name, "--full-name", 200)
    if not title:
        raise HubError("name_required")
    try:
        role_value = Role(role.strip().lower()).value
    except ValueError:
        raise HubError("bad_request", detail=f"role must be one of {', '.join(r.value for r in Role)}") from None
    if len(password) < MIN_PASSWORD:
        raise HubError("password_short", minimum=MIN_PASSWORD)
    password_hash = _HASHER.hash(password)
    user = session.scalars(
        select(HubUser).where(HubUser.commune_id == commune.id, HubUser.username == name).with_for_update()
    ).one_or_none()
    created = user is None
    if user is None:
        user = HubUser(commune_id=commune.id, username=name)
        session.add(user)
    user.full_name, user.role, user.password_hash, user.active, user.updated_at = (
        title,
        role_value,
        password_hash,
        True,
        now,
    )
    session.flush()
    seq = append_change(session, commune.id, "user", user_body(user))
    return UserResult(commune.code, name, role_value, created, seq)
