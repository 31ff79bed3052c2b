"""The tus 1.0 endpoint ``/v1/papers`` (core protocol, ``creation`` and ``termination``): how a counter
uploads a paper's signed copy, resumable to the byte (docs/sync-protocol.md, "Papers").

- ``OPTIONS /v1/papers``: the protocol's discovery (no credential needed).
- ``POST /v1/papers`` with ``Upload-Length`` and ``Upload-Metadata`` (``sha256``, ``dossier``, ``paper``,
  ``filename``): 201 and ``Location``. The same (commune, dossier, paper, sha256) always gets the same
  upload, and the answer's ``Upload-Offset`` (a hub extension) says how much the hub already holds:
  the length itself when it has this copy already.
- ``HEAD /v1/papers/<id>``: ``Upload-Offset`` and ``Upload-Length``.
- ``PATCH /v1/papers/<id>``: the bytes from ``Upload-Offset`` on, read in bounded chunks and written to
  the paper store as parts of at most :data:`PART_BYTES`. A cut connection keeps what arrived: the bytes
  read until the cut are stored and the offset moves on. Each part moves the offset with a conditional
  ``UPDATE … WHERE offset = <the part's start>``: of two PATCHes racing on one upload only one part
  counts at each place (the other PATCH stops, 409). The last byte in, the whole copy goes through
  :func:`district_server.papers.service.receive_paper` (hash, signature, quota) before the offset
  reaches the length, so an offset equal to the length always means "received and checked".
- ``DELETE /v1/papers/<id>``: drop an incomplete upload.
- ``GET /v1/papers?dossier=CODE``: the papers the hub holds for one of the device's dossiers (JSON).

Every answer under ``/v1/papers`` carries ``Tus-Resumable: 1.0.0`` (:class:`TusHeaders`). Another
commune's upload id is answered 404 exactly like an unknown one.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import delete as sql_delete
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from district_server.api import DeviceDep
from district_server.db import Hub, utc_now
from district_server.errors import HubError
from district_server.models import PaperUpload
from district_server.papers import service
from district_server.security import ASGIApp, Message, Receive, Scope, Send
from district_server.service import AuthedDevice
from district_server.wire import iso

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination"
PART_BYTES = 256 * 1024  # what a PATCH holds in memory before writing a part to the store
OFFSET_TYPE = "application/offset+octet-stream"
MAX_METADATA = 4096  # characters of Upload-Metadata
_SHA = re.compile(r"^[0-9a-f]{64}$")
_DIGITS = re.compile(r"^[0-9]{1,15}$")
_BEARER: list[dict[str, list[str]]] = [{"device": []}]


def _header(name: str, schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"name": name, "in": "header", "required": required, "schema": schema}


_VERSION = _header("Tus-Resumable", {"type": "string", "enum": [TUS_VERSION]})
_BYTES = {"type": "integer", "minimum": 0, "maximum": 10**15}
_OPENAPI: dict[str, dict[str, Any]] = {
    "post": {
        "security": _BEARER,
        "parameters": [
            _VERSION,
            _header("Upload-Length", _BYTES),
            _header("Upload-Metadata", {"type": "string", "maxLength": MAX_METADATA}),
        ],
    },
    "head": {"security": _BEARER, "parameters": [_VERSION]},
    "delete": {"security": _BEARER, "parameters": [_VERSION]},
    "patch": {
        "security": _BEARER,
        "parameters": [_VERSION, _header("Upload-Offset", _BYTES)],
        # the body is raw bytes, Content-Type application/offset+octet-stream (tus 1.0); not described here
        # as a request body, since no generic client serialises that media type
        "description": "The upload's bytes from Upload-Offset on (Content-Type: application/offset+octet-stream).",
    },
    "get": {
        "security": _BEARER,
        "parameters": [
            {"name": "dossier", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 30}}
        ],
    },
}

router = APIRouter()


class TusHeaders:
    """ASGI middleware: ``Tus-Resumable: 1.0.0`` on every answer under ``/v1/papers`` (errors included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or not (path == "/v1/papers" or path.startswith("/v1/papers/")):
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"tus-resumable"]
                message["headers"] = [*kept, (b"tus-resumable", TUS_VERSION.encode("ascii"))]
            await send(message)

        await self.app(scope, receive, send_with_header)


def _hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def _require_tus(request: Request) -> None:
    if request.headers.get("tus-resumable", "").strip() != TUS_VERSION:
        error = HubError("tus_version", status=412)
        error.headers = {"Tus-Version": TUS_VERSION}
        raise error


def _refuse_deferred(request: Request) -> None:
    if request.headers.get("upload-defer-length") is not None:
        raise HubError("paper_metadata", detail="Upload-Defer-Length is not supported")


def _require_octets(request: Request) -> None:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != OFFSET_TYPE:
        raise HubError("paper_content_type", status=415)


def _header_int(request: Request, name: str) -> int:
    value = request.headers.get(name)
    if value is None or not _DIGITS.match(value.strip()):
        raise HubError("paper_metadata", detail=f"{name} must be a whole number of bytes")
    return int(value.strip())


def parse_metadata(header: str | None) -> dict[str, str]:
    """tus ``Upload-Metadata``: comma-separated ``key base64(value)``; values decoded as UTF-8."""
    if not header:
        return {}
    if len(header) > MAX_METADATA:
        raise HubError("paper_metadata", detail="Upload-Metadata is too long")
    found: dict[str, str] = {}
    for pair in header.split(","):
        key, _, value = pair.strip().partition(" ")
        if not key or key in found:
            raise HubError("paper_metadata", detail="Upload-Metadata has an empty or repeated key")
        try:
            found[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            raise HubError("paper_metadata", detail=f"the value of {key[:20]} is not base64 UTF-8") from None
    return found


def _wanted(metadata: dict[str, str]) -> tuple[str, int, str]:
    """(dossier code, paper position, sha256 hex) from the metadata; 400 ``paper_metadata``."""
    sha = metadata.get("sha256", "").strip().lower()
    if not _SHA.match(sha):
        raise HubError("paper_metadata", detail="sha256 must be 64 hexadecimal digits")
    dossier = metadata.get("dossier", "").strip()
    if not dossier or len(dossier) > 30:
        raise HubError("paper_metadata", detail="dossier must be a dossier code")
    paper = metadata.get("paper", "").strip()
    if not paper.isdigit() or len(paper) > 3:
        raise HubError("paper_metadata", detail="paper must be the paper's number, 1..")
    return dossier, service.check_position(int(paper)), sha


def _upload(session: Any, device: AuthedDevice, upload_id: str) -> PaperUpload:
    row = session.get(PaperUpload, upload_id) if len(upload_id) <= 36 else None
    if row is None or row.commune_code != device.commune_code:
        raise HubError("paper_upload_unknown", status=404)
    session.expunge(row)
    return row  # type: ignore[no-any-return]


def _offset_headers(row: PaperUpload) -> dict[str, str]:
    return {"Upload-Offset": str(row.offset), "Upload-Length": str(row.length), "Cache-Control": "no-store"}


# ------------------------------------------------------------------------------------------ creation


def create(hub: Hub, device: AuthedDevice, length: int, dossier_code: str, position: int, sha: str) -> PaperUpload:
    """The upload of this copy: found (same commune, dossier, paper, sha256) or made."""
    service.check_size(length, hub.paper_max_bytes)
    now = utc_now()
    with hub.read() as session:
        dossier = service.dossier_for(session, device, dossier_code)
        existing = session.scalars(
            select(PaperUpload).where(
                PaperUpload.commune_code == device.commune_code,
                PaperUpload.dossier_code == dossier_code,
                PaperUpload.position == position,
                PaperUpload.sha256 == sha,
            )
        ).one_or_none()
        held = service.paper_id(session, dossier.id, position, sha)
        if existing is not None and existing.length != length:
            raise HubError("paper_metadata", detail="Upload-Length differs from this copy's earlier upload")
        if held is None and (existing is None or existing.paper_id is None):
            service.check_quota(session, device.commune_code, length, hub.paper_quota)
    if existing is not None and (held is None or existing.paper_id == held):
        return existing
    if existing is not None:  # the copy arrived another way (a sneakernet file): nothing to send
        with hub.write() as session:
            session.execute(
                update(PaperUpload)
                .where(PaperUpload.id == existing.id)
                .values(offset=length, paper_id=held, updated_at=now)
            )
        existing.offset, existing.paper_id = length, held
        hub.paper_store.drop_parts(existing.id)
        return existing
    try:
        with hub.write() as session:
            row = PaperUpload(
                id=str(uuid.uuid4()),
                commune_code=device.commune_code,
                device_id=device.id,
                dossier_id=dossier.id,
                dossier_code=dossier_code,
                position=position,
                sha256=sha,
                length=length,
                offset=length if held is not None else 0,
                created_at=now,
                updated_at=now,
                paper_id=held,
            )
            session.add(row)
            return row
    except IntegrityError:  # the same POST on another connection made it first
        with hub.read() as session:
            again = session.scalars(
                select(PaperUpload).where(
                    PaperUpload.commune_code == device.commune_code,
                    PaperUpload.dossier_code == dossier_code,
                    PaperUpload.position == position,
                    PaperUpload.sha256 == sha,
                )
            ).one()
            session.expunge(again)
            return again


@router.options("/v1/papers")
@router.options("/v1/papers/{upload_id}", include_in_schema=False)
def options(request: Request) -> Response:
    hub = _hub(request)
    return Response(
        status_code=204,
        headers={
            "Tus-Version": TUS_VERSION,
            "Tus-Extension": TUS_EXTENSIONS,
            "Tus-Max-Size": str(hub.paper_max_bytes),
        },
    )


@router.post("/v1/papers", status_code=201, openapi_extra=_OPENAPI["post"])
async def post(request: Request, device: DeviceDep) -> Response:
    _require_tus(request)
    _refuse_deferred(request)
    length = _header_int(request, "upload-length")
    if length == 0:
        raise HubError("paper_metadata", detail="Upload-Length must be at least 1 byte")
    hub = _hub(request)
    service.check_size(length, hub.paper_max_bytes)
    dossier_code, position, sha = _wanted(parse_metadata(request.headers.get("upload-metadata")))
    row = await run_in_threadpool(create, hub, device, length, dossier_code, position, sha)
    return Response(
        status_code=201,
        headers={"Location": f"/v1/papers/{row.id}", "Upload-Offset": str(row.offset), "Cache-Control": "no-store"},
    )


@router.head("/v1/papers/{upload_id}", openapi_extra=_OPENAPI["head"])
def head(upload_id: str, request: Request, device: DeviceDep) -> Response:
    _require_tus(request)
    with _hub(request).read() as session:
        row = _upload(session, device, upload_id)
    return Response(status_code=200, headers=_offset_headers(row))


@router.delete("/v1/papers/{upload_id}", status_code=204, openapi_extra=_OPENAPI["delete"])
def delete(upload_id: str, request: Request, device: DeviceDep) -> Response:
    _require_tus(request)
    hub = _hub(request)
    with hub.write() as session:
        row = _upload(session, device, upload_id)
        if row.paper_id is None:  # a finished upload stays: it answers a later POST of the same copy
            session.execute(sql_delete(PaperUpload).where(PaperUpload.id == row.id, PaperUpload.paper_id.is_(None)))
    if row.paper_id is None:
        hub.paper_store.drop_parts(row.id)
    return Response(status_code=204)


@router.get("/v1/papers", openapi_extra=_OPENAPI["get"])
def listing(request: Request, device: DeviceDep) -> dict[str, Any]:
    code = request.query_params.get("dossier", "")
    if not code or len(code) > 30:
        raise HubError("bad_request", detail="dossier must be a dossier code")
    with _hub(request).read() as session:
        papers = service.list_papers(session, code, commune_code=device.commune_code)
    return {
        "papers": [
            {
                "paper": p.paper,
                "sha256": p.sha256,
                "bytes": p.bytes,
                "signed_by": p.signed_by,
                "signer_kind": p.signer_kind,
                "received_at": iso(p.received_at),
            }
            for p in papers
        ]
    }


# ------------------------------------------------------------------------------------------ PATCH


def _advance(hub: Hub, upload_id: str, start: int, end: int, paper_id: int | None = None) -> bool:
    """Move the upload's offset from ``start`` to ``end``; False when it is no longer at ``start``."""
    values: dict[str, Any] = {"offset": end, "updated_at": utc_now()}
    if paper_id is not None:
        values["paper_id"] = paper_id
    with hub.write() as session:
        result = session.execute(
            update(PaperUpload).where(PaperUpload.id == upload_id, PaperUpload.offset == start).values(**values)
        )
        return bool(getattr(result, "rowcount", 0))


def _current(hub: Hub, upload_id: str) -> PaperUpload | None:
    with hub.read() as session:
        row = session.get(PaperUpload, upload_id)
        if row is not None:
            session.expunge(row)
        return row


def _write_part(hub: Hub, row: PaperUpload, start: int, data: bytes) -> bool:
    """Store one part and move the offset past it (not the last part: see :func:`_complete`)."""
    hub.paper_store.put_part(row.id, start, data)
    return _advance(hub, row.id, start, start + len(data))


def _complete(hub: Hub, device: AuthedDevice, row: PaperUpload, start: int, last: bytes) -> int:
    """Store the last part, check the whole copy and record it; the offset reaches the length only then."""
    store = hub.paper_store
    if last:
        store.put_part(row.id, start, last)
    try:
        data = store.parts(row.id, upto=row.length)
    except KeyError:  # the parts were dropped meanwhile: another PATCH finished the upload, or it was deleted
        return _settled(hub, row, start)
    try:
        info = service.receive_paper(hub, device, row.dossier_code, row.position, data, utc_now(), sha256=row.sha256)
    except HubError as exc:
        if exc.code in ("paper_hash", "paper_signature"):  # these bytes can never be taken: discard them
            _reset(hub, row.id)
        raise
    if not _advance(hub, row.id, start, row.length, paper_id=info.paper_id):
        return _settled(hub, row, start)  # another PATCH moved the offset first
    store.drop_parts(row.id)
    return row.length


def _settled(hub: Hub, row: PaperUpload, start: int) -> int:
    """The length when the upload is complete after all (another PATCH finished it); else 409 or 404."""
    now = _current(hub, row.id)
    if now is None:
        raise HubError("paper_upload_unknown", status=404)
    if now.paper_id is not None and now.offset == now.length:
        return now.length
    raise _mismatch_at(start, now.offset)


def _reset(hub: Hub, upload_id: str) -> None:
    """Back to offset 0 without parts, unless the upload was completed meanwhile."""
    with hub.write() as session:
        done = session.execute(
            update(PaperUpload)
            .where(PaperUpload.id == upload_id, PaperUpload.paper_id.is_(None))
            .values(offset=0, updated_at=utc_now())
        )
        reset = bool(getattr(done, "rowcount", 0))
    if reset:
        hub.paper_store.drop_parts(upload_id)


async def _receive(request: Request, hub: Hub, device: AuthedDevice, row: PaperUpload, offset: int) -> int:
    """Read the body from ``offset`` on, part by part; the new offset."""
    position = offset
    buffer = bytearray()

    async def flush() -> None:
        nonlocal position
        piece = bytes(buffer)
        buffer.clear()
        if not await run_in_threadpool(_write_part, hub, row, position, piece):
            raise _mismatch(hub, row.id, position)
        position += len(piece)

    try:
        async for chunk in request.stream():
            if position + len(buffer) + len(chunk) > row.length:
                raise HubError("paper_beyond_length", length=row.length)
            buffer.extend(chunk)
            while len(buffer) >= PART_BYTES and position + len(buffer) < row.length:
                rest = buffer[PART_BYTES:]
                del buffer[PART_BYTES:]
                await flush()
                buffer.extend(rest)
    except ClientDisconnect:
        # keep what arrived before the cut: the resume sends only the rest
        if position + len(buffer) == row.length:  # all of it, only the end of the request was lost
            await run_in_threadpool(_complete, hub, device, row, position, bytes(buffer))
        elif buffer:
            await flush()
        raise
    if position + len(buffer) == row.length:
        return await run_in_threadpool(_complete, hub, device, row, position, bytes(buffer))
    if buffer:
        await flush()
    return position


def _mismatch(hub: Hub, upload_id: str, offset: int) -> HubError:
    now = _current(hub, upload_id)
    return _mismatch_at(offset, 0 if now is None else now.offset)


def _load(hub: Hub, device: AuthedDevice, upload_id: str, offset: int) -> PaperUpload:
    with hub.read() as session:
        row = _upload(session, device, upload_id)
    if row.offset != offset:
        raise _mismatch_at(offset, row.offset)
    return row


def _mismatch_at(offset: int, held: int) -> HubError:
    error = HubError("offset_mismatch", status=409, offset=offset, held=held)
    error.headers = {"Upload-Offset": str(held)}
    return error


@router.patch("/v1/papers/{upload_id}", status_code=204, openapi_extra=_OPENAPI["patch"])
async def patch(upload_id: str, request: Request, device: DeviceDep) -> Response:
    hub = _hub(request)
    _require_tus(request)
    _require_octets(request)
    offset = _header_int(request, "upload-offset")
    row = await run_in_threadpool(_load, hub, device, upload_id, offset)
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and offset + int(declared) > row.length:
        raise HubError("paper_beyond_length", length=row.length)
    if row.paper_id is not None or offset == row.length:
        return Response(status_code=204, headers={"Upload-Offset": str(row.length)})
    try:
        new_offset = await _receive(request, hub, device, row, offset)
    except ClientDisconnect:
        return Response(status_code=204)  # nobody is listening; the offset is recorded
    return Response(status_code=204, headers={"Upload-Offset": str(new_offset)})
