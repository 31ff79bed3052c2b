"""Pull and snapshot: what a counter brings down (docs/sync-protocol.md, Pull).

A device sees the global changes (``commune_id`` NULL) and its own commune's, never another's. Both
functions run in one read transaction (REPEATABLE READ on PostgreSQL): the hub's last sequence is read
first, and nothing after it is returned, so ``next`` never points past a change the reader did not see.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from district_server.errors import HubError
from district_server.models import Change, Device, HubDossier, HubEvent, HubUser, Published
from district_server.service import AuthedDevice, event_body, hub_meta, user_body
from district_server.wire import b64, iso

MAX_PAGE = 500
REFERENCE_KINDS = ("catalogue", "agencies", "calendar")


def parse_cursor(after: str | None, limit: str | None) -> tuple[int, int]:
    try:
        cursor = int(after) if after not in (None, "") else 0
        size = int(limit) if limit not in (None, "") else MAX_PAGE
    except ValueError:
        raise HubError("bad_request", detail="“after” and “limit” must be whole numbers") from None
    if cursor < 0 or size < 1:
        raise HubError("bad_request", detail="“after” must be ≥ 0 and “limit” ≥ 1")
    return cursor, min(size, MAX_PAGE)


def changes(
    session: Session, device: AuthedDevice, after: int, epoch: str | None, limit: int, now: datetime
) -> dict[str, Any]:
    """One page of changes after ``after``; ``reset`` when the epoch or the cursor is not this hub's."""
    meta = hub_meta(session)
    last = meta.last_seq
    if epoch != meta.epoch or after > last:
        return {"epoch": meta.epoch, "reset": True, "changes": [], "next": 0, "more": False, "server_time": iso(now)}
    rows = list(
        session.scalars(
            select(Change)
            .where(
                Change.seq > after,
                Change.seq <= last,
                or_(Change.commune_id.is_(None), Change.commune_id == device.commune_id),
            )
            .order_by(Change.seq)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    page = rows[:limit]
    # A full page ends at its last change; otherwise the device has seen everything up to ``last``
    # (changes of other communes in between are skipped for good).
    following = page[-1].seq if more else last
    return {
        "epoch": meta.epoch,
        "reset": False,
        "changes": [{"seq": c.seq, "topic": c.topic, "body": c.body} for c in page],
        "next": following,
        "more": more,
        "server_time": iso(now),
    }


def snapshot_items(session: Session, commune_id: int) -> list[tuple[str, dict[str, Any]]]:
    """Every current reference item and the commune's state, as (topic, body) pairs."""
    items: list[tuple[str, dict[str, Any]]] = []
    published = {p.kind: p for p in session.scalars(select(Published))}
    items.extend((kind, published[kind].body) for kind in REFERENCE_KINDS if kind in published)
    users = session.scalars(select(HubUser).where(HubUser.commune_id == commune_id).order_by(HubUser.username))
    items.extend(("user", user_body(u)) for u in users)
    devices = session.scalars(
        select(Device)
        .where(Device.commune_id == commune_id, Device.revoked_at.is_(None))
        .order_by(Device.workstation, Device.enrolled_at)
    )
    items.extend(
        ("workstation_key", {"device_uid": d.device_uid, "workstation": d.workstation, "public_key": b64(d.public_key)})
        for d in devices
    )
    upstream = session.execute(
        select(HubDossier, HubEvent)
        .join(HubEvent, HubEvent.dossier_id == HubDossier.id)
        .where(HubDossier.commune_id == commune_id, HubEvent.origin == "hub")
        .order_by(HubEvent.hub_received_at, HubEvent.id)
    ).all()
    items.extend(("dossier.event", event_body(d, e)) for d, e in upstream)
    return items


def snapshot(session: Session, device: AuthedDevice, now: datetime) -> dict[str, Any]:
    """The pull shape with the whole current state; every item carries ``seq`` = ``next``."""
    meta = hub_meta(session)
    last = meta.last_seq
    return {
        "epoch": meta.epoch,
        "reset": False,
        "changes": [{"seq": last, "topic": t, "body": b} for t, b in snapshot_items(session, device.commune_id)],
        "next": last,
        "more": False,
        "server_time": iso(now),
    }
