"""The token's refusals, light to import (no PKCS#11): callers catch them around a log-in."""

from __future__ import annotations

from counter_app.domain.errors import Refusal, Unavailable


class TokenRefused(Refusal):
    """The token refused the clerk: a wrong or locked PIN, an expired certificate."""


class TokenUnavailable(Unavailable):
    """No usable token: the library, the token, its key or certificate is missing, or it was pulled out."""
