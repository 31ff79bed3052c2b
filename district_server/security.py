"""Security headers on every answer of the hub, set in one ASGI middleware.

- ``Content-Security-Policy``: nothing loads but the pages' own inline style sheets, each allowed by its
  SHA-256 hash (:func:`inline_style` registers them; no ``'unsafe-inline'``); no script, no image, no
  frame; forms post only to the hub; ``frame-ancestors 'none'`` so no other site frames a page.
- ``X-Frame-Options: DENY`` for browsers older than ``frame-ancestors``.
- ``Referrer-Policy: no-referrer``: a lookup URL carries the dossier's secret.
- ``X-Content-Type-Options: nosniff``.

The JSON API gets the same headers: they cost nothing there and no route can be forgotten.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_STYLE_HASHES: list[str] = []


def inline_style(css: str) -> str:
    """Register the text of a page's ``<style>`` element (exactly as it is written between the tags) so
    the policy allows it by hash; returns ``css`` unchanged."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    token = f"'sha256-{digest}'"
    if token not in _STYLE_HASHES:
        _STYLE_HASHES.append(token)
    return css


def content_security_policy() -> str:
    styles = " ".join(_STYLE_HASHES) or "'none'"
    return f"default-src 'none'; style-src {styles}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"


def headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    }


class SecurityHeaders:
    """ASGI middleware: :func:`headers` on every HTTP answer (replacing any the route set itself)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers().items()]
        names = {name for name, _ in extra}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
