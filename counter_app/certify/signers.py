"""Who signs an electronic copy: the clerk's USB token or the office's own key (the shared interface).

    signer = token_signer(library, token_label=None, pin=pin)      # once per clerk session
    signer = office_signer(data_dir, "UBND xã Tân Lập")             # when no token is at hand
    signed = signer.sign(pdf, reason=certification_reason(signer.kind), location="UBND xã Tân Lập")

Light to import: pyHanko and PKCS#11 (about a second: pyHanko pulls in requests) load on the first
``token_signer`` or ``office_signer`` call, not when a service names ``CopySigner`` in a signature.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from counter_app.certify.errors import TokenRefused, TokenUnavailable
from counter_app.certify.texts import OFFICE_REASON, TOKEN_REASON, certification_reason

if TYPE_CHECKING:
    from counter_app.certify.office import OfficeSigner
    from counter_app.certify.token import TokenSigner

__all__ = [
    "OFFICE_REASON",
    "TOKEN_REASON",
    "CopySigner",
    "OfficeSigner",
    "TokenRefused",
    "TokenSigner",
    "TokenUnavailable",
    "certification_reason",
    "office_signer",
    "token_signer",
]


class CopySigner(Protocol):
    """Signs a copy with a PAdES B-B signature added as an incremental update."""

    kind: str  # "token" (the clerk's USB token, PKCS#11) | "office" (the office's own key)
    name: str  # who signs, as printed: the certificate's subject common name

    def sign(self, pdf: bytes, *, reason: str, location: str) -> bytes: ...


def token_signer(library: str, *, token_label: str | None, pin: str, key_label: str | None = None) -> TokenSigner:
    """Log in once to the clerk's token (see :func:`counter_app.certify.token.token_signer`)."""
    from counter_app.certify import token

    return token.token_signer(library, token_label=token_label, pin=pin, key_label=key_label)


def office_signer(directory: Path, office_name: str) -> OfficeSigner:
    """The office's signer, its key kept in ``<directory>/keys/office-signing.p12`` (see
    :func:`counter_app.certify.office.office_signer`)."""
    from counter_app.certify import office

    return office.office_signer(directory, office_name)


def __getattr__(name: str) -> Any:
    if name == "TokenSigner":
        from counter_app.certify.token import TokenSigner

        return TokenSigner
    if name == "OfficeSigner":
        from counter_app.certify.office import OfficeSigner

        return OfficeSigner
    raise AttributeError(name)
