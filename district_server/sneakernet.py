"""Sneakernet: a counter's signed sync file brought on a USB stick, and the hub's signed answer file.

Files that carry papers (``hsmc-sync-part/1`` parts) are imported by :mod:`district_server.sneakernet_papers`,
which uses the push and answer steps of this module.

The file (``counter-app export-sync``) is gzip JSON ``{"format": "hsmc-sync/1", "device_id", "batch",
"created_at", "cursor", "epoch", "items", "signature"}``; the signature is Ed25519 by the office's key,
registered at enrolment, over the canonical JSON of everything else. Its items go through the same push
rules (the batch UUID is the idempotency key, so importing a file twice changes nothing), and the
answer carries the push results and every change after the file's cursor, signed by the hub's key.
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from counter_app.sync import inflate
from counter_app.sync.protocol import ProtocolError, parse_json
from district_server import feed, push
from district_server.errors import HubError
from district_server.models import Commune, Device
from district_server.service import AuthedDevice, hub_meta
from district_server.wire import iso, sign, verify

FILE_FORMAT = "hsmc-sync/1"
ANSWER_FORMAT = "hsmc-sync-answer/1"
ALL_CHANGES = 10_000_000
MAX_FILE = inflate.MAX_SYNC_DATA  # inflated bytes; the counter's answer reader has the same cap


def read_document(path: Path) -> dict[str, Any]:
    """A gzip (or plain) JSON file as an object, inflated in chunks and refused past the cap (a gzip bomb)."""
    try:
        data = inflate.read_file(path, MAX_FILE)
    except OSError as exc:
        raise HubError("file_unreadable", path=str(path), detail=exc.strerror or exc.__class__.__name__) from None
    except inflate.InflatedTooLarge:
        raise HubError("sync_file_too_large", limit_mb=MAX_FILE // inflate.MiB) from None
    except inflate.InflateError:
        raise HubError("sync_file", detail="not gzip JSON") from None
    try:  # the wire's bounds: depth checked before parsing, no NaN, text cleaned
        document = parse_json(data, "file")
    except ProtocolError:
        raise HubError("sync_file", detail="not gzip JSON") from None
    if not isinstance(document, dict):
        raise HubError("sync_file", detail="not a JSON object")
    return document


def write_document(path: Path, document: dict[str, Any]) -> None:
    """gzip JSON, written to a temporary name first so a half-written answer never exists."""
    data = gzip.compress(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:  # the import is applied: importing the files again gives the same answer
        partial.unlink(missing_ok=True)
        raise HubError("answer_unwritable", path=str(path), detail=exc.strerror or exc.__class__.__name__) from None


def push_in_chunks(session: Session, device: AuthedDevice, batch: str, items: Any, now: datetime) -> list[Any]:
    """The file's items through the push rules, at most 500 per batch (a file may hold days of work).

    The first chunk's idempotency key is the file's batch UUID, the next ones ``<batch>/1``, ``<batch>/2``…,
    so importing the same file again gets the stored answers back; the results are joined in order.
    """
    if not isinstance(items, list) or len(items) <= push.MAX_ITEMS:
        chunks: list[Any] = [items]
    else:
        chunks = [items[start : start + push.MAX_ITEMS] for start in range(0, len(items), push.MAX_ITEMS)]
    results: list[Any] = []
    for n, chunk in enumerate(chunks):
        key = batch if n == 0 else f"{batch}/{n}"
        answer = push.push(session, device, key, {"batch": key, "device_time": None, "items": chunk}, now)
        results.extend(answer["results"])
    return results


def device_of(session: Session, device_id: Any) -> Device:
    if not isinstance(device_id, str):
        raise HubError("sync_file", detail="no device_id")
    device = session.get(Device, device_id)
    if device is None:
        raise HubError("device_unknown", status=404, device=device_id)
    return device


def authed(session: Session, device: Device) -> AuthedDevice:
    if device.revoked_at is not None:
        raise HubError("revoked", status=401)
    commune = session.get(Commune, device.commune_id)
    assert commune is not None
    return AuthedDevice(
        device.id, device.device_uid, device.commune_id, commune.code, device.workstation, device.public_key
    )


def check_legacy(session: Session, document: dict[str, Any]) -> tuple[AuthedDevice, str, int]:
    """A verified ``hsmc-sync/1`` file's device, batch and cursor."""
    if document.get("format") != FILE_FORMAT:
        raise HubError("sync_file", detail=f"format must be {FILE_FORMAT}")
    device = device_of(session, document.get("device_id"))
    signed = {k: v for k, v in document.items() if k != "signature"}
    if not verify(device.public_key, signed, document.get("signature")):
        raise HubError("sync_signature")
    authed_device = authed(session, device)
    batch = document.get("batch")
    cursor = document.get("cursor", 0)
    if not isinstance(batch, str) or not isinstance(cursor, int) or isinstance(cursor, bool) or cursor < 0:
        raise HubError("sync_file", detail="batch and cursor are required")
    return authed_device, batch, cursor


def pull_answer(
    session: Session,
    authed: AuthedDevice,
    batch: str,
    results: list[Any],
    cursor: int,
    epoch: Any,
    now: datetime,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The signed answer: the push ``results``, every change after ``cursor`` (a snapshot when the file's
    epoch or cursor is not the hub's), and ``extra`` fields (the papers of parts)."""
    pulled = feed.changes(session, authed, cursor, epoch if isinstance(epoch, str) else None, ALL_CHANGES, now)
    if pulled["reset"]:
        pulled = feed.snapshot(session, authed, now)
        pulled["reset"] = True
    meta = hub_meta(session)
    answer: dict[str, Any] = {
        "format": ANSWER_FORMAT,
        "device_id": authed.id,
        "batch": batch,
        "results": results,
        "changes": pulled["changes"],
        "next": pulled["next"],
        "reset": pulled["reset"],
        "epoch": meta.epoch,
        "server_time": iso(now),
        **(extra or {}),
    }
    answer["signature"] = sign(meta.signing_key, answer)
    return answer


def import_sync(session: Session, document: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Apply a verified sync file and return the signed answer document."""
    authed, batch, cursor = check_legacy(session, document)
    results = push_in_chunks(session, authed, batch, document.get("items"), now)
    return pull_answer(session, authed, batch, results, cursor, document.get("epoch"), now)
