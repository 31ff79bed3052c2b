"""The counter's HTTP client to the hub (docs/sync-protocol.md): timeouts, gzip bodies, typed errors.

Every failure is one of five typed errors, so the caller decides by type and never by parsing text:

- :class:`Offline` — no connection, DNS failure, a timeout (connect or read). A timeout is never taken
  for success: the request may or may not have reached the hub, and the idempotency key makes the
  retry safe.
- :class:`ServerError` — the hub answered 5xx.
- :class:`Unauthorized` — 401: the credential is unknown or ``revoked`` (re-enrol).
- :class:`TooLarge` — 413: send a smaller batch.
- :class:`Refused` — any other 4xx, with the hub's error id and message.

A 2xx answer that is not the documented JSON raises :class:`~counter_app.sync.protocol.ProtocolError`.
All of them are :class:`~counter_app.domain.errors.DomainError` subclasses with a message code
(``sync.offline``, ``hub.enroll_code``, …) that ``counter_app.messages`` turns into a sentence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from counter_app.domain.errors import DomainError
from counter_app.sync.inflate import CHUNK, MAX_SYNC_DATA, InflatedTooLarge, InflateError, inflate
from counter_app.sync.protocol import (
    MAX_BATCH,
    ChangesAnswer,
    EnrollAnswer,
    EnrollRequest,
    Health,
    ProtocolError,
    PushAnswer,
    PushItem,
    decode_json,
    encode_body,
    gzip_json,
    parse_changes,
    parse_enroll_answer,
    parse_error,
    parse_health,
    parse_push_answer,
    push_envelope,
)

if TYPE_CHECKING:
    import httpx

CONNECT_TIMEOUT = 5.0  # seconds
READ_TIMEOUT = 30.0
# Error ids the hub documents, each with its own message (hub.<id>); others are "sync.refused".
KNOWN_ERRORS = frozenset({"enroll_code", "commune_mismatch", "workstation_taken"})


class HubError(DomainError):
    """Base of the client's typed errors."""


class Offline(HubError):
    """The hub could not be reached (connection refused, no route, DNS, timeout)."""


class ServerError(HubError):
    """The hub answered with a 5xx status."""

    def __init__(self, status: int) -> None:
        super().__init__("sync.server_error", status=status)
        self.status = status


class Unauthorized(HubError):
    """401: the credential is unknown (``unauthorized``) or was revoked at the hub (``revoked``)."""

    def __init__(self, error: str) -> None:
        super().__init__("sync.revoked" if error == "revoked" else "sync.unauthorized", error=error)
        self.error = error

    @property
    def revoked(self) -> bool:
        return self.error == "revoked"


class TooLarge(HubError):
    """413: the request body was larger than the hub accepts."""

    def __init__(self) -> None:
        super().__init__("sync.too_large")


class Refused(HubError):
    """Another 4xx, carrying the hub's error id (``enroll_code``, …) and its message if it gave one."""

    def __init__(self, status: int, error: str, message: str | None) -> None:
        code = f"hub.{error}" if error in KNOWN_ERRORS else "sync.refused"
        super().__init__(code, status=status, error=error, message=message or "")
        self.status = status
        self.error = error
        self.message = message


def network_cause(exc: BaseException) -> str:
    """Why the hub could not be reached, as a message code (``cause.*``) the clerk's sentence names.

    httpx's own text ("ConnectError: [Errno 111] Connection refused") is for developers, not the counter."""
    import errno
    import re
    import socket
    import ssl

    import httpx

    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(e, ssl.SSLError) for e in seen) or "SSL" in str(exc) or "certificate" in str(exc):
        return "cause.tls"
    if isinstance(exc, httpx.TimeoutException) or any(isinstance(e, TimeoutError) for e in seen):
        return "cause.timeout"
    if any(isinstance(e, socket.gaierror) for e in seen) or "Name or service not known" in str(exc):
        return "cause.dns"
    codes = {getattr(e, "errno", None) for e in seen}
    quoted = re.search(r"\[Errno (-?\d+)\]", str(exc))  # httpx keeps only the text of the OSError
    if quoted:
        codes.add(int(quoted[1]))
    if errno.ECONNREFUSED in codes or "refused" in str(exc).lower():
        return "cause.refused"
    if codes & {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}:
        return "cause.no_network"
    if isinstance(exc, httpx.ProxyError):
        return "cause.proxy"
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)):
        return "cause.dropped"
    return "cause.network"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _read_body(response: httpx.Response, what: str) -> bytes:
    """The answer's bytes, inflated here in chunks with the cap of :mod:`.inflate` (never by httpx whole):
    a hub, or anyone between, answering a gzip bomb costs at most the cap, then a ``ProtocolError``."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity", "gzip"):
        raise ProtocolError("sync.protocol", reason=f"{what}: unsupported Content-Encoding {encoding}")
    try:
        return inflate(response.iter_raw(CHUNK), MAX_SYNC_DATA, gzip=encoding == "gzip")
    except InflatedTooLarge as exc:
        raise ProtocolError(exc.code, **exc.params) from None
    except InflateError as exc:
        raise ProtocolError("sync.protocol", reason=f"{what}: {exc.params.get('reason')}") from None


class HubClient:
    """One hub, one credential (``token`` is ``None`` before enrolment).

    Use as a context manager or call :meth:`close`. ``transport`` is for callers that need their own
    httpx transport (e.g. a proxy); tests talk to the real hub over loopback.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx  # here, not at module level: it costs ~0.1 s of the desktop app's cold start

        self.base_url = base_url.rstrip("/")
        self.token = token
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        headers = {"Accept": "application/json", "Accept-Encoding": "gzip"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"

        def connect() -> httpx.Client:
            return httpx.Client(base_url=self.base_url, timeout=timeout, headers=headers, transport=transport)

        self._connect = connect
        self._owns_transport = transport is None
        self._http = connect()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------------ requests

    def _request(
        self,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        import httpx  # already loaded by __init__

        try:
            with self._http.stream(method, path, content=content, headers=headers, params=params) as response:
                status = response.status_code
                body = b"" if status >= 500 else _read_body(response, f"{method} {path}")
        except httpx.TransportError as exc:  # connect/read/write/pool timeouts, refused, reset, DNS
            raise Offline("sync.offline", cause=network_cause(exc)) from exc
        if status >= 500:
            # A server that failed may drop the connection just after its answer (uvicorn does after an
            # unhandled error): the next request, e.g. a bisected half, starts on a fresh connection
            # instead of failing on the dead one. (A given transport is the caller's: it is kept.)
            if self._owns_transport:
                self._http.close()
                self._http = self._connect()
            raise ServerError(status)
        if status >= 400:
            try:
                error, message = parse_error(json.loads(body))
            except ValueError:
                error, message = "error", None
            if status == 401:
                raise Unauthorized(error if error in ("revoked", "unauthorized") else "unauthorized")
            if status == 413:
                raise TooLarge()
            raise Refused(status, error, message)
        return decode_json(body, f"{method} {path}")

    def exchange(
        self,
        method: str,
        path: str,
        *,
        content: bytes | Iterable[bytes] | None = None,
        headers: dict[str, str] | None = None,
        keep: frozenset[int] = frozenset(),
    ) -> tuple[int, httpx.Headers, bytes]:
        """One request whose answer the caller reads itself (status, headers, capped body): the tus
        client (:mod:`.tus`) needs the headers. Transport failures raise :class:`Offline`, 5xx
        :class:`ServerError` and 401 :class:`Unauthorized` as for every request; other statuses, and the
        5xx ones in ``keep`` (507 for a full quota), are returned. ``content`` may be an iterable of
        pieces (a throttled body): then the caller sets ``Content-Length``."""
        import httpx  # already loaded by __init__

        try:
            with self._http.stream(method, path, content=content, headers=headers) as response:
                status = response.status_code
                body = b"" if status >= 500 and status not in keep else _read_body(response, f"{method} {path}")
                answer_headers = response.headers
        except httpx.TransportError as exc:
            raise Offline("sync.offline", cause=network_cause(exc)) from exc
        if status >= 500 and status not in keep:
            if self._owns_transport:
                self._http.close()
                self._http = self._connect()
            raise ServerError(status)
        if status == 401:
            try:
                error, _ = parse_error(json.loads(body))
            except ValueError:
                error = "unauthorized"
            raise Unauthorized(error if error in ("revoked", "unauthorized") else "unauthorized")
        return status, answer_headers, body

    def enroll(self, request: EnrollRequest) -> EnrollAnswer:
        """``POST /v1/enroll`` with a one-time code (no credential needed)."""
        body, headers = encode_body(request.to_json())
        return parse_enroll_answer(self._request("POST", "/v1/enroll", content=body, headers=headers))

    def push(self, items: Sequence[PushItem], batch_id: str, *, device_time: datetime | None = None) -> PushAnswer:
        """``POST /v1/push``: one gzip batch (≤ 500 items) under ``batch_id`` as its idempotency key.

        The answer is checked to hold one result per item, in order.
        """
        if len(items) > MAX_BATCH:
            raise ValueError(f"a push batch holds at most {MAX_BATCH} items")
        envelope = push_envelope(items, batch_id, device_time or _utc_now())
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip", "Idempotency-Key": batch_id}
        data = self._request("POST", "/v1/push", content=gzip_json(envelope), headers=headers)
        return parse_push_answer(data, [i.uid for i in items])

    def changes(self, after: int, epoch: str, limit: int = MAX_BATCH) -> ChangesAnswer:
        """``GET /v1/changes``: the changes after the cursor ``after`` (or ``reset``)."""
        params = {"after": after, "epoch": epoch, "limit": limit}
        return parse_changes(self._request("GET", "/v1/changes", params=params))

    def snapshot(self) -> ChangesAnswer:
        """``GET /v1/snapshot``: every current reference item and the latest state of the commune's dossiers."""
        return parse_changes(self._request("GET", "/v1/snapshot"), "snapshot")

    def health(self) -> Health:
        """``GET /health`` (no credential needed)."""
        return parse_health(self._request("GET", "/health"))
