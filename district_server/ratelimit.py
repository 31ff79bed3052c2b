"""Per-client rate limits for the public pages: a token bucket per client address, in process.

The citizen lookup ``/ho-so`` and the operator login ``/bao-cao/dang-nhap`` are where codes, secrets and
tokens could be guessed; each client address gets a bucket of ``capacity`` requests refilled at ``rate``
per second, and a request with no token left gets 429 with a Vietnamese page and ``Retry-After``.

Why in process and not a library (slowapi/limits): the hub is one process (``district-server serve``),
so a dictionary under a lock is the whole store; the bucket is twenty lines with a clock the tests can
set, and it adds no dependency. At most ``max_clients`` buckets are kept (least recently used dropped),
so a flood of addresses cannot grow memory. The client address is the one uvicorn reports: behind a
reverse proxy on the same machine uvicorn takes it from ``X-Forwarded-For`` (its ``--proxy-headers``
default, trusted from 127.0.0.1), so citizens behind the proxy do not share one bucket.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from fastapi import Request
from fastapi.responses import HTMLResponse


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """``capacity`` requests at once, then ``rate`` per second, per key."""

    def __init__(
        self,
        capacity: int,
        rate: float,
        *,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self.rate = rate
        self.max_clients = max_clients
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> float | None:
        """Take one token for ``key``: None when allowed, else the seconds until one is available."""
        now = self.clock()
        with self._lock:
            bucket = self._buckets.pop(key, None)
            if bucket is None:
                bucket = _Bucket(float(self.capacity), now)
            else:
                bucket.tokens = min(float(self.capacity), bucket.tokens + (now - bucket.at) * self.rate)
                bucket.at = now
            self._buckets[key] = bucket  # most recently used last
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return None
            return (1.0 - bucket.tokens) / self.rate


# The lookup: a family checking several receipts, or a commune office's shared connection, stays far below;
# guessing secrets gets one try a second. The login: a few typing mistakes, then one try every 12 s.
LOOKUP = (60, 1.0)
LOGIN = (5, 1 / 12)


def install(state: object) -> None:
    """Fresh limiters on an app's ``state`` (one set per app, so each test's hub starts full)."""
    state.rate_limits = {"lookup": RateLimiter(*LOOKUP), "login": RateLimiter(*LOGIN)}  # type: ignore[attr-defined]


def client_key(host: str) -> str:
    """The bucket of a client address: the address itself for IPv4, its /64 for IPv6 (one subscriber
    holds a whole /64 and could otherwise take a fresh address for every guess)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address.ipv4_mapped or address) if address.version == 6 else str(address)


def _client(request: Request) -> str:
    return client_key(request.client.host) if request.client is not None else "-"


def too_many_page(seconds: int) -> str:
    text = f"Ông/Bà đã gửi quá nhiều yêu cầu trong thời gian ngắn. Xin thử lại sau {seconds} giây."
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n<title>Quá nhiều yêu cầu</title>\n</head>\n<body>\n'
        f'<main><h1>Quá nhiều yêu cầu</h1><p data-field="too-many">{escape(text)}</p></main>\n'
        "</body>\n</html>\n"
    )


def refused(request: Request, kind: str) -> HTMLResponse | None:
    """None when the client may go on; else the 429 answer to send (Vietnamese page, ``Retry-After``)."""
    limiter: RateLimiter = request.app.state.rate_limits[kind]
    wait = limiter.take(_client(request))
    if wait is None:
        return None
    seconds = max(1, math.ceil(wait))
    return HTMLResponse(
        too_many_page(seconds),
        status_code=429,
        headers={"Retry-After": str(seconds), "Cache-Control": "no-store"},
    )
