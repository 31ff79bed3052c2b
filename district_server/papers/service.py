"""Receiving, listing and reading papers: the signed electronic copies of a dossier's papers (issue 14).

One path receives a whole copy, :func:`receive_paper`, whether it came through the tus endpoint
(:mod:`district_server.papers.tus`, once the last byte is in) or a sneakernet file. Its checks, in order:

1. the dossier code is of the device's commune (403 ``commune_mismatch``) and the hub holds the dossier
   (409 ``dossier_unknown``: its events go first, the counter tries again later);
2. the size (413 ``paper_too_large``) and, when given, the declared SHA-256 (400 ``paper_hash``);
3. the PAdES signature (:func:`counter_app.certify.verify.signatures`): at least one signature intact and
   covering the whole document, else 422 ``paper_signature``; the signer is the latest such signature's;
4. the commune's quota (507 ``paper_quota``): ``commune.paper_quota_bytes``, else the hub's default.

It is idempotent: the same bytes for the same paper give the same row (unique dossier, position, sha256).
A paper received again with other bytes (re-signed, re-scanned) is a new row and becomes the ``current``
copy — unless the dossier's own events say a later copy replaced it (:func:`superseded`): a USB part or a
slow upload written before a re-scan and arriving after the new copy is kept, never made current again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.certify.verify import signatures
from counter_app.domain.errors import InvalidInput
from district_server.errors import HubError
from district_server.models import Commune, HubDossier, HubEvent, HubPaper, PaperUpload
from district_server.papers.store import paper_key

if TYPE_CHECKING:
    from district_server.db import Hub
    from district_server.service import AuthedDevice

MAX_POSITION = 999
SWEEP_AFTER = timedelta(days=30)  # an upload untouched this long is abandoned


@dataclass(frozen=True)
class PaperInfo:
    paper: int  # the paper's position in the dossier, 1..
    sha256: str
    bytes: int
    signed_by: str
    signer_kind: str  # token | office
    received_at: datetime
    dossier_code: str
    paper_id: int | None = None  # the ``paper`` row (e.g. for a download's audit record)


def _info(row: HubPaper) -> PaperInfo:
    return PaperInfo(
        row.position, row.sha256, row.bytes, row.signed_by, row.signer_kind, row.received_at, row.dossier_code, row.id
    )


def commune_of(dossier_code: str) -> str:
    """The commune (unit code) a dossier code starts with: ``<unit>-<yymmdd>-<nnnn>``."""
    head, _, _ = dossier_code.rpartition("-")
    unit, _, _ = head.rpartition("-")
    return unit


def check_position(position: int) -> int:
    if not 1 <= position <= MAX_POSITION:
        raise HubError("paper_metadata", detail=f"paper must be 1..{MAX_POSITION}")
    return position


def dossier_for(session: Session, device: AuthedDevice, dossier_code: str) -> HubDossier:
    """The device's commune's dossier ``dossier_code``: 403 ``commune_mismatch``, 409 ``dossier_unknown``."""
    if commune_of(dossier_code) != device.commune_code:
        raise HubError(
            "commune_mismatch", status=403, sentence="paper_commune", code=dossier_code, commune=device.commune_code
        )
    dossier = session.scalars(select(HubDossier).where(HubDossier.code == dossier_code)).one_or_none()
    if dossier is None or dossier.commune_id != device.commune_id:
        raise HubError("dossier_unknown", status=409, code=dossier_code)
    return dossier


_COPY_EVENTS = ("paper_digitised", "paper_reused")


def superseded(session: Session, dossier_id: int, position: int, sha256: str) -> bool:
    """Whether the dossier's events (which go before its papers) say copy ``sha256`` of paper ``position``
    was replaced: a later copy's event names it as ``replaces``, or it was stored by an event followed by
    another copy's. A copy no event names (its searchable version, made after the event) is not."""
    rows = session.execute(
        select(HubEvent.seq, HubEvent.payload)
        .where(HubEvent.dossier_id == dossier_id, HubEvent.kind.in_(_COPY_EVENTS))
        .order_by(HubEvent.seq)
    ).all()
    named_at: int | None = None
    latest: tuple[int, object] | None = None
    for seq, payload in rows:
        if not isinstance(payload, dict) or payload.get("position") != position:
            continue
        if payload.get("replaces") == sha256:
            return True
        if payload.get("sha256") == sha256:
            named_at = seq
        latest = (seq, payload.get("sha256"))
    return named_at is not None and latest is not None and latest[0] > named_at and latest[1] != sha256


def held(session: Session, dossier_id: int, position: int, sha256: str) -> HubPaper | None:
    """The received copy with these bytes of this paper, if the hub has it."""
    return session.scalars(
        select(HubPaper).where(
            HubPaper.dossier_id == dossier_id, HubPaper.position == position, HubPaper.sha256 == sha256
        )
    ).one_or_none()


def quota_of(session: Session, commune_code: str, default: int) -> int:
    quota = session.scalar(select(Commune.paper_quota_bytes).where(Commune.code == commune_code))
    return default if quota is None else int(quota)


def used_bytes(session: Session, commune_code: str) -> int:
    total = select(func.coalesce(func.sum(HubPaper.bytes), 0)).where(HubPaper.commune_code == commune_code)
    return int(session.scalar(total) or 0)


def check_quota(session: Session, commune_code: str, size: int, default: int) -> None:
    """507 ``paper_quota`` when ``size`` more bytes would pass the commune's quota."""
    quota = quota_of(session, commune_code, default)
    used = used_bytes(session, commune_code)
    if used + size > quota:
        error = HubError("paper_quota", status=507, used=used, quota=quota, size=size)
        error.body = {"used": used, "quota": quota}
        raise error


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise HubError("paper_too_large", status=413, size=size, limit=limit)


def check_signature(data: bytes) -> tuple[str, str]:
    """(signer, kind) of the latest intact signature covering the whole document; 422 ``paper_signature``."""
    try:
        found = signatures(data)
    except InvalidInput:
        raise HubError("paper_signature", status=422) from None
    except Exception:  # noqa: BLE001 - pyHanko on a hostile file: any failure to read it is "no valid signature"
        raise HubError("paper_signature", status=422) from None
    good = [s for s in found if s.intact and s.whole_document]
    if not good:
        raise HubError("paper_signature", status=422)
    return good[-1].signer[:200], good[-1].kind[:10]


def receive_paper(
    hub: Hub,
    device: AuthedDevice,
    dossier_code: str,
    position: int,
    data: bytes,
    now: datetime,
    *,
    sha256: str | None = None,
) -> PaperInfo:
    """Check and keep a whole copy of paper ``position`` of ``dossier_code`` (see the module doc).

    ``sha256``: the digest the sender declared (hex); a mismatch is 400 ``paper_hash``."""
    check_position(position)
    check_size(len(data), hub.paper_max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and sha256.lower() != digest:
        raise HubError("paper_hash")
    with hub.read() as session:
        dossier = dossier_for(session, device, dossier_code)
        existing = held(session, dossier.id, position, digest)
        if existing is not None:
            return _info(existing)
        check_quota(session, device.commune_code, len(data), hub.paper_quota)
    signer, kind = check_signature(data)
    key = paper_key(device.commune_code, digest)
    store = hub.paper_store
    if not store.exists(key):
        store.put(key, data)
    try:
        with hub.write() as session:
            # the commune row orders concurrent receipts of one commune (the quota), PostgreSQL's row lock
            session.execute(select(Commune.id).where(Commune.code == device.commune_code).with_for_update())
            again = held(session, dossier.id, position, digest)
            if again is not None:
                return _info(again)
            check_quota(session, device.commune_code, len(data), hub.paper_quota)
            current_copy = HubPaper.dossier_id == dossier.id, HubPaper.position == position, HubPaper.current.is_(True)
            make_current = not (
                superseded(session, dossier.id, position, digest)
                and session.scalar(select(HubPaper.id).where(*current_copy)) is not None
            )
            if make_current:
                session.execute(update(HubPaper).where(*current_copy).values(current=False))
            row = HubPaper(
                commune_code=device.commune_code,
                dossier_id=dossier.id,
                dossier_code=dossier.code,
                position=position,
                sha256=digest,
                bytes=len(data),
                signed_by=signer,
                signer_kind=kind,
                signature_intact=True,
                store_key=key,
                device_id=device.id,
                received_at=now,
                current=make_current,
            )
            session.add(row)
            session.flush()
            return _info(row)
    except IntegrityError:  # the same copy received at the same moment on another connection
        with hub.read() as session:
            found = held(session, dossier.id, position, digest)
            if found is None:
                raise
            return _info(found)


def paper_id(session: Session, dossier_id: int, position: int, sha256: str) -> int | None:
    row = held(session, dossier_id, position, sha256)
    return None if row is None else row.id


def list_papers(session: Session, dossier_code: str, *, commune_code: str | None) -> list[PaperInfo]:
    """The current copy of each paper of ``dossier_code``, by position; ``commune_code``: only when the
    dossier is of that commune (None: any commune, for the hub's operator and the agencies)."""
    query = select(HubPaper).where(HubPaper.dossier_code == dossier_code, HubPaper.current.is_(True))
    if commune_code is not None:
        query = query.where(HubPaper.commune_code == commune_code)
    return [_info(row) for row in session.scalars(query.order_by(HubPaper.position, HubPaper.id))]


def read_paper(hub: Hub, dossier_code: str, position: int) -> tuple[PaperInfo, bytes]:
    """The current copy of paper ``position`` of ``dossier_code`` and its bytes; 404 ``paper_unknown``."""
    with hub.read() as session:
        row = session.scalars(
            select(HubPaper).where(
                HubPaper.dossier_code == dossier_code, HubPaper.position == position, HubPaper.current.is_(True)
            )
        ).first()
        if row is None:
            raise HubError("paper_unknown", status=404, code=dossier_code, paper=position)
        info, key = _info(row), row.store_key
    try:
        data = hub.paper_store.get(key)
    except KeyError:
        where = hub.paper_store.describe()
        raise HubError("paper_store", status=503, store=where, detail=f"{key} is missing") from None
    return info, data


# ------------------------------------------------------------------------------------------ quotas

_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_bytes(text: str) -> int:
    """A number of bytes as an operator types it: ``1048576``, ``500M``, ``10G``, ``1.5T`` (binary units;
    a trailing ``B``/``iB`` is allowed); HubError ``paper_quota_value`` otherwise."""
    cleaned = text.strip().upper().replace(" ", "").removesuffix("IB").removesuffix("B")
    number, unit = (cleaned[:-1], cleaned[-1]) if cleaned[-1:] in _UNITS and cleaned[-1:] else (cleaned, "")
    try:
        value = float(number) if "." in number else int(number)
    except ValueError:
        raise HubError("paper_quota_value", value=text[:40]) from None
    if not number or value < 0 or value * _UNITS[unit] > 2**62:
        raise HubError("paper_quota_value", value=text[:40])
    return int(value * _UNITS[unit])


@dataclass(frozen=True)
class QuotaInfo:
    commune: str
    quota_bytes: int  # the quota that applies (the commune's own, else the hub's default)
    own: bool  # set for this commune (``commune quota``), not the default
    used_bytes: int


def set_quota(session: Session, commune_code: str, quota_bytes: int | None, default: int) -> QuotaInfo:
    """Set (None: clear, back to the hub's default) the commune's paper quota; 404 ``commune_unknown``."""
    commune = session.scalars(select(Commune).where(Commune.code == commune_code)).one_or_none()
    if commune is None:
        raise HubError("commune_unknown", status=404, code=commune_code)
    commune.paper_quota_bytes = quota_bytes
    session.flush()
    return quota_info(session, commune_code, default)


def quota_info(session: Session, commune_code: str, default: int) -> QuotaInfo:
    own = session.scalar(select(Commune.paper_quota_bytes).where(Commune.code == commune_code))
    return QuotaInfo(
        commune_code, default if own is None else int(own), own is not None, used_bytes(session, commune_code)
    )


# ------------------------------------------------------------------------------------------ housekeeping


def sweep_uploads(hub: Hub, now: datetime, older_than: timedelta = SWEEP_AFTER) -> int:
    """Drop the uploads left incomplete for ``older_than`` (a copy re-signed meanwhile, a PC replaced) and
    their parts; the number dropped. A counter that comes back later simply starts its upload again."""
    limit = now - older_than
    with hub.read() as session:
        stale = list(
            session.scalars(
                select(PaperUpload.id).where(PaperUpload.paper_id.is_(None), PaperUpload.updated_at < limit)
            )
        )
    dropped = 0
    for upload_id in stale:
        with hub.write() as session:
            gone = session.execute(
                delete(PaperUpload).where(
                    PaperUpload.id == upload_id, PaperUpload.paper_id.is_(None), PaperUpload.updated_at < limit
                )
            )
        if getattr(gone, "rowcount", 0):
            hub.paper_store.drop_parts(upload_id)
            dropped += 1
    return dropped
