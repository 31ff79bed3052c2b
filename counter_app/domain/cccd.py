"""The chip-based CCCD: its QR payload and the 12-digit personal ID (DOMAIN.md §6).

The QR on the back of the card reads
``id|old CMND or empty|name|dob ddmmyyyy|Nam/Nữ|address|issue date ddmmyyyy``; some readers
drop the old-ID field (6 fields) and some scanners append a trailing ``|``. Parsing is tolerant
of those shapes and strict about the values. Digit 4 of the ID encodes century and sex, digits
5-6 the birth year; a disagreement with the QR's other fields is reported, not refused, so the
clerk can look at the card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import clean, clean_optional, nfc
from counter_app.domain.values import Sex

_ID_RE = re.compile(r"[0-9]{12}")
_OLD_ID_RE = re.compile(r"[0-9]{9}")
_DATE_RE = re.compile(r"[0-9]{8}")
_WHITESPACE_RE = re.compile(r"\s+")
_LOOKS_LIKE_RE = re.compile(r"[0-9]{12}\|")
_MIN_SEPARATORS = 5
_MALE_WORDS = frozenset({"nam"})
_FEMALE_WORDS = frozenset({"nữ", "nu"})


@dataclass(frozen=True)
class IdFacts:
    """What the 12 digits of a personal ID say about its holder."""

    province_code: str
    """Digits 1-3: province of birth registration (or country code for births abroad)."""
    sex: Sex
    century: int
    """1900, 2000, 2100, 2200 or 2300."""
    birth_year: int
    """``century`` plus digits 5-6."""


class CrossCheck(StrEnum):
    """A disagreement between the ID digits and the QR's other fields."""

    SEX_MISMATCH = "sex_mismatch"
    BIRTH_YEAR_MISMATCH = "birth_year_mismatch"


@dataclass(frozen=True)
class CccdData:
    """The fields of a CCCD QR payload, validated and normalised (NFC)."""

    id_number: str
    old_id_number: str | None
    """9-digit CMND; ``None`` when the field is empty or absent."""
    full_name: str
    """NFC, single spaces, as printed (often upper case)."""
    birth_date: date
    sex: Sex
    address: str | None
    issue_date: date | None
    mismatches: tuple[CrossCheck, ...]
    """Empty when the ID digits agree with ``sex`` and the birth year."""


def validate_id_number(text: str) -> str:
    """Return the 12-digit personal ID in ``text`` with white space removed.

    Raises ``InvalidInput("id_number.invalid", value=text)`` unless exactly 12 ASCII digits remain.
    """
    digits = _WHITESPACE_RE.sub("", nfc(text))
    if not _ID_RE.fullmatch(digits):
        raise InvalidInput("id_number.invalid", value=text)
    return digits


def id_facts(id_number: str) -> IdFacts:
    """Decode province, sex, century and birth year from a personal ID (validated first)."""
    digits = validate_id_number(id_number)
    code = int(digits[3])
    century = 1900 + 100 * (code // 2)
    sex = Sex.FEMALE if code % 2 else Sex.MALE
    return IdFacts(
        province_code=digits[:3],
        sex=sex,
        century=century,
        birth_year=century + int(digits[4:6]),
    )


def cross_check(id_number: str, birth_date: date, sex: Sex) -> tuple[CrossCheck, ...]:
    """List where the ID digits disagree with ``sex`` and the year of ``birth_date``."""
    facts = id_facts(id_number)
    found: list[CrossCheck] = []
    if facts.sex is not sex:
        found.append(CrossCheck.SEX_MISMATCH)
    if facts.birth_year != birth_date.year:
        found.append(CrossCheck.BIRTH_YEAR_MISMATCH)
    return tuple(found)


def looks_like_cccd_qr(payload: str) -> bool:
    """Cheap test for the scan field: 12 digits, then ``|``, and at least 5 separators in all."""
    text = payload.strip()
    return bool(_LOOKS_LIKE_RE.match(text)) and text.count("|") >= _MIN_SEPARATORS


def parse_cccd_qr(payload: str) -> CccdData:
    """Parse a CCCD QR payload (7 fields, or 6 without the old ID; trailing ``|`` tolerated).

    Raises :class:`InvalidInput` with code ``cccd.format`` (``fields=<count>``),
    ``id_number.invalid``, ``cccd.name``, ``cccd.birth_date``, ``cccd.sex`` or
    ``cccd.issue_date``.
    """
    fields = [field.strip() for field in nfc(payload).strip().split("|")]
    id_field, old_id, name, dob, sex_field, address, issued = _shape(fields)
    id_number = validate_id_number(id_field)
    full_name = clean(name, "name")
    if not full_name:
        raise InvalidInput("cccd.name")
    birth_date = _parse_date(dob, "cccd.birth_date")
    sex = _parse_sex(sex_field)
    return CccdData(
        id_number=id_number,
        old_id_number=old_id or None,
        full_name=full_name,
        birth_date=birth_date,
        sex=sex,
        address=clean_optional(address, "address"),
        issue_date=_parse_date(issued, "cccd.issue_date") if issued else None,
        mismatches=cross_check(id_number, birth_date, sex),
    )


def _shape(fields: list[str]) -> tuple[str, str, str, str, str, str, str]:
    """Map the split payload onto the 7-field shape (old ID ``""`` when absent)."""
    count = len(fields)
    if count == 8 and not fields[7]:  # 7 fields + trailing '|'
        fields = fields[:7]
    elif count == 7 and not fields[6] and _DATE_RE.fullmatch(fields[2]):  # 6 fields + trailing '|'
        fields = fields[:6]
    if len(fields) == 6 and not _OLD_ID_RE.fullmatch(fields[1]):
        fields = [fields[0], "", *fields[1:]]
    if len(fields) != 7 or (fields[1] and not _OLD_ID_RE.fullmatch(fields[1])):
        raise InvalidInput("cccd.format", fields=count)
    id_field, old_id, name, dob, sex, address, issued = fields
    return id_field, old_id, name, dob, sex, address, issued


def _parse_date(text: str, code: str) -> date:
    """``ddmmyyyy`` (8 ASCII digits) as a real calendar date, else ``InvalidInput(code)``."""
    if not _DATE_RE.fullmatch(text):
        raise InvalidInput(code, value=text)
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise InvalidInput(code, value=text) from None


def _parse_sex(text: str) -> Sex:
    """``Nam`` or ``Nữ`` (also ``Nu``), any case."""
    word = text.casefold()
    if word in _MALE_WORDS:
        return Sex.MALE
    if word in _FEMALE_WORDS:
        return Sex.FEMALE
    raise InvalidInput("cccd.sex", value=text)
