"""Who signs an electronic copy: the clerk's USB token or the office's own key (the shared interface).

signer = token_signer(library, token_label=None, pin=pin)      # once per clerk session
signer = office_signer(data_dir, "UBND xã Tân Lập")             # when no token is at hand
signed = signer.sign(pdf, reason=certification_reason(signer.kind), location="UBND xã Tân Lập")
"""

from __future__ import annotations

from typing import Protocol

from counter_app.certify.office import OfficeSigner, office_signer
from counter_app.certify.pades import OFFICE_REASON, TOKEN_REASON, certification_reason
from counter_app.certify.token import TokenRefused, TokenSigner, TokenUnavailable, token_signer

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
