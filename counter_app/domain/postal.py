"""Postal public service (Decision 45/2016/QĐ-TTg): UPU S10 item identifiers and batch directions.

An S10 identifier is two service letters, an eight-digit serial number, a check digit and a
two-letter ISO country code: ``EA123456785VN``. The check digit weighs the serial's digits by
8 6 4 2 3 5 9 7, takes the sum modulo 11 and subtracts it from 11; a result of 10 becomes 0 and
11 becomes 5 (UPU S10 standard).
"""

from __future__ import annotations

import re
from enum import StrEnum

from counter_app.domain.errors import InvalidInput

WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_S10 = re.compile(r"([A-Z]{2})([0-9]{8})([0-9])([A-Z]{2})")


class Direction(StrEnum):
    OUT = "out"  # to the post: results to citizens, dossiers to interlinked agencies
    IN = "in"  # from the post: dossiers citizens sent by post


class ItemPurpose(StrEnum):
    RESULT = "result"  # a result returned to the applicant by post
    TRANSFER = "transfer"  # an interlinked dossier sent to an agency by post
    INTAKE = "intake"  # a dossier a citizen sent in by post


class ItemOutcome(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    UNDELIVERABLE = "undeliverable"


def check_digit(serial: str) -> int:
    """The S10 check digit of an eight-digit serial number."""
    if len(serial) != len(WEIGHTS) or not serial.isascii() or not serial.isdigit():
        raise InvalidInput("postal.tracking", value=serial)
    remainder = sum(int(d) * w for d, w in zip(serial, WEIGHTS, strict=True)) % 11
    digit = 11 - remainder
    return {10: 0, 11: 5}.get(digit, digit)


def validate_tracking(text: str) -> str:
    """Upper-cased S10 identifier, spaces removed; InvalidInput("postal.tracking") when malformed or
    when its check digit is wrong (a mistyped digit is caught before the parcel is lost)."""
    value = "".join(text.split()).upper()
    match = _S10.fullmatch(value)
    if match is None or check_digit(match[2]) != int(match[3]):
        raise InvalidInput("postal.tracking", value=text)
    return value


def make_tracking(service: str, serial: str, country: str = "VN") -> str:
    """Build a valid identifier (for tests and demo data)."""
    return f"{service.upper()}{serial}{check_digit(serial)}{country.upper()}"
