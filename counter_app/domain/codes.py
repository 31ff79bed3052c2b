"""Dossier codes ``AGENCY13-YYMMDD-XXXX`` that stay unique across offline workstations.

Circular 01/2018/TT-VPCP (DOMAIN.md §2): a 13-character agency identifier
``V1V2V3.Z1Z2.Y1Y2.MX1X2``, the reception date ``YYMMDD`` and a 4-digit running number of that day.
A commune has one to three counter PCs that may all be offline at once, so the daily number is
**partitioned by workstation**: workstation *w* (1–9) issues ``w001`` to ``w999`` (workstation 2
issues 2001, 2002, …). Two PCs can never allot the same code, with or without a link, and the code
still has the legal shape. See docs/dossier-codes.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counter_app.domain.errors import InvalidInput

AGENCY_CODE_LENGTH = 13
MIN_WORKSTATION = 1
MAX_WORKSTATION = 9
BLOCK = 1000
_AGENCY_RE = re.compile(r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}")
_CODE_RE = re.compile(r"(?P<agency>.{13})-(?P<day>[0-9]{6})-(?P<seq>[0-9]{4})")


def validate_agency_code(text: str) -> str:
    """Upper-case and check a 13-character agency code such as ``000.12.34.H26``."""
    code = text.strip().upper()
    if not _AGENCY_RE.fullmatch(code):
        raise InvalidInput("office.agency_code", value=text)
    return code


def validate_workstation(number: int) -> int:
    if not MIN_WORKSTATION <= number <= MAX_WORKSTATION:
        raise InvalidInput("office.workstation", value=number, low=MIN_WORKSTATION, high=MAX_WORKSTATION)
    return number


def first_sequence(workstation: int) -> int:
    """The first daily number of ``workstation``'s block (``w001``)."""
    return validate_workstation(workstation) * BLOCK + 1


def next_sequence(workstation: int, last: int | None) -> int:
    """The number after ``last`` in ``workstation``'s block; ``last`` None means none issued today."""
    validate_workstation(workstation)
    if last is None:
        return first_sequence(workstation)
    if last // BLOCK != workstation or last % BLOCK == 0:
        raise InvalidInput("code.sequence_foreign", value=last, workstation=workstation)
    if last % BLOCK == BLOCK - 1:
        raise InvalidInput("code.sequence_exhausted", workstation=workstation, limit=BLOCK - 1)
    return last + 1


@dataclass(frozen=True, order=True)
class DossierCode:
    agency: str
    day: date
    sequence: int

    @property
    def workstation(self) -> int:
        return self.sequence // BLOCK

    def __str__(self) -> str:
        return f"{self.agency}-{self.day:%y%m%d}-{self.sequence:04d}"


def make_code(agency: str, day: date, workstation: int, last: int | None) -> DossierCode:
    """The next code of ``workstation`` on ``day`` after the last number it issued that day."""
    return DossierCode(validate_agency_code(agency), day, next_sequence(workstation, last))


def parse_dossier_code(text: str) -> DossierCode:
    """Parse a printed or scanned code; the inverse of ``str(code)``."""
    match = _CODE_RE.fullmatch(text.strip().upper())
    if match is None:
        raise InvalidInput("code.invalid", value=text)
    digits = match["day"]
    try:
        day = date(2000 + int(digits[:2]), int(digits[2:4]), int(digits[4:]))
    except ValueError:
        raise InvalidInput("code.invalid", value=text) from None
    try:
        agency = validate_agency_code(match["agency"])
    except InvalidInput:
        raise InvalidInput("code.invalid", value=text) from None
    sequence = int(match["seq"])
    if sequence % BLOCK == 0:
        raise InvalidInput("code.invalid", value=text)
    return DossierCode(agency, day, sequence)
