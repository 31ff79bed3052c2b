"""The hub's HTTP API (docs/sync-protocol.md): ``/health``, ``/v1/enroll``, ``/v1/push``, ``/v1/changes``,
``/v1/snapshot``, ``/v1/papers`` (tus 1.0, :mod:`district_server.papers.tus`), plus the citizen lookup
page router (:mod:`district_server.lookup`) and the statistics page (:mod:`district_server.report`).

Errors are JSON ``{"error": id, "message": Vietnamese text}``. Request bodies may be gzip
(``Content-Encoding: gzip``); at most :data:`MAX_BODY` bytes once decompressed, else 413. Bodies are read
within the wire's bounds (:func:`counter_app.sync.protocol.parse_json`): a malformed one is a 400 naming
what is wrong, never a 500.

The OpenAPI description is served at ``/openapi.json``: the request bodies are the wire format's JSON
Schemas (:data:`~counter_app.sync.protocol.ENROLL_REQUEST_SCHEMA`, ``PUSH_REQUEST_SCHEMA``), and the
citizen and statistics pages are listed with their query parameters. It describes the identity encoding;
a body may equally be sent gzip-compressed with ``Content-Encoding: gzip``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

from counter_app.sync import inflate
from counter_app.sync.protocol import ENROLL_REQUEST_SCHEMA, PUSH_REQUEST_SCHEMA, ProtocolError, parse_json
from district_server import __version__, feed, push, ratelimit, service
from district_server.db import Hub, utc_now
from district_server.errors import HubError, database_error
from district_server.security import SecurityHeaders
from district_server.wire import iso

MAX_BODY = 8 * 1024 * 1024


def _error(exc: HubError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
    return JSONResponse(
        {"error": exc.code, "message": exc.message("vi"), **exc.body},
        status_code=exc.status,
        headers={**headers, **exc.headers},
    )


async def read_json(request: Request) -> Any:
    """The request body as JSON, gunzipped when sent with ``Content-Encoding: gzip``, size-capped."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        raise HubError("too_large", status=413, limit=MAX_BODY)
    raw = bytearray()
    async for chunk in request.stream():
        raw.extend(chunk)
        if len(raw) > MAX_BODY:
            raise HubError("too_large", status=413, limit=MAX_BODY)
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    data = bytes(raw)
    if encoding == "gzip":
        try:  # the same capped inflation as the sneakernet files (counter_app.sync.inflate)
            data = inflate.inflate_bytes(data, MAX_BODY, gzip=True)
        except inflate.InflatedTooLarge:
            raise HubError("too_large", status=413, limit=MAX_BODY) from None
        except inflate.InflateError:
            raise HubError("bad_request", detail="the gzip body is corrupt or truncated") from None
    elif encoding not in ("identity", ""):
        raise HubError("bad_request", detail=f"unsupported Content-Encoding {encoding}")
    try:
        # the wire's bounds: depth checked before parsing, no NaN, text cleaned (protocol.parse_json)
        return parse_json(data, "body")
    except ProtocolError as exc:
        raise HubError("bad_request", detail=str(exc.params.get("reason", "the body is not UTF-8 JSON"))) from None


def _hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def current_device(request: Request) -> service.AuthedDevice:
    """The bearer credential's device (401 ``unauthorized`` or ``revoked`` otherwise)."""
    with _hub(request).read() as session:
        return service.authenticate(session, request.headers.get("authorization"))


DeviceDep = Annotated[service.AuthedDevice, Depends(current_device)]


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads its JSON body itself (gzip allowed, see the module doc)."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


_BEARER: list[dict[str, list[str]]] = [{"device": []}]
_CHANGES_PARAMS = {
    "parameters": [
        {"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": feed.MAX_PAGE}},
        {"name": "epoch", "in": "query", "schema": {"type": "string", "maxLength": 36}},
    ]
}


def _router() -> APIRouter:
    router = APIRouter()

    @router.get("/health")
    def health(request: Request) -> dict[str, Any]:
        return {"ok": True, "epoch": _hub(request).epoch, "version": __version__, "server_time": iso(utc_now())}

    @router.post("/v1/enroll", openapi_extra=_json_body(ENROLL_REQUEST_SCHEMA))
    async def enroll(request: Request) -> dict[str, Any]:
        body = await read_json(request)
        hub = _hub(request)
        enrol = service.EnrollRequest.from_json(body)

        def work() -> service.EnrollResult:
            with hub.write() as session:
                return service.enroll(session, enrol, utc_now(), hub.lookup_base)

        result = await run_in_threadpool(work)
        return {
            "device_id": result.device_id,
            "token": result.token,
            "commune": {"code": result.commune.code, "name": result.commune.name},
            "lookup_url_base": result.lookup_url_base,
            "hub_public_key": result.hub_public_key,
            "epoch": result.epoch,
            "server_time": iso(utc_now()),
        }

    @router.post(
        "/v1/push",
        openapi_extra={
            **_json_body(PUSH_REQUEST_SCHEMA),
            "security": _BEARER,
            "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 64}}],
        },
    )
    async def push_batch(request: Request, device: DeviceDep) -> dict[str, Any]:
        body = await read_json(request)
        hub = _hub(request)
        key = request.headers.get("idempotency-key")

        def work() -> dict[str, Any]:
            with hub.write() as session:
                return push.push(session, device, key, body, utc_now())

        return await run_in_threadpool(work)

    @router.get("/v1/changes", openapi_extra={**_CHANGES_PARAMS, "security": _BEARER})
    def changes(request: Request, device: DeviceDep) -> dict[str, Any]:
        params = request.query_params
        after, limit = feed.parse_cursor(params.get("after"), params.get("limit"))
        hub = _hub(request)
        now = utc_now()
        hub.seen(device.id, now)
        with hub.read() as session:
            return feed.changes(session, device, after, params.get("epoch"), limit, now)

    @router.get("/v1/snapshot", openapi_extra={"security": _BEARER})
    def snapshot(request: Request, device: DeviceDep) -> dict[str, Any]:
        hub = _hub(request)
        now = utc_now()
        hub.seen(device.id, now)
        with hub.read() as session:
            return feed.snapshot(session, device, now)

    return router


def create_app(hub: Hub, *, extra_routers: Iterable[APIRouter] = ()) -> FastAPI:
    """The ASGI app over ``hub``: the sync API, the citizen lookup pages and any ``extra_routers``."""
    app = FastAPI(
        title="district-server", version=__version__, docs_url=None, redoc_url=None, openapi_url="/openapi.json"
    )
    app.state.hub = hub
    ratelimit.install(app.state)
    app.add_middleware(SecurityHeaders)
    from district_server.papers import tus  # imports this module: the device credential (current_device)

    app.add_middleware(tus.TusHeaders)

    @app.exception_handler(HubError)
    async def hub_error(_request: Request, exc: HubError) -> JSONResponse:
        return _error(exc)

    @app.exception_handler(DBAPIError)
    async def database_failure(_request: Request, exc: DBAPIError) -> JSONResponse:
        classified = database_error(exc)  # SQLite busy, full, read-only, I/O, damaged: a 503/507 that says so
        if classified is None:
            raise exc
        return _error(classified[0])

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(HubError("bad_request", detail="invalid parameters"))

    app.include_router(_router())
    # the citizen pages (/ho-so); the statistics page (/bao-cao), behind an operator token
    from district_server import lookup, report_page

    app.include_router(lookup.router)
    app.include_router(report_page.router)
    app.include_router(tus.router)  # /v1/papers: the tus 1.0 endpoint for papers' signed copies
    for router in extra_routers:
        app.include_router(router)
    _describe_pages(app)
    return app


def _query(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "query", "schema": {"type": "string", "maxLength": 200}} for n in names]


# The HTML pages, listed in the OpenAPI with their parameters (their modules keep them out of it).
_PAGES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/ho-so"): {"parameters": _query("ma", "k", "n", "h", "s")},
    ("GET", "/tra-cuu"): {},
    ("GET", "/bao-cao"): {"parameters": _query("tu", "den", "xa"), "security": [{"operator": []}, {}]},
    ("GET", "/bao-cao.xlsx"): {"parameters": _query("tu", "den", "xa"), "security": [{"operator": []}, {}]},
    ("POST", "/bao-cao/dang-nhap"): {
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"token": {"type": "string", "maxLength": 200}}
                        | {k: {"type": "string", "maxLength": 40} for k in ("tu", "den", "xa")},
                    }
                }
            }
        }
    },
}


def _describe_pages(app: FastAPI) -> None:
    """Add the HTML pages and the security schemes to the generated OpenAPI description."""
    base_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = base_openapi()
            for (method, path), extra in _PAGES.items():
                operation = {
                    "operationId": f"{method.lower()}_{path.strip('/').replace('/', '_').replace('.', '_')}",
                    "responses": {"200": {"description": "an HTML page", "content": {"text/html": {}}}},
                    **extra,
                }
                schema["paths"].setdefault(path, {})[method.lower()] = operation
            schema.setdefault("components", {})["securitySchemes"] = {
                "device": {"type": "http", "scheme": "bearer", "description": "<device_id>.<secret> from enrolment"},
                "operator": {"type": "apiKey", "in": "cookie", "name": "bao_cao", "description": "report token"},
            }
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
