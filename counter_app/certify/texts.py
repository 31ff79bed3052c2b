"""What a certified copy says, in Vietnamese: the reasons its signatures carry and the marker of the
office's key. Light to import (no pyHanko): the services and the GUI use these words too."""

from __future__ import annotations

from counter_app.domain.text import clean

TOKEN_REASON = "Chứng thực bản sao điện tử từ bản giấy tại Bộ phận Một cửa"
OFFICE_CLAUSE = "ký bằng khóa của cơ quan (không có chữ ký số cá nhân của công chức)"
OFFICE_REASON = f"{TOKEN_REASON}, {OFFICE_CLAUSE}"
# The organisational unit of the office's self-issued certificate: marks an office-key signature
# even when a viewer shows only the certificate.
OFFICE_UNIT = "Khóa ký của cơ quan (không phải chữ ký số cá nhân)"
CERTIFIER_PREFIX = "người chứng thực: "
KINDS = ("token", "office")


def certification_reason(kind: str, certified_by: str | None = None) -> str:
    """The /Reason for a copy signed by ``kind``; ``certified_by`` names the clerk (an office-key
    signature does not otherwise say which clerk certified the copy)."""
    if kind not in KINDS:
        raise ValueError(f"unknown signer kind {kind!r}")
    reason = TOKEN_REASON if kind == "token" else OFFICE_REASON
    if certified_by:
        reason = f"{reason}; {CERTIFIER_PREFIX}{clean(certified_by, 'name')}"
    return reason
